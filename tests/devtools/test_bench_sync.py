"""The benchmark's sync section, run small: every sync it times runs and does what it says."""

from __future__ import annotations

import sqlite3
from datetime import date
from pathlib import Path

import pytest

from rjournal.devtools.bench_sync import measure, snapshot
from rjournal.devtools.benchmark import bench_env


def test_a_small_run_times_every_sync_and_checks_it(tmp_path: Path) -> None:
    got = measure(tmp_path, bench_env(date(2026, 12, 6)), people=12, entries=40, runs=1)
    assert got.people == 11  # the demo puts one of 12 in the trash: it is not synced
    with sqlite3.connect(tmp_path / "sync-12.db") as conn:
        kept = conn.execute("SELECT count(*) FROM entries").fetchone()[0]
    conn.close()
    assert kept == 40  # the demo wrote more; the rest went
    assert 0 < got.entries <= kept  # those of people in the trash alone do not sync
    # One card per person, at least one calendar item per entry.
    assert got.files >= got.people + got.entries
    # ... and the second computer's one new person went out to them.
    assert len(snapshot(tmp_path / "contacts", tmp_path / "calendar")) == got.files + 1
    assert got.idle_runs == 3
    for seconds, mib in (got.first, got.idle, got.joined):
        assert seconds > 0
        assert 10 < mib < 1024
    with sqlite3.connect(tmp_path / "second.db") as conn:
        names = {row[0] for row in conn.execute("SELECT name FROM people")}
        entries = conn.execute("SELECT count(*) FROM entries").fetchone()[0]
    conn.close()
    assert "Someone New" in names
    assert len(names) == got.people + 1
    assert entries == got.entries


def test_a_sync_that_writes_when_it_should_not_stops_the_benchmark(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import rjournal.devtools.bench_sync as bench

    calls: list[int] = []

    def changing(*folders: Path) -> dict[str, tuple[int, int]]:
        calls.append(1)
        return {"a file": (len(calls), 0)}

    monkeypatch.setattr(bench, "snapshot", changing)
    with pytest.raises(SystemExit, match="nothing to do changed files"):
        measure(tmp_path, bench_env(date(2026, 12, 6)), people=3, entries=5, runs=1)
