"""Command palette providers: the app's commands, and "jump to person" over the journal.

Textual builds providers from their classes, so they find the journal through `context_of`
and run the app's own actions by name; none of them imports the App class.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from functools import partial
from typing import TYPE_CHECKING, Any

from textual.command import DiscoveryHit, Hit, Hits, Provider
from textual.content import Content

from rjournal.app import safe
from rjournal.app.context import JournalContext, context_of
from rjournal.app.messages import PersonChosen
from rjournal.app.screens.base import person_in_view

if TYPE_CHECKING:
    from textual.app import App

    from rjournal.store.journal import PersonRow

# How many people "jump to person" lists for one query.
PEOPLE_HITS = 20


def _screen_name(provider: Provider) -> str:
    return type(provider.screen).__name__


def _action(app: App[Any], name: str) -> Callable[[], object]:
    """One of the app's actions (quick_log, search...), run as its key binding runs it."""
    return partial(app.run_action, f"app.{name}")


class JournalCommands(Provider):
    """Log, add, search, review, help and theme: each only where it makes sense."""

    def _commands(self) -> Iterator[tuple[str, Callable[[], object], str]]:
        app, context = self.app, context_of(self.app)
        screen = _screen_name(self)
        # The palette is the app's screen now: the person is the calling screen's.
        person_id = person_in_view(self.screen) if context.has_journal else None
        if person_id is not None:
            name = context.journal.names([person_id]).get(person_id)
            if name is not None:
                yield (
                    f"Log an interaction with {safe.plain(name)}",
                    _action(app, "quick_log"),
                    "A call, coffee, message... it resets the rhythm clock",
                )
        yield (
            "Log an interaction",
            partial(_log_with_anyone, app, context),
            "Choose who in the form",
        )
        yield ("Add a person", _action(app, "add_person"), "A new person in the journal")
        if screen != "SearchScreen":
            yield ("Search names and notes", _action(app, "search"), "Full-text search")
        if screen != "ReviewScreen":
            yield ("Monthly review", _action(app, "review"), "Check-ins by channel, who slipped")
        if screen != "HelpScreen":
            yield (
                "Help: every key binding",
                _action(app, "help"),
                "The keys of this screen and the app",
            )
        if context.has_journal:
            yield (
                "Sync status",
                partial(_show_sync_status, app, context),
                "When the journal last synced, what changed, what it could not merge",
            )
        yield ("Choose a theme", app.search_themes, "Remembered in this journal")
        yield ("Go to person", _action(app, "jump"), "Open someone by name")
        if screen == "PersonScreen" and person_id is not None:
            name = context.journal.names([person_id]).get(person_id)
            if name is not None:
                yield (
                    f"Merge {safe.plain(name)} into another person",
                    partial(_choose_merge_target, app, safe.plain(name)),
                    "A duplicate: its entries, family and promises move to the one kept",
                )

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


def _show_sync_status(app: App[Any], context: JournalContext) -> None:
    from rjournal.app.modals.sync_status import SyncStatusModal
    from rjournal.sync.status import status_lines

    with context.journal.snapshot() as conn:
        lines = status_lines(conn, context.today())
    app.push_screen(SyncStatusModal(lines))


def _log_with_anyone(app: App[Any], context: JournalContext) -> None:
    from rjournal.app.modals.quick_log import QuickLogModal

    app.push_screen(QuickLogModal(context, None))


class PeopleCommands(Provider):
    """Jump to a person: names and nicknames that contain every word typed, from SQL."""

    async def search(self, query: str) -> Hits:
        app, context = self.app, context_of(self.app)
        if not context.has_journal:
            return  # no one to go to, and reading must not create the journal
        for rank, row in enumerate(context.journal.people_named(query, PEOPLE_HITS)):
            label, display = _person_hit("Go to ", row)
            yield Hit(
                1.0 - rank / (PEOPLE_HITS * 2),
                display,
                partial(app.post_message, PersonChosen(int(row.id))),
                text=label,
            )


def _person_hit(verb: str, row: PersonRow) -> tuple[str, Content]:
    """A person as a palette hit: their plain label, and "verb Name (nick) · company"."""
    label = safe.plain(f"{row.name} ({row.nickname})" if row.nickname else row.name)
    display = Content.assemble((verb, "$text-muted"), safe.line(label).stylize("bold"))
    if row.company:
        display = Content.assemble(display, (" · ", "$text-muted"), safe.line(row.company))
    return label, display


def _choose_merge_target(app: App[Any], name: str) -> None:
    """A palette of the other people, to fold this person's record into (MergeTargets)."""
    from textual.command import CommandPalette

    # Later, so the palette that ran this command is gone: the new one's screen is the person's.
    app.call_later(
        app.push_screen, CommandPalette(providers=[MergeTargets], placeholder=f"Merge {name} into…")
    )


class MergeTargets(Provider):
    """Who to merge the open person into: everyone else, found as "go to person" finds them."""

    async def search(self, query: str) -> Hits:
        app, context = self.app, context_of(self.app)
        source = getattr(self.screen, "person_id", None)
        if not isinstance(source, int):
            return
        for rank, row in enumerate(context.journal.people_named(query, PEOPLE_HITS + 1)):
            if row.id == source:
                continue
            label, display = _person_hit("Merge into ", row)
            yield Hit(
                1.0 - rank / (PEOPLE_HITS * 2),
                display,
                partial(_confirm_merge, app, context, source, int(row.id)),
                text=label,
            )


def _confirm_merge(app: App[Any], context: JournalContext, source: int, target: int) -> None:
    from rjournal.app.modals.confirm import ConfirmModal

    names = context.journal.names([source, target])
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
        lambda yes: _merge_answered(app, context, source, target, bool(yes)),
    )


def _merge_answered(
    app: App[Any], context: JournalContext, source: int, target: int, yes: bool
) -> None:
    from datetime import datetime

    from rjournal.store.errors import NotFound

    if not yes:
        return
    try:
        merged, conflicts = context.journal.merge_people(source, target, datetime.now())
    except NotFound:
        app.notify("One of them is no longer in the journal", markup=False)
        return
    context.journal_written()
    # The merged-away person's screen is gone with them: show the record kept instead.
    if getattr(app.screen, "person_id", None) == source:
        app.pop_screen()
    app.post_message(PersonChosen(target))
    kept = "; ".join(
        f'kept {c.field} "{safe.plain(c.kept)}", not "{safe.plain(c.dropped)}"' for c in conflicts
    )
    message = f"Merged into {safe.plain(merged.name)}" + (f" ({kept})" if kept else "")
    app.notify(message, markup=False)
