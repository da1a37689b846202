"""Reusable widgets on their own, in a bare App: nothing of the journal needed."""

from __future__ import annotations

from textual.app import App, ComposeResult
from textual.content import Content
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from rjournal.app.widgets.item_list import ItemList
from rjournal.app.widgets.wrapping_option_list import WrappingOptionList

# 20 cells: one line in a 20-wide list, two once a scrollbar takes 2 of them.
TWENTY = "aaaa bbbb cccc dd ee"


class _OneList(App[None]):
    CSS = "OptionList { width: 20; height: 5; border: none; padding: 0; }"

    def __init__(self, options: OptionList) -> None:
        super().__init__()
        self.options = options

    def compose(self) -> ComposeResult:
        yield self.options


async def test_options_are_measured_again_when_the_scrollbar_comes() -> None:
    options = WrappingOptionList()
    app = _OneList(options)
    async with app.run_test(size=(40, 10)) as pilot:
        await pilot.pause()
        # Six one-line options overflow five rows: the scrollbar narrows the list to 18 cells.
        options.add_options([Option(Content(TWENTY)) for _ in range(6)])
        options.highlighted = 0
        await pilot.pause()
        assert options.show_vertical_scrollbar
        assert options.virtual_size.height == 12  # each wraps to two lines, none cut off
        options.clear_options()
        options.add_options([Option(Content(TWENTY))])
        await pilot.pause()
        assert not options.show_vertical_scrollbar
        assert options.virtual_size.height == 1


def _shown(items: ItemList) -> tuple[bool, str | None]:
    return items.display, items.highlighted_key


async def test_an_item_list_keeps_its_cursor_and_hides_when_empty() -> None:
    items = ItemList()
    app = _OneList(items)
    async with app.run_test(size=(40, 10)) as pilot:
        items.show([("kid:1", Content("Leo")), ("kid:2", Content("Ana"))])
        assert items.highlighted is None  # kids and pets: no cursor until the list is used
        items.highlighted = 1
        items.show(
            [("kid:1", Content("Leo")), ("kid:2", Content("Ana")), ("pet:3", Content("Rex"))]
        )
        assert (items.highlighted, items.highlighted_key) == (1, "kid:2")
        items.show([("kid:1", Content("Leo"))])  # the one under the cursor went: the last
        assert (items.highlighted, items.highlighted_key) == (0, "kid:1")
        items.show([])
        await pilot.pause()
        assert _shown(items) == (False, None)
        items.show([("7", Content("Send the deck"))], cursor_on_first=True)  # promises
        assert _shown(items) == (True, "7")
