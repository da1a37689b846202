"""Saving a form over a journal that may have changed since the form was opened.

A form edits a copy of a record (the base). On saving, the journal's record as it is now
(theirs) may differ from the base: another process wrote it meanwhile. Per field:

| the form (mine) vs base | theirs vs base | saved |
|---|---|---|
| same | any | theirs: a field the user did not touch is never written |
| changed | same | mine |
| changed to x | changed to x | x |
| changed | changed, differently | a conflict: the user chooses theirs or mine |

A field holding several values (emails, phones, tags, an entry's people) merges value by
value instead, never a conflict: what either side added is kept, what either side removed
goes. (Sync's three-way merge, rjournal.sync.merge, decides conflicts by itself; a form asks.)
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, TypeVar

from rjournal.domain.value import Value

# Fields of several values, merged value by value.
MERGED_BY_VALUE = frozenset({"emails", "phones", "tags", "people"})

R = TypeVar("R", bound=Value)


@dataclass(frozen=True)
class FieldConflict:
    """One field both the form and someone else changed, differently."""

    field: str
    theirs: Any
    mine: Any


def changes_between(base: Value, mine: Value) -> dict[str, Any]:
    """The fields (by name) where mine differs from base, with mine's values."""
    return {
        f.name: getattr(mine, f.name)
        for f in dataclasses.fields(base)
        if getattr(mine, f.name) != getattr(base, f.name)
    }


def merged_values(
    base: tuple[Any, ...], theirs: tuple[Any, ...], mine: tuple[Any, ...]
) -> tuple[Any, ...]:
    """Theirs, less what mine removed from base, plus what mine added (in their order)."""
    removed = [v for v in base if v not in mine]
    added = [v for v in mine if v not in base]
    kept = [v for v in theirs if v not in removed]
    return tuple(dict.fromkeys([*kept, *added]))


def rebase(base: R, theirs: R, changes: Mapping[str, Any]) -> tuple[R, list[FieldConflict]]:
    """The record to save: theirs with the form's changes (fields of base changed by the
    form) applied, by the table above; the conflicts keep theirs and are returned."""
    out: dict[str, Any] = {}
    conflicts: list[FieldConflict] = []
    for name, mine in changes.items():
        was, now = getattr(base, name), getattr(theirs, name)
        if now in (was, mine):
            out[name] = mine
        elif name in MERGED_BY_VALUE:
            out[name] = merged_values(was, now, mine)
        else:
            conflicts.append(FieldConflict(name, now, mine))
    return dataclasses.replace(theirs, **out), conflicts
