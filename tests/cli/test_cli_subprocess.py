"""The real `rj`, in its own process: environment, files and pipes as users meet them."""

from __future__ import annotations

import hashlib
import json
import os
import sqlite3
import subprocess
import sys
from contextlib import closing
from pathlib import Path

import pytest

import rjournal

SCRIPT = Path(sys.executable).with_name("rj")
COMMAND = [str(SCRIPT)] if SCRIPT.exists() else [sys.executable, "-m", "rjournal"]


def run(
    tmp_path: Path, *args: str, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    base = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "HOME": str(tmp_path / "home"),
        "XDG_DATA_HOME": str(tmp_path / "xdg-data"),
        "XDG_CONFIG_HOME": str(tmp_path / "xdg-config"),
        "RJOURNAL_TODAY": "2026-11-22",
        "PYTHONPATH": str(Path(rjournal.__file__).parent.parent),
        "LANG": "C.UTF-8",
    }
    return subprocess.run(
        [*COMMAND, *args],
        capture_output=True,
        text=True,
        env=base | (env or {}),
        check=False,
        timeout=120,
    )


def test_add_log_next_through_rjournal_db(tmp_path: Path) -> None:
    db = tmp_path / "mine.db"
    env = {"RJOURNAL_DB": str(db)}
    added = run(tmp_path, "add", "Ana Lee", "--every", "weekly", env=env)
    assert (added.returncode, added.stdout, added.stderr) == (0, "Added Ana Lee (id 1)\n", "")
    logged = run(tmp_path, "log", "ana", "coffee", "--via", "coffee", "--on", "2026-11-01", env=env)
    assert logged.stdout == "Logged coffee with Ana Lee on Sun 1 Nov\n"
    shown = run(tmp_path, "next", "--json", env=env)
    assert shown.returncode == 0, shown.stderr
    (ana,) = json.loads(shown.stdout)
    assert (ana["name"], ana["days_since"], ana["last_contact"]) == ("Ana Lee", 21, "2026-11-01")
    assert db.exists()
    assert not (tmp_path / "xdg-data" / "rjournal" / "journal.db").exists()
    assert db.stat().st_mode & 0o777 == 0o600


def test_bad_input_in_a_real_process(tmp_path: Path) -> None:
    db = tmp_path / "mine.db"
    assert run(tmp_path, "--db", str(db), "add", "Ana").returncode == 0
    before = hashlib.sha256(db.read_bytes()).hexdigest()
    result = run(tmp_path, "--db", str(db), "log", "ana", "hi", "--on", "27.08")
    assert result.returncode == 2
    assert result.stdout == ""
    assert result.stderr.startswith('rj: can\'t read "27.08" as a date')
    assert result.stderr.count("\n") == 1
    assert hashlib.sha256(db.read_bytes()).hexdigest() == before


def test_closed_pipe_is_quiet(tmp_path: Path) -> None:
    db = tmp_path / "mine.db"
    for n in range(30):
        assert run(tmp_path, "--db", str(db), "add", f"Person {n}").returncode == 0
    env = {k: v for k, v in os.environ.items()} | {
        "RJOURNAL_TODAY": "2026-11-22",
        "PYTHONPATH": str(Path(rjournal.__file__).parent.parent),
    }
    pipeline = f"{' '.join(COMMAND)} --db {db} list | head -n 1"
    result = subprocess.run(
        ["sh", "-c", pipeline], capture_output=True, text=True, env=env, check=False
    )
    assert result.stdout.count("\n") == 1
    assert "Traceback" not in result.stderr and "Broken pipe" not in result.stderr


def test_demo_writes_its_own_file_never_the_real_journal(tmp_path: Path) -> None:
    pytest.importorskip("rjournal.demo")
    real = tmp_path / "real.db"
    env = {"RJOURNAL_DB": str(real)}
    result = run(tmp_path, "demo", "--no-open", "--people", "50", env=env)
    assert result.returncode == 0, result.stderr
    demo = tmp_path / "xdg-data" / "rjournal" / "demo.db"
    assert demo.exists()
    assert not real.exists()
    assert count_people(demo) == 50
    listed = run(tmp_path, "--db", str(demo), "list", "--json")
    assert 0 < len(json.loads(listed.stdout)) <= 50
    fresh = run(tmp_path, "demo", "--no-open", "--fresh", "--people", "60", env=env)
    assert fresh.returncode == 0, fresh.stderr
    assert count_people(demo) == 60
    assert not real.exists()


def test_demo_opens_the_demo_as_it_was_left_and_rebuilds_only_when_asked(
    tmp_path: Path,
) -> None:
    # rj demo once rebuilt the demo every time, throwing away what was done in it.
    pytest.importorskip("rjournal.demo")
    demo = tmp_path / "demo.db"
    built = run(tmp_path, "--db", str(demo), "demo", "--no-open", "--people", "5")
    assert built.stderr == f"Built a demo journal of 5 people at {demo}\n"
    assert run(tmp_path, "--db", str(demo), "add", "Mine Own").returncode == 0
    kept = run(tmp_path, "--db", str(demo), "demo", "--no-open")
    assert kept.returncode == 0, kept.stderr
    assert kept.stderr == (
        f"Kept the demo journal at {demo}, built Sun 22 Nov as it is "
        "(rj demo --fresh builds a new one)\n"
    )
    assert count_people(demo) == 6
    before = hashlib.sha256(demo.read_bytes()).hexdigest()
    other = run(tmp_path, "--db", str(demo), "demo", "--no-open", "--people", "9")
    assert other.returncode == 2
    assert other.stderr == (
        f"rj: the demo at {demo} was built with 5 people, seed 7; "
        "`rj demo --fresh --people 9` builds a new one (what you did in it goes)\n"
    )
    assert hashlib.sha256(demo.read_bytes()).hexdigest() == before
    fresh = run(tmp_path, "--db", str(demo), "demo", "--no-open", "--fresh", "--people", "9")
    assert fresh.stderr == f"Built a demo journal of 9 people anew at {demo}\n"
    assert count_people(demo) == 9


def count_people(path: Path) -> int:
    with closing(sqlite3.connect(f"file:{path}?mode=ro", uri=True)) as conn:
        return int(conn.execute("SELECT count(*) FROM people").fetchone()[0])


def test_demo_refuses_to_replace_a_real_journal(tmp_path: Path) -> None:
    pytest.importorskip("rjournal.demo")
    real = tmp_path / "real.db"
    assert run(tmp_path, "--db", str(real), "add", "Ana").returncode == 0
    before = hashlib.sha256(real.read_bytes()).hexdigest()
    result = run(tmp_path, "--db", str(real), "demo", "--no-open", "--people", "5")
    assert result.returncode == 1
    assert result.stderr.startswith("rj: ") and "did not build" in result.stderr
    assert hashlib.sha256(real.read_bytes()).hexdigest() == before
    demo = tmp_path / "demo-here.db"
    first = run(tmp_path, "--db", str(demo), "demo", "--no-open", "--people", "5")
    assert first.returncode == 0, first.stderr
    second = run(tmp_path, "--db", str(demo), "demo", "--no-open", "--people", "5")
    assert second.returncode == 0, second.stderr
