"""The app around the screens: themes, palette, help, quick log, crashes, hostile text."""

from __future__ import annotations

import io
from datetime import date
from pathlib import Path
from typing import ClassVar

import pytest
from textual.binding import Binding, BindingType
from textual.command import CommandList

from rjournal.app.app import JournalApp, build_app, safe_traceback
from rjournal.app.screens.help import HelpScreen
from rjournal.app.stylesheets import APP_CSS, SCREENS_CSS
from rjournal.app.widgets.checkin_list import CheckinList
from rjournal.app.widgets.people_list import PeopleList
from rjournal.domain.model import NewPerson
from rjournal.domain.rhythms import Rhythm
from rjournal.store.journal import Journal
from tests.app.apps import bare_app
from tests.conftest import TODAY

HOSTILE_NAMES = [
    "Bob x[/bold]",
    "[@click=app.quit]Click",
    "Ann [red] Lee",
    "Al [/ Moss",
    "Eve \x1b[31mRed",
]


async def _settled(app: JournalApp, pilot: object) -> None:
    from textual.pilot import Pilot

    assert isinstance(pilot, Pilot)
    await pilot.pause()
    await app.workers.wait_for_complete()
    await pilot.pause()


async def test_theme_is_remembered_in_the_journal(demo_db: Path) -> None:
    app = bare_app(demo_db)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        assert app.theme != "nord"
        app.theme = "nord"
        await pilot.pause()
    with Journal.open(demo_db) as journal:
        assert journal.setting("theme") == "nord"
    again = bare_app(demo_db)
    async with again.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        assert again.theme == "nord"


async def test_palette_jumps_to_a_person(demo_db: Path) -> None:
    app = build_app(demo_db, today=TODAY)
    target = app.journal.people_page("", 3, 1)[0]
    async with app.run_test(size=(100, 30)) as pilot:
        await _settled(app, pilot)
        await pilot.press("g")
        await pilot.pause()
        assert app.screen.has_class("--textual-command-palette")
        await pilot.press(*target.name.lower())
        for _ in range(50):
            await pilot.pause(0.05)
            palette = app.screen
            hits = palette.query_one(CommandList).option_count
            if hits:
                break
        assert hits >= 1
        await pilot.press("enter")
        await pilot.pause()
        assert type(app.screen).__name__ == "PersonScreen"
        assert getattr(app.screen, "person_id", None) == target.id


async def test_palette_offers_app_commands_and_textuals(demo_db: Path) -> None:
    app = build_app(demo_db, today=TODAY)
    async with app.run_test(size=(100, 30)) as pilot:
        await _settled(app, pilot)
        await pilot.press("ctrl+p")
        await pilot.pause()
        await pilot.press(*"review")
        for _ in range(50):
            await pilot.pause(0.05)
            options = app.screen.query_one(CommandList)
            prompts = [
                str(options.get_option_at_index(i).prompt) for i in range(options.option_count)
            ]
            if any("Monthly review" in p for p in prompts):
                break
        assert any("Monthly review" in p for p in prompts)
        assert "ReviewScreen" not in {type(s).__name__ for s in app.screen_stack}


async def test_help_lists_every_binding_own_keys_first_said_once(demo_db: Path) -> None:
    from textual.widgets import Label

    from rjournal.app.screens.help import GENERIC_TITLE

    app = build_app(demo_db, today=TODAY)
    async with app.run_test(size=(100, 30)) as pilot:
        await _settled(app, pilot)
        app.screen.query_one(PeopleList).focus()
        await pilot.press("question_mark")
        await pilot.pause()
        help_screen = app.screen
        assert isinstance(help_screen, HelpScreen)
        titles = [g.title for g in help_screen.groups]
        # rjournal's own keys first, by where they work; Textual's generic ones last.
        assert titles[:3] == ["People list", "Home screen", "Everywhere"]
        assert titles[-1] == GENERIC_TITLE
        lines = {line.keys: line.description for g in help_screen.groups for line in g.lines}
        text = "\n".join(f"{k} {d}" for k, d in lines.items())
        for binding in JournalApp.BINDINGS:
            assert isinstance(binding, Binding)
            assert (binding.tooltip or binding.description).casefold() in text.casefold()
        assert "Filter the people" in text  # the home screen's own
        assert "Open this person" in text  # the focused people list's
        # Said once: never "Label (tooltip)" repeating the label.
        assert not any(d.endswith(")") and " (" in d for d in lines.values())
        # Nothing cut or scrolled sideways at 100 columns: every label inside the box.
        box = help_screen.query_one("#help-box").region
        for label in help_screen.query(Label):
            if label.region.height:
                assert label.region.right <= box.right
        await pilot.press("escape")
        assert not isinstance(app.screen, HelpScreen)


async def test_quick_log_takes_the_highlighted_person(demo_db: Path) -> None:
    app = build_app(demo_db, today=TODAY)
    async with app.run_test(size=(100, 30)) as pilot:
        await _settled(app, pilot)
        expected = app.screen.query_one(CheckinList).highlighted_person_id
        await pilot.press("l")
        await pilot.pause()
        assert type(app.screen).__name__ == "QuickLogModal"
        assert getattr(app.screen, "person_id", expected) == expected


class _Boom(RuntimeError):
    pass


def test_crash_report_has_frames_but_no_locals_or_message() -> None:
    secret = "Anna's divorce"

    def inner(private_note: str) -> None:
        raise _Boom(f"cannot save {private_note}")

    try:
        try:
            inner(secret)
        except _Boom as error:
            raise ValueError(secret) from error
    except ValueError as error:
        report = safe_traceback(error).plain
    assert "_Boom" in report and "ValueError" in report
    assert "in inner" in report and "test_app_shell.py" in report
    assert secret not in report and "private_note" not in report


async def test_a_crash_in_the_app_prints_no_user_data(demo_db: Path) -> None:
    secret = "Zelda's secret"
    printed: list[object] = []

    class Crashing(JournalApp):
        BINDINGS: ClassVar[list[BindingType]] = [("x", "crash", "Crash")]

        def action_crash(self) -> None:
            note = secret  # a local that Rich's traceback would print
            raise KeyError(note)

        def _print_error_renderables(self) -> None:
            printed.extend(self._exit_renderables)
            self._exit_renderables.clear()

    app = Crashing(demo_db, today=TODAY)
    with pytest.raises(KeyError):
        async with app.run_test(size=(100, 30)) as pilot:
            await pilot.pause()
            await pilot.press("x")
            await pilot.pause()
    rendered = io.StringIO()
    from rich.console import Console

    console = Console(file=rendered, width=200)
    for renderable in printed:
        console.print(renderable)
    out = rendered.getvalue()
    assert "KeyError" in out
    assert "in action_crash" in out
    assert secret not in out and "note" not in out


def _hostile_journal(path: Path) -> None:
    with Journal.open(path) as journal:
        for name in HOSTILE_NAMES:
            journal.add_person(
                NewPerson(
                    name=name,
                    company="[b]Acme[/b]",
                    added_on=date(2025, 1, 1),
                    rhythm=Rhythm.from_code("1w"),
                    about="notes with \x1b[31m red",
                )
            )


async def test_hostile_names_show_literally(db_path: Path) -> None:
    _hostile_journal(db_path)
    app = build_app(db_path, today=TODAY)
    async with app.run_test(size=(100, 30)) as pilot:
        await _settled(app, pilot)
        screen_text = app.export_screenshot()
        people = app.screen.query_one(PeopleList)
        names = people.visible_names()
        for name in HOSTILE_NAMES:
            assert name in names
        checkins = app.screen.query_one(CheckinList)
        prompts = "\n".join(
            str(checkins.get_option_at_index(i).prompt) for i in range(checkins.option_count)
        )
        for name in ["Bob x[/bold]", "[@click=app.quit]Click", "Ann [red] Lee", "Al [/ Moss"]:
            assert name in prompts
        assert "Eve \\x1b[31mRed" in prompts
        assert "\x1b[31m" not in prompts
        assert screen_text
        await pilot.press("g")
        await pilot.press(*"al [")
        await pilot.pause(0.3)
        assert app.is_running


async def _pick(app: JournalApp, pilot: object, typed: str, wanted: str) -> None:
    """Type into the open palette, wait for a hit containing `wanted`, and choose it."""
    from textual.pilot import Pilot

    assert isinstance(pilot, Pilot)
    await pilot.press(*typed)
    for _ in range(60):
        await pilot.pause(0.05)
        options = app.screen.query_one(CommandList)
        prompts = [str(options.get_option_at_index(i).prompt) for i in range(options.option_count)]
        if prompts and wanted in prompts[0]:
            break
    assert prompts and wanted in prompts[0], prompts
    await pilot.press("enter")
    for _ in range(20):
        await pilot.pause(0.05)
        if not app.screen.has_class("--textual-command-palette"):
            break


async def test_palette_merges_a_duplicate_into_the_record_kept(tmp_path: Path) -> None:
    db = tmp_path / "merge.db"
    with Journal.open(db) as journal:
        kept = journal.add_person(
            NewPerson("Ann [red] Lee", TODAY, company="Acme", tags=("client",))
        )
        dup = journal.add_person(NewPerson("Annie Dup", TODAY, company="Beta", tags=("friend",)))
        journal.add_person(NewPerson("Zed Other", TODAY))
    app = bare_app(db)
    async with app.run_test(size=(100, 30)) as pilot:
        await _settled(app, pilot)
        app.open_person(dup)
        await _settled(app, pilot)
        await pilot.press("ctrl+p")
        await pilot.pause()
        await _pick(app, pilot, "merge", "Merge Annie Dup into another person")
        assert app.screen.has_class("--textual-command-palette")  # now: into whom?
        await _pick(app, pilot, "ann", "Merge into Ann [red] Lee")
        assert type(app.screen).__name__ == "ConfirmModal"
        await pilot.press("tab", "enter")  # "Merge" (No is the first button)
        await _settled(app, pilot)
        assert type(app.screen).__name__ == "PersonScreen"
        assert getattr(app.screen, "person_id", None) == kept
        assert dup not in {getattr(s, "person_id", None) for s in app.screen_stack}
    with Journal.open(db) as journal:
        assert journal.person(kept).tags == ("client", "friend")
        assert journal.person(dup, deleted=True).name == "Annie Dup"


async def test_merge_is_offered_only_on_a_person_and_never_into_themselves(demo_db: Path) -> None:
    app = build_app(demo_db, today=TODAY)
    async with app.run_test(size=(100, 30)) as pilot:
        await _settled(app, pilot)
        await pilot.press("ctrl+p")
        await pilot.pause()
        await pilot.press(*"merge")
        await pilot.pause(0.3)
        options = app.screen.query_one(CommandList)
        prompts = [str(options.get_option_at_index(i).prompt) for i in range(options.option_count)]
        assert not any("into another person" in p for p in prompts)


async def test_palette_on_a_person_offers_logging_with_them(demo_db: Path) -> None:
    app = bare_app(demo_db)
    person = app.journal.people_page("", 5, 1)[0]
    async with app.run_test(size=(100, 30)) as pilot:
        await _settled(app, pilot)
        app.open_person(person.id)
        await _settled(app, pilot)
        await pilot.press("ctrl+p")
        await pilot.pause()
        await _pick(app, pilot, "log an", f"Log an interaction with {person.name}")
        assert type(app.screen).__name__ == "QuickLogModal"


async def test_every_screen_with_a_header_has_the_same_icon(demo_db: Path) -> None:
    from textual.widgets import Header

    app = build_app(demo_db, today=TODAY)
    async with app.run_test(size=(100, 30)) as pilot:
        await _settled(app, pilot)
        icons = [app.screen.query_one(Header).icon]
        for key in ("slash", "escape", "r"):
            await pilot.press(key)
            await pilot.pause()
            icons += [h.icon for h in app.screen.query(Header)]
        assert icons == ["♥"] * 4  # home, search, home again, review


async def test_the_empty_people_list_says_so_off_the_border(db_path: Path) -> None:
    Journal.open(db_path).close()
    app = build_app(db_path, today=TODAY)
    async with app.run_test(size=(100, 30)) as pilot:
        await _settled(app, pilot)
        line = app.screen.query_one(PeopleList).render_line(0).text
        assert line.startswith(" No one yet")


async def test_other_screens_styles_are_parsed_when_the_first_of_them_opens(
    demo_db: Path,
) -> None:
    """Home's first frame waits for no rule of another screen (app.tcss alone); the help
    screen, the first to open, brings screens.tcss, and its box is styled by it."""
    app = build_app(demo_db, today=TODAY)
    async with app.run_test(size=(100, 30)) as pilot:
        await _settled(app, pilot)
        assert app.stylesheet.has_source(str(APP_CSS), "")
        assert not app.stylesheet.has_source(str(SCREENS_CSS), "")
        await pilot.press("question_mark")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        assert app.stylesheet.has_source(str(SCREENS_CSS), "")
        box = app.screen.query_one("#help-box")
        assert box.styles.border_top[0] == "round"  # screens.tcss's #help-box rule
        assert box.styles.max_width is not None and box.styles.max_width.value == 100
