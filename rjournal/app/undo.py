"""Undo for deletions and promise marks: what the app deleted (a person to the trash, an
entry, a kid, pet, occasion or promise) or marked (a promise done, or open again), newest
last, each of which can be written back once.

Screen-independent: the app binds a key (u) to an action that calls `UndoStack.undo_last`.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, datetime

from rjournal.app import safe
from rjournal.domain.model import Entry, Kid, Occasion, Pet, Promise
from rjournal.store.errors import NotFound
from rjournal.store.journal import Journal


@dataclass(frozen=True)
class Deletion:
    """A person moved to the trash."""

    person_id: int
    name: str


@dataclass(frozen=True)
class EntryDeletion:
    """An entry deleted for good: kept whole here, so undo can write it again."""

    entry: Entry
    label: str


@dataclass(frozen=True)
class ItemDeletion:
    """A kid, pet, occasion or open promise removed for good: kept here to write it again."""

    person_id: int
    item: Kid | Pet | Occasion | Promise
    label: str


@dataclass(frozen=True)
class PromiseMarked:
    """A promise marked done or open again: `before` is its done day before (None: open)."""

    promise_id: int
    before: date | None
    label: str


Undoable = Deletion | EntryDeletion | ItemDeletion | PromiseMarked


class UndoStack:
    """The deletions of one app that can still be undone."""

    def __init__(self) -> None:
        self._deletions: list[Undoable] = []

    def remember(self, deletion: Undoable) -> None:
        """Note a deletion just written, so `undo_last` can bring it back."""
        self._deletions.append(deletion)

    def pending(self) -> list[Undoable]:
        """The deletions that can still be undone, oldest first."""
        return list(self._deletions)

    def undo_last(self, journal: Journal) -> str | None:
        """Write back what was deleted last and say what came back (plain text); None when
        there is nothing to undo. A JournalError says why it could not come back; the
        deletion is forgotten either way."""
        if not self._deletions:
            return None
        deletion = self._deletions.pop()
        if isinstance(deletion, Deletion):
            journal.restore_person(deletion.person_id)
            return safe.plain(deletion.name)
        if isinstance(deletion, ItemDeletion):
            restore_item(journal, deletion.person_id, deletion.item)
            return deletion.label
        if isinstance(deletion, PromiseMarked):
            journal.complete_promise(deletion.promise_id, deletion.before)
            state = "open again" if deletion.before is None else "done again"
            return f"{deletion.label} ({state})"
        left_out = restore_entry(journal, deletion.entry)
        shown = deletion.label
        if left_out:
            who = "person" if left_out == 1 else "people"
            shown += f" (without {left_out} {who} now in the trash)"
        return shown


def restore_entry(journal: Journal, entry: Entry) -> int:
    """Write a deleted entry again: same kind, day, channel, text and people (those still in
    the journal), with a new id (the store has no way to reuse the old one). Returns how many
    people were left out because they are in the trash now."""
    people: list[int] = []
    for person_id in entry.people:
        try:
            journal.person(person_id)
        except NotFound:
            continue  # trashed since: the store links only people in the journal
        people.append(person_id)
    if not people:
        raise NotFound("everyone in that entry is in the trash now, so it cannot come back")
    journal.add_entry(replace(entry, people=tuple(people)), created_at=datetime.now())
    return len(entry.people) - len(people)


def restore_item(journal: Journal, person_id: int, item: Kid | Pet | Occasion | Promise) -> None:
    """Add a removed kid, pet, occasion or open promise again, as it was (under a new id)."""
    if isinstance(item, Kid):
        journal.add_kid(person_id, item)
    elif isinstance(item, Pet):
        journal.add_pet(person_id, item)
    elif isinstance(item, Occasion):
        journal.add_occasion(person_id, item)
    else:
        journal.add_promise(person_id, item.text, item.created_on, item.due)
