"""A footer that shows only the keys that fit whole: never `o Occasio`.

Textual's Footer lays every shown binding out in a row and cuts the row at the terminal's
edge. This one hides, from the first that does not fit, every key that would not fit whole,
in the order the bindings are declared (the most used first); help (`?`) always keeps its
place, since it and the command palette list every key, shown or not.
"""

from __future__ import annotations

from rich.cells import cell_len
from textual.widgets import Footer

# FooterKey is exported only from its private module (Textual is pinned exactly).
from textual.widgets._footer import FooterKey

# The action whose key is never hidden: it opens the list of every key.
ALWAYS_SHOWN = "help"


def key_width(key: FooterKey) -> int:
    """Cells a key takes in the (non-compact) footer: " key " then "description "."""
    if not key.description:
        return cell_len(key.key_display)
    return cell_len(key.key_display) + cell_len(key.description) + 3


def keys_that_fit(widths: list[int], room: int, pinned: int | None) -> list[bool]:
    """Which keys to show: in order, while the next fits in what is left of `room`, with the
    pinned one (if any) counted first wherever it is."""
    left = room - (widths[pinned] if pinned is not None else 0)
    shown: list[bool] = []
    full = False
    for index, width in enumerate(widths):
        if index == pinned:
            shown.append(True)
            continue
        full = full or width > left
        shown.append(not full)
        if not full:
            left -= width
    return shown


class FittingFooter(Footer):
    """Footer, less the keys that would be cut at the edge."""

    async def recompose(self) -> None:
        await super().recompose()
        self._fit()

    def on_resize(self) -> None:
        self._fit()

    def _fit(self) -> None:
        keys = [k for k in self.query(FooterKey) if not k.has_class("-command-palette")]
        if not keys:
            return
        palette = sum(
            k.outer_size.width or key_width(k) + 2
            for k in self.query(FooterKey).filter(".-command-palette")
        )
        room = self.size.width - palette
        pinned = next(
            (i for i, k in enumerate(keys) if k.action.removeprefix("app.") == ALWAYS_SHOWN), None
        )
        shown = keys_that_fit([key_width(k) for k in keys], room, pinned)
        for key, fits in zip(keys, shown, strict=True):
            key.display = fits
