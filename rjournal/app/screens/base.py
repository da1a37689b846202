"""The base of every screen that shows journal data, and who the user means on any screen."""

from __future__ import annotations

from typing import Any

# Private, but Textual is pinned exactly (see pyproject.toml): the running app, before the
# screen is initialised (its `app` property needs the screen's own state).
from textual._context import active_app
from textual.screen import Screen

from rjournal.app.context import JournalContext

# The header's icon, the same on every screen that has a header.
HEADER_ICON = "♥"


class JournalScreen(Screen[None]):
    """A screen over the journal: `refresh_data` re-reads what it shows.

    The app calls it when the journal changed (own writes, or the command line's); a screen
    that is not on top is refreshed when it comes back.
    """

    stale = False

    def __init__(self, context: JournalContext, *, id: str | None = None) -> None:
        super().__init__(id=id, classes=" ".join(self._breakpoint_classes()))
        self.context = context

    def _breakpoint_classes(self) -> list[str]:
        """The breakpoint classes for the terminal's size now. Textual sets them on the
        screen's first Resize, which comes after its first layout: a screen opening at 80
        columns was drawn once in its wide layout, then again narrow."""
        try:
            app = active_app.get()
        except LookupError:  # made outside a running app (a test): the Resize sets them
            return []
        width, height = app.size
        horizontal = self.HORIZONTAL_BREAKPOINTS
        vertical = self.VERTICAL_BREAKPOINTS
        chosen: list[str] = []
        for size, breakpoints in (
            (width, app.HORIZONTAL_BREAKPOINTS if horizontal is None else horizontal),
            (height, app.VERTICAL_BREAKPOINTS if vertical is None else vertical),
        ):
            # As Screen._on_resize: the class of the largest breakpoint the size reaches.
            reached = [(at, name) for at, name in breakpoints or () if size >= at]
            if reached:
                chosen.append(max(reached)[1])
        return chosen

    def refresh_data(self) -> None:
        """Re-read and redraw what the screen shows (subclasses override)."""

    def on_screen_resume(self) -> None:
        if self.stale:
            self.stale = False
            self.refresh_data()


def person_in_view(screen: Screen[Any]) -> int | None:
    """The person a screen is about or has under its cursor: its `highlighted_person_id()`,
    else its `person_id` (a person's screen, a form about someone)."""
    method = getattr(screen, "highlighted_person_id", None)
    if callable(method):
        found = method()
        return found if isinstance(found, int) else None
    person_id = getattr(screen, "person_id", None)
    return person_id if isinstance(person_id, int) else None
