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
    from rjournal.store.journal import PersonRow

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
        # The palette is the app's screen now: the person is the calling screen's.
        person_id = app.highlighted_person_id(self.screen)
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
        if screen == "PersonScreen" and person_id is not None:
            name = app.journal.names([person_id]).get(person_id)
            if name is not None:
                yield (
                    f"Merge {safe.plain(name)} into another person",
                    partial(_choose_merge_target, app, safe.plain(name)),
                    "A duplicate: its entries, family and promises move to the one kept",
                )

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
            label, display = _person_hit("Go to ", row)
            yield Hit(
                1.0 - rank / (PEOPLE_HITS * 2),
                display,
                partial(app.open_person, int(row.id)),
                text=label,
            )


def _person_hit(verb: str, row: PersonRow) -> tuple[str, Content]:
    """A person as a palette hit: their plain label, and "verb Name (nick) · company"."""
    label = safe.plain(f"{row.name} ({row.nickname})" if row.nickname else row.name)
    display = Content.assemble((verb, "$text-muted"), safe.line(label).stylize("bold"))
    if row.company:
        display = Content.assemble(display, (" · ", "$text-muted"), safe.line(row.company))
    return label, display


def _choose_merge_target(app: JournalApp, name: str) -> None:
    """A palette of the other people, to fold this person's record into (MergeTargets)."""
    from textual.command import CommandPalette

    # Later, so the palette that ran this command is gone: the new one's screen is the person's.
    app.call_later(
        app.push_screen, CommandPalette(providers=[MergeTargets], placeholder=f"Merge {name} into…")
    )


class MergeTargets(Provider):
    """Who to merge the open person into: everyone else, found as "go to person" finds them."""

    async def search(self, query: str) -> Hits:
        app = _journal_app(self)
        source = getattr(self.screen, "person_id", None)
        if not isinstance(source, int):
            return
        for rank, row in enumerate(app.journal.people_named(query, PEOPLE_HITS + 1)):
            if row.id == source:
                continue
            label, display = _person_hit("Merge into ", row)
            yield Hit(
                1.0 - rank / (PEOPLE_HITS * 2),
                display,
                partial(_confirm_merge, app, source, int(row.id)),
                text=label,
            )


def _confirm_merge(app: JournalApp, source: int, target: int) -> None:
    from rjournal.app.modals.confirm import ConfirmModal

    names = app.journal.names([source, target])
    if source not in names or target not in names:
        app.notify("One of them is no longer in the journal", markup=False)
        return
    old, kept = safe.plain(names[source]), safe.plain(names[target])
    question = (
        f"Merge {old} into {kept}? {kept} takes {old}'s entries, kids, pets, occasions, "
        f"promises and empty fields; {old} goes to the trash. This can't be undone with u."
    )
    app.push_screen(
        ConfirmModal(question, yes="Merge"),
        lambda yes: _merge_answered(app, source, target, bool(yes)),
    )


def _merge_answered(app: JournalApp, source: int, target: int, yes: bool) -> None:
    from datetime import datetime

    from rjournal.store.errors import NotFound

    if not yes:
        return
    try:
        merged, conflicts = app.journal.merge_people(source, target, datetime.now())
    except NotFound:
        app.notify("One of them is no longer in the journal", markup=False)
        return
    app.journal_written()
    # The merged-away person's screen is gone with them: show the record kept instead.
    if getattr(app.screen, "person_id", None) == source:
        app.pop_screen()
    app.open_person(target)
    kept = "; ".join(
        f'kept {c.field} "{safe.plain(c.kept)}", not "{safe.plain(c.dropped)}"' for c in conflicts
    )
    message = f"Merged into {safe.plain(merged.name)}" + (f" ({kept})" if kept else "")
    app.notify(message, markup=False)
