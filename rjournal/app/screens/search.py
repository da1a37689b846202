"""Search names, profiles, notes and interactions as you type."""

from __future__ import annotations

import sqlite3
from datetime import date
from typing import ClassVar

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.content import Content
from textual.message import Message
from textual.timer import Timer
from textual.widgets import Header, Input, OptionList, Static
from textual.widgets.option_list import Option
from textual.worker import get_current_worker

from rjournal.app import safe
from rjournal.app.context import JournalContext
from rjournal.app.messages import PersonChosen
from rjournal.app.screens.base import HEADER_ICON, JournalScreen
from rjournal.app.stylesheets import SCREENS_CSS
from rjournal.app.widgets.fitting_footer import FittingFooter
from rjournal.domain.wording import day_label
from rjournal.store.errors import JournalError
from rjournal.store.journal import SearchHit
from rjournal.store.search import MAX_RESULTS, search

# Typing pauses shorter than this do not start a query.
DEBOUNCE_SECONDS = 0.15
# Hits asked for at a time: the cursor on the last loads the next page.
PAGE = MAX_RESULTS

_KIND_WIDTH = 12
_DATE_WIDTH = 16
_NAME_WIDTH = 24
_KIND_STYLE = {"person": "bold", "interaction": "", "note": "italic"}


class SearchFinished(Message):
    """A query ran in the worker: its hits, or the error that stopped it."""

    def __init__(
        self, query: str, hits: list[SearchHit], error: str | None = None, *, limit: int = PAGE
    ) -> None:
        super().__init__()
        self.query = query
        self.hits = hits
        self.error = error
        self.limit = limit


def hit_day(day: date | None, today: date) -> str:
    """ "Thu 3 Dec" as every screen says it, with the year when it is not this one."""
    if day is None:
        return ""
    return day_label(day, today)


def hit_line(hit: SearchHit, today: date) -> Content:
    """One result on one line: kind, date, person, snippet (user text kept literal)."""
    name = safe.line(hit.person_name).truncate(_NAME_WIDTH - 1, ellipsis=True, pad=True) + " "
    return Content.assemble(
        (hit.kind.ljust(_KIND_WIDTH), _KIND_STYLE.get(hit.kind, "")),
        (hit_day(hit.on, today).ljust(_DATE_WIDTH), "dim"),
        name,
        safe.line(hit.snippet),
    )


def status_line(
    query: str, hits: list[SearchHit], error: str | None, *, more: bool = False
) -> Content:
    """What the line over the results says: how many, none, or why the search failed."""
    if error is not None:
        return Content.assemble(("search failed: ", "bold"), safe.line(error, 70))
    if not query.strip():
        return Content("Type to search. Enter or down: the results. Escape: back.")
    if not hits:
        return Content.assemble("no results for ", safe.line(query, 60))
    if more:
        return Content(f"first {len(hits)} results; more load as you go down")
    return Content(f"{len(hits)} result{'' if len(hits) == 1 else 's'}")


class SearchResults(OptionList):
    """The hits of the current query, one line each; enter opens the person."""


class SearchScreen(JournalScreen):
    """Type to search; the query runs in a worker with its own connection."""

    CSS_PATH = SCREENS_CSS

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "back", "Back", id="search.back", tooltip="Back to where you were"),
        Binding(
            "down",
            "to_results",
            "Results",
            show=False,
            id="search.to_results",
            tooltip="Move into the results",
        ),
        Binding(
            "slash",
            "focus_query",
            "Query",
            show=False,
            id="search.focus_query",
            tooltip="Back to the query",
        ),
    ]

    def __init__(self, context: JournalContext, query: str = "") -> None:
        super().__init__(context)
        self.initial_query = query
        self.hits: list[SearchHit] = []
        self.shown_query: str | None = None
        # How many hits the query asks for: a page more each time the cursor reaches the end.
        self.limit = PAGE
        self.more = False
        self._debounce: Timer | None = None

    def compose(self) -> ComposeResult:
        yield Header(icon=HEADER_ICON)
        yield Input(
            value=safe.plain(self.initial_query),
            placeholder="Search names, profiles, notes and interactions",
            id="search-input",
        )
        yield Static(id="search-status", markup=False)
        yield SearchResults(id="search-results")
        yield FittingFooter()

    def on_mount(self) -> None:
        self.sub_title = "Search"
        self.query_one(Input).focus()
        self._start_search(self.query_one(Input).value)

    @property
    def query_text(self) -> str:
        return self.query_one(Input).value

    # -- querying ------------------------------------------------------------------------

    @on(Input.Changed, "#search-input")
    def _query_changed(self, event: Input.Changed) -> None:
        if self._debounce is not None:
            self._debounce.stop()
        self._debounce = self.set_timer(DEBOUNCE_SECONDS, lambda: self._start_search(event.value))

    @on(Input.Submitted, "#search-input")
    def _query_submitted(self) -> None:
        results = self.query_one(SearchResults)
        if results.option_count:
            results.highlighted = results.highlighted or 0
            results.focus()

    def _start_search(self, query: str) -> None:
        """Run the query; the same query again (a refresh) asks for the pages already shown."""
        if query != self.query_text:
            return
        if not query.strip():
            self._show(query, [], None, PAGE)
            return
        self.run_search(query, self.limit if query == self.shown_query else PAGE)

    @work(thread=True, exclusive=True, exit_on_error=False, group="search")
    def run_search(self, query: str, limit: int = PAGE) -> None:
        """Runs in a thread: its own connection, never touches widgets. One hit more than
        asked for says whether there are more."""
        worker = get_current_worker()
        try:
            journal = self.context.open_journal()
            try:
                hits = search(journal, query, limit + 1)
            finally:
                journal.close()
        except (JournalError, sqlite3.Error) as error:
            self.post_message(SearchFinished(query, [], str(error), limit=limit))
            return
        if not worker.is_cancelled:
            self.post_message(SearchFinished(query, hits, limit=limit))

    def on_search_finished(self, message: SearchFinished) -> None:
        if message.query != self.query_text:
            return
        self._show(message.query, message.hits, message.error, message.limit)

    def _show(self, query: str, hits: list[SearchHit], error: str | None, limit: int) -> None:
        results = self.query_one(SearchResults)
        # A refresh of the same query (or its next page) keeps the cursor where it was.
        kept = results.highlighted if query == self.shown_query else None
        self.more = len(hits) > limit
        self.hits = hits[:limit]
        self.limit = limit
        self.shown_query = query
        today = self.context.today()
        results.set_options(
            Option(hit_line(hit, today), id=f"hit-{index}") for index, hit in enumerate(self.hits)
        )
        if self.hits:
            results.highlighted = kept if kept is not None and kept < len(self.hits) else 0
        self.query_one("#search-status", Static).update(
            status_line(query, self.hits, error, more=self.more)
        )

    @on(OptionList.OptionHighlighted, "#search-results")
    def _next_page(self, event: OptionList.OptionHighlighted) -> None:
        """The cursor on the last hit shown loads the next page."""
        if self.more and event.option_index == len(self.hits) - 1:
            self.more = False  # one load at a time
            self.run_search(self.query_text, self.limit + PAGE)

    def refresh_data(self) -> None:
        self._start_search(self.query_text)

    # -- actions -------------------------------------------------------------------------

    @on(OptionList.OptionSelected, "#search-results")
    def _open_hit(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if not 0 <= event.option_index < len(self.hits):
            return
        hit = self.hits[event.option_index]
        self.post_message(PersonChosen(hit.person_id, hit.entry_id))

    def action_to_results(self) -> None:
        results = self.query_one(SearchResults)
        if results.option_count and not results.has_focus:
            results.highlighted = results.highlighted or 0
            results.focus()

    def action_focus_query(self) -> None:
        self.query_one(Input).focus()

    def action_back(self) -> None:
        self.app.pop_screen()
