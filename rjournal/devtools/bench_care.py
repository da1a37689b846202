"""Benchmark section "care": `rj today` against the floor, what a configuration file naming
the journal adds to quick-add, and `rj ingest mail` of 50,000 messages (whole process:
seconds and peak memory).

`rj today` runs interleaved with the floor on every journal of the run, quick-add on the
10,000-people one. The mail row writes a
Maildir with rjournal.ingest.benchmark's generator (an INBOX and a .Sent folder, threads,
long headers, attachments) and ingests it into a copy of the largest journal whose first
people are given the addresses the generator writes to, your own address from
$RJOURNAL_MY_EMAILS, as a user would have it configured.
"""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
import statistics
import sys
from pathlib import Path

from rjournal.devtools.benchmark import (
    FLOOR,
    HERO,
    Goal,
    Journals,
    Options,
    bench_env,
    rj_command,
    run_once,
)
from rjournal.devtools.measure import run_measured
from rjournal.store.checks import mark_path
from rjournal.store.config import CONFIG_ENV

TODAY_ROW = "rj today"
MAIL_MESSAGES = 50_000
QUICK_ADD_SIZE = 10_000


def care_section(journals: Journals, options: Options) -> tuple[list[str], list[Goal]]:
    lines = [
        f"## Care that reaches you (whole process, median of {options.runs} runs; ratio to the "
        f"floor, {FLOOR}, measured interleaved)",
        "",
        "| command | people | median ms | × floor |",
        "|---|---:|---:|---:|",
    ]
    rj = rj_command()
    env = bench_env(journals.today)
    ratios: dict[int, float] = {}
    for size, path in journals.paths.items():
        floor_argv = [sys.executable, "-c", "import sqlite3"]
        today_argv = [*rj, "--db", str(path), "today"]
        run_once(floor_argv, env)
        run_once(today_argv, env)  # warm the page cache and bytecode once
        floors: list[float] = []
        todays: list[float] = []
        for _ in range(options.runs):
            floors.append(run_once(floor_argv, env))
            todays.append(run_once(today_argv, env))
        floor, today = statistics.median(floors), statistics.median(todays)
        ratios[size] = today / floor
        lines.append(f"| `{TODAY_ROW}` | {size:,} | {today * 1000:.0f} | {today / floor:.1f} |")
    lines.append("")

    def ratio_goal(size: int, limit: float) -> Goal:
        what = f"`rj today` at {size:,} people"
        if size not in ratios:
            return Goal(what, f"<= {limit}x floor", "not measured", None)
        return Goal(what, f"<= {limit}x floor", f"{ratios[size]:.2f}x", ratios[size] <= limit)

    goals = [ratio_goal(10_000, 3.0), ratio_goal(100_000, 6.0)]
    if QUICK_ADD_SIZE in journals.paths:
        add_lines, add_goal = _quick_add(journals, options)
        lines += add_lines
        goals.append(add_goal)
    if journals.paths:
        mail_lines, mail_goals = _mail(journals, max(journals.paths))
        lines += mail_lines
        goals += mail_goals
    return lines, goals


def _quick_add(journals: Journals, options: Options) -> tuple[list[str], Goal]:
    """Quick-add with the journal named by --db, and by the configuration file (no --db, no
    $RJOURNAL_DB): what reading the file adds to `rj log`."""
    path = journals.paths[QUICK_ADD_SIZE]
    copy = path.with_name(f"{path.stem}-config-log.db")
    shutil.copyfile(path, copy)
    os.chmod(copy, 0o600)
    config = journals.directory / "config.toml"
    config.write_text(f"journal = {json.dumps(str(copy))}\nlookahead_days = 14\n")
    env = bench_env(journals.today)
    env.pop(CONFIG_ENV, None)
    configured = {**env, CONFIG_ENV: str(config)}
    log = ["log", HERO, "Coffee; asked about Leo's school", "--via", "coffee"]
    floor_argv = [sys.executable, "-c", "import sqlite3"]
    by_db = [*rj_command(), "--db", str(copy), *log]
    by_config = [*rj_command(), *log]
    samples: dict[str, list[float]] = {"floor": [], "db": [], "config": []}
    run_once(by_db, env)
    run_once(by_config, configured)
    for _ in range(options.runs):
        samples["floor"].append(run_once(floor_argv, env))
        samples["db"].append(run_once(by_db, env))
        samples["config"].append(run_once(by_config, configured))
    _remove(copy)
    config.unlink()
    floor, db, configured_ms = (statistics.median(samples[k]) for k in ("floor", "db", "config"))
    ratio = configured_ms / floor
    lines = [
        f"Quick-add at {QUICK_ADD_SIZE:,} people (`rj log PERSON TEXT`, median of {options.runs} "
        f"runs, interleaved): {db * 1000:.0f} ms with --db, {configured_ms * 1000:.0f} ms with "
        f"the journal named by the configuration file ({(configured_ms - db) * 1000:+.0f} ms; "
        f"{ratio:.2f}x the floor).",
        "",
    ]
    what = f"quick-add `rj log` at {QUICK_ADD_SIZE:,} people, journal from the configuration"
    return lines, Goal(what, "<= 4.0x floor", f"{ratio:.2f}x", ratio <= 4.0)


def _mail(journals: Journals, size: int) -> tuple[list[str], list[Goal]]:
    from rjournal.ingest.benchmark import KNOWN_PEOPLE, ME, write_maildir

    root = journals.directory / "Maildir"
    write_maildir(root, MAIL_MESSAGES)
    copy = journals.directory / f"demo-{size}-mail.db"
    shutil.copyfile(journals.paths[size], copy)
    os.chmod(copy, 0o600)
    conn = sqlite3.connect(copy)
    with conn:  # the generator writes to person0@example.com ... as people the journal knows
        ids = [row[0] for row in conn.execute("SELECT id FROM people ORDER BY id LIMIT ?",
                                              (KNOWN_PEOPLE,))]  # fmt: skip
        conn.executemany(
            "UPDATE people SET emails = ? WHERE id = ?",
            [(f"person{n}@example.com", pid) for n, pid in enumerate(ids)],
        )
    conn.close()
    env = {**bench_env(journals.today), "RJOURNAL_MY_EMAILS": ME}
    argv = [*rj_command(), "--db", str(copy), "ingest", "mail", str(root)]
    before = _entries(copy)
    first = run_measured(argv, env)
    seconds, peak_mib = first.seconds, first.peak_mib
    logged = _entries(copy) - before
    again = run_measured(argv, env).seconds
    logged_again = _entries(copy) - before - logged
    _remove(copy)
    shutil.rmtree(root, ignore_errors=True)
    what = f"`rj ingest mail` of {MAIL_MESSAGES:,} messages into {size:,} people"
    lines = [
        f"`rj ingest mail` of a {MAIL_MESSAGES:,}-message Maildir (rjournal.ingest.benchmark's "
        f"generator) into {size:,} people, whole process, one run: {seconds:.1f} s, peak "
        f"{peak_mib:.0f} MiB, {logged:,} interactions logged; the second run: {again:.1f} s, "
        f"{logged_again:,} logged.",
        "",
    ]
    goals = [
        Goal(f"{what}: time", "<= 30 s", f"{seconds:.1f} s", seconds <= 30.0),
        Goal(f"{what}: memory", "<= 200 MiB", f"{peak_mib:.0f} MiB", peak_mib <= 200.0),
    ]
    return lines, goals


def _entries(path: Path) -> int:
    conn = sqlite3.connect(path)
    try:
        return int(conn.execute("SELECT count(*) FROM entries").fetchone()[0])
    finally:
        conn.close()


def _remove(copy: Path) -> None:
    """A journal copy gone with the check mark rjournal kept beside it."""
    copy.unlink()
    mark_path(copy).unlink(missing_ok=True)
