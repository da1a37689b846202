"""Command palette providers: the app's commands, and "jump to person" over the journal."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from functools import partial
from typing import TYPE_CHECKING

from textual.command import DiscoveryHit, Hit, Hits, Provider
from textual.content import Content

from rjournal.app import safe

if TYPE_CHECKING:
    from rjournal.app.app import JournalApp

# How many people "jump to person" lists for one query.
PEOPLE_HITS = 20


def _journal_app(provider: Provider) -> JournalApp:
    from rjournal.app.app import JournalApp

    app = provider.app
    assert isinstance(app, JournalApp)
    return app


def _screen_name(provider: Provider) -> str:
    return type(provider.screen).__name__


class JournalCommands(Provider):
    """Log, add, search, review, help and theme: each only where it makes sense."""

    def _commands(self) -> Iterator[tuple[str, Callable[[], object], str]]:
        app = _journal_app(self)
        screen = _screen_name(self)
        person_id = app.highlighted_person_id()
        if person_id is not None:
            name = app.journal.names([person_id]).get(person_id)
            if name is not None:
                yield (
                    f"Log an interaction with {safe.plain(name)}",
                    app.action_quick_log,
                    "A call, coffee, message... it resets the rhythm clock",
                )
        yield ("Log an interaction", partial(self._log_with_anyone, app), "Choose who in the form")
        yield ("Add a person", app.action_add_person, "A new person in the journal")
        if screen != "SearchScreen":
            yield ("Search names and notes", app.action_search, "Full-text search")
        if screen != "ReviewScreen":
            yield ("Monthly review", app.action_review, "Check-ins by channel, who slipped")
        if screen != "HelpScreen":
            yield (
                "Help: every key binding",
                app.action_help,
                "The keys of this screen and the app",
            )
        yield ("Choose a theme", app.search_themes, "Remembered in this journal")
        yield ("Go to person", app.action_jump, "Open someone by name")

    @staticmethod
    def _log_with_anyone(app: JournalApp) -> None:
        from rjournal.app.modals.quick_log import QuickLogModal

        app.push_screen(QuickLogModal(person_id=None))

    async def discover(self) -> Hits:
        for name, command, help_text in self._commands():
            # The name is plain text (a person's name can hold "[" ): never markup.
            yield DiscoveryHit(Content(name), command, text=name, help=help_text)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for name, command, help_text in self._commands():
            score = matcher.match(name)
            if score > 0:
                yield Hit(score, _highlight(matcher, name), command, text=name, help=help_text)


def _highlight(matcher: object, name: str) -> Content:
    """Like Matcher.highlight, but over plain text (that one parses its input as markup)."""
    from textual.fuzzy import Matcher

    content = Content(name)
    assert isinstance(matcher, Matcher)
    score, offsets = matcher.fuzzy_search.match(matcher.query, name)
    if not score:
        return content
    for offset in offsets:
        if not name[offset].isspace():
            content = content.stylize("bold $text-accent", offset, offset + 1)
    return content


class PeopleCommands(Provider):
    """Jump to a person: names and nicknames that contain every word typed, from SQL."""

    async def search(self, query: str) -> Hits:
        app = _journal_app(self)
        for rank, row in enumerate(app.journal.people_named(query, PEOPLE_HITS)):
            person_id, name, nickname, company = row.id, row.name, row.nickname, row.company
            label = safe.plain(f"{name} ({nickname})" if nickname else name)
            display = Content.assemble(("Go to ", "$text-muted"), safe.line(label).stylize("bold"))
            if company:
                display = Content.assemble(display, (" · ", "$text-muted"), safe.line(company))
            yield Hit(
                1.0 - rank / (PEOPLE_HITS * 2),
                display,
                partial(app.open_person, int(person_id)),
                text=label,
            )
