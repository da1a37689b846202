"""Undo for deletions: the app remembers what it deleted (a person to the trash, an entry) and
can bring the last one back at once.

Screen-independent: the app binds a key (u) to an action that calls `undo_last(app)`.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime
from typing import TYPE_CHECKING
from weakref import WeakKeyDictionary

from rjournal.app import safe
from rjournal.domain.model import Entry, Kid, Occasion, Pet, Promise
from rjournal.store.errors import JournalError, NotFound

if TYPE_CHECKING:
    from rjournal.app.app import JournalApp


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


Undoable = Deletion | EntryDeletion | ItemDeletion

_deletions: WeakKeyDictionary[JournalApp, list[Undoable]] = WeakKeyDictionary()


def remember_deletion(app: JournalApp, person_id: int, name: str) -> None:
    """Note that a person went to the trash, so `undo_last` can restore them."""
    _deletions.setdefault(app, []).append(Deletion(person_id, name))


def remember_entry_deletion(app: JournalApp, entry: Entry, label: str) -> None:
    """Note an entry that was deleted (as it was, people and all), so `undo_last` can
    write it back."""
    _deletions.setdefault(app, []).append(EntryDeletion(entry, label))


def remember_item_deletion(
    app: JournalApp, person_id: int, item: Kid | Pet | Occasion | Promise, label: str
) -> None:
    """Note a kid, pet, occasion or promise that was removed, so `undo_last` can add it back."""
    _deletions.setdefault(app, []).append(ItemDeletion(person_id, item, label))


def pending(app: JournalApp) -> list[Undoable]:
    """The deletions that can still be undone, oldest first."""
    return list(_deletions.get(app, ()))


def undo_last(app: JournalApp) -> bool:
    """Bring back what was deleted last; tell the user either way. True if it came back."""
    stack = _deletions.get(app)
    if not stack:
        app.notify("Nothing to undo", markup=False)
        return False
    deletion = stack.pop()
    try:
        if isinstance(deletion, Deletion):
            app.journal.restore_person(deletion.person_id)
            shown = safe.plain(deletion.name)
        elif isinstance(deletion, ItemDeletion):
            restore_item(app, deletion.person_id, deletion.item)
            shown = deletion.label
        else:
            left_out = restore_entry(app, deletion.entry)
            shown = deletion.label
            if left_out:
                who = "person" if left_out == 1 else "people"
                shown += f" (without {left_out} {who} now in the trash)"
    except JournalError as error:
        app.notify(safe.plain(str(error)), severity="warning", markup=False)
        return False
    app.journal_written()
    app.notify(f"Restored {shown}", markup=False)
    return True


def restore_entry(app: JournalApp, entry: Entry) -> int:
    """Write a deleted entry again: same kind, day, channel, text and people (those still in
    the journal), with a new id (the store has no way to reuse the old one). Returns how many
    people were left out because they are in the trash now."""
    people: list[int] = []
    for person_id in entry.people:
        try:
            app.journal.person(person_id)
        except NotFound:
            continue  # trashed since: the store links only people in the journal
        people.append(person_id)
    if not people:
        raise NotFound("everyone in that entry is in the trash now, so it cannot come back")
    app.journal.add_entry(replace(entry, id=None, people=tuple(people)), created_at=datetime.now())
    return len(entry.people) - len(people)


def restore_item(app: JournalApp, person_id: int, item: Kid | Pet | Occasion | Promise) -> None:
    """Add a removed kid, pet, occasion or open promise again, as it was (under a new id)."""
    journal = app.journal
    if isinstance(item, Kid):
        journal.add_kid(person_id, replace(item, id=None))
    elif isinstance(item, Pet):
        journal.add_pet(person_id, replace(item, id=None))
    elif isinstance(item, Occasion):
        journal.add_occasion(person_id, replace(item, id=None))
    else:
        journal.add_promise(person_id, item.text, item.created_on, item.due)
