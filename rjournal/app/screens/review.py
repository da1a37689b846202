"""The monthly review: check-ins per week by channel, dialog balance, who slipped, promises."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from datetime import date
from typing import ClassVar

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.content import Content
from textual.geometry import Region, Spacing
from textual.message import Message
from textual.widgets import Footer, Header, OptionList, Static
from textual.widgets.option_list import Option
from textual.worker import get_current_worker

from rjournal.app import safe
from rjournal.app.screens.base import JournalScreen
from rjournal.app.widgets.review_chart import ReviewChart
from rjournal.domain.review import MonthReview
from rjournal.store.errors import JournalError

_NAME_WIDTH = 26


def month_title(year: int, month: int) -> str:
    """'November 2026', independent of the locale."""
    return f"{date(year, month, 1):%B} {year}"


def shift_month(year: int, month: int, by: int) -> tuple[int, int]:
    index = year * 12 + (month - 1) + by
    return index // 12, index % 12 + 1


def _short(day: date, year: int) -> str:
    """'Tue 3 Nov', with the year when it is not the review's."""
    return f"{day:%a} {day.day} {day:%b}" + (f" {day.year}" if day.year != year else "")


def _plural(count: int, word: str) -> str:
    return f"{count} {word}{'' if count == 1 else 's'}"


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


@dataclass(frozen=True)
class LineTarget:
    """What enter on a review line opens: a person, or the person of a promise."""

    person_id: int | None = None
    promise_id: int | None = None


def _name_cell(name: str) -> Content:
    return safe.line(name).truncate(_NAME_WIDTH - 1, ellipsis=True, pad=True) + " "


def _heading(title: str, count: int) -> Option:
    label = f"{title} ({count})" if count else f"{title}: none"
    return Option(Content.styled(label, "bold"), disabled=True)


def review_options(review: MonthReview) -> tuple[list[Option], list[LineTarget | None]]:
    """The people part of the review as list lines; headings are disabled lines."""
    options: list[Option] = []
    targets: list[LineTarget | None] = []
    year = review.year

    def heading(title: str, count: int) -> None:
        if options:
            options.append(Option(Content(""), disabled=True))
            targets.append(None)
        options.append(_heading(title, count))
        targets.append(None)

    def person(person_id: int, name: str, detail: Content | str) -> None:
        options.append(Option(Content.assemble("  ", _name_cell(name), detail)))
        targets.append(LineTarget(person_id=person_id))

    heading("Promises missed", len(review.promises_missed))
    for promise_id, name, text, due in review.promises_missed:
        options.append(
            Option(
                Content.assemble(
                    "  ",
                    _name_cell(name),
                    Content.styled(f"due {_short(due, year)}  ", "dim"),
                    safe.line(text),
                )
            )
        )
        targets.append(LineTarget(promise_id=promise_id))
    heading("Not returned: their word was the last", len(review.unreturned))
    for person_id, name, last in review.unreturned:
        person(person_id, name, Content.styled(f"they reached out {_short(last, year)}", "dim"))
    heading("Only you reach out", len(review.only_you))
    for person_id, name, count in review.only_you:
        person(person_id, name, Content.styled(f"you reached out the last {count} times", "dim"))
    heading("Promises kept", len(review.promises_kept))
    for promise_id, name, text in review.promises_kept:
        options.append(Option(Content.assemble("  ", _name_cell(name), safe.line(text))))
        targets.append(LineTarget(promise_id=promise_id))
    heading("Slipped past their rhythm", len(review.slipped))
    for person_id, name, due in review.slipped:
        person(person_id, name, Content.styled(f"due since {_short(due, year)}", "dim"))
    return options, targets


def summary(review: MonthReview, today: date) -> Content:
    if review.interactions == 0 and review.notes == 0:
        return Content.styled(f"nothing logged in {month_title(review.year, review.month)}", "dim")
    so_far = " so far" if (review.year, review.month) == (today.year, today.month) else ""
    return Content.assemble(
        (_plural(review.interactions, "interaction"), "bold"),
        f", {_plural(review.notes, 'note')}{so_far}; ",
        (
            "1 person" if review.people_contacted == 1 else f"{review.people_contacted} people",
            "bold",
        ),
        " contacted",
    )


def balance(review: MonthReview, width: int = 40) -> Content:
    """'You reached out 30 times, they did 12' and a two-color bar of the same split."""
    you, them = review.you_reached_out, review.they_reached_out
    text = Content.assemble(
        "You reached out ",
        (_plural(you, "time"), "bold"),
        ", they did ",
        (_plural(them, "time"), "bold"),
    )
    if you + them == 0:
        return text
    you_cells = round(width * you / (you + them))
    return Content.assemble(
        text,
        "\n",
        ("█" * you_cells, "#4ea1ff"),
        ("█" * (width - you_cells), "#34d399"),
        ("  you ", "dim"),
        ("█", "#4ea1ff"),
        ("  them ", "dim"),
        ("█", "#34d399"),
    )


class ReviewPeopleList(OptionList):
    """Every person line of the review; enter opens the person."""

    DEFAULT_CSS = """
    ReviewPeopleList {
        height: auto;
        max-height: 1000;
        border: none;
        padding: 0 1;
        background: $surface;
        text-wrap: nowrap;
        text-overflow: ellipsis;
        & > .option-list--option-disabled {
            color: $text-accent;
        }
    }
    ReviewPeopleList:focus {
        border: none;
    }
    """


class ReviewScreen(JournalScreen):
    """One month at a time, never past the current month."""

    DEFAULT_CSS = """
    ReviewScreen #review-body {
        padding: 0 1;
    }
    ReviewScreen #review-title {
        text-style: bold;
        color: $text-accent;
        padding: 1 1 0 1;
    }
    ReviewScreen .review-section {
        text-style: bold;
        padding: 1 1 0 1;
    }
    ReviewScreen #review-summary, ReviewScreen #review-balance {
        padding: 0 1;
    }
    ReviewScreen #review-people {
        margin-top: 1;
    }
    """

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
    ]

    def __init__(self, year: int | None = None, month: int | None = None) -> None:
        super().__init__()
        self._requested = (year, month)
        self.year = 0
        self.month = 0
        self.review: MonthReview | None = None
        self.targets: list[LineTarget | None] = []

    def compose(self) -> ComposeResult:
        yield Header()
        with VerticalScroll(id="review-body"):
            yield Static(id="review-title")
            yield Static(id="review-summary")
            yield Static("Interactions per week, by channel", classes="review-section")
            yield ReviewChart(id="review-chart")
            yield Static("Dialog balance", classes="review-section")
            yield Static(id="review-balance")
            yield ReviewPeopleList(id="review-people")
        yield Footer()

    def on_mount(self) -> None:
        today = self.journal_app.today()
        year, month = self._requested
        self.year, self.month = (year or today.year, month or today.month)
        if (self.year, self.month) > (today.year, today.month):
            self.year, self.month = today.year, today.month
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
        self.load_review(self.year, self.month, self.journal_app.today())

    @work(thread=True, exclusive=True, exit_on_error=False, group="review")
    def load_review(self, year: int, month: int, today: date) -> None:
        """Runs in a thread: its own connection, never touches widgets."""
        from rjournal.store.review_data import month_review

        worker = get_current_worker()
        try:
            journal = self.journal_app.open_journal()
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
        if not same_month:
            self.query_one("#review-body", VerticalScroll).scroll_home(animate=False)
        self.review = review
        self.query_one("#review-summary", Static).update(summary(review, self.journal_app.today()))
        self.query_one(ReviewChart).show(review.weeks, review.by_channel)
        self.query_one("#review-balance", Static).update(balance(review))
        options, self.targets = review_options(review)
        people.set_options(options)
        first = next((i for i, t in enumerate(self.targets) if t is not None), None)
        # A refresh of the same month keeps the cursor where it was.
        if kept is not None and kept < len(self.targets) and self.targets[kept] is not None:
            people.highlighted = kept
        else:
            people.highlighted = first
        body = self.query_one("#review-body", VerticalScroll)
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
        today = self.journal_app.today()
        following = shift_month(self.year, self.month, 1)
        if following > (today.year, today.month):
            self.app.bell()
            return
        self.year, self.month = following
        self.load()

    def action_back(self) -> None:
        self.app.pop_screen()

    @on(OptionList.OptionHighlighted, "#review-people")
    def _follow_cursor(self, event: OptionList.OptionHighlighted) -> None:
        """Keep the highlighted line in view: the list is as tall as its lines."""
        people = event.option_list
        if not people.has_focus:
            return
        line = people.virtual_region.offset.y + event.option_index
        self.query_one("#review-body", VerticalScroll).scroll_to_region(
            Region(0, line, 1, 1), spacing=Spacing(2, 0, 2, 0), animate=False, x_axis=False
        )

    @on(OptionList.OptionSelected, "#review-people")
    def _open_line(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if not 0 <= event.option_index < len(self.targets):
            return
        target = self.targets[event.option_index]
        if target is None:
            return
        person_id = target.person_id
        if person_id is None and target.promise_id is not None:
            person_id = self.journal_app.journal.promise(target.promise_id).person_id
        if person_id is None:
            return
        from rjournal.app.screens.person import PersonScreen

        self.app.push_screen(PersonScreen(person_id))
