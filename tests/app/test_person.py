"""The person screen: profile, family with tact, promises, timeline, keys that change things."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from pathlib import Path

import pytest
from textual.pilot import Pilot
from textual.widgets import Input, Label, OptionList, Select, Static, TextArea

from rjournal.app.app import JournalApp
from rjournal.app.modals.confirm import ConfirmModal
from rjournal.app.modals.quick_log import QuickLogModal
from rjournal.app.screens import person as person_screen
from rjournal.app.screens.person import PersonScreen
from rjournal.app.widgets.rhythm_chart import RhythmChart
from rjournal.app.widgets.timeline import EntryItem, Timeline
from rjournal.domain.dates import YearlyDate
from rjournal.domain.model import Channel, NewEntry, NewPerson
from rjournal.store.errors import NotFound
from rjournal.store.journal import Journal
from tests.app.apps import bare_app
from tests.app.journals import HOSTILE_NAMES, HOSTILE_NOTE
from tests.conftest import TODAY


def text_of(app: JournalApp, selector: str) -> str:
    return str(app.screen.query_one(selector, Static).visual)


def list_text(app: JournalApp, selector: str) -> str:
    option_list = app.screen.query_one(selector, OptionList)
    return "\n".join(
        str(option_list.get_option_at_index(i).prompt) for i in range(option_list.option_count)
    )


async def test_person_screen_shows_profile_family_promises_timeline(
    db_path: Path, hero: dict[str, int]
) -> None:
    ids = hero
    app = bare_app(db_path)
    async with app.run_test(size=(100, 30)) as pilot:
        await app.push_screen(PersonScreen(app.context, ids["maria"]))
        await pilot.pause()
        header = text_of(app, "#header")
        assert "Maria Sánchez" in header and "CTO at Northwind" in header
        profile = text_of(app, "#profile")
        for expected in (
            "Valencia",
            "14 Mar 1984, 42",
            "Jordi",
            "text, never before 10",
            "#client #friend",
            "monthly (your own)",
            "not a fan of long calls",
        ):
            assert expected in profile
        family = list_text(app, "#family")
        assert "Leo, 7" in family and "Luna (dog), 5" in family
        assert "Rex (dog), in memory, 2012–2025" in family
        assert "Rex (dog)," not in family.replace("Rex (dog), in memory", "")
        engine = text_of(app, "#engine")
        assert "Due" in engine and "Send her the climbing article" in engine
        assert "Rex" not in engine  # a pet that has passed away is never small talk
        assert "Wedding anniversary" in list_text(app, "#occasions")
        promises = app.screen.query_one("#promises", OptionList)
        assert promises.option_count == 2
        assert app.screen.query_one("#done").display
        items = list(app.screen.query(EntryItem))
        days = [item.entry.on for item in items]
        assert days == sorted(days, reverse=True) and len(items) == 10
        with_bob = next(i for i in items if i.entry.id == ids["with_bob"])
        shown = str(with_bob.visual)
        assert "with Bob Moss" in shown and "meal" in shown and "Second line." in shown
        assert sum(app.screen.query_one(RhythmChart).data[i][1] for i in range(12)) == 9


async def test_enter_on_a_kid_edits_that_kid(db_path: Path, hero: dict[str, int]) -> None:
    ids = hero
    app = bare_app(db_path)
    async with app.run_test(size=(100, 30)) as pilot:
        await app.push_screen(PersonScreen(app.context, ids["maria"]))
        await pilot.pause()
        family = app.screen.query_one("#family", OptionList)
        family.focus()
        family.highlighted = next(
            i
            for i in range(family.option_count)
            if str(family.get_option_at_index(i).prompt).startswith("Leo")
        )
        await pilot.press("enter")
        await pilot.pause()
        assert app.screen.__class__.__name__ == "KidFormModal"
        notes = app.screen.query_one("#notes", Input)
        notes.value = "loves dinosaurs"
        await pilot.press("ctrl+s")
        await pilot.pause()
        leo = next(k for k in app.journal.kids(ids["maria"]) if k.name == "Leo")
        assert leo.notes == "loves dinosaurs"
        assert leo.birthday == YearlyDate(9, 3, 2019)  # untouched fields are kept
        assert len(app.journal.kids(ids["maria"])) == 2  # edited, not added


@pytest.mark.parametrize("size", [(80, 24), (100, 30), (160, 50)])
async def test_tab_onto_the_kids_and_pets_puts_the_cursor_on_a_row_and_enter_edits_it(
    db_path: Path, hero: dict[str, int], size: tuple[int, int]
) -> None:
    """Issue 13, item 14: tabbing into the family list highlights a row; enter acts at once."""
    ids = hero
    app = bare_app(db_path)
    async with app.run_test(size=size) as pilot:
        await app.push_screen(PersonScreen(app.context, ids["maria"]))
        await pilot.pause()
        family = app.screen.query_one("#family", OptionList)
        for _ in range(10):  # tab as a person would, no arrow key
            if app.screen.focused is family:
                break
            await pilot.press("tab")
            await pilot.pause()
        assert app.screen.focused is family
        assert family.highlighted == 0
        await pilot.press("enter")
        await pilot.pause()
        assert app.screen.__class__.__name__ in {"KidFormModal", "PetFormModal"}


async def test_d_marks_the_selected_promise_done_u_undoes_and_a_done_one_reopens(
    db_path: Path, hero: dict[str, int]
) -> None:
    ids = hero
    app = bare_app(db_path)
    async with app.run_test(size=(100, 30)) as pilot:
        await app.push_screen(PersonScreen(app.context, ids["maria"]))
        await pilot.pause()
        # Nothing selected: d marks nothing done, it moves to the promises to choose one.
        await pilot.press("d")
        await pilot.pause()
        assert app.journal.promise(ids["overdue"]).done_on is None
        assert app.journal.promise(ids["later"]).done_on is None
        promises = app.screen.query_one("#promises", OptionList)
        assert app.screen.focused is promises
        # The second promise, chosen, is the one marked done.
        await pilot.press("down", "d")
        await pilot.pause()
        assert app.journal.promise(ids["later"]).done_on == TODAY
        assert app.journal.promise(ids["overdue"]).done_on is None
        assert promises.option_count == 1
        # u takes it back.
        await pilot.press("u")
        await pilot.pause()
        assert app.journal.promise(ids["later"]).done_on is None
        assert promises.option_count == 2
        # A done promise can be reopened: d on it in the Done list (u would close it again).
        done = app.screen.query_one("#done-promises", OptionList)
        done.focus()
        await pilot.pause()
        await pilot.press("d")
        await pilot.pause()
        assert app.journal.promise(ids["done"]).done_on is None
        assert promises.option_count == 3
        await pilot.press("u")
        await pilot.pause()
        assert app.journal.promise(ids["done"]).done_on == TODAY - timedelta(days=20)


async def test_enter_on_a_promise_edits_its_text_and_due_day(
    db_path: Path, hero: dict[str, int]
) -> None:
    ids = hero
    app = bare_app(db_path)
    before = app.journal.promise(ids["later"])
    async with app.run_test(size=(100, 30)) as pilot:
        await app.push_screen(PersonScreen(app.context, ids["maria"]))
        await pilot.pause()
        promises = app.screen.query_one("#promises", OptionList)
        promises.focus()
        promises.highlighted = next(
            i
            for i in range(promises.option_count)
            if promises.get_option_at_index(i).id == str(ids["later"])
        )
        await pilot.press("enter")
        await pilot.pause()
        assert app.screen.__class__.__name__ == "PromiseFormModal"
        text = app.screen.query_one("#promise", Input)
        assert text.value == before.text  # filled in
        text.value = "send the [red] article, annotated"
        app.screen.query_one("#due", Input).value = "Dec 24"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.screen.__class__.__name__ == "PersonScreen"
        after = app.journal.promise(ids["later"])
        assert (after.text, after.due) == ("send the [red] article, annotated", date(2026, 12, 24))
        assert after.created_on == before.created_on and after.done_on is None
        assert len(app.journal.promises(ids["maria"], open_only=True)) == 2  # edited, not added
        prompts = [str(promises.get_option_at_index(i).prompt) for i in range(2)]
        assert any("send the [red] article, annotated" in p for p in prompts)


async def test_backspace_removes_the_selected_kid_or_promise_and_u_brings_it_back(
    db_path: Path,
    hero: dict[str, int],
) -> None:
    ids = hero
    app = bare_app(db_path)
    async with app.run_test(size=(100, 30)) as pilot:
        await app.push_screen(PersonScreen(app.context, ids["maria"]))
        await pilot.pause()
        leo = next(k for k in app.journal.kids(ids["maria"]) if k.name == "Leo")
        family = app.screen.query_one("#family", OptionList)
        family.focus()
        family.highlighted = next(
            i
            for i in range(family.option_count)
            if family.get_option_at_index(i).id == f"kid:{leo.id}"
        )
        await pilot.press("backspace")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmModal)
        assert "Remove the kid Leo?" in str(app.screen.query_one("#question", Label).visual)
        await pilot.press("escape")  # no: nothing removed
        await pilot.pause()
        assert any(k.name == "Leo" for k in app.journal.kids(ids["maria"]))
        await pilot.press("backspace")
        await pilot.pause()
        await pilot.press("tab", "enter")  # "Remove" (No is focused first)
        await pilot.pause()
        assert not any(k.name == "Leo" for k in app.journal.kids(ids["maria"]))
        await pilot.press("u")
        await pilot.pause()
        back = next(k for k in app.journal.kids(ids["maria"]) if k.name == "Leo")
        assert (back.birthday, back.notes, back.passed_on) == (
            leo.birthday, leo.notes, leo.passed_on,
        )  # fmt: skip

        before = app.journal.promise(ids["later"])
        promises = app.screen.query_one("#promises", OptionList)
        promises.focus()
        promises.highlighted = next(
            i
            for i in range(promises.option_count)
            if promises.get_option_at_index(i).id == str(ids["later"])
        )
        await pilot.press("backspace")
        await pilot.pause()
        await pilot.press("tab", "enter")
        await pilot.pause()
        texts = [p.text for p in app.journal.promises(ids["maria"], open_only=True)]
        assert before.text not in texts
        await pilot.press("u")
        await pilot.pause()
        again = app.journal.promises(ids["maria"], open_only=True)
        assert any((p.text, p.due, p.created_on) == (before.text, before.due, before.created_on)
                   for p in again)  # fmt: skip
        # Nothing selected in a list: backspace says so and removes nothing.
        app.set_focus(None)
        await pilot.press("backspace")
        await pilot.pause()
        assert isinstance(app.screen, PersonScreen)


async def test_entry_id_highlights_and_scrolls_to_the_entry(
    db_path: Path, hero: dict[str, int]
) -> None:
    ids = hero
    app = bare_app(db_path)
    async with app.run_test(size=(100, 30)) as pilot:
        await app.push_screen(PersonScreen(app.context, ids["maria"], entry_id=ids["oldest"]))
        await pilot.pause()
        await pilot.pause()
        item = app.screen.query_one(Timeline).item(ids["oldest"])
        assert item is not None and item.has_class("-highlight")
        others = [i for i in app.screen.query(EntryItem) if i is not item]
        assert not any(i.has_class("-highlight") for i in others)
        assert app.screen.query_one("#body").scroll_y > 0
        assert item.region.y >= 0  # on screen


async def test_delete_asks_then_undo_restores(db_path: Path, hero: dict[str, int]) -> None:
    ids = hero
    app = bare_app(db_path)
    async with app.run_test(size=(100, 30)) as pilot:
        await app.push_screen(PersonScreen(app.context, ids["maria"]))
        await pilot.pause()
        await pilot.press("x")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmModal)
        await pilot.press("n")
        await pilot.pause()
        assert isinstance(app.screen, PersonScreen)
        assert app.journal.person(ids["maria"]).name == "Maria Sánchez"
        await pilot.press("delete")
        await pilot.pause()
        await pilot.press("y")
        await pilot.pause()
        assert not isinstance(app.screen, PersonScreen)
        try:
            app.journal.person(ids["maria"])
            raise AssertionError("still there")
        except NotFound:
            pass
        assert app.journal.person(ids["maria"], deleted=True).name == "Maria Sánchez"
        assert app.context.undo.undo_last(app.journal) == "Maria Sánchez"
        assert app.journal.person(ids["maria"]).name == "Maria Sánchez"
        assert app.context.undo.undo_last(app.journal) is None  # nothing left to undo


async def test_archive_toggles(db_path: Path, hero: dict[str, int]) -> None:
    ids = hero
    app = bare_app(db_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await app.push_screen(PersonScreen(app.context, ids["maria"]))
        await pilot.pause()
        await pilot.press("A")
        await pilot.pause()
        assert app.journal.person(ids["maria"]).archived
        assert "archived" in text_of(app, "#header")
        await pilot.press("A")
        await pilot.pause()
        assert not app.journal.person(ids["maria"]).archived


# -- editing and deleting timeline entries -----------------------------------------------


def timeline_of(app: JournalApp) -> Timeline:
    return app.screen.query_one(Timeline)


async def select_entry(app: JournalApp, pilot: Pilot[None], entry_id: int) -> None:
    """t focuses the timeline; down moves the cursor until it is on the entry."""
    await pilot.press("t")
    await pilot.pause()
    timeline = timeline_of(app)
    assert timeline.has_focus
    for _ in range(len(timeline.items)):
        selected = timeline.selected
        if selected is not None and selected.id == entry_id:
            break
        await pilot.press("down")
    await pilot.pause()
    selected = timeline.selected
    assert selected is not None and selected.id == entry_id
    item = timeline.item(entry_id)
    assert item is not None and item.has_class("-selected")


def last_contact(app: JournalApp, person_id: int) -> str | None:
    row = app.journal.conn.execute(
        "SELECT last_contact FROM people WHERE id = ?", (person_id,)
    ).fetchone()
    return None if row[0] is None else str(row[0])


async def test_e_on_an_entry_edits_its_date_and_text(db_path: Path, hero: dict[str, int]) -> None:
    ids = hero
    app = bare_app(db_path)
    async with app.run_test(size=(100, 30)) as pilot:
        await app.push_screen(PersonScreen(app.context, ids["maria"]))
        await pilot.pause()
        before = app.journal.entry(ids["with_bob"])
        await select_entry(app, pilot, ids["with_bob"])
        await pilot.press("e")
        await pilot.pause()
        assert isinstance(app.screen, QuickLogModal)
        assert str(app.screen.query_one("#form-title", Label).visual) == "Edit an interaction"
        # Filled in with the entry as it is.
        assert app.screen.query_one("#person", Input).value == "Maria Sánchez"
        assert app.screen.query_one("#others", Input).value == "Bob Moss"
        assert app.screen.query_one("#channel", Select).value is Channel.MEAL
        assert app.screen.query_one("#date", Input).value == before.on.isoformat()
        assert "Tue 10 Nov 2026 (12 days ago)" in str(
            app.screen.query_one("#date-preview", Label).visual
        )
        text = app.screen.query_one("#text", TextArea)
        assert text.text == "Lunch with Bob too.\nSecond line." and text.has_focus
        app.screen.query_one("#date", Input).value = "yesterday"
        text.text = "Lunch moved to Saturday."
        await pilot.pause()
        assert "Sat 21 Nov 2026 (yesterday)" in str(
            app.screen.query_one("#date-preview", Label).visual
        )
        entries_before = app.journal.conn.execute("SELECT count(*) FROM entries").fetchone()
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, PersonScreen)
        after = app.journal.entry(ids["with_bob"])
        assert after.on == TODAY - timedelta(days=1) and after.text == "Lunch moved to Saturday."
        assert after.channel is Channel.MEAL and set(after.people) == set(before.people)
        assert app.journal.conn.execute("SELECT count(*) FROM entries").fetchone() == entries_before
        # Re-derived for everyone in it, and shown: the entry is now the newest, still selected.
        yesterday = (TODAY - timedelta(days=1)).isoformat()
        assert last_contact(app, ids["maria"]) == last_contact(app, ids["bob"]) == yesterday
        assert "Sat 21 Nov 2026 (yesterday)" in text_of(app, "#profile")
        timeline = timeline_of(app)
        assert timeline.items[0].entry.id == ids["with_bob"]
        assert "Lunch moved to Saturday." in str(timeline.items[0].visual)
        selected = timeline.selected
        assert selected is not None and selected.id == ids["with_bob"]
        assert sum(count for _, count in app.screen.query_one(RhythmChart).data) == 9


async def test_editing_who_was_there_moves_the_entry_between_timelines(
    db_path: Path, hero: dict[str, int]
) -> None:
    ids = hero
    app = bare_app(db_path)
    async with app.run_test(size=(100, 30)) as pilot:
        await app.push_screen(PersonScreen(app.context, ids["maria"]))
        await pilot.pause()
        await select_entry(app, pilot, ids["with_bob"])
        await pilot.press("enter")  # enter edits too, as on kids, pets and occasions
        await pilot.pause()
        others = app.screen.query_one("#others", Input)
        others.value = "zoe"
        await pilot.pause()
        assert "Zoë Ångström" in str(app.screen.query_one("#others-preview", Label).visual)
        await pilot.press("ctrl+s")
        await pilot.pause()
        entry = app.journal.entry(ids["with_bob"])
        assert set(entry.people) == {ids["maria"], ids["zoe"]}
        assert ids["with_bob"] not in [e.id for e in app.journal.timeline(ids["bob"])]
        assert last_contact(app, ids["bob"]) is None  # that lunch was his only contact
        assert last_contact(app, ids["zoe"]) == entry.on.isoformat()
        item = timeline_of(app).item(ids["with_bob"])
        assert item is not None and "with Zoë Ångström" in str(item.visual)


async def test_escape_cancels_an_edit_without_writing(db_path: Path, hero: dict[str, int]) -> None:
    ids = hero
    app = bare_app(db_path)
    async with app.run_test(size=(100, 30)) as pilot:
        await app.push_screen(PersonScreen(app.context, ids["maria"]))
        await pilot.pause()
        before = app.journal.entry(ids["with_bob"])
        version = app.journal.data_version()
        changes = app.journal.conn.total_changes
        await select_entry(app, pilot, ids["with_bob"])
        await pilot.press("e")
        await pilot.pause()
        await pilot.press(*" and more")
        app.screen.query_one("#date", Input).value = "Nov 1"
        await pilot.pause()
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmModal)  # changes are thrown away only after asking
        await pilot.press("y")
        await pilot.pause()
        assert isinstance(app.screen, PersonScreen)
        assert app.journal.entry(ids["with_bob"]) == before
        assert app.journal.conn.total_changes == changes
        assert app.journal.data_version() == version


async def test_a_bad_date_shows_inline_and_keeps_what_was_typed(
    db_path: Path, hero: dict[str, int]
) -> None:
    ids = hero
    app = bare_app(db_path)
    async with app.run_test(size=(100, 30)) as pilot:
        await app.push_screen(PersonScreen(app.context, ids["maria"]))
        await pilot.pause()
        before = app.journal.entry(ids["note"])
        await select_entry(app, pilot, ids["note"])
        await pilot.press("e")
        await pilot.pause()
        assert str(app.screen.query_one("#form-title", Label).visual) == "Edit a note"
        await pilot.press(*" Ask how it went.")
        for bad, why in (("27.08", "can't read"), ("tomorrow", "in the future")):
            app.screen.query_one("#date", Input).value = bad
            await pilot.pause()
            await pilot.press("ctrl+s")
            await pilot.pause()
            assert isinstance(app.screen, QuickLogModal)
            preview = app.screen.query_one("#date-preview", Label)
            assert why in str(preview.visual) and preview.has_class("-error")
            typed = app.screen.query_one("#text", TextArea).text
            assert typed == "Leo starts school in January. Ask how it went."
            assert app.screen.query_one("#date", Input).value == bad
        assert app.journal.entry(ids["note"]) == before


async def test_a_note_can_become_an_interaction(db_path: Path, hero: dict[str, int]) -> None:
    ids = hero
    app = bare_app(db_path)
    async with app.run_test(size=(100, 30)) as pilot:
        await app.push_screen(PersonScreen(app.context, ids["maria"]))
        await pilot.pause()
        last = last_contact(app, ids["maria"])
        await select_entry(app, pilot, ids["note"])
        await pilot.press("e")
        await pilot.pause()
        channel_row = app.screen.query_one(".interaction-only")
        assert not channel_row.display or channel_row.has_class("-hidden")
        app.screen.query_one("#kind", Select).value = "interaction"
        await pilot.pause()
        assert not channel_row.has_class("-hidden")
        assert str(app.screen.query_one("#form-title", Label).visual) == "Edit an interaction"
        app.screen.query_one("#channel", Select).value = Channel.CALL
        await pilot.press("ctrl+s")
        await pilot.pause()
        entry = app.journal.entry(ids["note"])
        assert entry.kind == "interaction" and entry.channel is Channel.CALL
        assert entry.text == "Leo starts school in January."
        assert last_contact(app, ids["maria"]) == entry.on.isoformat() != last


async def test_x_on_an_entry_asks_deletes_and_u_brings_it_back(
    db_path: Path, hero: dict[str, int]
) -> None:
    ids = hero
    app = bare_app(db_path)
    async with app.run_test(size=(100, 30)) as pilot:
        await app.push_screen(PersonScreen(app.context, ids["maria"]))
        await pilot.pause()
        before = app.journal.entry(ids["with_bob"])
        assert last_contact(app, ids["bob"]) == before.on.isoformat()
        await select_entry(app, pilot, ids["with_bob"])
        await pilot.press("x")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmModal)
        question = str(app.screen.query_one("#question", Label).visual)
        assert "meal of Tue 10 Nov 2026" in question and "Lunch with Bob too." in question
        await pilot.press("n")
        await pilot.pause()
        assert app.journal.entry(ids["with_bob"]) == before
        await pilot.press("delete")
        await pilot.pause()
        await pilot.press("y")
        await pilot.pause()
        assert isinstance(app.screen, PersonScreen)  # the entry went, not the person
        assert app.journal.person(ids["maria"]).name == "Maria Sánchez"
        try:
            app.journal.entry(ids["with_bob"])
            raise AssertionError("still there")
        except NotFound:
            pass
        timeline = timeline_of(app)
        assert timeline.item(ids["with_bob"]) is None and len(timeline.items) == 9
        assert last_contact(app, ids["bob"]) is None
        assert last_contact(app, ids["maria"]) == (TODAY - timedelta(days=33)).isoformat()
        assert "Tue 20 Oct 2026 (33 days ago) via coffee" in text_of(app, "#profile")
        assert "33 days since coffee" in text_of(app, "#engine")
        assert sum(count for _, count in app.screen.query_one(RhythmChart).data) == 8
        await pilot.press("u")
        await pilot.pause()
        back = app.journal.timeline(ids["bob"])
        assert len(back) == 1
        (restored,) = back
        assert restored.id != ids["with_bob"]  # written again: a new id
        assert (restored.kind, restored.on, restored.text, restored.channel) == (
            before.kind,
            before.on,
            before.text,
            before.channel,
        )
        assert set(restored.people) == set(before.people)
        assert last_contact(app, ids["bob"]) == before.on.isoformat()
        assert timeline_of(app).item(restored.id or 0) is not None
        assert "33 days since coffee" not in text_of(app, "#engine")
        assert "Tue 10 Nov 2026 (12 days ago) via meal" in text_of(app, "#profile")
        assert sum(count for _, count in app.screen.query_one(RhythmChart).data) == 9


async def test_x_outside_the_timeline_still_deletes_the_person(
    db_path: Path, hero: dict[str, int]
) -> None:
    ids = hero
    app = bare_app(db_path)
    async with app.run_test(size=(100, 30)) as pilot:
        await app.push_screen(PersonScreen(app.context, ids["maria"]))
        await pilot.pause()
        await select_entry(app, pilot, ids["note"])
        # Leaving the timeline hides its cursor, and x means the person again.
        app.screen.query_one("#promises", OptionList).focus()
        await pilot.pause()
        assert not any(i.has_class("-selected") for i in timeline_of(app).items)
        await pilot.press("x")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmModal)
        assert "to the trash" in str(app.screen.query_one("#question", Label).visual)


async def test_editing_hostile_text_shows_it_literally_and_keeps_it(db_path: Path) -> None:
    with Journal.open(db_path) as journal:
        ids = [journal.add_person(NewPerson(name=n, added_on=TODAY)) for n in HOSTILE_NAMES]
        entry_id = journal.add_entry(
            NewEntry("note", TODAY, HOSTILE_NOTE, people=tuple(ids)),
            created_at=datetime(2026, 11, 22, 9),
        )
    app = bare_app(db_path)
    async with app.run_test(size=(100, 30)) as pilot:
        await app.push_screen(PersonScreen(app.context, ids[0]))
        await pilot.pause()
        await select_entry(app, pilot, entry_id)
        await pilot.press("e")
        await pilot.pause()
        assert app.screen.query_one("#person", Input).value == HOSTILE_NAMES[0]
        assert app.screen.query_one("#others", Input).value == ", ".join(HOSTILE_NAMES[1:])
        shown = app.screen.query_one("#text", TextArea).text
        assert shown == "line one [b]\n\\x1b[31mred?\\x07 [/]" and "\x1b" not in shown
        await pilot.press("ctrl+s")  # untouched: the text is kept exactly, escapes and all
        await pilot.pause()
        after = app.journal.entry(entry_id)
        assert after.text == HOSTILE_NOTE and set(after.people) == set(ids)
        await pilot.press("x")
        await pilot.pause()
        question = str(app.screen.query_one("#question", Label).visual)
        assert "line one [b] \\x1b[31mred?\\x07 [/]" in question and "\x1b" not in question
        await pilot.press("y")
        await pilot.pause()
        await pilot.press("u")
        await pilot.pause()
        (restored,) = app.journal.timeline(ids[0])
        assert restored.text == HOSTILE_NOTE and set(restored.people) == set(ids)
        # Each of them has a screen whose header and timeline show them as typed.
        await pilot.press("escape")
        for person_id, name in zip(ids, HOSTILE_NAMES, strict=True):
            await app.push_screen(PersonScreen(app.context, person_id))
            await pilot.pause()
            assert name in text_of(app, "#header")
            (item,) = app.screen.query(EntryItem)
            assert "\\x1b[31mred?\\x07 [/]" in str(item.visual)
            await pilot.press("escape")
            await pilot.pause()
        assert app.is_running


async def test_a_click_selects_an_entry_and_a_double_click_edits_it(
    db_path: Path, hero: dict[str, int]
) -> None:
    ids = hero
    app = bare_app(db_path)
    async with app.run_test(size=(100, 30)) as pilot:
        await app.push_screen(PersonScreen(app.context, ids["maria"]))
        await pilot.pause()
        timeline = timeline_of(app)
        item = timeline.item(ids["with_bob"])
        assert item is not None
        item.scroll_visible(animate=False, immediate=True)
        await pilot.pause()
        assert await pilot.click(item, offset=(2, 0))
        await pilot.pause()
        assert timeline.has_focus and item.has_class("-selected")
        selected = timeline.selected
        assert selected is not None and selected.id == ids["with_bob"]
        assert await pilot.double_click(item, offset=(2, 0))
        await pilot.pause()
        assert isinstance(app.screen, QuickLogModal)
        assert app.screen.query_one("#others", Input).value == "Bob Moss"


async def test_down_past_the_last_entry_loads_older_and_a_refresh_keeps_them(
    db_path: Path, hero: dict[str, int], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(person_screen, "TIMELINE_PAGE", 3)
    ids = hero
    app = bare_app(db_path)
    async with app.run_test(size=(100, 30)) as pilot:
        await app.push_screen(PersonScreen(app.context, ids["maria"]))
        await pilot.pause()
        timeline = timeline_of(app)
        await pilot.press("t", "down", "down")
        await pilot.pause()
        assert len(timeline.items) == 3 and timeline.cursor == 2
        await pilot.press("down")
        await pilot.pause()
        assert len(timeline.items) == 6 and timeline.cursor == 3
        fourth = timeline.selected
        assert fourth is not None and fourth.id is not None
        await pilot.press("e")
        await pilot.pause()
        app.screen.query_one("#text", TextArea).text = "Changed on page two"
        await pilot.press("ctrl+s")
        await pilot.pause()
        # Still six shown, still on the entry just edited.
        assert len(timeline.items) == 6
        selected = timeline.selected
        assert selected is not None and selected.id == fourth.id
        assert selected.text == "Changed on page two"


@pytest.mark.parametrize("width", [80, 100, 160])
async def test_the_footer_shows_only_keys_that_fit_whole_and_help(
    db_path: Path, hero: dict[str, int], width: int
) -> None:
    from textual.widgets import Footer
    from textual.widgets._footer import FooterKey

    def key_width(key: FooterKey) -> int:
        return len(key.key_display) + len(key.description) + 3

    app = bare_app(db_path)
    async with app.run_test(size=(width, 30)) as pilot:
        await app.push_screen(PersonScreen(app.context, hero["maria"]))
        await pilot.pause()
        footer = app.screen.query_one(Footer)
        keys = list(footer.query(FooterKey))
        shown = [k for k in keys if k.display]
        # Whole keys only: what is shown (the palette's included) fits the width.
        assert sum(k.outer_size.width for k in shown) <= width
        assert all(k.outer_size.width == key_width(k) for k in shown if k.description != "palette")
        descriptions = [k.description for k in shown]
        assert "Help" in descriptions
        if width >= 100:
            assert {"Snooze", "Archive"} <= set(descriptions)
        if width == 80:
            assert len(shown) < len(keys)  # the rest are behind ? and the palette


async def test_the_palette_offers_the_screens_keys_the_footer_has_no_room_for(
    db_path: Path, hero: dict[str, int]
) -> None:
    from textual.command import CommandPalette

    from rjournal.app.modals.forms import SnoozeFormModal

    app = bare_app(db_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await app.push_screen(PersonScreen(app.context, hero["maria"]))
        await pilot.pause()
        await pilot.press("ctrl+p")
        await pilot.pause()
        assert isinstance(app.screen, CommandPalette)
        await pilot.press(*"snooze")
        await pilot.pause(0.5)
        await pilot.press("enter")
        await pilot.pause(0.2)
        assert isinstance(app.screen, SnoozeFormModal)
