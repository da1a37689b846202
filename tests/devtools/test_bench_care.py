"""The benchmark's "care" section on a small journal: its rows measure what they name."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from rjournal.devtools import bench_care
from rjournal.devtools.benchmark import Journals, Options
from tests.conftest import TODAY


def test_the_care_section_times_rj_today_and_ingests_the_mail_once(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from rjournal.demo import build_demo

    path = tmp_path / "demo-60.db"
    build_demo(path, people=60, today=TODAY, seed=7)
    built = path.read_bytes()
    monkeypatch.setattr(bench_care, "MAIL_MESSAGES", 300)
    monkeypatch.setattr(bench_care, "QUICK_ADD_SIZE", 60)
    journals = Journals(tmp_path, TODAY, paths={60: path})
    lines, goals = bench_care.care_section(journals, Options(runs=1))
    assert any(line.startswith("| `rj today` | 60 |") for line in lines)
    mail = next(line for line in lines if line.startswith("`rj ingest mail` of a 300-message"))
    logged = re.search(r"([\d,]+) interactions logged", mail)
    assert logged is not None and int(logged[1].replace(",", "")) > 0, mail
    assert mail.endswith(" 0 logged."), mail  # the second run logs nothing new
    assert [g.passed for g in goals[:2]] == [None, None]  # no 10,000 or 100,000 here
    quick = next(line for line in lines if line.startswith("Quick-add at 60 people"))
    assert "with --db" in quick and "named by the configuration file" in quick
    assert goals[2].what.endswith("journal from the configuration") and goals[2].passed is not None
    assert "300 messages into 60 people: time" in goals[3].what
    assert goals[4].limit == "<= 200 MiB" and goals[4].passed is not None
    assert path.read_bytes() == built  # rj today only reads; log and mail went into copies
    left = sorted(p.name for p in tmp_path.iterdir())
    assert left in (["demo-60.db"], [".demo-60.db.checked", "demo-60.db"])  # no copy left
