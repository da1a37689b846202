"""@frozen value classes behave as @dataclass(frozen=True) ones do, at a fraction of the import."""

from __future__ import annotations

import copy
import inspect
import pickle
from dataclasses import KW_ONLY, FrozenInstanceError, asdict, dataclass, field, fields, replace
from datetime import date

import pytest

from rjournal.domain.dates import YearlyDate
from rjournal.domain.model import NewPerson, Person
from rjournal.domain.value import Value, frozen


@frozen
class Point(Value):
    x: int
    y: int = 0
    tags: tuple[str, ...] = ()


@dataclass(frozen=True)
class StdPoint:
    x: int
    y: int = 0
    tags: tuple[str, ...] = ()


@frozen
class Numbered(Point):
    _: KW_ONLY
    id: int
    note: str = ""


@dataclass(frozen=True)
class StdNumbered(StdPoint):
    _: KW_ONLY
    id: int
    note: str = ""


@frozen
class Checked(Value):
    n: int

    def __post_init__(self) -> None:
        if self.n < 0:
            raise ValueError("negative")


def test_construction_equality_hash_and_repr_match_a_frozen_dataclass() -> None:
    ours, std = Point(1, tags=("a",)), StdPoint(1, tags=("a",))
    assert (ours.x, ours.y, ours.tags) == (std.x, std.y, std.tags)
    assert repr(ours) == repr(std).replace("StdPoint", "Point")
    assert hash(ours) == hash(std)  # both hash the tuple of fields
    assert ours == Point(1, 0, ("a",)) and ours != Point(2)
    assert ours != std  # another class is never equal, as with dataclasses
    assert len({ours, Point(1, tags=("a",))}) == 1
    assert str(inspect.signature(Point)) == str(inspect.signature(StdPoint))


def test_fields_are_frozen() -> None:
    point = Point(1)
    with pytest.raises(FrozenInstanceError):
        point.x = 2  # type: ignore[misc]
    with pytest.raises(FrozenInstanceError):
        del point.x
    with pytest.raises(FrozenInstanceError):
        point.other = 3  # type: ignore[attr-defined]
    assert point.x == 1


def test_dataclass_helpers_work() -> None:
    point = Point(1, 2)
    assert replace(point, y=5) == Point(1, 5)
    assert [f.name for f in fields(Point)] == ["x", "y", "tags"]
    assert asdict(point) == {"x": 1, "y": 2, "tags": ()}
    assert copy.copy(point) == point
    assert pickle.loads(pickle.dumps(point)) == point
    assert Point.__match_args__ == ("x", "y", "tags")


def test_keyword_only_fields_follow_the_fields_with_defaults() -> None:
    ours, std = Numbered(1, id=7), StdNumbered(1, id=7)
    assert str(inspect.signature(Numbered)) == str(inspect.signature(StdNumbered))
    assert repr(ours) == repr(std).replace("StdNumbered", "Numbered")
    assert (ours.x, ours.y, ours.id, ours.note) == (1, 0, 7, "")
    assert replace(ours, note="n") == Numbered(1, id=7, note="n")
    assert Numbered.__match_args__ == StdNumbered.__match_args__ == ("x", "y", "tags")
    assert ours != Point(1)  # another class, though it has the same x, y and tags
    with pytest.raises(TypeError, match="id"):
        Numbered(1)  # type: ignore[call-arg]
    with pytest.raises(TypeError):
        Numbered(1, 2, (), 7)  # type: ignore[call-arg]


def test_post_init_runs() -> None:
    assert Checked(1).n == 1
    with pytest.raises(ValueError, match="negative"):
        Checked(-1)
    with pytest.raises(ValueError, match="negative"):
        replace(Checked(1), n=-1)


def test_what_it_cannot_copy_faithfully_is_refused() -> None:
    with pytest.raises(TypeError, match="plain fields only"):

        @frozen
        class Listed(Value):
            items: list[int] = field(default_factory=list)


def test_model_classes_keep_their_meaning() -> None:
    ana = Person("Ana", date(2026, 1, 1), tags=("friend",), id=1)
    assert replace(ana, name="Bo") != ana and replace(ana, name="Bo").tags == ("friend",)
    assert repr(ana).startswith("Person(name='Ana', added_on=datetime.date(2026, 1, 1), nick")
    assert repr(ana).endswith("archived=False, id=1)")
    new = NewPerson("Ana", date(2026, 1, 1), tags=("friend",))
    assert new != ana and isinstance(ana, NewPerson)  # a read record is a new one with an id
    assert [f.name for f in fields(ana)] == [f.name for f in fields(new)] + ["id"]
    days = [YearlyDate(3, 1), YearlyDate(1, 5, 1990), YearlyDate(1, 5, 1980), YearlyDate(1, 6)]
    assert sorted(days) == [days[2], days[1], days[3], days[0]]  # (month, day, year) order
    assert YearlyDate(1, 5) <= YearlyDate(1, 5) and not YearlyDate(1, 6) < YearlyDate(1, 5)
