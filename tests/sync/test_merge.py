"""The three-way merge: the table in rjournal/sync/merge.py, and its promises under hypothesis."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from rjournal.sync.merge import (
    Conflict,
    FieldMap,
    FieldValue,
    canonical,
    decode_fields,
    encode_fields,
    merge_fields,
    merge_item,
)

SCALARS = ("name", "city", "company", "on", "count", "from_them")
SETS = ("emails", "tags", "people")

scalar_values = st.one_of(
    st.none(),
    st.sampled_from(["", "Berlin", "Lyon", "Anna", "[/b]", "a, b; c"]),
    st.integers(-2, 2),
    st.booleans(),
)
set_values = st.frozensets(st.sampled_from(["a@x", "b@x", "c@x", "work", "Zoë"]), max_size=4)


@st.composite
def field_maps(draw: st.DrawFn) -> dict[str, FieldValue]:
    fields: dict[str, FieldValue] = {}
    for name in SCALARS:
        if draw(st.booleans()):
            fields[name] = draw(scalar_values)
    for name in SETS:
        if draw(st.booleans()):
            fields[name] = draw(set_values)
    return fields


@st.composite
def edits_of(draw: st.DrawFn, base: FieldMap) -> dict[str, FieldValue]:
    """base with some fields changed, cleared or added: one side's edits since the last sync."""
    edited = dict(base)
    for name in draw(st.lists(st.sampled_from(SCALARS + SETS), unique=True, max_size=4)):
        edited[name] = draw(set_values if name in SETS else scalar_values)
    return edited


def _empty(value: FieldValue) -> bool:
    return value is None or value is False or value == "" or value == frozenset()


def value(fields: FieldMap, name: str) -> FieldValue:
    found = canonical(fields).get(name)
    if found is None and name in SETS:
        return frozenset()
    return found


# --- the table, row by row ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("base", "ours", "theirs", "merged", "conflicts"),
    [
        ("Berlin", "Berlin", "Berlin", "Berlin", ()),
        ("Berlin", "Lyon", "Berlin", "Lyon", ()),
        ("Berlin", "Berlin", "Lyon", "Lyon", ()),
        ("Berlin", "Lyon", "Lyon", "Lyon", ()),
        ("Berlin", None, "Lyon", "Lyon", ()),
        ("Berlin", "Lyon", "", "Lyon", ()),
        ("Berlin", "Lyon", "Oslo", "Lyon", (Conflict("city", "Lyon", "Oslo"),)),
        (None, "Lyon", "Oslo", "Lyon", (Conflict("city", "Lyon", "Oslo"),)),
        ("Berlin", None, "Berlin", None, ()),
        ("Berlin", "Berlin", None, None, ()),
    ],
)
def test_each_row_of_the_table(
    base: str | None,
    ours: str | None,
    theirs: str | None,
    merged: str | None,
    conflicts: tuple[Conflict, ...],
) -> None:
    result, found = merge_fields({"city": base}, {"city": ours}, {"city": theirs})
    assert result.get("city") == merged
    assert found == conflicts


def test_sets_keep_every_addition_and_every_removal() -> None:
    base = {"emails": frozenset({"a@x", "b@x"})}
    ours = {"emails": frozenset({"a@x", "c@x"})}  # removed b, added c
    theirs = {"emails": frozenset({"a@x", "b@x", "d@x"})}  # added d
    assert merge_fields(base, ours, theirs) == ({"emails": frozenset({"a@x", "c@x", "d@x"})}, ())


def test_a_conflict_is_described_as_the_user_reads_it() -> None:
    assert Conflict("city", "Lyon", "Oslo").describe() == 'from sync: the phone had city "Oslo"'
    assert (
        Conflict("company", "Acme", "Acme Ltd").describe("the desk")
        == 'from sync: the desk had company "Acme Ltd"'
    )


def test_a_flag_that_is_off_is_the_same_as_a_flag_left_out() -> None:
    made = merge_item({"from_them": False}, {"from_them": False}, {})
    assert (made.fields, made.journal, made.vdir) == ({}, "none", "none")
    assert merge_fields({}, {"from_them": True}, {"from_them": False}) == ({"from_them": True}, ())


def test_a_set_beside_a_single_value_is_a_programming_error() -> None:
    with pytest.raises(TypeError):
        merge_fields({"tags": frozenset({"a"})}, {"tags": "a"}, {})


# --- items as a whole ---------------------------------------------------------------------


def test_an_item_new_on_one_side_is_created_on_the_other() -> None:
    made = merge_item(None, None, {"name": "Anna"})
    assert (made.fields, made.journal, made.vdir) == ({"name": "Anna"}, "create", "none")
    made = merge_item(None, {"name": "Anna"}, None)
    assert (made.fields, made.journal, made.vdir) == ({"name": "Anna"}, "none", "create")


def test_an_item_made_on_both_sides_merges_as_if_from_nothing() -> None:
    made = merge_item(None, {"name": "Anna", "city": "Lyon"}, {"name": "Anna", "city": "Oslo"})
    assert made.fields == {"name": "Anna", "city": "Lyon"}
    assert (made.journal, made.vdir) == ("none", "update")
    assert made.conflicts == (Conflict("city", "Lyon", "Oslo"),)


def test_deleted_on_one_side_and_unchanged_on_the_other_is_deleted() -> None:
    base = {"name": "Anna"}
    made = merge_item(base, None, {"name": "Anna", "city": ""})
    assert (made.fields, made.journal, made.vdir, made.kept_by) == (None, "none", "delete", None)
    made = merge_item(base, base, None)
    assert (made.fields, made.journal, made.vdir) == (None, "delete", "none")


def test_deleted_on_one_side_and_changed_on_the_other_is_kept() -> None:
    base = {"name": "Anna"}
    made = merge_item(base, None, {"name": "Anna", "city": "Lyon"})
    assert made.fields == {"name": "Anna", "city": "Lyon"}
    assert (made.journal, made.vdir, made.kept_by) == ("create", "none", "vdir")
    made = merge_item(base, {"name": "Anna B."}, None)
    assert (made.fields, made.journal, made.vdir, made.kept_by) == (
        {"name": "Anna B."},
        "none",
        "create",
        "journal",
    )


def test_gone_from_both_sides_is_nothing_to_do() -> None:
    made = merge_item({"name": "Anna"}, None, None)
    assert (made.fields, made.journal, made.vdir) == (None, "none", "none")


# --- the promises, under hypothesis -------------------------------------------------------


@given(field_maps())
def test_merging_with_no_changes_is_a_no_op(base: dict[str, FieldValue]) -> None:
    made = merge_item(base, dict(base), dict(base))
    assert made.fields == canonical(base)
    assert (made.journal, made.vdir, made.conflicts) == ("none", "none", ())


@given(st.data(), field_maps())
def test_a_one_sided_change_always_wins(data: st.DataObject, base: dict[str, FieldValue]) -> None:
    edited = data.draw(edits_of(base))
    made = merge_item(base, edited, base)
    assert made.fields == canonical(edited) and made.conflicts == ()
    assert made.journal == "none"
    assert made.vdir == ("none" if canonical(edited) == canonical(base) else "update")
    made = merge_item(base, base, edited)
    assert made.fields == canonical(edited) and made.conflicts == ()
    assert made.vdir == "none"


@given(st.data(), field_maps())
def test_nothing_typed_on_either_side_disappears_without_a_conflict(
    data: st.DataObject, base: dict[str, FieldValue]
) -> None:
    ours, theirs = data.draw(edits_of(base)), data.draw(edits_of(base))
    merged, conflicts = merge_fields(base, ours, theirs)
    recorded = {(c.field, c.other) for c in conflicts}
    for side in (ours, theirs):
        for name in SCALARS:
            typed = value(side, name)
            if not _empty(typed) and typed != value(base, name):
                assert value(merged, name) == typed or (name, typed) in recorded
        for name in SETS:
            added = _as_set(value(side, name)) - _as_set(value(base, name))
            assert added <= _as_set(value(merged, name))


def _as_set(found: FieldValue) -> frozenset[str]:
    assert isinstance(found, frozenset)
    return found


@given(st.data(), field_maps())
def test_argument_order_decides_only_who_wins_a_conflict(
    data: st.DataObject, base: dict[str, FieldValue]
) -> None:
    a, b = data.draw(edits_of(base)), data.draw(edits_of(base))
    ab, ab_conflicts = merge_fields(base, a, b)
    ba, ba_conflicts = merge_fields(base, b, a)
    conflicted = {c.field for c in ab_conflicts}
    assert conflicted == {c.field for c in ba_conflicts}
    assert {(c.field, c.kept, c.other) for c in ab_conflicts} == {
        (c.field, c.other, c.kept) for c in ba_conflicts
    }
    for name in set(ab) | set(ba):
        if name not in conflicted:
            assert ab.get(name) == ba.get(name)
    for name in conflicted:
        assert (ab.get(name), ba.get(name)) == (value(a, name), value(b, name))


@given(st.data(), field_maps())
def test_after_a_merge_both_sides_agree_and_the_next_merge_does_nothing(
    data: st.DataObject, base: dict[str, FieldValue]
) -> None:
    ours = data.draw(st.one_of(st.none(), edits_of(base)))
    theirs = data.draw(st.one_of(st.none(), edits_of(base)))
    made = merge_item(base, ours, theirs)
    again = merge_item(made.fields, made.fields, made.fields)
    assert (again.journal, again.vdir, again.conflicts) == ("none", "none", ())
    if ours is not None and theirs is not None:
        assert made.fields is not None  # an item both sides still have is never dropped


@given(st.data(), field_maps())
def test_a_deletion_never_swallows_an_edit(
    data: st.DataObject, base: dict[str, FieldValue]
) -> None:
    edited = data.draw(edits_of(base))
    for made in (merge_item(base, None, edited), merge_item(base, edited, None)):
        if canonical(edited) != canonical(base):
            assert made.fields == canonical(edited)
        else:
            assert made.fields is None


@given(field_maps())
def test_the_stored_base_reads_back_as_it_was(fields: dict[str, FieldValue]) -> None:
    text = encode_fields(fields)
    assert decode_fields(text) == canonical(fields)
    assert encode_fields(decode_fields(text)) == text


def test_a_stored_base_that_is_not_a_field_map_is_refused() -> None:
    with pytest.raises(ValueError):
        decode_fields("[1, 2]")
    with pytest.raises(ValueError):
        decode_fields('{"a": {"b": 1}}')
