"""The journal opened and its first page of check-ins ranked by `rj` before the app's modules
load (rank_ahead): in a child process that opens the journal only as it is, the same refusals
and upgrades as the app's own opening, the same ranking, and a write in between is shown."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import threading
import time
from dataclasses import replace
from datetime import timedelta
from pathlib import Path

import pytest

from rjournal.app import first_checkins
from rjournal.app.app import build_app
from rjournal.app.checkin_rows import CheckinRow, rows_of
from rjournal.app.first_checkins import (
    CHECKIN_PAGE,
    FirstCheckins,
    Opened,
    RankedInChild,
    rank_ahead,
)
from rjournal.app.screens.home import HomeScreen
from rjournal.app.widgets.checkin_list import CheckinList, checkin_prompt
from rjournal.domain.model import Channel, NewPerson
from rjournal.store import migrations
from rjournal.store.errors import JournalError
from rjournal.store.facts import next_checkins
from rjournal.store.journal import Journal
from tests.conftest import TODAY

FIXTURES = Path(__file__).parents[1] / "store" / "fixtures"


@pytest.fixture
def in_a_child(monkeypatch: pytest.MonkeyPatch) -> None:
    """rank_ahead as `rj` runs it, with one thread: in a child process."""
    monkeypatch.setattr(first_checkins, "can_fork", lambda: True)


def _expected(db: Path, limit: int = CHECKIN_PAGE + 1) -> list[CheckinRow]:
    with Journal.open(db) as journal:
        return rows_of(next_checkins(journal, TODAY, limit=limit))


def _reaped(pid: int) -> bool:
    try:
        os.waitpid(pid, os.WNOHANG)
    except ChildProcessError:
        return True
    return False


def _wait_for_exit(pid: int, seconds: float = 30.0) -> None:
    """Until the child has left, without reaping it (never forever)."""
    deadline = time.monotonic() + seconds
    while os.waitid(os.P_PID, pid, os.WEXITED | os.WNOWAIT | os.WNOHANG) is None:
        assert time.monotonic() < deadline, "the child never left"
        time.sleep(0.01)


def test_no_journal_yet_ranks_nothing_and_creates_nothing(tmp_path: Path) -> None:
    missing = tmp_path / "none.db"
    assert rank_ahead(missing, TODAY, private_dir=False) is None
    assert not missing.exists()


def _newer(path: Path) -> bytes:
    with Journal.open(path) as journal:
        journal.conn.execute("PRAGMA user_version = 999")
    return path.read_bytes()


@pytest.mark.parametrize("kind", ["foreign", "empty", "newer"])
def test_a_file_the_app_would_refuse_is_refused_by_the_app_and_left_alone(
    tmp_path: Path, kind: str, in_a_child: None
) -> None:
    refused = tmp_path / "notes.db"
    if kind == "newer":
        content = _newer(refused)
    else:
        content = b"not a journal" if kind == "foreign" else b""
        refused.write_bytes(content)
    first = rank_ahead(refused, TODAY, private_dir=False)
    assert isinstance(first, RankedInChild)
    assert first.opened() is None  # the child could not: the app opens it itself...
    with pytest.raises(JournalError):  # ...and refuses it, as it always did
        build_app(refused, today=TODAY, first_checkins=first)
    assert refused.read_bytes() == content
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith("notes.db")] == ["notes.db"]


@pytest.mark.parametrize("content", [b"not a journal", b""], ids=["foreign", "empty"])
def test_in_a_thread_a_refused_file_is_refused_first_and_left_alone(
    tmp_path: Path, content: bytes, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(first_checkins, "can_fork", lambda: False)
    refused = tmp_path / "notes.db"
    refused.write_bytes(content)
    with pytest.raises(JournalError):
        rank_ahead(refused, TODAY, private_dir=False)
    assert refused.read_bytes() == content


def test_an_older_journal_is_not_upgraded_by_the_child_but_by_the_app(
    tmp_path: Path, in_a_child: None
) -> None:
    """Only the app may write: it upgrades after a backup, as when it opened every journal."""
    older = tmp_path / "journal.db"
    shutil.copyfile(FIXTURES / "journal-v3.db", older)
    before = older.read_bytes()
    first = rank_ahead(older, TODAY, private_dir=False)
    assert first is not None
    assert first.opened() is None
    assert older.read_bytes() == before  # the child left it as it was
    app = build_app(older, today=TODAY, first_checkins=first)
    assert app.context.is_open  # opened, and upgraded, before the first frame
    assert app.journal.conn.execute("PRAGMA user_version").fetchone()[0] == (
        migrations.latest_version()
    )
    assert any(p.name != "journal.db" and "v3" in p.name for p in tmp_path.iterdir())
    app.context.close()


def test_the_ranking_is_the_check_in_engines_first_page(demo_db: Path, in_a_child: None) -> None:
    first = rank_ahead(demo_db, TODAY, private_dir=False)
    assert isinstance(first, RankedInChild)
    assert first.opened() == Opened(saved_theme=None, configured_theme=None)
    ranked = first.take(TODAY)
    assert ranked is not None and len(ranked) == CHECKIN_PAGE + 1
    assert ranked == _expected(demo_db)


def test_rows_keep_what_the_list_shows_and_no_other_channel(demo_db: Path) -> None:
    with Journal.open(demo_db) as journal:
        ranked = next_checkins(journal, TODAY, limit=CHECKIN_PAGE)
    rows = rows_of(ranked)
    assert [r.person_id for r in rows] == [s.person_id for s in ranked]
    assert [r.reason for r in rows] == [s.reasons[0] if s.reasons else None for s in ranked]
    assert [r.talking_point for r in rows] == [
        s.talking_points[0] if s.talking_points else None for s in ranked
    ]
    suggestion = ranked[0]
    [other] = rows_of([replace(suggestion, channel=Channel.OTHER)])
    [coffee] = rows_of([replace(suggestion, channel=Channel.COFFEE)])
    assert other.channel is None and coffee.channel == "coffee"
    assert "· other" not in checkin_prompt(other).plain
    assert f"{suggestion.name}  · coffee" in checkin_prompt(coffee).plain


def test_the_main_process_loads_no_textual_store_or_engine_for_it(demo_db: Path) -> None:
    """What lets it run while Textual is still being imported, and the first frame go without
    the store's and the engine's modules (they load after it)."""
    code = (
        "import sys\n"
        "from datetime import date\n"
        "from pathlib import Path\n"
        "from rjournal.app.first_checkins import rank_ahead\n"
        f"first = rank_ahead(Path({str(demo_db)!r}), date(2026, 11, 22), private_dir=False)\n"
        "assert first is not None and first.opened() is not None\n"
        "assert first.take(date(2026, 11, 22))\n"
        "print(type(first).__name__)\n"
        "loaded = ('textual', 'rich', 'click', 'rjournal.store.journal', 'rjournal.store.facts',"
        " 'rjournal.domain.model', 'rjournal.domain.checkin')\n"
        "print(sorted(m for m in loaded if m in sys.modules))\n"
    )
    ran = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=True
    )
    # A process with one thread, as `rj` is when it gets here: ranked in a child process.
    assert ran.stdout == "RankedInChild\n[]\n"


async def test_the_app_shows_the_ranking_and_opens_its_own_connection_after_the_first_frame(
    demo_db: Path, in_a_child: None
) -> None:
    first = rank_ahead(demo_db, TODAY, private_dir=False)
    app = build_app(demo_db, today=TODAY, first_checkins=first)
    assert app.context.first_checkins is first
    assert not app.context.is_open and app.context.has_journal
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        checkins = app.screen.query_one(CheckinList)
        assert checkins.loaded
        assert list(checkins.rows) == _expected(demo_db, CHECKIN_PAGE)
        assert app.context.first_checkins is None  # taken by the home screen
        assert app.context.is_open
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
        assert app.screen.computations == 1  # no one wrote: the child's page stands


async def test_a_write_between_the_childs_read_and_the_apps_opening_is_shown(
    demo_db: Path, in_a_child: None
) -> None:
    first = rank_ahead(demo_db, TODAY, private_dir=False)
    assert isinstance(first, RankedInChild) and first._pid is not None
    # The child has read and sent its page (and left; not reaped yet: the app does that).
    _wait_for_exit(first._pid)
    with Journal.open(demo_db) as journal:  # `rj add` in another terminal, say
        newcomer = journal.add_person(NewPerson(name="Zelda Newcomer", added_on=TODAY))
        journal.add_promise(newcomer, "send the photos", TODAY - timedelta(days=30), TODAY)
    app = build_app(demo_db, today=TODAY, first_checkins=first)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await app.workers.wait_for_complete()
        await pilot.pause()
        home = app.screen
        assert isinstance(home, HomeScreen)
        assert home.computations == 2  # the child's page, then read again once ours opened
        assert "Zelda Newcomer" in [r.name for r in home.query_one(CheckinList).rows]


async def test_a_journal_gone_before_the_apps_own_opening_ends_the_app_with_its_reason(
    demo_db: Path, in_a_child: None
) -> None:
    first = rank_ahead(demo_db, TODAY, private_dir=False)
    app = build_app(demo_db, today=TODAY, first_checkins=first)
    assert first is not None and first.take(TODAY) is not None
    demo_db.unlink()
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
    assert isinstance(app.startup_error, JournalError)
    assert "no journal at" in str(app.startup_error)
    assert not demo_db.exists()  # not made again, empty


async def test_the_themes_come_from_the_child(
    demo_db: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, in_a_child: None
) -> None:
    with Journal.open(demo_db) as journal:
        journal.set_setting("theme", "nord")
    first = rank_ahead(demo_db, TODAY, private_dir=False)
    assert first is not None and first.opened() == Opened("nord", None)
    app = build_app(demo_db, today=TODAY, first_checkins=first)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert app.theme == "nord"
    monkeypatch.setenv("RJOURNAL_THEME", "dracula")
    first = rank_ahead(demo_db, TODAY, private_dir=False)
    assert first is not None and first.opened() == Opened("nord", "dracula")
    app = build_app(demo_db, today=TODAY, first_checkins=first)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert app.theme == "dracula"


def test_a_child_process_ranks_the_same_first_page_and_is_reaped(demo_db: Path) -> None:
    first = RankedInChild(lambda: Journal.open(demo_db), TODAY, CHECKIN_PAGE)
    pid = first._pid
    assert pid is not None
    ranked = first.take(TODAY)
    assert ranked == _expected(demo_db)
    assert _reaped(pid)
    assert first.take(TODAY) is None  # once


def test_a_child_that_fails_gives_nothing_and_is_reaped(tmp_path: Path) -> None:
    def refuse() -> Journal:
        raise JournalError("no journal here")

    first = RankedInChild(refuse, TODAY, CHECKIN_PAGE)
    pid = first._pid
    assert pid is not None
    assert first.opened() is None
    assert _reaped(pid)
    assert first.take(TODAY) is None


def test_a_ranking_for_another_day_is_not_taken_and_its_child_is_reaped(demo_db: Path) -> None:
    first = RankedInChild(lambda: Journal.open(demo_db), TODAY, CHECKIN_PAGE)
    pid = first._pid
    assert pid is not None
    assert first.take(TODAY + timedelta(days=1)) is None
    assert _reaped(pid)


def test_a_process_with_other_threads_ranks_in_a_thread(
    demo_db: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(threading, "active_count", lambda: 2)
    first = rank_ahead(demo_db, TODAY, private_dir=False)
    assert type(first) is FirstCheckins
    assert first.opened() is None  # opened here first: the app opens it too
    assert first.take(TODAY) == _expected(demo_db)


def test_the_watch_sees_a_commit_of_another_connection_and_writes_nothing(db_path: Path) -> None:
    from rjournal.store.connection import ChangeWatch

    with Journal.open(db_path) as journal:
        journal.add_person(NewPerson(name="Ana Ruiz", added_on=TODAY))
    db_path.chmod(0o400)  # it only reads
    before = db_path.read_bytes(), db_path.stat().st_mtime_ns
    watch = ChangeWatch(db_path)
    assert not watch.changed()
    assert not watch.changed()
    watch.close()
    assert (db_path.read_bytes(), db_path.stat().st_mtime_ns) == before
    db_path.chmod(0o600)
    watch = ChangeWatch(db_path)
    with Journal.open(db_path) as journal:
        journal.add_person(NewPerson(name="Bo Lind", added_on=TODAY))
    assert watch.changed()
    watch.close()


def test_a_watch_that_cannot_read_says_changed(tmp_path: Path) -> None:
    from rjournal.store.connection import ChangeWatch

    foreign = tmp_path / "notes.db"
    foreign.write_bytes(b"not a journal at all" * 10)
    watch = ChangeWatch(foreign)
    assert watch.changed()  # unknown counts as changed: the screens read again
    watch.close()
    assert foreign.read_bytes() == b"not a journal at all" * 10
