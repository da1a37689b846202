"""The app: one factory used by the command line and the tests."""

from __future__ import annotations

import gc
import sqlite3
import sys
from datetime import date
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING, ClassVar

from rich.console import RenderableType
from rich.text import Text
from textual.app import App
from textual.binding import Binding, BindingType
from textual.screen import Screen
from textual.theme import Theme

from rjournal.app import safe
from rjournal.app.context import JournalContext
from rjournal.app.first_checkins import CHECKIN_PAGE, FirstCheckins, Opened
from rjournal.app.messages import DemoChosen, JournalChanged, JournalStarted, PersonChosen
from rjournal.app.screens.base import JournalScreen, person_in_view
from rjournal.app.stylesheets import APP_CSS
from rjournal.app.themes import THEME_SETTING, configured_theme, saved_theme
from rjournal.store.errors import JournalError

if TYPE_CHECKING:
    from textual.command import Provider

    from rjournal.store.connection import ChangeWatch
    from rjournal.store.journal import Journal

# How often the app asks SQLite whether another process committed (PRAGMA data_version).
POLL_SECONDS = 1.0


def safe_traceback(error: BaseException | None) -> Text:
    """Exception types and stack frames (file, line, function): no locals, no messages.

    Messages and locals can hold names and notes from the journal, and a crash report is
    something users paste into an issue.
    """
    out = Text()
    seen: set[int] = set()
    chain: list[BaseException] = []
    while error is not None and id(error) not in seen:
        seen.add(id(error))
        chain.append(error)
        error = error.__cause__ or (None if error.__suppress_context__ else error.__context__)
    for position, exc in enumerate(reversed(chain)):
        if position:
            out.append("\nwhich led to:\n", style="dim")
        out.append("Traceback (most recent call last):\n", style="bold")
        tb: TracebackType | None = exc.__traceback__
        while tb is not None:
            code = tb.tb_frame.f_code
            out.append(f'  File "{code.co_filename}", line {tb.tb_lineno}, in {code.co_name}\n')
            tb = tb.tb_next
        kind = type(exc)
        out.append(f"{kind.__module__}.{kind.__qualname__}", style="bold red")
        out.append(" (message hidden: it may hold journal data)\n", style="dim")
    out.append("rjournal crashed; your journal is safe (every change is one transaction).\n")
    return out


def journal_commands() -> type[Provider]:
    from rjournal.app.commands import JournalCommands

    return JournalCommands


def people_commands() -> type[Provider]:
    from rjournal.app.commands import PeopleCommands

    return PeopleCommands


def screen_keys() -> type[Provider]:
    from rjournal.app.key_commands import ScreenKeys

    return ScreenKeys


class JournalApp(App[None]):
    """rjournal's app over one journal file."""

    TITLE = "rjournal"
    CSS_PATH = APP_CSS
    # As functions that import them: the palette's providers load when it first opens.
    COMMANDS: ClassVar = App.COMMANDS | {
        journal_commands,
        people_commands,
        screen_keys,
    }
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("l", "quick_log", "Log", id="quick_log", tooltip="Log an interaction"),
        Binding("a", "add_person", "Add", id="add_person", tooltip="Add a person"),
        Binding("slash", "search", "Search", id="search", tooltip="Search names and notes"),
        Binding("r", "review", "Review", id="review", tooltip="The monthly review"),
        Binding("g", "jump", "Go to", id="jump", tooltip="Jump to a person by name"),
        Binding(
            "u", "undo", "Undo", id="undo", tooltip="Bring back what you just deleted", show=False
        ),
        Binding("question_mark", "help", "Help", id="help", tooltip="Every key binding"),
        Binding("q", "quit", "Quit", id="quit", tooltip="Leave rjournal"),
    ]

    def __init__(
        self,
        db_path: Path,
        *,
        today: date | None = None,
        private_dir: bool = False,
        first_checkins: FirstCheckins | None = None,
    ) -> None:
        """`first_checkins`: the ranking `rj` started before loading the app (rank_ahead),
        else the app starts one. When its child process opened the journal, the app's own
        connection opens after the first frame (on_ready); else here, refusing or upgrading
        the file as need be."""
        super().__init__()
        self._fixed_today = today
        self._configured_theme: str | None = None
        # What the child found opening the journal, and the watch on it until ours opens.
        self._opened: Opened | None = None
        self._watch: ChangeWatch | None = None
        # Why the app stopped before it was of use: raised again when it has quit (run_built).
        self.startup_error: Exception | None = None
        journal: Journal | None = None
        if first_checkins is not None:
            self._opened = first_checkins.opened()
            if self._opened is not None:
                self._watch = first_checkins.watch
            elif first_checkins.watch is not None:
                first_checkins.watch.close()
        if self._opened is None and db_path.exists():
            from rjournal.store.journal import Journal

            journal = Journal.open(db_path, private_dir=private_dir)
        # No file yet: the welcome screen, and the file only once something is saved.
        exists = journal is not None or self._opened is not None
        # What every screen, modal and palette command gets from the app.
        self.context = JournalContext(
            db_path,
            journal,
            today=self.today,
            written=self.journal_written,
            private_dir=private_dir,
            exists=exists,
        )
        self._data_version = journal.data_version() if journal is not None else 0
        if exists:
            self.context.first_checkins = first_checkins or FirstCheckins(
                self.context.open_journal, self.today(), CHECKIN_PAGE
            )
        # What the user chose to do after the app (the welcome screen's "open the demo").
        self.next_step: str | None = None
        # Set by run_built: collections are off until the first frame is out.
        self.hold_collections = False

    @property
    def db_path(self) -> Path:
        return self.context.db_path

    @property
    def journal(self) -> Journal:
        """The app's own connection (the main thread's)."""
        return self.context.journal

    def today(self) -> date:
        """The app's today: fixed in tests and screenshots, else the clock."""
        return self._fixed_today or date.today()

    def on_mount(self) -> None:
        if self._opened is not None:  # read by rj's child process
            self._configured_theme = self._opened.configured_theme
            saved = self._opened.saved_theme
        else:
            self._configured_theme = configured_theme()
            saved = saved_theme(self.journal) if self.context.has_journal else None
        for theme in (self._configured_theme, saved):
            if theme and theme in self.available_themes:
                self.theme = theme
                break
        self.theme_changed_signal.subscribe(self, self._remember_theme)
        self.set_interval(POLL_SECONDS, self._poll_journal)

    def on_ready(self) -> None:
        """The first frame is out: let the collector run again (see run_built), and open the
        app's own connection if the child opened the journal for the first frame."""
        if self.hold_collections:
            self.hold_collections = False
            gc.freeze()
            gc.enable()
        if self._watch is not None:
            self._open_own_journal(self._watch)

    def _open_own_journal(self, watch: ChangeWatch) -> None:
        """The app's connection, and whether someone wrote since the child read (the screens
        then read again); a journal that can no longer be opened ends the app with its one
        line (run_built)."""
        try:
            self._data_version = self.journal.data_version()
        except (JournalError, sqlite3.Error, OSError) as error:
            self.startup_error = error
            self.exit()
            return
        finally:
            self._watch = None
        changed = watch.changed()
        watch.close()
        if changed:
            self.post_message(JournalChanged())

    def get_default_screen(self) -> Screen[None]:
        """Home is the first screen itself: one compose and one layout before the first frame.
        Without a journal yet, the welcome screen."""
        if not self.context.has_journal:
            from rjournal.app.screens.welcome import WelcomeScreen

            return WelcomeScreen(self.context)
        from rjournal.app.screens.home import HomeScreen

        return HomeScreen(self.context)

    def _remember_theme(self, theme: Theme) -> None:
        if not self.context.has_journal:
            return  # a theme alone is no reason to create a journal
        # The configured theme is the file's to keep, not the journal's.
        if theme.name == self._configured_theme:
            return
        try:
            if self.journal.setting(THEME_SETTING) != theme.name:
                self.journal.set_setting(THEME_SETTING, theme.name)
                self._data_version = self.journal.data_version()
        except (JournalError, sqlite3.Error, OSError):
            # A theme is not worth a crash: the journal can't be written just now.
            self.notify("The theme could not be remembered in the journal", markup=False)

    def _poll_journal(self) -> None:
        """Constant cost whatever the journal's size: one pragma."""
        if not self.context.has_journal or self._watch is not None:
            return  # no file, or our connection not open yet (on_ready)
        version = self.journal.data_version()
        if version != self._data_version:
            self._data_version = version
            self.post_message(JournalChanged())

    def journal_written(self) -> None:
        """Call after this app wrote: every screen refreshes."""
        self._data_version = self.journal.data_version()
        self.post_message(JournalChanged())

    def on_journal_changed(self, _: JournalChanged) -> None:
        current = self.screen
        for screen in self.screen_stack:
            if isinstance(screen, JournalScreen):
                if id(screen) == id(current):
                    screen.refresh_data()
                else:
                    screen.stale = True

    def on_unmount(self) -> None:
        if self._watch is not None:
            self._watch.close()
            self._watch = None
        self.context.close()

    def on_person_chosen(self, message: PersonChosen) -> None:
        self.open_person(message.person_id, message.entry_id)

    def open_person(self, person_id: int, entry_id: int | None = None) -> None:
        from rjournal.app.screens.person import PersonScreen

        self.push_screen(PersonScreen(self.context, person_id, entry_id))

    # -- actions -----------------------------------------------------------------------------

    def needs_someone(self) -> bool:
        """True (and says so) while the journal has no file yet: nothing to log or look for."""
        if self.context.has_journal:
            return False
        self.notify("Your journal is empty: a adds the first person", markup=False)
        return True

    def action_quick_log(self) -> None:
        from rjournal.app.modals.quick_log import QuickLogModal

        if self.needs_someone():
            return
        self.push_screen(QuickLogModal(self.context, person_in_view(self.screen)))

    def action_add_person(self) -> None:
        from rjournal.app.modals.person_form import PersonFormModal

        self.push_screen(PersonFormModal(self.context), self._open_added)

    def _open_added(self, person_id: int | None) -> None:
        """After adding someone, show them (over home, when they were the first)."""
        if person_id is None:
            return
        from rjournal.app.screens.welcome import WelcomeScreen

        if isinstance(self.screen, WelcomeScreen):
            self.show_home()
        self.open_person(person_id)

    def show_home(self) -> None:
        """Home, over the welcome screen, once the journal has someone in it (the stack
        changes at once: a screen pushed next goes over home)."""
        from rjournal.app.screens.home import HomeScreen

        self._data_version = self.journal.data_version()
        self.push_screen(HomeScreen(self.context))

    def on_journal_started(self, _: JournalStarted) -> None:
        self.show_home()

    def on_demo_chosen(self, _: DemoChosen) -> None:
        self.next_step = "demo"
        self.exit()

    def action_undo(self) -> None:
        if self.needs_someone():
            return
        try:
            restored = self.context.undo.undo_last(self.journal)
        except JournalError as error:
            self.notify(safe.plain(str(error)), severity="warning", markup=False)
            return
        if restored is None:
            self.notify("Nothing to undo", markup=False)
            return
        self.journal_written()
        self.notify(f"Restored {restored}", markup=False)

    def action_search(self) -> None:
        from rjournal.app.screens.search import SearchScreen

        if self.needs_someone():
            return
        if not isinstance(self.screen, SearchScreen):
            self.push_screen(SearchScreen(self.context))

    def action_review(self) -> None:
        from rjournal.app.screens.review import ReviewScreen

        if self.needs_someone():
            return
        if not isinstance(self.screen, ReviewScreen):
            self.push_screen(ReviewScreen(self.context))

    def action_jump(self) -> None:
        if self.needs_someone():
            return
        from textual.command import CommandPalette

        self.push_screen(CommandPalette(providers=[people_commands()], placeholder="Go to person…"))

    def action_help(self) -> None:
        from rjournal.app.screens.help import HelpScreen

        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen(self.screen))

    # -- crashes: types and frames only ------------------------------------------------------

    def _fatal_error(self) -> None:
        """Exit after an unhandled exception without showing locals or the message."""
        self.bell()
        error = sys.exc_info()[1] or self._exception
        self._exit_renderables.append(safe_traceback(error))
        self._close_messages_no_wait()

    def panic(self, *renderables: RenderableType) -> None:
        """Like App.panic, but an exception given here is shown as types and frames only."""
        safe: list[RenderableType] = [
            safe_traceback(r) if isinstance(r, BaseException) else r for r in renderables
        ]
        super().panic(*safe)


def build_app(
    db_path: Path,
    *,
    today: date | None = None,
    private_dir: bool = False,
    first_checkins: FirstCheckins | None = None,
) -> JournalApp:
    return JournalApp(db_path, today=today, private_dir=private_dir, first_checkins=first_checkins)


def run_app(
    db_path: Path,
    *,
    today: date | None = None,
    private_dir: bool = False,
    first_checkins: FirstCheckins | None = None,
) -> str | None:
    """Run the app until it quits; what the user chose to do next ("demo"), if anything."""
    app = build_app(db_path, today=today, private_dir=private_dir, first_checkins=first_checkins)
    return run_built(app)


def run_built(app: JournalApp) -> str | None:
    """Run an app made by build_app; its `next_step` when it quits."""
    # No cyclic collections before the first frame (`rj` turns them off before its imports):
    # what the imports and the first screen build lives as long as the process, and passes
    # over it cost ~40 ms. Once the frame is out, it is frozen out of later passes.
    gc.disable()
    app.hold_collections = True
    app.run()
    if app.startup_error is not None:
        raise app.startup_error
    return app.next_step
