"""The three-way merge of one synced item: the journal's side, the vdir's side, and the base.

An item on each side is a field map: field name to a value (text, a number, a flag, or a set
of texts for fields that hold several values: emails, phones, tags, an entry's people). The
base is the map both sides had at the last sync. Empty values (None, "", False, an empty
set) and missing fields are the same thing: empty, so a side that leaves out a flag that is
off, or an empty text, has not changed it.

Per field, one rule (ours is the journal, theirs the vdir):

| ours vs base | theirs vs base | result |
|---|---|---|
| same | same | base |
| changed | same | ours |
| same | changed | theirs |
| changed to x | changed to x | x |
| emptied | changed | theirs: an edit beats a clearing, so no edit is lost |
| changed | emptied | ours, for the same reason |
| changed | changed, differently | ours, and a Conflict keeps theirs ("from sync: ...") |

A set merges element by element: what either side added stays, what either side removed
goes, so there is never a conflict. Items as a whole: added on one side, created on the
other; deleted on one side and unchanged on the other, deleted there too (the journal side
moves it to the trash; the caller does that); deleted on one side and changed on the other,
kept as the changed side has it. Swapping ours and theirs changes only who wins a conflict.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Literal

FieldValue = str | int | bool | frozenset[str] | None
FieldMap = Mapping[str, FieldValue]
Action = Literal["none", "create", "update", "delete"]


@dataclass(frozen=True)
class Conflict:
    """A field both sides changed differently: the journal's value kept, the other beside it."""

    field: str
    kept: FieldValue
    other: FieldValue

    def describe(self, other_side: str = "the phone") -> str:
        """The line kept visibly with the item: `from sync: the phone had city "Lyon"`."""
        return f'from sync: {other_side} had {self.field} "{_shown(self.other)}"'


@dataclass(frozen=True)
class Merged:
    """What one item becomes, and what each side must do to hold it."""

    fields: dict[str, FieldValue] | None  # None: the item is gone from both sides
    journal: Action
    vdir: Action
    conflicts: tuple[Conflict, ...] = ()
    # Set when one side deleted the item and the other changed it: which side's edit kept it.
    kept_by: Literal["journal", "vdir"] | None = None


def _shown(value: FieldValue) -> str:
    if isinstance(value, frozenset):
        return ", ".join(sorted(value))
    return str(value)


def _empty(value: FieldValue) -> bool:
    return value is None or value is False or value == "" or value == frozenset()


def canonical(fields: FieldMap) -> dict[str, FieldValue]:
    """The map without its empty fields, so that two maps compare as the user sees them."""
    return {name: value for name, value in fields.items() if not _empty(value)}


def _merge_set(base: FieldValue, ours: FieldValue, theirs: FieldValue) -> frozenset[str]:
    b, o, t = (_as_set(v) for v in (base, ours, theirs))
    return (o & t) | (o - b) | (t - b)


def _as_set(value: FieldValue) -> frozenset[str]:
    if value is None or value == "":
        return frozenset()
    if not isinstance(value, frozenset):
        raise TypeError(f"{value!r} beside a set of values")
    return value


def merge_fields(
    base: FieldMap, ours: FieldMap, theirs: FieldMap
) -> tuple[dict[str, FieldValue], tuple[Conflict, ...]]:
    """The merged map (canonical) and the fields where the journal's value beat the vdir's."""
    b, o, t = canonical(base), canonical(ours), canonical(theirs)
    merged: dict[str, FieldValue] = {}
    conflicts: list[Conflict] = []
    for name in sorted(b.keys() | o.keys() | t.keys()):
        vb, vo, vt = b.get(name), o.get(name), t.get(name)
        if any(isinstance(v, frozenset) for v in (vb, vo, vt)):
            value: FieldValue = _merge_set(vb, vo, vt)
        elif vo == vt or vt == vb:
            value = vo
        elif vo == vb or vo is None:
            value = vt  # only theirs changed, or ours was emptied while theirs was edited
        elif vt is None:
            value = vo
        else:
            value = vo
            conflicts.append(Conflict(name, kept=vo, other=vt))
        if not _empty(value):
            merged[name] = value
    return merged, tuple(conflicts)


def _action(side: FieldMap | None, result: dict[str, FieldValue] | None) -> Action:
    if result is None:
        return "none" if side is None else "delete"
    if side is None:
        return "create"
    return "none" if canonical(side) == result else "update"


def merge_item(base: FieldMap | None, ours: FieldMap | None, theirs: FieldMap | None) -> Merged:
    """One item's outcome; None on a side means the item is not (or no longer) there."""
    kept_by: Literal["journal", "vdir"] | None = None
    conflicts: tuple[Conflict, ...] = ()
    result: dict[str, FieldValue] | None
    if ours is None and theirs is None:
        result = None
    elif ours is None or theirs is None:
        present = theirs if ours is None else ours
        assert present is not None
        if base is None or canonical(present) != canonical(base):
            result = canonical(present)  # new on that side, or an edit the deletion can't undo
            if base is not None:
                kept_by = "vdir" if ours is None else "journal"
        else:
            result = None
    else:
        result, conflicts = merge_fields(base or {}, ours, theirs)
    return Merged(result, _action(ours, result), _action(theirs, result), conflicts, kept_by)


def encode_fields(fields: FieldMap) -> str:
    """A field map as the journal keeps it for the next merge: canonical, stable JSON."""
    plain = {
        name: sorted(value) if isinstance(value, frozenset) else value
        for name, value in canonical(fields).items()
    }
    return json.dumps(plain, sort_keys=True, ensure_ascii=False, separators=(",", ":"))


def decode_fields(text: str) -> dict[str, FieldValue]:
    """The map encode_fields wrote (a list is a set of values)."""
    loaded = json.loads(text)
    if not isinstance(loaded, dict):
        raise ValueError("a field map is a JSON object")
    fields: dict[str, FieldValue] = {}
    for name, value in loaded.items():
        if isinstance(value, list):
            fields[name] = frozenset(str(v) for v in value)
        elif value is None or isinstance(value, str | int | bool):
            fields[name] = value
        else:
            raise ValueError(f"field {name!r} holds {type(value).__name__}")
    return fields


def unstale(theirs: FieldMap, prior: FieldMap, base: FieldMap) -> dict[str, FieldValue]:
    """theirs, where it is a copy from before the last sync wrote the file, taken as the base.

    prior is what the file held when the last sync wrote over it (with the base it wrote). A
    copy from before that write can come back: vdirsyncer, told the server wins a conflict,
    puts the server's copy over the file, and the server's copy may predate the write. Such a
    copy holds prior's values where the write changed them; read as edits, they would undo
    the write. So a field (or a set's element) that is as in prior and not as in the base is
    read as the base. The price: an edit that puts back exactly the value from before the last
    write is not seen.
    """
    t, p, b = canonical(theirs), canonical(prior), canonical(base)
    out = dict(t)
    for name in t.keys() | p.keys() | b.keys():
        vt, vp, vb = t.get(name), p.get(name), b.get(name)
        if any(isinstance(v, frozenset) for v in (vt, vp, vb)):
            st, sp, sb = _as_set(vt), _as_set(vp), _as_set(vb)
            # An element present (or absent) as in prior is as in the base; else as theirs.
            value: FieldValue = frozenset(
                e for e in st | sp | sb if ((e in sb) if (e in st) == (e in sp) else (e in st))
            )
        elif vt == vp and vp != vb:
            value = vb
        else:
            value = vt
        if _empty(value):
            out.pop(name, None)
        else:
            out[name] = value
    return out
