"""Everyone in the journal, paged from SQL: only the visible rows are ever loaded.

A Line-API ScrollView. Each filter is one scan of a covering index (`people_ids()`): the
ids in name order are kept, so the count is their length and any page is a slice whose rows
`render_line` fetches on demand (`people_rows()`) into a small cache. `end` on 100,000
people costs what it does on 30.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable
from typing import ClassVar

from rich.segment import Segment
from rich.style import Style
from textual import events
from textual.binding import Binding, BindingType
from textual.geometry import Region, Size
from textual.message import Message
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.strip import Strip

from rjournal.domain.text import one_line
from rjournal.store.journal import Journal, PersonRow

# Rows fetched per query, and how many such pages are kept.
PAGE_SIZE = 100
CACHED_PAGES = 6


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

    def __init__(
        self,
        journal: Callable[[], Journal],
        *,
        id: str | None = None,
        classes: str | None = None,
    ) -> None:
        super().__init__(id=id, classes=classes)
        self._journal = journal
        self.filter_text = ""
        self.count = 0
        self._ids: list[int] = []
        self._pages: OrderedDict[int, list[PersonRow]] = OrderedDict()
        # Bumped whenever the rows change; `painted_version` catches up once they are drawn.
        self.version = 0
        self.painted_version = -1
        self.queries = 0

    # -- data ----------------------------------------------------------------------------

    def on_mount(self) -> None:
        # The count scans the table: the first frame goes out before it.
        self.call_after_refresh(self.reload)

    def reload(self) -> None:
        """Re-read the count and forget cached pages: the visible ones are fetched on paint."""
        self._pages.clear()
        self._ids = self._journal().people_ids(self.filter_text)
        self.count = len(self._ids)
        self.queries += 1
        self.version += 1
        self.virtual_size = Size(self.scrollable_content_region.width, self.count)
        if self.cursor >= self.count:
            self.cursor = max(self.count - 1, 0)
        self.refresh()
        self.post_message(self.PersonHighlighted(self, self.highlighted_id))

    def set_filter(self, text: str) -> None:
        """Filter as you type: the count is re-queried and the cursor goes back to the top."""
        if text == self.filter_text:
            return
        self.filter_text = text
        self.scroll_to(y=0, animate=False, immediate=True)
        self._cursor_silently(0)
        self.reload()

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
            self.queries += 1
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

    def render_line(self, y: int) -> Strip:
        self.painted_version = self.version
        width = self.scrollable_content_region.width
        index = round(self.scroll_offset.y) + y
        base = self.rich_style
        if self.count == 0:
            if y != 0:
                return Strip.blank(width, base)
            words = "No one matches." if self.filter_text else "No one yet: press a to add."
            style = base + self.get_component_rich_style("people-list--empty")
            return Strip([Segment(words, style)]).adjust_cell_length(width, base)
        row = self.row(index)
        if row is None:
            return Strip.blank(width, base)
        detail_style = base + self.get_component_rich_style("people-list--detail")
        line_style = base
        if index == self.cursor:
            cursor_style = self.get_component_rich_style("people-list--cursor")
            line_style = base + cursor_style
            detail_style = detail_style + Style(bgcolor=cursor_style.bgcolor)
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
