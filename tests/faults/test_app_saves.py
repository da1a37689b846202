"""The app's forms under faults: a form saves only what was edited, a field changed elsewhere
meanwhile (by a real second process) is a question, never a silent overwrite; a save that
fails (busy past the timeout, a full disk, a read-only file, an I/O error, damage) keeps the
form open with what was typed, says what happened in one line, and keeps a private draft.
"""

from __future__ import annotations

import json
import os
import sqlite3
import stat
import subprocess
import sys
from datetime import date, datetime
from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot
from textual.screen import ModalScreen
from textual.widgets import Input, Label, TextArea

from rjournal.app.app import JournalApp
from rjournal.app.drafts import draft_path, load_draft, unsaved_path
from rjournal.app.modals.conflict import ConflictModal
from rjournal.app.modals.forms import KidFormModal
from rjournal.app.modals.person_form import PersonFormModal
from rjournal.app.modals.quick_log import QuickLogModal
from rjournal.domain.dates import YearlyDate
from rjournal.domain.model import Channel, NewEntry, NewKid, NewPerson, Person
from rjournal.store import connection
from rjournal.store.journal import Journal
from tests.app.apps import bare_app
from tests.faults.conftest import SHORT_BUSY_MS, fill, make_read_only, rj
from tests.faults.journals import check_invariants
from tests.faults.test_kill import env

SIZE = (110, 50)


def ann_journal(path: Path) -> dict[str, int]:
    with Journal.open(path) as journal:
        ann = journal.add_person(
            NewPerson(
                name="Ann Lee",
                added_on=date(2026, 1, 1),
                company="Old Co",
                likes="tea",
                city="Porto",
                tags=("client",),
            ),
            kids=[NewKid("Leo", YearlyDate(9, 3, 2019), "likes trains")],
        )
        entry = journal.add_entry(
            NewEntry("interaction", date(2026, 11, 1), "coffee", Channel.COFFEE, people=(ann,)),
            created_at=datetime(2026, 11, 1, 9, 0),
        )
        (kid,) = journal.kids(ann)
    return {"ann": ann, "entry": entry, "kid": kid.id}


def person(db: Path, person_id: int) -> Person:
    with Journal.open(db) as journal:
        return journal.person(person_id)


def form_error(app: JournalApp) -> str:
    label = app.screen.query_one("#form-error", Label)
    assert label.has_class("-shown")
    return str(label.visual)


async def open_form(app: JournalApp, pilot: Pilot[None], form: ModalScreen[Any]) -> None:
    await app.push_screen(form)
    await pilot.pause()


async def save(pilot: Pilot[None]) -> None:
    await pilot.press("ctrl+s")
    await pilot.pause()


# -- 1. only what was edited, conflicts asked ------------------------------------------------


async def test_a_form_saved_untouched_keeps_what_another_process_wrote(db_path: Path) -> None:
    ids = ann_journal(db_path)
    app = bare_app(db_path)
    async with app.run_test(size=SIZE) as pilot:
        await open_form(app, pilot, PersonFormModal(app.context, ids["ann"]))
        done = rj(db_path, "edit", "ann", "--company", "CLI Co", "--likes", "x", "--add-tag", "vip")
        assert done.returncode == 0, done.stderr
        await save(pilot)
        assert not isinstance(app.screen, PersonFormModal)
    ann = person(db_path, ids["ann"])
    assert (ann.company, ann.likes, ann.tags) == ("CLI Co", "x", ("client", "vip"))
    check_invariants(db_path)


async def test_edits_of_other_fields_on_both_sides_are_all_kept(db_path: Path) -> None:
    ids = ann_journal(db_path)
    app = bare_app(db_path)
    async with app.run_test(size=SIZE) as pilot:
        await open_form(app, pilot, PersonFormModal(app.context, ids["ann"]))
        app.screen.query_one("#role", Input).value = "CTO"
        app.screen.query_one("#tags", Input).value = "client, friend"
        done = rj(db_path, "edit", "ann", "--company", "CLI Co", "--add-tag", "vip")
        assert done.returncode == 0, done.stderr
        await save(pilot)
        assert not isinstance(app.screen, (PersonFormModal, ConflictModal))
    ann = person(db_path, ids["ann"])
    assert (ann.company, ann.role, ann.likes) == ("CLI Co", "CTO", "tea")
    assert ann.tags == ("client", "friend", "vip")  # added on either side: both kept


@pytest.mark.parametrize("choice", ["m", "t"])
async def test_a_field_changed_on_both_sides_asks_theirs_or_mine(
    db_path: Path, choice: str
) -> None:
    ids = ann_journal(db_path)
    app = bare_app(db_path)
    async with app.run_test(size=SIZE) as pilot:
        await open_form(app, pilot, PersonFormModal(app.context, ids["ann"]))
        app.screen.query_one("#company", Input).value = "Form Co"
        app.screen.query_one("#city", Input).value = "Lisbon"
        done = rj(db_path, "edit", "ann", "--company", "CLI Co", "--likes", "coffee")
        assert done.returncode == 0, done.stderr
        await save(pilot)
        assert isinstance(app.screen, ConflictModal)
        shown = " ".join(
            str(label.visual) for label in app.screen.query(".conflict-field").results(Label)
        )
        assert "Company" in shown and "CLI Co" in shown and "Form Co" in shown
        assert "City" not in shown and "Likes" not in shown
        before = person(db_path, ids["ann"])
        assert before.company == "CLI Co"  # nothing written while asking
        await pilot.press(choice)
        await pilot.pause()
        assert not isinstance(app.screen, (PersonFormModal, ConflictModal))
    ann = person(db_path, ids["ann"])
    assert ann.company == ("Form Co" if choice == "m" else "CLI Co")
    assert (ann.city, ann.likes) == ("Lisbon", "coffee")  # every other change, both sides


async def test_back_from_the_question_saves_nothing_and_keeps_the_form(db_path: Path) -> None:
    ids = ann_journal(db_path)
    app = bare_app(db_path)
    async with app.run_test(size=SIZE) as pilot:
        await open_form(app, pilot, PersonFormModal(app.context, ids["ann"]))
        app.screen.query_one("#company", Input).value = "Form Co"
        assert rj(db_path, "edit", "ann", "--company", "CLI Co").returncode == 0
        await save(pilot)
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, PersonFormModal)
        assert app.screen.query_one("#company", Input).value == "Form Co"
        assert "company" in form_error(app)
    assert person(db_path, ids["ann"]).company == "CLI Co"


async def test_a_kid_changed_elsewhere_while_its_form_is_open(db_path: Path) -> None:
    ids = ann_journal(db_path)
    app = bare_app(db_path)
    async with app.run_test(size=SIZE) as pilot:
        with Journal.open(db_path) as journal:
            (kid,) = journal.kids(ids["ann"])
        await open_form(app, pilot, KidFormModal(app.context, ids["ann"], kid))
        app.screen.query_one("#notes", Input).value = "likes planes now"
        # Another process renames the kid and changes the notes too.
        done = rj(db_path, "kid", "ann", "Leo", "--notes", "likes boats")
        assert done.returncode == 0, done.stderr
        await save(pilot)
        assert isinstance(app.screen, ConflictModal)
        await pilot.press("t")
        await pilot.pause()
    with Journal.open(db_path) as journal:
        (kid,) = journal.kids(ids["ann"])
    assert kid.notes == "likes boats"


EDIT_ENTRY = r"""
import sys
from dataclasses import replace
from pathlib import Path
from rjournal.store.journal import Journal
with Journal.open(Path(sys.argv[1])) as journal:
    entry = journal.entry(int(sys.argv[2]))
    journal.update_entry(replace(entry, text="changed elsewhere"))
"""


async def test_an_entry_edited_in_the_quick_log_keeps_a_change_made_elsewhere(
    db_path: Path,
) -> None:
    ids = ann_journal(db_path)
    app = bare_app(db_path)
    async with app.run_test(size=SIZE) as pilot:
        with Journal.open(db_path) as journal:
            entry = journal.entry(ids["entry"])
        await open_form(app, pilot, QuickLogModal(app.context, ids["ann"], entry=entry))
        app.screen.query_one("#date", Input).value = "2026-10-30"
        done = subprocess.run(
            [sys.executable, "-c", EDIT_ENTRY, str(db_path), str(ids["entry"])],
            env=env(),
            capture_output=True,
            text=True,
        )
        assert done.returncode == 0, done.stderr
        await save(pilot)
        assert not isinstance(app.screen, (QuickLogModal, ConflictModal))
    with Journal.open(db_path) as journal:
        saved = journal.entry(ids["entry"])
    assert (saved.text, saved.on) == ("changed elsewhere", date(2026, 10, 30))


# -- 2. failed saves -------------------------------------------------------------------------

HOLDER = r"""
import sqlite3, sys
conn = sqlite3.connect(sys.argv[1], isolation_level=None)
conn.execute("BEGIN IMMEDIATE")
conn.execute("INSERT INTO settings (key, value) VALUES ('held', 'yes')")
print("held", flush=True)
sys.stdin.readline()
conn.execute("ROLLBACK")
"""


async def test_a_save_while_another_process_holds_the_journal_keeps_the_form(
    db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    ids = ann_journal(db_path)
    monkeypatch.setattr(connection, "BUSY_TIMEOUT_MS", SHORT_BUSY_MS)
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLDER, str(db_path)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert holder.stdout is not None and holder.stdin is not None
    try:
        assert holder.stdout.readline().strip() == "held"
        app = bare_app(db_path)
        async with app.run_test(size=SIZE) as pilot:
            await open_form(app, pilot, QuickLogModal(app.context, ids["ann"]))
            app.screen.query_one("#text", TextArea).text = "long talk about trains"
            await save(pilot)
            assert isinstance(app.screen, QuickLogModal)
            line = form_error(app)
            assert line.startswith("Not saved: another rjournal has been writing it")
            assert "try again in a moment" in line and "\n" not in line
            assert app.screen.query_one("#text", TextArea).text == "long talk about trains"
            draft = load_draft(db_path)
            assert draft is not None and draft.text == "long talk about trains"
            assert str(draft_path(db_path)) in line
            # The other process is done: the same form saves.
            holder.stdin.write("\n")
            holder.stdin.flush()
            holder.wait(10)
            await save(pilot)
            assert not isinstance(app.screen, QuickLogModal)
        assert load_draft(db_path) is None
        with Journal.open(db_path) as journal:
            assert journal.timeline(ids["ann"], limit=1)[0].text == "long talk about trains"
    finally:
        holder.kill()
        holder.wait()


async def _fails_and_keeps(
    app: JournalApp, pilot: Pilot[None], form: PersonFormModal, words: str
) -> str:
    """Edit the form, save: it stays open with the edit and one line containing words."""
    await open_form(app, pilot, form)
    app.screen.query_one("#company", Input).value = "Unsaved Co"
    await save(pilot)
    assert isinstance(app.screen, PersonFormModal)
    assert app.screen.query_one("#company", Input).value == "Unsaved Co"
    line = form_error(app)
    assert line.startswith("Not saved: ") and words in line, line
    assert "Traceback" not in line and "\n" not in line
    return line


def _kept_fields(line: str) -> dict[str, object]:
    """The fields of the private file the line names."""
    where = Path(line.split("also kept in ")[1].rstrip(")"))
    assert stat.S_IMODE(where.stat().st_mode) == 0o600
    assert stat.S_IMODE(where.parent.stat().st_mode) == 0o700
    data = json.loads(where.read_text(encoding="utf-8"))
    fields: dict[str, object] = data["fields"]
    return fields


async def test_a_save_on_a_full_disk_keeps_the_form_and_a_draft_elsewhere(
    small_disk: Path, private_tmp: Path
) -> None:
    db = small_disk / "journal.db"
    ids = ann_journal(db)
    app = bare_app(db)
    async with app.run_test(size=SIZE) as pilot:
        fill(small_disk)
        line = await _fails_and_keeps(
            app, pilot, PersonFormModal(app.context, ids["ann"]), "the disk is full"
        )
        assert "free some space" in line
        assert private_tmp in Path(line.split("also kept in ")[1].rstrip(")")).parents
        assert _kept_fields(line)["company"] == "Unsaved Co"
        # Space again: the same form saves.
        (small_disk / "filler").unlink()
        await save(pilot)
        assert not isinstance(app.screen, PersonFormModal)
    assert person(db, ids["ann"]).company == "Unsaved Co"
    check_invariants(db)


async def test_a_save_with_sqlite_full_injected_keeps_the_form(
    db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    ids = ann_journal(db_path)

    def full(*args: object, **kwargs: object) -> None:
        raise sqlite3.OperationalError("database or disk is full")

    monkeypatch.setattr(Journal, "update_person", full)
    app = bare_app(db_path)
    async with app.run_test(size=SIZE) as pilot:
        line = await _fails_and_keeps(
            app, pilot, PersonFormModal(app.context, ids["ann"]), "the disk is full"
        )
    assert _kept_fields(line)["company"] == "Unsaved Co"
    assert unsaved_path(db_path, "personform") == Path(line.split("also kept in ")[1][:-1])


async def test_a_save_to_a_read_only_journal_keeps_the_form(
    read_only_view: tuple[Path, Path], private_tmp: Path
) -> None:
    source, view = read_only_view
    ids = ann_journal(source / "journal.db")
    if view.is_symlink():
        make_read_only(source)
    app = bare_app(view / "journal.db")
    try:
        async with app.run_test(size=SIZE) as pilot:
            line = await _fails_and_keeps(
                app, pilot, PersonFormModal(app.context, ids["ann"]), "read-only"
            )
            assert _kept_fields(line)["company"] == "Unsaved Co"
    finally:
        if view.is_symlink():
            source.chmod(0o700)
    assert person(source / "journal.db", ids["ann"]).company == "Old Co"


async def test_an_io_error_while_saving_keeps_the_form(
    db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    ids = ann_journal(db_path)

    def broken(*args: object, **kwargs: object) -> None:
        raise sqlite3.OperationalError("disk I/O error")

    monkeypatch.setattr(Journal, "update_person", broken)
    app = bare_app(db_path)
    async with app.run_test(size=SIZE) as pilot:
        line = await _fails_and_keeps(
            app, pilot, PersonFormModal(app.context, ids["ann"]), "I/O error"
        )
        assert "rj salvage" in line


async def test_a_save_to_a_damaged_journal_is_refused_with_the_way_out(db_path: Path) -> None:
    ids = ann_journal(db_path)
    with Journal.open(db_path) as journal, journal.write() as conn:
        conn.executemany(
            "INSERT INTO entries (kind, on_date, text, created_at) VALUES ('note', ?, ?, ?)",
            [("2026-01-01", "x" * 900, "2026-01-01T00:00:00") for _ in range(40)],
        )
        conn.execute(
            "INSERT INTO entry_people (entry_id, person_id) SELECT id, ? FROM entries "
            "WHERE id NOT IN (SELECT entry_id FROM entry_people)",
            (ids["ann"],),
        )
    damage_a_page_of(db_path, "entries")
    app = bare_app(db_path)
    async with app.run_test(size=SIZE) as pilot:
        line = await _fails_and_keeps(
            app, pilot, PersonFormModal(app.context, ids["ann"]), "is damaged"
        )
        assert "rj salvage NEW-FILE" in line


def damage_a_page_of(path: Path, table: str) -> None:
    """Overwrite one leaf page of a table with garbage (the schema stays readable)."""
    conn = sqlite3.connect(path)
    try:
        page_size = conn.execute("PRAGMA page_size").fetchone()[0]
        pages = [
            r[0]
            for r in conn.execute(
                "SELECT pageno FROM dbstat WHERE name = ? AND pagetype = 'leaf'", (table,)
            )
        ]
    finally:
        conn.close()
    data = bytearray(path.read_bytes())
    start = (pages[len(pages) // 2] - 1) * page_size
    data[start : start + page_size] = b"\xa5" * page_size
    path.write_bytes(bytes(data))


async def test_a_quick_log_whose_save_failed_comes_back_as_it_was(
    db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    ids = ann_journal(db_path)
    app = bare_app(db_path)
    with monkeypatch.context() as patch:

        def full(*args: object, **kwargs: object) -> None:
            raise sqlite3.OperationalError("database or disk is full")

        patch.setattr(Journal, "add_entry", full)
        async with app.run_test(size=SIZE) as pilot:
            await open_form(app, pilot, QuickLogModal(app.context, ids["ann"]))
            app.screen.query_one("#text", TextArea).text = "the typed words"
            await save(pilot)
            assert "the disk is full" in form_error(app)
    # The app is gone (a crash, a quit): the quick log opens on what was typed.
    again = bare_app(db_path)
    async with again.run_test(size=SIZE) as pilot:
        await open_form(again, pilot, QuickLogModal(again.context, ids["ann"]))
        assert again.screen.query_one("#text", TextArea).text == "the typed words"
        await save(pilot)
        assert not isinstance(again.screen, QuickLogModal)
    with Journal.open(db_path) as journal:
        assert journal.timeline(ids["ann"], limit=1)[0].text == "the typed words"


def test_drafts_go_to_a_private_temporary_folder_when_the_journals_cannot_hold_them(
    tmp_path: Path, private_tmp: Path
) -> None:
    from rjournal.app.drafts import QuickLogDraft, clear_draft, save_draft

    folder = tmp_path / "journal-folder"
    folder.mkdir()
    db = folder / "journal.db"
    os.chmod(folder, 0o500)
    try:
        if os.access(folder, os.W_OK):
            pytest.skip("root writes into a read-only folder: the mounted variants cover it")
        where = save_draft(db, QuickLogDraft(text="kept"))
        assert private_tmp in where.parents
        assert load_draft(db) == QuickLogDraft(text="kept")
        clear_draft(db)
        assert load_draft(db) is None
    finally:
        os.chmod(folder, 0o700)


def test_a_foreign_temporary_folder_is_never_used(tmp_path: Path, private_tmp: Path) -> None:
    from rjournal.app.drafts import private_temp_dir

    uid = os.getuid()
    (private_tmp / f"rjournal-{uid}").symlink_to(tmp_path)
    assert private_temp_dir() is None


def test_the_two_way_merge_of_values_loses_nothing() -> None:
    from rjournal.domain.edits import merged_values

    assert merged_values(("a", "b"), ("a", "b", "c"), ("b", "d")) == ("b", "c", "d")
    assert merged_values((), ("x",), ("y",)) == ("x", "y")
