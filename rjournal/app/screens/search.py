"""Search names, profiles, notes and interactions as you type."""

from __future__ import annotations

import sqlite3
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
from rjournal.app.widgets.fitting_footer import FittingFooter
from rjournal.store.errors import JournalError
from rjournal.store.journal import SearchHit
from rjournal.store.search import MAX_RESULTS, search

# Typing pauses shorter than this do not start a query.
DEBOUNCE_SECONDS = 0.15

_KIND_WIDTH = 12
_NAME_WIDTH = 24
_KIND_STYLE = {"person": "bold", "interaction": "", "note": "italic"}


class SearchFinished(Message):
    """A query ran in the worker: its hits, or the error that stopped it."""

    def __init__(self, query: str, hits: list[SearchHit], error: str | None = None) -> None:
        super().__init__()
        self.query = query
        self.hits = hits
        self.error = error


def hit_line(hit: SearchHit) -> Content:
    """One result on one line: kind, date, person, snippet (user text kept literal)."""
    on_date = hit.on.isoformat() if hit.on else ""
    name = safe.line(hit.person_name).truncate(_NAME_WIDTH - 1, ellipsis=True, pad=True) + " "
    return Content.assemble(
        (hit.kind.ljust(_KIND_WIDTH), _KIND_STYLE.get(hit.kind, "")),
        (on_date.ljust(11), "dim"),
        name,
        safe.line(hit.snippet),
    )


def status_line(query: str, hits: list[SearchHit], error: str | None) -> Content:
    """What the line over the results says: how many, none, or why the search failed."""
    if error is not None:
        return Content.assemble(("search failed: ", "bold"), safe.line(error, 70))
    if not query.strip():
        return Content("Type to search. Enter or down: the results. Escape: back.")
    if not hits:
        return Content.assemble("no results for ", safe.line(query, 60))
    if len(hits) >= MAX_RESULTS:
        return Content(f"first {MAX_RESULTS} results; type more to narrow them")
    return Content(f"{len(hits)} result{'' if len(hits) == 1 else 's'}")


class SearchResults(OptionList):
    """The hits of the current query, one line each; enter opens the person."""


class SearchScreen(JournalScreen):
    """Type to search; the query runs in a worker with its own connection."""

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
        if query != self.query_text:
            return
        if not query.strip():
            self._show(query, [], None)
            return
        self.run_search(query)

    @work(thread=True, exclusive=True, exit_on_error=False, group="search")
    def run_search(self, query: str) -> None:
        """Runs in a thread: its own connection, never touches widgets."""
        worker = get_current_worker()
        try:
            journal = self.context.open_journal()
            try:
                hits = search(journal, query)
            finally:
                journal.close()
        except (JournalError, sqlite3.Error) as error:
            self.post_message(SearchFinished(query, [], str(error)))
            return
        if not worker.is_cancelled:
            self.post_message(SearchFinished(query, hits))

    def on_search_finished(self, message: SearchFinished) -> None:
        if message.query != self.query_text:
            return
        self._show(message.query, message.hits, message.error)

    def _show(self, query: str, hits: list[SearchHit], error: str | None) -> None:
        results = self.query_one(SearchResults)
        # A refresh of the same query keeps the cursor where it was.
        kept = results.highlighted if query == self.shown_query else None
        self.hits = hits
        self.shown_query = query
        results.set_options(
            Option(hit_line(hit), id=f"hit-{index}") for index, hit in enumerate(hits)
        )
        if hits:
            results.highlighted = kept if kept is not None and kept < len(hits) else 0
        self.query_one("#search-status", Static).update(status_line(query, hits, error))

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
