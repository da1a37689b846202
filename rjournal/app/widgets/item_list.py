"""A person's items (kids and pets, occasions, open promises): one option each, keyed, with the
cursor kept where it was when the list is shown again."""

from __future__ import annotations

from collections.abc import Sequence

from textual.content import Content
from textual.widgets.option_list import Option

from rjournal.app.widgets.wrapping_option_list import WrappingOptionList


class ItemList(WrappingOptionList):
    """Hidden while empty (the screen shows a hint instead)."""

    def show(self, items: Sequence[tuple[str, Content]], *, cursor_on_first: bool = False) -> None:
        """Replace the items (key, line); the cursor stays at its place, or goes on the first
        item with cursor_on_first."""
        highlighted = self.highlighted
        self.clear_options()
        self.add_options([Option(line, id=key) for key, line in items])
        self.display = bool(items)
        if not items:
            return
        if highlighted is not None:
            self.highlighted = min(highlighted, len(items) - 1)
        elif cursor_on_first:
            self.highlighted = 0

    @property
    def highlighted_key(self) -> str | None:
        """The key of the item under the cursor."""
        if self.highlighted is None:
            return None
        return self.get_option_at_index(self.highlighted).id
