"""An OptionList whose wrapped options are measured again when its scrollbar comes or goes, and
whose cursor is on a row as soon as it has focus."""

from __future__ import annotations

from textual import events
from textual.widgets import OptionList


class WrappingOptionList(OptionList):
    """OptionList measures each option's wrapped height at the width it has when the options
    are added. Adding them can bring in the vertical scrollbar, which narrows the content
    without a Resize event, so the heights stayed those of the wider list and the last line
    of a wrapped option was cut off, or not, depending on whether a resize came later (the
    flaky 80x24 home snapshot). Textual's TextArea re-wraps on the same change.
    """

    def watch_show_vertical_scrollbar(self) -> None:
        # Private, but Textual is pinned exactly (see pyproject.toml): the measurements go,
        # the next render takes them again at the new width.
        self._clear_caches()

    def on_focus(self, _: events.Focus) -> None:
        """Tab onto the list puts the cursor on its first row, so enter acts at once."""
        if self.highlighted is None and self.option_count:
            self.action_first()
