"""`rj` before there is a journal: the welcome screen, and no file until something is saved."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.command import CommandPalette
from textual.widgets import Input

from rjournal.app.app import build_app
from rjournal.app.modals.import_form import ImportFormModal, import_command
from rjournal.app.modals.person_form import PersonFormModal
from rjournal.app.screens.home import HomeScreen
from rjournal.app.screens.person import PersonScreen
from rjournal.app.screens.welcome import WelcomeScreen
from rjournal.store.journal import Journal
from tests.conftest import TODAY


async def test_no_journal_opens_the_welcome_and_creates_nothing(db_path: Path) -> None:
    app = build_app(db_path, today=TODAY)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, WelcomeScreen)
        # Nothing read or looked for creates the journal: log, search, review, go to, undo.
        for key in ("l", "slash", "r", "g", "u"):
            await pilot.press(key)
            await pilot.pause()
            assert isinstance(app.screen, WelcomeScreen), key
        await pilot.press("ctrl+p")
        await pilot.pause()
        assert isinstance(app.screen, CommandPalette)
        await pilot.press(*"ann")
        await pilot.pause(0.3)
        await pilot.press("escape")
        await pilot.pause()
        app.theme = "nord"
        await pilot.pause()
        assert not db_path.exists()
    assert not db_path.exists()  # quitting writes nothing either


async def test_adding_the_first_person_creates_the_journal_and_opens_home(db_path: Path) -> None:
    app = build_app(db_path, today=TODAY)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await pilot.press("a")
        await pilot.pause()
        assert isinstance(app.screen, PersonFormModal)
        assert not db_path.exists()
        app.screen.query_one("#name", Input).value = "Ana Lima"
        await pilot.press("escape")  # cancelled: still nothing
        await pilot.pause()
        assert isinstance(app.screen, WelcomeScreen) and not db_path.exists()
        await pilot.press("a")
        await pilot.pause()
        app.screen.query_one("#name", Input).value = "Ana Lima"
        await pilot.press("ctrl+s")
        await pilot.pause()
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert db_path.exists()
        assert isinstance(app.screen, PersonScreen)
        assert [type(s) for s in app.screen_stack][-2:] == [HomeScreen, PersonScreen]
        await pilot.press("escape")
        await pilot.pause()
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
    with Journal.open(db_path) as journal:
        assert journal.resolve("Ana Lima").name == "Ana Lima"


async def test_the_demo_choice_quits_to_run_the_demo(db_path: Path) -> None:
    app = build_app(db_path, today=TODAY)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await pilot.press("d")
        await pilot.pause()
    assert app.next_step == "demo"
    assert not db_path.exists()


async def test_importing_contacts_creates_the_journal_with_them(
    db_path: Path, tmp_path: Path
) -> None:
    contacts = tmp_path / "contacts.csv"
    contacts.write_text("name,company\nAna Lima,Acme\nBo Lind,\n", encoding="utf-8")
    app = build_app(db_path, today=TODAY)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await pilot.press("i")
        await pilot.pause()
        assert isinstance(app.screen, ImportFormModal)
        app.screen.query_one("#source", Input).value = str(tmp_path / "missing.csv")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, ImportFormModal) and not db_path.exists()
        app.screen.query_one("#source", Input).value = str(contacts)
        await pilot.press("ctrl+s")
        # The import is a real `rj import` process: on a loaded machine it takes seconds.
        for _ in range(1200):
            await pilot.pause(0.05)
            if isinstance(app.screen, HomeScreen):
                break
        assert isinstance(app.screen, HomeScreen)
        # Let home finish mounting before the test ends the app (Textual's header watches
        # titles from its mount; ended mid-mount, its callback finds no title to update).
        await app.workers.wait_for_complete()
        await pilot.pause()
    with Journal.open(db_path) as journal:
        assert journal.resolve("Ana Lima").company == "Acme"
        assert journal.resolve("Bo Lind").name == "Bo Lind"


def test_the_import_command_by_kind(tmp_path: Path) -> None:
    db = tmp_path / "j.db"
    assert import_command(db, tmp_path / "a.VCF") == [
        *import_command(db, tmp_path)[:-1],  # type: ignore[index]
        str(tmp_path / "a.VCF"),
    ]
    command = import_command(db, tmp_path / "export.csv")
    assert command is not None and command[-3:] == ["import", "csv", str(tmp_path / "export.csv")]
    assert import_command(db, tmp_path / "notes.txt") is None


def test_after_the_demo_choice_rj_demo_runs_in_place_of_the_app(
    db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import os
    import sys

    from rjournal.app import app as app_module
    from rjournal.cli import launch
    from rjournal.cli.base import State
    from rjournal.store.location import JournalLocation

    ran: list[list[str]] = []
    monkeypatch.setattr(launch, "need_terminal", lambda refused: None)
    monkeypatch.setattr(app_module, "run_app", lambda *a, **k: "demo")
    monkeypatch.setattr(os, "execv", lambda path, argv: ran.append([path, *argv]))
    launch.open_app(State(), JournalLocation(db_path, False), refused="")
    assert ran == [[sys.executable, sys.executable, "-m", "rjournal", "demo"]]
    assert not db_path.exists()
