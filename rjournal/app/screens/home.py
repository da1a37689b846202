"""The home screen: who needs you, the week's plan, everyone (filter as you type), occasions."""

from __future__ import annotations

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
from textual.widgets import Footer, Header, Input, OptionList

from rjournal.app.context import JournalContext
from rjournal.app.messages import PersonChosen
from rjournal.app.screens.base import JournalScreen
from rjournal.app.widgets.checkin_list import CheckinList
from rjournal.app.widgets.people_list import FIRST_FRAME_WAIT_SECONDS, PeopleList
from rjournal.app.widgets.this_week import ThisWeek
from rjournal.app.widgets.upcoming import UpcomingList

if TYPE_CHECKING:
    from rjournal.domain.checkin import Suggestion
    from rjournal.domain.occasions import UpcomingDate
    from rjournal.store.journal import Journal

# How many check-ins the home screen shows, and how far ahead it looks for occasions.
CHECKIN_LIMIT = 50
UPCOMING_DAYS = 30
UPCOMING_LIMIT = 60


@dataclass(frozen=True)
class HomeData:
    as_of: date
    suggestions: tuple[Suggestion, ...]
    upcoming: tuple[UpcomingDate, ...]


class CheckinsComputed(Message):
    """The worker ranked who needs a check-in and found the upcoming occasions."""

    def __init__(self, data: HomeData) -> None:
        super().__init__()
        self.data = data


class HomeScreen(JournalScreen):
    """Check-ins, the week's plan, people and occasions side by side (tighter when small)."""

    TITLE = "rjournal"
    SUB_TITLE = "who needs you next"
    AUTO_FOCUS = "#checkins"
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (90, "-wide")]  # noqa: RUF012

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("f", "focus_filter", "Filter", id="home.filter", tooltip="Filter the people"),
        Binding("escape", "clear_filter", "Clear filter", show=False, id="home.clear_filter"),
        Binding("c", "focus_panel('checkins')", "Check-ins", show=False, id="home.checkins"),
        Binding("p", "focus_panel('people')", "People", show=False, id="home.people"),
        Binding("o", "focus_panel('upcoming')", "Occasions", show=False, id="home.occasions"),
        Binding("w", "focus_panel('this-week')", "This week", show=False, id="home.week"),
    ]

    def __init__(self, context: JournalContext) -> None:
        super().__init__(context, id="home")
        self.data: HomeData | None = None
        self.computations = 0

    def compose(self) -> ComposeResult:
        yield Header(icon="♥")
        with Horizontal(id="home-panels"):
            with Vertical(id="left-column"):
                yield CheckinList(id="checkins", classes="panel")
                yield ThisWeek(self.context.open_journal, id="this-week", classes="panel")
                yield UpcomingList(id="upcoming", classes="panel")
            with Vertical(id="people-panel", classes="panel"):
                yield Input(
                    placeholder="Filter: name, nickname, company, tag",
                    id="people-filter",
                    compact=True,
                )
                yield PeopleList(
                    lambda: self.context.journal,
                    lambda: self.context.open_journal(),
                    id="people",
                )
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#checkins").border_title = "Who needs you"
        self.query_one("#this-week").border_title = "This week"
        self.query_one("#upcoming").border_title = f"Next {UPCOMING_DAYS} days"
        self.query_one("#people-panel").border_title = "People"
        self.query_one("#people-filter", Input).cursor_blink = False
        self.compute_checkins()

    # -- data ----------------------------------------------------------------------------

    def refresh_data(self) -> None:
        """Cheap on the main thread whatever the journal's size: both reads run in workers."""
        self.query_one(PeopleList).reload()
        self.compute_checkins()

    def compute_checkins(self) -> None:
        """Rank who needs a check-in, once the first frame of the list is out."""
        context = self.context
        self._rank_checkins(context.today(), context.open_journal, self.query_one(PeopleList).drawn)

    @work(thread=True, exclusive=True, exit_on_error=False, group="home-checkins")
    def _rank_checkins(
        self, as_of: date, open_journal: Callable[[], Journal], drawn: threading.Event
    ) -> None:
        """Rank in a thread, with its own connection: nothing of it delays the first frame."""
        drawn.wait(FIRST_FRAME_WAIT_SECONDS)
        from rjournal.store.facts import next_checkins
        from rjournal.store.upcoming import upcoming_occasions

        journal = open_journal()
        try:
            suggestions = next_checkins(journal, as_of, limit=CHECKIN_LIMIT)
            upcoming = upcoming_occasions(journal, as_of, UPCOMING_DAYS, limit=UPCOMING_LIMIT)
        finally:
            journal.close()
        self.post_message(CheckinsComputed(HomeData(as_of, tuple(suggestions), tuple(upcoming))))

    def on_checkins_computed(self, message: CheckinsComputed) -> None:
        self.data = message.data
        self.computations += 1
        self.query_one(CheckinList).show_suggestions(message.data.suggestions)
        self.query_one(UpcomingList).show_upcoming(message.data.upcoming, message.data.as_of)
        self.query_one(ThisWeek).load(message.data.as_of)  # after the check-ins are shown
        count = len(message.data.suggestions)
        self.query_one("#checkins").border_subtitle = f"{count}" if count else ""

    def _show_count(self) -> None:
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
        self.query_one("#people-filter", Input).focus()

    def action_clear_filter(self) -> None:
        box = self.query_one("#people-filter", Input)
        if box.value:
            box.value = ""
        else:
            self.query_one(PeopleList).focus()

    def action_focus_panel(self, widget_id: str) -> None:
        self.query_one(f"#{widget_id}").focus()

    def key_down(self) -> None:
        """Down from the filter goes into the list."""
        if isinstance(self.focused, Input):
            self.query_one(PeopleList).focus()
