"""Benchmark section "flat": the commands whose cost should be set by what they show, not by
the journal's size (issue 14).

Per journal: `rj list` and `rj list --json` against `sqlite-utils` printing the same rows as
CSV from the same file (with their peak memory), `rj review` for the current and a past
month, `rj search` of a common word, and one person's own history: `rj show`, `rj next
--limit 0` (everyone who needs you, so they are listed) and `rj log` on two copies of the
journal that differ only in that person having 20,000 interactions or 30. All whole
processes, medians, interleaved with the floor.
"""

from __future__ import annotations

import os
import random
import shutil
import statistics
import sys
from datetime import date, timedelta
from pathlib import Path

from rjournal.devtools.benchmark import (
    FLOOR,
    HERO,
    Goal,
    Journals,
    Options,
    bench_env,
    rj_command,
)
from rjournal.devtools.measure import run_measured

COMMON_WORD = "garden"  # in about one profile in a hundred and many entries
LONG, SHORT = 20_000, 30  # a person's interactions in the two history copies
MIB = 1024 * 1024
# sqlite-utils printing what `rj list` shows, as CSV.
LIST_SQL = (
    "SELECT p.id, p.name, p.nickname, p.company, p.last_contact, p.archived, "
    "(SELECT group_concat(tag, ' ') FROM tags t WHERE t.person_id = p.id) AS tags "
    "FROM people p WHERE p.deleted_at IS NULL AND p.archived = 0 ORDER BY p.sort_key, p.id"
)


def history_copy(path: Path, interactions: int, today: date) -> tuple[Path, int]:
    """A copy of the journal where HERO has this many interactions (and a daily rhythm, so
    they are due), each on a day of the last eight years but the last two months."""
    from rjournal.store.derived import refresh_contact
    from rjournal.store.journal import Journal

    copy = path.with_name(f"{path.stem}-history-{interactions}.db")
    shutil.copyfile(path, copy)
    os.chmod(copy, 0o600)
    rng = random.Random(14)
    with Journal.open(copy) as journal:
        person_id = journal.resolve(HERO).id
        with journal.write() as conn:
            conn.execute("DELETE FROM entry_people WHERE person_id = ?", (person_id,))
            for i in range(interactions):
                on = today - timedelta(days=60 + rng.randrange(0, 2900))
                cursor = conn.execute(
                    "INSERT INTO entries (kind, on_date, channel, from_them, text, created_at) "
                    "VALUES ('interaction', ?, 'call', ?, ?, ?)",
                    (on.isoformat(), rng.random() < 0.5, f"talk {i}", f"{today}T09:00:00"),
                )
                conn.execute(
                    "INSERT INTO entry_people (entry_id, person_id) VALUES (?, ?)",
                    (cursor.lastrowid, person_id),
                )
            conn.execute(
                "UPDATE people SET rhythm = '1d', snoozed_until = NULL, archived = 0 WHERE id = ?",
                (person_id,),
            )
            refresh_contact(conn, [person_id])
    return copy, person_id


def flat_section(journals: Journals, options: Options) -> tuple[list[str], list[Goal]]:
    runs = options.runs
    rj = rj_command()
    env = bench_env(journals.today)
    utils = [str(Path(sys.executable).with_name("sqlite-utils"))]
    past = journals.today.replace(day=1) - timedelta(days=160)
    lines = [
        f"## Flat as it grows (whole process, median of {runs} runs; peak resident memory)",
        "",
        "| command | people | median ms | × floor | peak MiB |",
        "|---|---:|---:|---:|---:|",
    ]
    med: dict[tuple[str, int], float] = {}
    peak: dict[tuple[str, int], int] = {}
    floors: dict[int, float] = {}
    for size, path in journals.paths.items():
        long_copy, pid = history_copy(path, LONG, journals.today)
        short_copy, _ = history_copy(path, SHORT, journals.today)
        log_long = long_copy.with_name(long_copy.stem + "-log.db")
        log_short = short_copy.with_name(short_copy.stem + "-log.db")
        shutil.copyfile(long_copy, log_long)
        shutil.copyfile(short_copy, log_short)
        db = ["--db", str(path)]
        every: dict[str, list[str]] = {
            FLOOR: [sys.executable, "-c", "import sqlite3"],
            "rj list": [*rj, *db, "list"],
            "rj list --json": [*rj, *db, "list", "--json"],
            "sqlite-utils (list rows as CSV)": [*utils, str(path), LIST_SQL, "--csv"],
            "rj review": [*rj, *db, "review"],
            f"rj review --month {past:%Y-%m}": [*rj, *db, "review", "--month", f"{past:%Y-%m}"],
            f"rj search {COMMON_WORD}": [*rj, *db, "search", COMMON_WORD],
        }
        for n, copy, logged in ((LONG, long_copy, log_long), (SHORT, short_copy, log_short)):
            every[f"rj show (person with {n:,})"] = [*rj, "--db", str(copy), "show", str(pid)]
            every[f"rj next --limit 0 (person with {n:,})"] = [
                *rj, "--db", str(copy), "next", "--limit", "0"]  # fmt: skip
            every[f"rj log (person with {n:,})"] = [
                *rj, "--db", str(logged), "log", str(pid), "hello"]  # fmt: skip
        times: dict[str, list[float]] = {name: [] for name in every}
        peaks: dict[str, int] = dict.fromkeys(every, 0)
        for argv in every.values():
            run_measured(argv, env)  # warm the page cache and bytecode once
        for _ in range(runs):
            for name, argv in every.items():
                measured = run_measured(argv, env)
                seconds, rss = measured.seconds, int(measured.peak_mib * 1024 * 1024)
                times[name].append(seconds)
                peaks[name] = max(peaks[name], rss)
        floors[size] = statistics.median(times[FLOOR])
        for name, samples in times.items():
            med[(name, size)] = statistics.median(samples)
            peak[(name, size)] = peaks[name]
            lines.append(
                f"| `{name}` | {size:,} | {med[(name, size)] * 1000:.0f} | "
                f"{med[(name, size)] / floors[size]:.1f} | {peaks[name] / MIB:.1f} |"
            )
        for copy in (long_copy, short_copy, log_long, log_short):
            copy.unlink()
    lines.append("")

    def goal(what: str, measured: float | None, limit: float, unit: str) -> Goal:
        if measured is None:
            return Goal(what, f"<= {limit:g}{unit}", "not measured", None)
        return Goal(what, f"<= {limit:g}{unit}", f"{measured:.2f}{unit}", measured <= limit)

    def ratio(a: str, b: str, size: int) -> float | None:
        if (a, size) not in med or (b, size) not in med:
            return None
        return med[(a, size)] / med[(b, size)]

    def mib(name: str, size: int) -> float | None:
        return peak[(name, size)] / MIB if (name, size) in peak else None

    utils_csv = "sqlite-utils (list rows as CSV)"
    review_floor = ratio("rj review", FLOOR, 100_000)
    past_name = f"rj review --month {past:%Y-%m}"
    goals = [
        goal("`rj list` at 100,000, × sqlite-utils", ratio("rj list", utils_csv, 100_000), 1.0,
             "x"),
        goal("`rj list --json` at 100,000, × sqlite-utils",
             ratio("rj list --json", utils_csv, 100_000), 1.0, "x"),
        goal("`rj list` peak at 100,000", mib("rj list", 100_000), 30, " MiB"),
        goal("`rj list --json` peak at 100,000", mib("rj list --json", 100_000), 30, " MiB"),
        goal("`rj review` (this month) at 100,000, × floor", review_floor, 6.0, "x"),
        goal("`rj review` (a past month) at 100,000", med.get((past_name, 100_000)), 0.5, " s"),
        goal(f"`rj search {COMMON_WORD}` at 100,000",
             med.get((f"rj search {COMMON_WORD}", 100_000)), 0.1, " s"),
    ]  # fmt: skip
    for what in ("rj show", "rj next --limit 0", "rj log"):
        long_name, short_name = f"{what} (person with {LONG:,})", f"{what} (person with {SHORT:,})"
        goal_what = f"`{what}`, {LONG:,} vs {SHORT} interactions, at 10,000"
        goals.append(goal(goal_what, ratio(long_name, short_name, 10_000), 1.2, "x"))
    return lines, goals
