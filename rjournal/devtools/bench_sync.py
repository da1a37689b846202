"""The benchmark's sync section: `rj sync` over 5,000 people and 30,000 entries.

    python -m rjournal.devtools.benchmark --sections sync

Builds a demo journal of 5,000 people (`rj demo`), keeps its first 30,000 entries, sets up
two empty vdirs, and times whole `rj sync` processes as users run them, with the peak
memory of each (its own maximum resident set: devtools.measure): the first sync (every
person and item written out), a sync with nothing to do (the median of --runs, at least 3),
and a second computer's first sync (an empty journal taking everything from those
folders). Each figure is checked for what it claims: the idle syncs leave every file as it
was, and the second journal ends with every person and entry. The goals are issue 10's: a
sync with nothing to do in at most 2 s, the first sync in at most 30 s, at most 150 MiB.
The section ignores --sizes: the goals name their own journal.
"""

from __future__ import annotations

import os
import sqlite3
import statistics
from dataclasses import dataclass
from pathlib import Path

from rjournal.devtools.benchmark import Goal, Journals, Options, bench_env, rj_command, run_once
from rjournal.devtools.measure import run_measured

PEOPLE = 5_000
ENTRIES = 30_000
MIB = 1024 * 1024


@dataclass(frozen=True)
class SyncFigures:
    people: int
    entries: int
    files: int  # in the two vdirs after the first sync
    first: tuple[float, float]  # (seconds, peak MiB)
    idle: tuple[float, float]  # the median seconds, the highest peak
    idle_runs: int
    joined: tuple[float, float]


def counts(path: Path) -> tuple[int, int]:
    """(people, entries) that sync in the journal at path: people in the trash and entries
    of theirs alone stay out of the vdirs."""
    with sqlite3.connect(path) as conn:
        people = conn.execute("SELECT count(*) FROM people WHERE deleted_at IS NULL").fetchone()[0]
        entries = conn.execute(
            "SELECT count(*) FROM entries e WHERE EXISTS (SELECT 1 FROM entry_people ep JOIN "
            "people p ON p.id = ep.person_id WHERE ep.entry_id = e.id AND p.deleted_at IS NULL)"
        ).fetchone()[0]
    conn.close()
    return int(people), int(entries)


def build(path: Path, env: dict[str, str], *, people: int, entries: int) -> tuple[int, int]:
    """A demo journal of `people` people and its first `entries` entries; what of it syncs."""
    run_once([*rj_command(), "--db", str(path), "demo", "--people", str(people), "--no-open"],
             env)  # fmt: skip
    # The demo writes more entries than that: the rest go, and everyone's last contact is
    # derived again from what is left.
    from rjournal.store.derived import refresh_everyone
    from rjournal.store.journal import Journal

    with Journal.open(path, create=False) as journal, journal.write() as conn:
        conn.execute("DELETE FROM entries WHERE id > (SELECT id FROM entries ORDER BY id "
                     "LIMIT 1 OFFSET ?)", (entries - 1,))  # fmt: skip
        refresh_everyone(conn)
    return counts(path)


def snapshot(*folders: Path) -> dict[str, tuple[int, int]]:
    """Every file of the folders by name, with its size and mtime in ns."""
    seen: dict[str, tuple[int, int]] = {}
    for folder in folders:
        with os.scandir(folder) as found:
            for item in found:
                info = item.stat()
                seen[os.path.join(folder, item.name)] = (info.st_size, info.st_mtime_ns)
    return seen


def measure(
    directory: Path, env: dict[str, str], *, people: int, entries: int, runs: int
) -> SyncFigures:
    """Build the journal in directory and time its syncs (see the module)."""
    rj = rj_command()
    path = directory / f"sync-{people}.db"
    people, entries = build(path, env, people=people, entries=entries)
    contacts, calendar = directory / "contacts", directory / "calendar"
    run_once([*rj, "--db", str(path), "sync", "--setup", "--contacts", str(contacts),
              "--calendar", str(calendar)], env)  # fmt: skip
    first = timed([*rj, "--db", str(path), "sync"], env)
    before = snapshot(contacts, calendar)
    idle = [timed([*rj, "--db", str(path), "sync"], env) for _ in range(max(runs, 3))]
    if snapshot(contacts, calendar) != before:
        raise SystemExit("benchmark: a sync with nothing to do changed files in the vdirs")
    # A second computer: an empty journal over the same folders.
    second = directory / "second.db"
    run_once([*rj, "--db", str(second), "add", "Someone New"], env)
    run_once([*rj, "--db", str(second), "sync", "--setup", "--contacts", str(contacts),
              "--calendar", str(calendar)], env)  # fmt: skip
    joined = timed([*rj, "--db", str(second), "sync"], env)
    if counts(second) != (people + 1, entries):
        raise SystemExit(
            f"benchmark: the second computer holds {counts(second)} (people, entries) after "
            f"its first sync, not {(people + 1, entries)}"
        )
    return SyncFigures(
        people=people,
        entries=entries,
        files=len(before),
        first=first,
        idle=(statistics.median(t for t, _ in idle), max(m for _, m in idle)),
        idle_runs=len(idle),
        joined=joined,
    )


def sync_section(journals: Journals, options: Options) -> tuple[list[str], list[Goal]]:
    """`rj sync` over 5,000 people and 30,000 entries (see the module)."""
    directory = journals.directory / "sync"
    directory.mkdir(exist_ok=True)
    env = bench_env(journals.today)
    got = measure(directory, env, people=PEOPLE, entries=ENTRIES, runs=options.runs)
    (first, first_mib), (idle, idle_mib), (joined, joined_mib) = got.first, got.idle, got.joined
    lines = [
        "## Sync",
        "",
        f"`rj sync` over a demo journal of {got.people:,} people and {got.entries:,} entries "
        f"outside the trash, {got.files:,} files in the two vdirs once synced; whole "
        "processes, each one's own peak memory (devtools.measure). "
        "`python -m rjournal.devtools.benchmark --sections sync`.",
        "",
        "| sync | seconds | peak MiB |",
        "|---|---:|---:|",
        f"| first sync: the journal into empty vdirs | {first:.2f} | {first_mib:.0f} |",
        f"| nothing to do (median of {got.idle_runs}) | {idle:.2f} | {idle_mib:.0f} |",
        f"| a second computer's first sync: the vdirs into an empty journal | {joined:.2f} | "
        f"{joined_mib:.0f} |",
        "",
    ]
    peak = max(first_mib, idle_mib, joined_mib)
    goals = [
        Goal("a sync with nothing to do, 5,000 people and 30,000 entries", "<= 2 s",
             f"{idle:.2f} s", idle <= 2.0),
        Goal("the first sync of 5,000 people and 30,000 entries", "<= 30 s", f"{first:.1f} s",
             first <= 30.0),
        Goal("a second computer's first sync of the same", "<= 30 s", f"{joined:.1f} s",
             joined <= 30.0),
        Goal("sync's peak memory", "<= 150 MiB", f"{peak:.0f} MiB", peak <= 150),
    ]  # fmt: skip
    return lines, goals


def timed(argv: list[str], env: dict[str, str]) -> tuple[float, float]:
    """Seconds and the peak memory (MiB) of one process (devtools.measure)."""
    measured = run_measured(argv, env)
    return measured.seconds, measured.peak_mib
