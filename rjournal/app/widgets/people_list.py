"""Everyone in the journal, paged from SQL: only the visible rows are ever loaded.

A Line-API ScrollView. Once the list has been drawn, a thread worker with its own connection
reads everyone's id and filter key in name order (`people_filter_index()`, one scan of a
covering index); each keystroke of the filter then narrows those in memory (`FilterIndex`),
on the spot (a few ms for 100,000 people, less as the words get longer), with no query and
no thread. Until that index is in (or if it cannot be used), each filter is a scan of its own
(`people_ids()`) in a worker, and a newer filter interrupts an older one's. The ids shown are
kept, so the count is their length and any page is a slice whose rows `render_line` fetches on
demand (`people_rows()`) into a small cache: `end` on 100,000 people costs what it does on 30.
"""

from __future__ import annotations

import sqlite3
import threading
from collections import OrderedDict
from collections.abc import Callable
from typing import TYPE_CHECKING, ClassVar, NamedTuple

from rich.segment import Segment
from rich.style import Style
from textual import events, on, work
from textual.binding import Binding, BindingType
from textual.geometry import Region, Size
from textual.message import Message
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.strip import Strip

from rjournal.app.widgets.filter_index import FilterIndex
from rjournal.domain.text import one_line

if TYPE_CHECKING:
    from rjournal.store.journal import Journal, PersonRow

# Rows fetched per query, and how many such pages are kept.
PAGE_SIZE = 100
CACHED_PAGES = 6
# Id lists of recent filters kept for backspacing (the unfiltered one is always kept).
CACHED_FILTERS = 8
# How long a load waits for the first frame before running anyway.
FIRST_FRAME_WAIT_SECONDS = 2.0


class _LineStyles(NamedTuple):
    """The styles of one drawing pass, worked out once for all its lines."""

    base: Style
    detail: Style
    cursor: Style
    cursor_detail: Style
    empty: Style


class PeopleList(ScrollView, can_focus=True):
    """A scrolling, filterable list of people with a keyboard cursor."""

    DEFAULT_CSS = """
    PeopleList {
        width: 100%;
        height: 1fr;
        overflow-x: hidden;
        overflow-y: auto;
    }
    PeopleList > .people-list--cursor { background: $block-cursor-blurred-background; }
    PeopleList:focus > .people-list--cursor {
        background: $block-cursor-background;
        color: $block-cursor-foreground;
        text-style: bold;
    }
    PeopleList > .people-list--detail { color: $text-muted; }
    PeopleList > .people-list--empty { color: $text-muted; text-style: italic; }
    """

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "people-list--cursor",
        "people-list--detail",
        "people-list--empty",
    }

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "choose", "Open", id="people_list.open", tooltip="Open this person"),
        Binding("up,k", "cursor_up", "Up", show=False),
        Binding("down,j", "cursor_down", "Down", show=False),
        Binding("pageup", "page_up", "Page up", show=False),
        Binding("pagedown", "page_down", "Page down", show=False),
        Binding("home", "first", "First", show=False),
        Binding("end", "last", "Last", show=False),
    ]

    cursor: reactive[int] = reactive(0, always_update=True, init=False)

    class PersonHighlighted(Message):
        """The cursor moved onto a person (None: the list is empty)."""

        def __init__(self, people_list: PeopleList, person_id: int | None) -> None:
            super().__init__()
            self.people_list = people_list
            self.person_id = person_id

    class PersonChosen(Message):
        """Enter or a double click on a person."""

        def __init__(self, people_list: PeopleList, person_id: int) -> None:
            super().__init__()
            self.people_list = people_list
            self.person_id = person_id

    class IndexLoaded(Message):
        """A worker read everyone's ids and filter keys, in name order (None: unusable)."""

        def __init__(self, index: tuple[list[int], list[str]] | None, *, keep_cursor: bool):
            super().__init__()
            self.index = index
            self.keep_cursor = keep_cursor

    class IdsLoaded(Message):
        """A worker found the ids (in name order) of the people matching `filter_text`."""

        def __init__(self, filter_text: str, ids: list[int], *, keep_cursor: bool) -> None:
            super().__init__()
            self.filter_text = filter_text
            self.ids = ids
            self.keep_cursor = keep_cursor

    def __init__(
        self,
        journal: Callable[[], Journal],
        open_journal: Callable[[], Journal],
        *,
        wait_for: threading.Event | None = None,
        id: str | None = None,
        classes: str | None = None,
    ) -> None:
        """`journal` is the app's connection (pages of rows); `open_journal` one per worker;
        the full read of everyone waits for `wait_for` too (what the screen shows first)."""
        super().__init__(id=id, classes=classes)
        self._wait_for = wait_for
        self._journal = journal
        self._open_journal = open_journal
        self.filter_text = ""
        # The filter whose people are shown (None until the first ids arrive).
        self.shown_filter: str | None = None
        self.count = 0
        self.loaded = False
        self._ids: list[int] = []
        self._pages: OrderedDict[int, list[PersonRow]] = OrderedDict()
        self._id_lists: OrderedDict[str, list[int]] = OrderedDict()
        # Everyone's ids and filter keys in name order, once read: filters narrow these.
        self._index: FilterIndex | None = None
        self._line_styles: _LineStyles | None = None
        # Set (after the frame is out) once the list was first drawn; loads wait for it.
        self.drawn = threading.Event()
        # Clear while a read of everyone is to come or running: a worker with a big read of its
        # own may wait for it, so the two peaks of memory do not add up.
        self.index_read = threading.Event()
        self._drawn_scheduled = False
        self._scan_lock = threading.Lock()
        self._scanning: Journal | None = None
        # Bumped whenever what is drawn changes; `painted_version` catches up once drawn.
        self.version = 0
        self.painted_version = -1
        self.row_queries = 0
        self.id_queries = 0
        self.index_loads = 0

    # -- data ----------------------------------------------------------------------------

    def on_mount(self) -> None:
        self._load_index(keep_cursor=True)

    def reload(self) -> None:
        """Re-read everyone and show the current filter again (the journal changed); the
        cursor stays. Until the new index is in, the list shows what it had."""
        self._id_lists.clear()
        self._index = None
        self._load_index(keep_cursor=True)

    def set_filter(self, text: str) -> None:
        """Filter as you type: the cursor goes back to the top."""
        if text == self.filter_text:
            return
        self.filter_text = text
        cached = self._id_lists.get(text)
        if cached is not None:
            self._id_lists.move_to_end(text)
            self._show_ids(text, cached, keep_cursor=False)
        elif self._index is not None:
            ids = self._index.matching(text)
            self._remember(text, ids)
            self._show_ids(text, ids, keep_cursor=False)
        else:
            self._load_ids(text, keep_cursor=False)

    def _remember(self, text: str, ids: list[int]) -> None:
        """Keep the ids of a filter for backspacing (the unfiltered list is always kept)."""
        self._id_lists[text] = ids
        self._id_lists.move_to_end(text)
        while len(self._id_lists) > CACHED_FILTERS:
            oldest = next(k for k in self._id_lists if k)
            del self._id_lists[oldest]

    def _load_index(self, *, keep_cursor: bool) -> None:
        self.index_loads += 1
        self.index_read.clear()
        self._read_index(keep_cursor)

    @work(thread=True, exclusive=True, exit_on_error=False, group="people-index")
    def _read_index(self, keep_cursor: bool) -> None:
        """One scan of the covering index for everyone's id and filter key."""
        try:
            self._wait_for_first_frame()
            journal = self._open_journal()
            try:
                index = journal.people_filter_index()
            finally:
                journal.close()
        finally:
            self.index_read.set()
        self.post_message(self.IndexLoaded(index, keep_cursor=keep_cursor))

    def _wait_for_first_frame(self) -> None:
        """Until the list was drawn and what the screen shows first is out (or a while)."""
        self.drawn.wait(FIRST_FRAME_WAIT_SECONDS)
        if self._wait_for is not None:
            self._wait_for.wait(FIRST_FRAME_WAIT_SECONDS)

    @on(IndexLoaded)
    def _index_loaded(self, message: IndexLoaded) -> None:
        message.stop()
        if message.index is None:  # a key holds the separator: each filter is a scan
            self._load_ids(self.filter_text, keep_cursor=message.keep_cursor)
            return
        # Scans still running were started before this read: what they find is no newer.
        with self._scan_lock:
            if self._scanning is not None:
                self._scanning.conn.interrupt()
        self._index = FilterIndex(*message.index)
        self._id_lists.clear()
        text = self.filter_text
        ids = self._index.matching(text)
        self._remember(text, ids)
        self._show_ids(text, ids, keep_cursor=message.keep_cursor and self.shown_filter == text)

    def _load_ids(self, text: str, *, keep_cursor: bool) -> None:
        with self._scan_lock:
            if self._scanning is not None:
                self._scanning.conn.interrupt()
        self.id_queries += 1
        self._scan_ids(text, keep_cursor)

    @work(thread=True, exclusive=True, exit_on_error=False, group="people-ids")
    def _scan_ids(self, text: str, keep_cursor: bool) -> None:
        """One scan of the covering index, on a connection of this thread."""
        self._wait_for_first_frame()
        journal = self._open_journal()
        with self._scan_lock:
            self._scanning = journal
        try:
            ids = journal.people_ids(text)
        except sqlite3.OperationalError as error:
            if "interrupted" in str(error):
                return  # a newer filter took over
            raise
        finally:
            with self._scan_lock:
                if self._scanning is journal:
                    self._scanning = None
            journal.close()
        self.post_message(self.IdsLoaded(text, ids, keep_cursor=keep_cursor))

    @on(IdsLoaded)
    def _ids_loaded(self, message: IdsLoaded) -> None:
        message.stop()
        if self._index is not None:
            return  # the index came in meanwhile: the list already shows what it finds
        self._remember(message.filter_text, message.ids)
        if message.filter_text == self.filter_text:
            self._show_ids(message.filter_text, message.ids, keep_cursor=message.keep_cursor)

    def _show_ids(self, text: str, ids: list[int], *, keep_cursor: bool) -> None:
        self._pages.clear()
        self._ids = ids
        self.shown_filter = text
        self.count = len(ids)
        self.loaded = True
        self.version += 1
        self.virtual_size = Size(self.scrollable_content_region.width, self.count)
        if not keep_cursor:
            self.scroll_to(y=0, animate=False, immediate=True)
            self._cursor_silently(0)
        elif self.cursor >= self.count:
            self._cursor_silently(max(self.count - 1, 0))
        self.refresh()
        self.post_message(self.PersonHighlighted(self, self.highlighted_id))

    def _cursor_silently(self, value: int) -> None:
        self.set_reactive(PeopleList.cursor, value)

    def row(self, index: int) -> PersonRow | None:
        """The person at a position of the (filtered) list, from the page cache or SQL."""
        if not 0 <= index < self.count:
            return None
        page_number = index // PAGE_SIZE
        page = self._pages.get(page_number)
        if page is None:
            start = page_number * PAGE_SIZE
            page = self._journal().people_rows(self._ids[start : start + PAGE_SIZE])
            self.row_queries += 1
            self._pages[page_number] = page
            while len(self._pages) > CACHED_PAGES:
                self._pages.popitem(last=False)
        else:
            self._pages.move_to_end(page_number)
        offset = index - page_number * PAGE_SIZE
        return page[offset] if offset < len(page) else None

    @property
    def highlighted_id(self) -> int | None:
        row = self.row(self.cursor)
        return row.id if row is not None else None

    def visible_names(self) -> list[str]:
        """The names on screen, top to bottom (for tests and the benchmark)."""
        top = round(self.scroll_offset.y)
        rows = (self.row(i) for i in range(top, top + self.scrollable_content_region.height))
        return [r.name for r in rows if r is not None]

    # -- drawing -------------------------------------------------------------------------

    def on_resize(self) -> None:
        self.virtual_size = Size(self.scrollable_content_region.width, self.count)

    def _styles(self) -> _LineStyles:
        base = self.rich_style
        detail = base + self.get_component_rich_style("people-list--detail")
        cursor = self.get_component_rich_style("people-list--cursor")
        return _LineStyles(
            base=base,
            detail=detail,
            cursor=base + cursor,
            cursor_detail=detail + Style(bgcolor=cursor.bgcolor),
            empty=base + self.get_component_rich_style("people-list--empty"),
        )

    def render_lines(self, crop: Region) -> list[Strip]:
        # Styles walk the ancestors: once per pass, not once per line.
        self._line_styles = self._styles()
        try:
            return super().render_lines(crop)
        finally:
            self._line_styles = None

    def render_line(self, y: int) -> Strip:
        self.painted_version = self.version
        if not self._drawn_scheduled:
            # Posted now, handled once this frame has been written out.
            self._drawn_scheduled = True
            self.call_later(self.drawn.set)
        width = self.scrollable_content_region.width
        index = round(self.scroll_offset.y) + y
        styles = self._line_styles or self._styles()
        base = styles.base
        if self.count == 0:
            if y != 0 or not self.loaded:
                return Strip.blank(width, base)
            # Indented like the rows, off the panel's border.
            words = " No one matches." if self.filter_text else " No one yet: press a to add."
            return Strip([Segment(words, styles.empty)]).adjust_cell_length(width, base)
        row = self.row(index)
        if row is None:
            return Strip.blank(width, base)
        line_style, detail_style = base, styles.detail
        if index == self.cursor:
            line_style, detail_style = styles.cursor, styles.cursor_detail
        segments = [Segment(" " + one_line(row.name), line_style)]
        if row.nickname:
            segments.append(Segment(f" ({one_line(row.nickname)})", line_style))
        extra = " · ".join(one_line(v) for v in (row.company, " ".join(row.tags)) if v)
        if extra:
            segments.append(Segment("  " + extra, detail_style))
        return Strip(segments).adjust_cell_length(width, line_style)

    def watch_cursor(self, old: int, new: int) -> None:
        if not self.count:
            return
        clamped = min(max(new, 0), self.count - 1)
        if clamped != new:
            self._cursor_silently(clamped)
        self.version += 1
        self.scroll_to_region(Region(0, clamped, 1, 1), animate=False, immediate=True, force=True)
        self.refresh()
        self.post_message(self.PersonHighlighted(self, self.highlighted_id))

    # -- keys and mouse ------------------------------------------------------------------

    def action_cursor_up(self) -> None:
        self.cursor = max(self.cursor - 1, 0)

    def action_cursor_down(self) -> None:
        self.cursor = min(self.cursor + 1, max(self.count - 1, 0))

    def action_page_up(self) -> None:
        self.cursor = max(self.cursor - max(self.scrollable_content_region.height - 1, 1), 0)

    def action_page_down(self) -> None:
        step = max(self.scrollable_content_region.height - 1, 1)
        self.cursor = min(self.cursor + step, max(self.count - 1, 0))

    def action_first(self) -> None:
        self.cursor = 0

    def action_last(self) -> None:
        self.cursor = max(self.count - 1, 0)

    def action_choose(self) -> None:
        person_id = self.highlighted_id
        if person_id is not None:
            self.post_message(self.PersonChosen(self, person_id))

    def on_click(self, event: events.Click) -> None:
        offset = event.get_content_offset(self)
        if offset is None:
            return
        index = round(self.scroll_offset.y) + offset.y
        if 0 <= index < self.count:
            self.focus()
            self.cursor = index
            if event.chain >= 2:
                self.action_choose()
