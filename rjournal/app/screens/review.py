"""The monthly review: check-ins per week by channel, dialog balance, who slipped, promises."""

from __future__ import annotations

import sqlite3
from datetime import date
from typing import ClassVar

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.content import Content
from textual.geometry import Region, Spacing
from textual.message import Message
from textual.widgets import Header, OptionList, Static
from textual.worker import get_current_worker

from rjournal.app import safe
from rjournal.app.context import JournalContext
from rjournal.app.messages import PersonChosen
from rjournal.app.presenters.review import (
    LineTarget,
    balance,
    month_title,
    month_to_show,
    review_options,
    shift_month,
    summary,
)
from rjournal.app.screens.base import HEADER_ICON, JournalScreen
from rjournal.app.stylesheets import SCREENS_CSS
from rjournal.app.widgets.fitting_footer import FittingFooter
from rjournal.app.widgets.review_chart import ReviewChart
from rjournal.domain.review import MonthReview
from rjournal.store.errors import JournalError


class ReviewLoaded(Message):
    """The worker gathered and built a month's review (or failed to)."""

    def __init__(
        self, year: int, month: int, review: MonthReview | None, error: str | None = None
    ) -> None:
        super().__init__()
        self.year = year
        self.month = month
        self.review = review
        self.error = error


class ReviewPeopleList(OptionList):
    """Every person line of the review; enter opens the person."""


class ReviewScreen(JournalScreen):
    """One month at a time, never past the current month."""

    CSS_PATH = SCREENS_CSS

    AUTO_FOCUS = "#review-people"

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "left_square_bracket,left",
            "previous_month",
            "Prev month",
            priority=True,
            key_display="[",
            id="review.previous_month",
            tooltip="The month before",
        ),
        Binding(
            "right_square_bracket,right",
            "next_month",
            "Next month",
            priority=True,
            key_display="]",
            id="review.next_month",
            tooltip="The month after (never past this month)",
        ),
        Binding("escape", "back", "Back", id="review.back", tooltip="Back to where you were"),
        # The page scrolls as one: the list is as tall as its lines, so its own keys would
        # move the cursor and leave the title and the chart where they were.
        Binding("home", "page_to(0)", "Top", show=False, priority=True, id="review.top"),
        Binding("end", "page_to(1)", "Bottom", show=False, priority=True, id="review.bottom"),
        Binding("pageup", "page(-1)", "Page up", show=False, priority=True, id="review.page_up"),
        Binding(
            "pagedown", "page(1)", "Page down", show=False, priority=True, id="review.page_down"
        ),
        Binding(
            "enter",
            "open_line",
            "Open",
            show=False,
            id="review.open",
            tooltip="Open the person of the highlighted line",
        ),
    ]

    def __init__(
        self, context: JournalContext, year: int | None = None, month: int | None = None
    ) -> None:
        super().__init__(context)
        self._requested = (year, month)
        self.year = 0
        self.month = 0
        self.review: MonthReview | None = None
        self.targets: list[LineTarget | None] = []
        # A cursor placed by the screen (a new month, a page key) scrolls nothing itself.
        self._placed: int | None = None

    def compose(self) -> ComposeResult:
        yield Header(icon=HEADER_ICON)
        with VerticalScroll(id="review-body"):
            yield Static(id="review-title")
            yield Static(id="review-summary")
            yield Static("Interactions per week, by channel", classes="review-section")
            yield ReviewChart(id="review-chart")
            yield Static("Dialog balance", classes="review-section")
            yield Static(id="review-balance")
            yield ReviewPeopleList(id="review-people")
        yield FittingFooter()

    def on_mount(self) -> None:
        self.year, self.month = month_to_show(*self._requested, self.context.today())
        self.load()

    @property
    def title_text(self) -> str:
        return month_title(self.year, self.month)

    # -- loading -------------------------------------------------------------------------

    def load(self) -> None:
        self.sub_title = f"Review: {self.title_text}"
        self.query_one("#review-title", Static).update(
            Content.assemble((self.title_text, "bold"), ("   [ previous   ] next", "dim"))
        )
        if self.review is None or (self.review.year, self.review.month) != (self.year, self.month):
            self.query_one("#review-summary", Static).update(Content.styled("loading…", "dim"))
        self.load_review(self.year, self.month, self.context.today())

    @work(thread=True, exclusive=True, exit_on_error=False, group="review")
    def load_review(self, year: int, month: int, today: date) -> None:
        """Runs in a thread: its own connection, never touches widgets."""
        from rjournal.store.review_data import month_review

        worker = get_current_worker()
        try:
            journal = self.context.open_journal()
            try:
                review = month_review(journal, year, month, today)
            finally:
                journal.close()
        except (JournalError, sqlite3.Error) as error:
            self.post_message(ReviewLoaded(year, month, None, str(error)))
            return
        if not worker.is_cancelled:
            self.post_message(ReviewLoaded(year, month, review))

    def on_review_loaded(self, message: ReviewLoaded) -> None:
        if (message.year, message.month) != (self.year, self.month):
            return
        if message.review is None:
            self.query_one("#review-summary", Static).update(
                Content.assemble(("review failed: ", "bold"), safe.line(message.error or ""))
            )
            return
        self.show(message.review)

    def show(self, review: MonthReview) -> None:
        people = self.query_one(ReviewPeopleList)
        same_month = self.review is not None and (self.review.year, self.review.month) == (
            review.year,
            review.month,
        )
        kept = people.highlighted if same_month else None
        self.review = review
        self.query_one("#review-summary", Static).update(summary(review, self.context.today()))
        self.query_one(ReviewChart).show(review.weeks, review.by_channel)
        self.query_one("#review-balance", Static).update(balance(review))
        options, self.targets = review_options(review)
        people.set_options(options)
        first = next((i for i, t in enumerate(self.targets) if t is not None), None)
        # A refresh of the same month keeps the cursor where it was.
        body = self.query_one("#review-body", VerticalScroll)
        if kept is not None and kept < len(self.targets) and self.targets[kept] is not None:
            people.highlighted = kept
        else:
            self._place(first)
        if not same_month:  # another month opens at its top, title and chart in view
            body.scroll_home(animate=False, immediate=True)
        if first is None and people.has_focus:
            body.focus(scroll_visible=False)
        elif first is not None and self.focused in (None, body):
            people.focus(scroll_visible=False)

    def refresh_data(self) -> None:
        self.load()

    # -- keys ----------------------------------------------------------------------------

    def action_previous_month(self) -> None:
        self.year, self.month = shift_month(self.year, self.month, -1)
        self.load()

    def action_next_month(self) -> None:
        today = self.context.today()
        following = shift_month(self.year, self.month, 1)
        if following > (today.year, today.month):
            self.app.bell()
            return
        self.year, self.month = following
        self.load()

    def action_back(self) -> None:
        self.app.pop_screen()

    def _place(self, index: int | None) -> None:
        """Put the cursor on a line without scrolling to it."""
        people = self.query_one(ReviewPeopleList)
        if people.highlighted != index:
            self._placed = index
        people.highlighted = index

    def _line_y(self, index: int) -> int:
        return self.query_one(ReviewPeopleList).virtual_region.offset.y + index

    def _lines(self) -> list[int]:
        return [i for i, t in enumerate(self.targets) if t is not None]

    def action_page_to(self, end: int) -> None:
        body = self.query_one("#review-body", VerticalScroll)
        lines = self._lines()
        if end:
            body.scroll_end(animate=False, immediate=True)
        else:
            body.scroll_home(animate=False, immediate=True)
        if lines:
            self._place(lines[-1] if end else lines[0])

    def action_page(self, direction: int) -> None:
        """A page up or down; the cursor goes to the first line in view (or stays)."""
        body = self.query_one("#review-body", VerticalScroll)
        height = max(body.scrollable_content_region.height - 1, 1)
        top = min(max(body.scroll_y + direction * height, 0), body.max_scroll_y)
        body.scroll_to(y=top, animate=False, immediate=True)
        in_view = [i for i in self._lines() if top <= self._line_y(i) < top + height]
        if in_view:
            self._place(in_view[0])

    def action_open_line(self) -> None:
        people = self.query_one(ReviewPeopleList)
        if people.highlighted is not None:
            self._open_target(people.highlighted)

    @on(OptionList.OptionHighlighted, "#review-people")
    def _follow_cursor(self, event: OptionList.OptionHighlighted) -> None:
        """Keep the highlighted line in view: the list is as tall as its lines."""
        people = event.option_list
        if self._placed is not None and event.option_index == self._placed:
            self._placed = None
            return
        if not people.has_focus:
            return
        line = people.virtual_region.offset.y + event.option_index
        self.query_one("#review-body", VerticalScroll).scroll_to_region(
            Region(0, line, 1, 1), spacing=Spacing(2, 0, 2, 0), animate=False, x_axis=False
        )

    @on(OptionList.OptionSelected, "#review-people")
    def _open_line(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self._open_target(event.option_index)

    def _open_target(self, index: int) -> None:
        if not 0 <= index < len(self.targets):
            return
        target = self.targets[index]
        if target is None:
            return
        person_id = target.person_id
        if person_id is None and target.promise_id is not None:
            person_id = self.context.journal.promise(target.promise_id).person_id
        if person_id is None:
            return
        self.post_message(PersonChosen(person_id))
