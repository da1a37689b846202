"""The home screen: who needs you, the week's plan, everyone (filter as you type), occasions."""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, ClassVar

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.widgets import Header, Input, OptionList, Static

from rjournal.app.context import JournalContext
from rjournal.app.first_checkins import CHECKIN_PAGE
from rjournal.app.messages import PersonChosen
from rjournal.app.screens.base import HEADER_ICON, JournalScreen
from rjournal.app.widgets.checkin_list import CheckinList, count_label
from rjournal.app.widgets.fitting_footer import FittingFooter
from rjournal.app.widgets.people_list import PeopleList
from rjournal.app.widgets.this_week import ThisWeek
from rjournal.app.widgets.upcoming import UpcomingList
from rjournal.store.errors import JournalError

if TYPE_CHECKING:
    from rjournal.app.checkin_rows import CheckinRow
    from rjournal.domain.occasions import UpcomingDate
    from rjournal.store.journal import Journal

# How far ahead the home screen looks for occasions.
UPCOMING_DAYS = 30
UPCOMING_LIMIT = 60
# How long the count of check-ins waits for the people list's read of everyone.
PEOPLE_READ_WAIT_SECONDS = 5.0


@dataclass(frozen=True)
class HomeData:
    as_of: date
    checkins: tuple[CheckinRow, ...]
    upcoming: tuple[UpcomingDate, ...]


class CheckinsRanked(Message):
    """A worker ranked the first `len(rows)` check-ins (`more`: others need you too)."""

    def __init__(
        self, as_of: date, rows: list[CheckinRow], *, more: bool, cursor: int | None
    ) -> None:
        super().__init__()
        self.as_of = as_of
        self.rows = rows
        self.more = more
        self.cursor = cursor


class UpcomingFound(Message):
    """A worker found the occasions of the next days."""

    def __init__(self, as_of: date, upcoming: list[UpcomingDate]) -> None:
        super().__init__()
        self.as_of = as_of
        self.upcoming = upcoming


class CheckinsCounted(Message):
    """A worker counted everyone who needs a check-in."""

    def __init__(self, as_of: date, total: int) -> None:
        super().__init__()
        self.as_of = as_of
        self.total = total


class HomeScreen(JournalScreen):
    """Check-ins, the week's plan, people and occasions side by side (tighter when small)."""

    TITLE = "rjournal"
    SUB_TITLE = "who needs you next"
    AUTO_FOCUS = "#checkins"
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (90, "-wide")]  # noqa: RUF012

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("f", "focus_filter", "Filter", id="home.filter", tooltip="Filter the people"),
        Binding(
            "escape",
            "clear_filter",
            "Clear filter",
            show=False,
            id="home.clear_filter",
            tooltip="Clear the filter; when it is empty, go to the people list",
        ),
        Binding(
            "c",
            "focus_panel('checkins')",
            "Check-ins",
            show=False,
            id="home.checkins",
            tooltip="Go to the check-ins",
        ),
        Binding(
            "p",
            "focus_panel('people')",
            "People",
            show=False,
            id="home.people",
            tooltip="Go to the people list",
        ),
        Binding(
            "o",
            "focus_panel('upcoming')",
            "Occasions",
            show=False,
            id="home.occasions",
            tooltip="Go to the occasions",
        ),
        Binding(
            "w",
            "focus_panel('this-week')",
            "This week",
            show=False,
            id="home.week",
            tooltip="Go to this week's plan",
        ),
    ]

    def __init__(self, context: JournalContext) -> None:
        super().__init__(context, id="home")
        self.data: HomeData | None = None
        self.computations = 0
        # How many check-ins are loaded, and how many need you (None: not counted yet).
        self.checkin_limit = CHECKIN_PAGE
        self.checkin_total: int | None = None
        # Set once the check-ins are on screen: the people list's full read waits for it.
        self.checkins_shown = threading.Event()
        # The footer and the other panels' widgets, mounted after the first frame.
        self.panels_mounted = False

    def compose(self) -> ComposeResult:
        """The header and the check-ins; the footer and the other panels' widgets come right
        after the first frame (mount_panels), in places held by empty widgets of their size:
        each widget less in the first frame is one less to style, lay out and draw before the
        check-ins are on screen (~15 ms at 300 people), and the panels have nothing to show
        before their reads, which wait for the first frame anyway."""
        yield Header(icon=HEADER_ICON)
        first = self._first_checkins()
        with Horizontal(id="home-panels"):
            with Vertical(id="left-column"):
                if first is None:
                    yield CheckinList(id="checkins", classes="panel")
                else:
                    more = len(first) > self.checkin_limit
                    yield CheckinList(
                        first[: self.checkin_limit], more=more, id="checkins", classes="panel"
                    )
                yield Static(id="this-week-space", classes="panel")
                yield Static(id="upcoming-space", classes="panel")
            yield Vertical(id="people-panel", classes="panel")
        yield Static(id="footer-space")

    def mount_panels(self) -> None:
        """The footer and the widgets of the other panels, in the places held for them (once;
        whatever needs them calls this first)."""
        if self.panels_mounted or not self.is_attached:  # done, or the app is closing
            return
        self.panels_mounted = True
        this_week = ThisWeek(self.context.open_journal, id="this-week", classes="panel")
        this_week.border_title = "This week"
        upcoming = UpcomingList(id="upcoming", classes="panel")
        upcoming.border_title = f"Next {UPCOMING_DAYS} days"
        people_filter = Input(
            placeholder="Filter: name, company or tag",  # whole in 80 columns
            id="people-filter",
            compact=True,
        )
        people_filter.cursor_blink = False
        people = PeopleList(
            lambda: self.context.journal,
            lambda: self.context.open_journal(),
            wait_for=self.checkins_shown,
            id="people",
        )
        spaces = [self.query_one(f"#{name}-space") for name in ("this-week", "upcoming", "footer")]
        with self.app.batch_update():
            self.query_one("#left-column").mount(this_week, upcoming, before=spaces[0])
            self.query_one("#people-panel").mount(people_filter, people)
            self.mount(FittingFooter(), before=spaces[2])
            for space in spaces:
                space.remove()
        # The screen published its keys before the footer was there to hear it: again, once
        # the footer is mounted.
        self.call_after_refresh(self.refresh_bindings)

    def _first_checkins(self) -> list[CheckinRow] | None:
        """The first page ranked while the app started (context.first_checkins), if ready."""
        first = self.context.first_checkins
        self.context.first_checkins = None
        if first is None:
            return None
        return first.take(self.context.today())

    def on_mount(self) -> None:
        self.call_after_refresh(self._show_sync)  # after the first frame: it waits for nothing
        self.query_one("#checkins").border_title = "Who needs you"
        self.query_one("#this-week-space").border_title = "This week"
        self.query_one("#upcoming-space").border_title = f"Next {UPCOMING_DAYS} days"
        self.query_one("#people-panel").border_title = "People"
        self.call_after_refresh(self.mount_panels)
        checkins = self.query_one(CheckinList)
        if checkins.loaded:  # ranked while the app started: the rest follows
            self.data = HomeData(self.context.today(), checkins.rows, ())
            self.computations += 1
            self._show_checkin_count()
            self.checkins_shown.set()
            # After the first frame: threads started now would compete for the interpreter
            # with Textual's layout and drawing of it.
            self.call_after_refresh(self._load_the_rest, self.context.today())
        else:
            self.compute_checkins()

    def _load_the_rest(self, as_of: date) -> None:
        """The occasions and the count, then the week's plan (each in a worker of its own)."""
        self.mount_panels()
        self._find_the_rest(as_of, self.context.open_journal, self.query_one(PeopleList).index_read)
        self.query_one(ThisWeek).load(as_of)

    # -- data ----------------------------------------------------------------------------

    def refresh_data(self) -> None:
        """Cheap on the main thread whatever the journal's size: both reads run in workers
        (the sync line is one row)."""
        self.mount_panels()
        self._show_sync()
        self.query_one(PeopleList).reload()
        self.compute_checkins()

    def _show_sync(self) -> None:
        """When the journal last synced, in the header, once sync is set up."""
        from rjournal.sync.status import headline, last_sync

        if not self.context.has_journal:
            return
        try:
            said = headline(last_sync(self.context.journal.conn), self.context.today())
        except (JournalError, sqlite3.Error, OSError):
            return  # the app's opening of it says why (JournalApp.on_ready)
        self.sub_title = f"{self.SUB_TITLE} · {said}" if said else self.SUB_TITLE

    def compute_checkins(self, *, cursor: int | None = None) -> None:
        """Rank the check-ins loaded so far (then, for a new day or a change, the rest)."""
        context = self.context
        self._rank_checkins(
            context.today(), self.checkin_limit, context.open_journal, cursor=cursor
        )

    @work(thread=True, exclusive=True, exit_on_error=False, group="home-checkins")
    def _rank_checkins(
        self,
        as_of: date,
        limit: int,
        open_journal: Callable[[], Journal],
        *,
        cursor: int | None = None,
    ) -> None:
        """Rank in a thread, with its own connection; one more than shown says if there are
        more."""
        from rjournal.app.checkin_rows import rows_of
        from rjournal.store.facts import next_checkins

        journal = open_journal()
        try:
            suggestions = next_checkins(journal, as_of, limit=limit + 1)
        finally:
            journal.close()
        more = len(suggestions) > limit
        rows = rows_of(suggestions[:limit])
        self.post_message(CheckinsRanked(as_of, rows, more=more, cursor=cursor))

    @work(thread=True, exclusive=True, exit_on_error=False, group="home-rest")
    def _find_the_rest(
        self, as_of: date, open_journal: Callable[[], Journal], people_read: threading.Event
    ) -> None:
        """After the check-ins: the occasions of the next days, then how many need you (once
        the people list has read everyone: at 100,000 people that read adds ~16 MiB at its
        peak and the count ~7 MiB; run at once, their peaks add up)."""
        from rjournal.store.facts import count_checkins
        from rjournal.store.upcoming import upcoming_occasions

        journal = open_journal()
        try:
            upcoming = upcoming_occasions(journal, as_of, UPCOMING_DAYS, limit=UPCOMING_LIMIT)
            self.post_message(UpcomingFound(as_of, upcoming))
            people_read.wait(PEOPLE_READ_WAIT_SECONDS)
            total = count_checkins(journal, as_of)
        finally:
            journal.close()
        self.post_message(CheckinsCounted(as_of, total))

    def on_checkins_ranked(self, message: CheckinsRanked) -> None:
        self.mount_panels()
        checkins = self.query_one(CheckinList)
        checkins.show_rows(message.rows, more=message.more, cursor=message.cursor)
        upcoming = self.data.upcoming if self.data and self.data.as_of == message.as_of else ()
        if message.cursor is None:  # not just a page more: the rest may have changed
            self.checkin_total = None
            self._find_the_rest(
                message.as_of, self.context.open_journal, self.query_one(PeopleList).index_read
            )
            self.query_one(ThisWeek).load(message.as_of)  # after the check-ins are shown
        self.data = HomeData(message.as_of, tuple(message.rows), upcoming)
        self.computations += 1
        self._show_checkin_count()
        self.checkins_shown.set()

    def on_upcoming_found(self, message: UpcomingFound) -> None:
        self.mount_panels()
        self.query_one(UpcomingList).show_upcoming(message.upcoming, message.as_of)
        if self.data is not None and self.data.as_of == message.as_of:
            self.data = HomeData(message.as_of, self.data.checkins, tuple(message.upcoming))

    def on_checkins_counted(self, message: CheckinsCounted) -> None:
        if self.data is None or message.as_of == self.data.as_of:
            self.checkin_total = message.total
            self._show_checkin_count()

    @on(CheckinList.MoreWanted)
    def _next_page(self) -> None:
        shown = len(self.query_one(CheckinList).rows)
        self.checkin_limit = shown + CHECKIN_PAGE
        self.compute_checkins(cursor=shown)

    def _show_checkin_count(self) -> None:
        checkins = self.query_one(CheckinList)
        checkins.border_subtitle = count_label(
            len(checkins.rows), self.checkin_total, checkins.more
        )

    def _show_count(self) -> None:
        self.mount_panels()
        people = self.query_one(PeopleList)
        panel = self.query_one("#people-panel")
        count = f"{people.count:,}" if people.loaded else ""
        # Setting it repaints the whole panel, list and all: only when it changes.
        if (panel.border_subtitle or "") != count:
            panel.border_subtitle = count

    # -- who is highlighted ----------------------------------------------------------------

    def highlighted_person_id(self) -> int | None:
        """The person under the cursor of the focused panel (the people list from its filter)."""
        focused = self.focused
        if isinstance(focused, CheckinList | UpcomingList | ThisWeek):
            return focused.highlighted_person_id
        if isinstance(focused, PeopleList | Input):
            return self.query_one(PeopleList).highlighted_id
        return None

    # -- events ----------------------------------------------------------------------------

    @on(Input.Changed, "#people-filter")
    def filter_people(self, event: Input.Changed) -> None:
        self.query_one(PeopleList).set_filter(event.value)
        self._show_count()

    @on(Input.Submitted, "#people-filter")
    def open_first_match(self) -> None:
        self.action_open_person()

    @on(PeopleList.PersonHighlighted)
    def people_moved(self) -> None:
        self._show_count()

    @on(PeopleList.PersonChosen)
    def person_chosen(self, event: PeopleList.PersonChosen) -> None:
        self.open_person(event.person_id)

    @on(OptionList.OptionSelected)
    def option_selected(self, event: OptionList.OptionSelected) -> None:
        widget = event.option_list
        if isinstance(widget, CheckinList | UpcomingList | ThisWeek):
            person_id = widget.highlighted_person_id
            if person_id is not None:
                self.open_person(person_id)

    # -- actions ---------------------------------------------------------------------------

    def action_open_person(self) -> None:
        person_id = self.highlighted_person_id()
        if person_id is not None:
            self.open_person(person_id)

    def open_person(self, person_id: int) -> None:
        self.post_message(PersonChosen(person_id))

    def action_focus_filter(self) -> None:
        self.mount_panels()
        self.query_one("#people-filter", Input).focus()

    def action_clear_filter(self) -> None:
        self.mount_panels()
        box = self.query_one("#people-filter", Input)
        if box.value:
            box.value = ""
        else:
            self.query_one(PeopleList).focus()

    def action_focus_panel(self, widget_id: str) -> None:
        self.mount_panels()
        self.query_one(f"#{widget_id}").focus()

    def key_down(self) -> None:
        """Down from the filter goes into the list."""
        if isinstance(self.focused, Input):
            self.query_one(PeopleList).focus()
