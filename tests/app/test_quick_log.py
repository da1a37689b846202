"""The quick log: resolves people, reads dates like the command line, saves in one write."""

from __future__ import annotations

import stat
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest
from textual.widgets import Checkbox, Input, Label, Select, TextArea

from rjournal.app.app import JournalApp
from rjournal.app.drafts import QuickLogDraft, draft_path, load_draft, save_draft
from rjournal.app.modals import quick_log
from rjournal.app.modals.confirm import ConfirmModal
from rjournal.app.modals.quick_log import QuickLogModal, entry_form
from rjournal.domain.model import Channel, Entry, NewEntry, NewPerson
from rjournal.store.journal import Journal
from tests.app.apps import bare_app
from tests.conftest import TODAY


def count(app: JournalApp, table: str) -> int:
    return int(app.journal.conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0])


def label(app: JournalApp, selector: str) -> str:
    return str(app.screen.query_one(selector, Label).visual)


def field(app: JournalApp, field_id: str) -> Input:
    return app.screen.query_one(f"#{field_id}", Input)


async def test_quick_log_saves_one_entry_for_everyone_present(
    db_path: Path, hero: dict[str, int]
) -> None:
    ids = hero
    app = bare_app(db_path)
    async with app.run_test(size=(100, 30)) as pilot:
        results: list[int | None] = []
        await app.push_screen(QuickLogModal(app.context), results.append)
        await pilot.pause()
        await pilot.press(*"zoe")  # accent-insensitive
        await pilot.pause()
        assert "Zoë Ångström" in label(app, "#person-preview")
        field(app, "others").value = "bob, maria"
        app.screen.query_one("#channel", Select).value = Channel.CALL
        field(app, "date").value = "yesterday"
        await pilot.pause()
        assert "Sat 21 Nov 2026" in label(app, "#date-preview")
        app.screen.query_one("#from-them", Checkbox).value = True
        app.screen.query_one("#text", TextArea).text = "Called about the trip.\nAll good."
        before = count(app, "entries")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert not isinstance(app.screen, QuickLogModal)
        assert count(app, "entries") == before + 1
        (entry_id,) = results
        assert entry_id is not None
        entry = app.journal.entry(entry_id)
        assert entry.kind == "interaction" and entry.channel is Channel.CALL and entry.from_them
        assert entry.on == TODAY - timedelta(days=1)
        assert entry.text == "Called about the trip.\nAll good."
        assert set(entry.people) == {ids["zoe"], ids["bob"], ids["maria"]}
        for person_id in (ids["zoe"], ids["bob"]):
            row = app.journal.conn.execute(
                "SELECT last_contact FROM people WHERE id = ?", (person_id,)
            ).fetchone()
            assert row[0] == (TODAY - timedelta(days=1)).isoformat()
        assert not draft_path(db_path).exists()


async def test_month_name_date_and_prefilled_person(db_path: Path, hero: dict[str, int]) -> None:
    ids = hero
    app = bare_app(db_path)
    async with app.run_test(size=(100, 30)) as pilot:
        await app.push_screen(QuickLogModal(app.context, person_id=ids["maria"]))
        await pilot.pause()
        assert "Maria Sánchez" in label(app, "#person-preview")
        # The preferred channel is the default.
        assert app.screen.query_one("#channel", Select).value is Channel.MESSAGE
        field(app, "date").value = "Nov 20"
        await pilot.press(*"hi")
        await pilot.press("ctrl+s")
        await pilot.pause()
        (entry,) = app.journal.timeline(ids["maria"], limit=1)
        assert entry.on == date(2026, 11, 20) and entry.text == "hi"


async def test_bad_and_future_dates_show_inline_and_save_nothing(
    db_path: Path, hero: dict[str, int]
) -> None:
    ids = hero
    app = bare_app(db_path)
    async with app.run_test(size=(100, 30)) as pilot:
        await app.push_screen(QuickLogModal(app.context, person_id=ids["maria"]))
        await pilot.pause()
        await pilot.press(*"we talked")
        before = count(app, "entries")
        for bad, why in (("27.08", "can't read"), ("tomorrow", "in the future")):
            field(app, "date").value = bad
            await pilot.pause()
            assert why in label(app, "#date-preview")
            assert app.screen.query_one("#date-preview").has_class("-error")
            await pilot.press("ctrl+s")
            await pilot.pause()
            assert isinstance(app.screen, QuickLogModal)
            assert count(app, "entries") == before
            assert app.screen.query_one("#text", TextArea).text == "we talked"


async def test_unknown_person_is_an_inline_error(db_path: Path, hero: dict[str, int]) -> None:
    app = bare_app(db_path)
    async with app.run_test(size=(100, 30)) as pilot:
        await app.push_screen(QuickLogModal(app.context))
        await pilot.pause()
        field(app, "person").value = "Nobody Here"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, QuickLogModal)
        assert "no one called" in label(app, "#person-preview")
        assert app.screen.query_one("#person-error").has_class("-shown")
        assert field(app, "person").value == "Nobody Here"


async def test_escape_asks_before_throwing_away_what_was_typed(
    db_path: Path, hero: dict[str, int], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(quick_log, "DRAFT_DELAY", 0.05)
    ids = hero
    app = bare_app(db_path)
    async with app.run_test(size=(100, 30)) as pilot:
        before = count(app, "entries")
        await app.push_screen(QuickLogModal(app.context, person_id=ids["maria"]))
        await pilot.pause()
        await pilot.press(*"half a thought")
        await pilot.pause(0.2)  # past the draft delay
        assert draft_path(db_path).exists()
        assert stat.S_IMODE(draft_path(db_path).stat().st_mode) == 0o600
        assert load_draft(db_path) is not None
        # Escape asks; "no" goes back to the form with the text as it was.
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmModal)
        await pilot.press("n")
        await pilot.pause()
        assert isinstance(app.screen, QuickLogModal)
        assert app.screen.query_one("#text", TextArea).text == "half a thought"
        assert draft_path(db_path).exists()
        # "Yes" throws it away: nothing written, no draft left.
        await pilot.press("escape")
        await pilot.pause()
        await pilot.press("y")
        await pilot.pause()
        assert not isinstance(app.screen, QuickLogModal | ConfirmModal)
        assert count(app, "entries") == before
        assert not draft_path(db_path).exists()


async def test_escape_closes_at_once_when_nothing_was_typed(
    db_path: Path, hero: dict[str, int]
) -> None:
    app = bare_app(db_path)
    async with app.run_test(size=(100, 30)) as pilot:
        await app.push_screen(QuickLogModal(app.context, person_id=hero["maria"]))
        await pilot.pause()
        await pilot.press("escape")
        await pilot.pause()
        assert not isinstance(app.screen, QuickLogModal | ConfirmModal)


async def test_long_errors_wrap_inside_the_form(db_path: Path, hero: dict[str, int]) -> None:
    with Journal.open(db_path) as journal:
        for name in ("Ann Lee", "Ann Leeds", "Ann Leeming", "Ann Leeward"):
            journal.add_person(NewPerson(name=name, added_on=TODAY))
    app = bare_app(db_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await app.push_screen(QuickLogModal(app.context))
        await pilot.pause()
        field(app, "person").value = "ann"
        field(app, "date").value = "08/27"
        await pilot.pause()
        for selector in ("#person-preview", "#date-preview"):
            preview = app.screen.query_one(selector, Label)
            message = str(preview.visual)
            assert len(message) > preview.parent.content_region.width  # type: ignore[union-attr]
            # Wrapped within the field, every word on screen (the last id, the whole hint).
            assert preview.region.right <= app.screen.query_one("#form").region.right
            assert preview.size.height >= 2


async def test_a_draft_left_by_a_crash_comes_back(db_path: Path, hero: dict[str, int]) -> None:
    save_draft(
        db_path,
        QuickLogDraft(
            person="bob", channel="coffee", on="yesterday", from_them=True, text="About the move"
        ),
    )
    app = bare_app(db_path)
    async with app.run_test(size=(100, 30)) as pilot:
        await app.push_screen(QuickLogModal(app.context))
        await pilot.pause()
        assert field(app, "person").value == "bob"
        assert app.screen.query_one("#channel", Select).value is Channel.COFFEE
        assert field(app, "date").value == "yesterday"
        assert app.screen.query_one("#from-them", Checkbox).value
        assert app.screen.query_one("#text", TextArea).text == "About the move"
        assert app.screen.query_one("#draft-note").display
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert not draft_path(db_path).exists()
        (entry,) = app.journal.timeline(app.journal.resolve("bob").id or 0, limit=1)
        assert entry.text == "About the move" and entry.channel is Channel.COFFEE


async def test_note_needs_text_and_is_not_a_contact(db_path: Path, hero: dict[str, int]) -> None:
    ids = hero
    app = bare_app(db_path)
    async with app.run_test(size=(100, 30)) as pilot:
        last = app.journal.conn.execute(
            "SELECT last_contact FROM people WHERE id = ?", (ids["bob"],)
        ).fetchone()[0]
        await app.push_screen(QuickLogModal(app.context, person_id=ids["bob"], note=True))
        await pilot.pause()
        assert not app.screen.query("#channel")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.screen.query_one("#text-error").has_class("-shown")
        await pilot.press(*"likes jazz")
        await pilot.press("ctrl+s")
        await pilot.pause()
        (entry,) = app.journal.timeline(ids["bob"], limit=1)
        assert entry.kind == "note" and entry.text == "likes jazz"
        now = app.journal.conn.execute(
            "SELECT last_contact FROM people WHERE id = ?", (ids["bob"],)
        ).fetchone()[0]
        assert now == last


# -- editing an entry ----------------------------------------------------------------------


async def test_editing_never_touches_a_pending_draft(
    db_path: Path, hero: dict[str, int], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(quick_log, "DRAFT_DELAY", 0.05)
    ids = hero
    pending = QuickLogDraft(person="bob", channel="coffee", text="half a thought")
    save_draft(db_path, pending)
    app = bare_app(db_path)
    async with app.run_test(size=(100, 30)) as pilot:
        for finish in ("ctrl+s", "escape"):
            entry = app.journal.entry(ids["note"])
            await app.push_screen(QuickLogModal(app.context, ids["maria"], entry=entry))
            await pilot.pause()
            # The form holds the entry, not the draft.
            assert not app.screen.query_one("#draft-note").display
            text = app.screen.query_one("#text", TextArea)
            assert text.text.startswith("Leo starts school")
            await pilot.press(*" More.")
            await pilot.pause(0.2)  # past the draft delay
            assert load_draft(db_path) == pending
            await pilot.press(finish)
            await pilot.pause()
            assert not isinstance(app.screen, QuickLogModal)
            assert load_draft(db_path) == pending
        assert app.journal.entry(ids["note"]).text == "Leo starts school in January. More."
        # And the quick log still finds it.
        await app.push_screen(QuickLogModal(app.context))
        await pilot.pause()
        assert app.screen.query_one("#text", TextArea).text == "half a thought"


async def test_editing_keeps_the_right_namesake_and_leaves_out_the_trashed(
    db_path: Path,
    hero: dict[str, int],
) -> None:
    ids = hero
    with Journal.open(db_path) as journal:
        other_bob = journal.add_person(NewPerson(name="Bob Moss", added_on=TODAY))
        entry_id = journal.add_entry(
            NewEntry(
                "interaction",
                TODAY - timedelta(days=3),
                "Three of us",
                Channel.CALL,
                people=(ids["maria"], other_bob, ids["zoe"]),
            ),
            created_at=datetime(2026, 11, 20, 9),
        )
        journal.delete_person(ids["zoe"], datetime(2026, 11, 21, 9))
    app = bare_app(db_path)
    async with app.run_test(size=(100, 30)) as pilot:
        await app.push_screen(
            QuickLogModal(app.context, ids["maria"], entry=app.journal.entry(entry_id))
        )
        await pilot.pause()
        # Two people are called Bob Moss: the name filled in means the one in the entry.
        assert field(app, "others").value == "Bob Moss"
        assert "Bob Moss" in label(app, "#others-preview")
        assert "Zoë Ångström" in label(app, "#draft-note")
        assert app.screen.query_one("#draft-note").display
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert not isinstance(app.screen, QuickLogModal)
        entry = app.journal.entry(entry_id)
        assert set(entry.people) == {ids["maria"], other_bob}
        assert entry.text == "Three of us" and entry.channel is Channel.CALL


# -- an entry as the form shows it (no App) ------------------------------------------------


def _entry(*people: int, text: str = "Three of us") -> Entry:
    return Entry("interaction", date(2026, 11, 19), text, Channel.CALL, True, people, id=7)


def test_an_entry_fills_the_form_with_who_each_name_means() -> None:
    names = {1: "Maria Sánchez", 2: "Bob Moss", 3: "Zoë Ångström", 4: "Bob Moss"}
    form = entry_form(_entry(1, 2, 3, 4), 1, names, in_trash={3})
    assert form.draft == QuickLogDraft(
        kind="interaction",
        person="Maria Sánchez",
        others="Bob Moss, 4",  # the second Bob Moss is shown by id: a name must mean one person
        channel="call",
        on="2026-11-19",
        from_them=True,
        text="Three of us",
    )
    assert form.known_person == {"Maria Sánchez": 1}
    assert form.known_others == {"Bob Moss": 2, "4": 4}
    assert form.left_out == ("Zoë Ångström",)


def test_names_that_would_not_read_back_are_shown_by_id() -> None:
    names = {1: "Ann", 2: "Moss, Bob", 3: "   ", 4: "Ann", 5: "Al [/b]\x07"}
    form = entry_form(_entry(1, 2, 3, 4, 5), None, names, in_trash=())
    assert form.draft.person == "Ann"
    assert form.draft.others == "2, 3, 4, Al [/b]\\x07"
    assert form.known_others == {"2": 2, "3": 3, "4": 4, "Al [/b]\\x07": 5}


def test_the_screens_person_first_else_the_first_still_in_the_journal() -> None:
    names = {1: "Ann", 2: "Bob", 3: "Cy"}
    assert entry_form(_entry(1, 2, 3), 3, names, in_trash=()).draft.person == "Cy"
    form = entry_form(_entry(1, 2, 3), 1, names, in_trash={1})
    assert (form.draft.person, form.draft.others, form.left_out) == ("Bob", "Cy", ("Ann",))
    nobody = entry_form(_entry(1), 1, names, in_trash={1})
    assert (nobody.draft.person, nobody.known_person) == ("", {})


def test_the_text_is_shown_with_its_lines_and_no_raw_controls() -> None:
    form = entry_form(_entry(1, text="line one\n\x1b[31mred"), 1, {1: "Ann"}, in_trash=())
    assert form.draft.text == "line one\n\\x1b[31mred"
