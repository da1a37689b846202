"""Undo for deletions: the app remembers who went to the trash and can bring them back at once.

Screen-independent: the app binds a key (u) to an action that calls `undo_last(app)`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING
from weakref import WeakKeyDictionary

from rjournal.app import safe
from rjournal.store.errors import JournalError

if TYPE_CHECKING:
    from rjournal.app.app import JournalApp


@dataclass(frozen=True)
class Deletion:
    person_id: int
    name: str


_deletions: WeakKeyDictionary[JournalApp, list[Deletion]] = WeakKeyDictionary()


def remember_deletion(app: JournalApp, person_id: int, name: str) -> None:
    """Note that a person went to the trash, so `undo_last` can restore them."""
    _deletions.setdefault(app, []).append(Deletion(person_id, name))


def pending(app: JournalApp) -> list[Deletion]:
    """The deletions that can still be undone, oldest first."""
    return list(_deletions.get(app, ()))


def undo_last(app: JournalApp) -> bool:
    """Restore the person deleted last; tell the user either way. True if someone came back."""
    stack = _deletions.get(app)
    if not stack:
        app.notify("Nothing to undo", markup=False)
        return False
    deletion = stack.pop()
    try:
        app.journal.restore_person(deletion.person_id)
    except JournalError as error:
        app.notify(safe.plain(str(error)), severity="warning", markup=False)
        return False
    app.journal_written()
    app.notify(f"Restored {safe.plain(deletion.name)}", markup=False)
    return True
