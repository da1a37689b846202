"""The palette's "keys of this screen": every key of the screen the palette was opened over,
as a command, so what the footer has no room for is one search away (ctrl+p, "snooze")."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from functools import partial

from textual.command import DiscoveryHit, Hit, Hits, Provider
from textual.content import Content


class ScreenKeys(Provider):
    """The calling screen's own keys: "Snooze: quiet until a day (z)"."""

    def _commands(self) -> Iterator[tuple[str, Callable[[], object], str]]:
        from rjournal.app.screens.help import screen_keys

        for key, node, action, words in screen_keys(self.screen):
            yield f"{words} ({key})", partial(self.app.run_action, action, node), f"key {key}"

    async def discover(self) -> Hits:
        for name, command, help_text in self._commands():
            yield DiscoveryHit(Content(name), command, text=name, help=help_text)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for name, command, help_text in self._commands():
            score = matcher.match(name)
            if score > 0:
                # Below the app's own commands when both match ("log"): theirs say more.
                yield Hit(score / 2, Content(name), command, text=name, help=help_text)
