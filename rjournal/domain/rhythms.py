"""Rhythms: how often you mean to be in touch with someone, and when that makes them due.

The rule, in one place: the rhythm in force is the person's own, else the shortest default
among their tags, else the one learned from their history (an explicit "none", own or tag,
hides the rest); it falls due one rhythm after the last contact, or after the day they were
added if never contacted; a rhythm of months or years counts calendar months, the day kept
within the month (31 Jan + 1 month = 28 Feb), as dateutil's relativedelta does. Where the
store repeats the rule in SQL for speed, this module is the reference it answers to.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterable, Mapping
from datetime import date, timedelta
from typing import Literal

from rjournal.domain.dates import DateError, month_days
from rjournal.domain.text import quote_typed
from rjournal.domain.value import Value, frozen

Unit = Literal["d", "w", "m", "y"]
# Where the rhythm in force comes from; "none" when there is none.
RhythmSource = Literal["own", "tag", "learned", "none"]

_NAMES: dict[tuple[int, str], str] = {
    (1, "w"): "weekly",
    (1, "m"): "monthly",
    (3, "m"): "quarterly",
    (1, "y"): "yearly",
}
_UNIT_WORDS = {"d": "day", "w": "week", "m": "month", "y": "year"}
# The shortest a unit can be, so a SQL pre-filter on days never misses anyone.
_MIN_DAYS = {"d": 1, "w": 7, "m": 28, "y": 365}
_AVG_DAYS = {"d": 1.0, "w": 7.0, "m": 30.44, "y": 365.25}


@frozen
class Rhythm(Value):
    """Every `count` `unit`s; count 0 means "none" (explicitly no rhythm)."""

    count: int
    unit: Unit = "d"

    @property
    def is_none(self) -> bool:
        return self.count == 0

    def code(self) -> str:
        """Stored form: "none", "10d", "1w", "3m", "1y"."""
        return "none" if self.is_none else f"{self.count}{self.unit}"

    @classmethod
    def from_code(cls, code: str) -> Rhythm:
        if code == "none":
            return NO_RHYTHM
        unit = code[-1:]
        if unit not in _UNIT_WORDS or not code[:-1].isdigit():
            raise ValueError(f"not a stored rhythm: {code!r}")
        return cls(int(code[:-1]), unit)  # type: ignore[arg-type]

    def label(self) -> str:
        """ "monthly", "every 10 days", "none"."""
        if self.is_none:
            return "none"
        if (self.count, self.unit) in _NAMES:
            return _NAMES[(self.count, self.unit)]
        word = _UNIT_WORDS[self.unit]
        return f"every {self.count} {word}s" if self.count != 1 else f"every {word}"

    def after(self, start: date) -> date:
        """The day one rhythm after start (calendar months for m and y); date.max past 9999.

        Called once per person by `rj next`, so no relativedelta here: add_months is proven
        equal to it (tests/domain/test_rhythms.py) at a quarter of the cost.
        """
        try:
            unit = self.unit
            if unit == "d":
                return start + timedelta(days=self.count)
            if unit == "w":
                return start + timedelta(weeks=self.count)
            return add_months(start, self.count if unit == "m" else 12 * self.count)
        except (OverflowError, ValueError):
            return date.max

    def min_days(self) -> int:
        return self.count * _MIN_DAYS[self.unit]

    def approx_days(self) -> float:
        return self.count * _AVG_DAYS[self.unit]


NO_RHYTHM = Rhythm(0)


def add_months(start: date, months: int) -> date:
    """start + relativedelta(months=months): the day kept within the month it lands in.

    Negative months go back. ValueError when the year leaves 1..9999, as relativedelta's does.
    """
    years, month0 = divmod(start.month - 1 + months, 12)
    day = start.day
    if day > 28:  # every month has the first 28 days: only later ones may need clamping
        day = min(day, month_days(start.year + years, month0 + 1))
    return date(start.year + years, month0 + 1, day)


def rhythm_in_force(
    own: Rhythm | None, tag: Rhythm | None, learned: Rhythm | None
) -> tuple[Rhythm | None, RhythmSource]:
    """The rhythm that applies and where it comes from: own, else tag default, else learned.

    An explicit "none" (own, or the tag default) means no rhythm, and hides the learned one.
    """
    if own is not None:
        return (None, "none") if own.is_none else (own, "own")
    if tag is not None:
        return (None, "none") if tag.is_none else (tag, "tag")
    if learned is not None and not learned.is_none:
        return learned, "learned"
    return None, "none"


def shortest_tag_default(
    tags: Iterable[str], defaults: Mapping[str, Rhythm]
) -> tuple[str, Rhythm] | None:
    """(tag, rhythm) of the most attentive default among a person's tags: the shortest by
    average length ("none" counts as 0, so it wins), the first tag by name among equals."""
    found = [(tag, defaults[tag]) for tag in sorted(tags) if tag in defaults]
    return min(found, key=lambda pair: pair[1].approx_days()) if found else None


def clock_start(last_contact: date | None, added_on: date) -> date:
    """Where the rhythm's clock starts: the last contact, else the day they were added."""
    return last_contact if last_contact is not None else added_on


# A learned rhythm needs this many gaps between contacts before it is trusted.
LEARN_MIN_GAPS = 3


def learn_rhythm(contact_days: list[date]) -> Rhythm | None:
    """The usual gap between contacts (the median, in days), once there are enough of them."""
    days = sorted(set(contact_days))
    gaps = [(b - a).days for a, b in itertools.pairwise(days)]
    if len(gaps) < LEARN_MIN_GAPS:
        return None
    gaps.sort()
    middle = len(gaps) // 2
    median = gaps[middle] if len(gaps) % 2 else (gaps[middle - 1] + gaps[middle]) // 2
    return Rhythm(max(median, 1), "d")


_PERIOD_WORDS = {
    "weekly": Rhythm(1, "w"),
    "fortnightly": Rhythm(2, "w"),
    "monthly": Rhythm(1, "m"),
    "quarterly": Rhythm(3, "m"),
    "yearly": Rhythm(1, "y"),
    "annually": Rhythm(1, "y"),
    "none": NO_RHYTHM,
    "never": NO_RHYTHM,
}
_PERIOD_UNITS: dict[str, Unit] = {
    "d": "d", "day": "d", "days": "d",
    "w": "w", "week": "w", "weeks": "w",
    "m": "m", "month": "m", "months": "m",
    "y": "y", "year": "y", "years": "y",
}  # fmt: skip
# Ten years at most in every unit (521 weeks: 522 would pass ten years).
_MAX_COUNT: dict[Unit, int] = {"d": 3653, "w": 521, "m": 120, "y": 10}
# "10d", "3 weeks", "every 2 months", "every week" (the forms label() writes, too).
# A string: re compiles it on first use, keeping import cheap.
_PERIOD = r"(?:every )?(-?)([0-9]*) ?([a-z]+)"
_PERIOD_HINT = "try weekly, monthly, quarterly, yearly, 10d, 3w, 2m, 1y or none"


def parse_period(text: str) -> Rhythm:
    """A rhythm as typed: weekly, monthly, quarterly, yearly, 10d, 3 weeks, every 2 months, none."""
    s = " ".join(text.split()).lower()
    if not s:
        raise DateError(f"no rhythm given: {_PERIOD_HINT}")
    if s.isascii() and s in _PERIOD_WORDS:
        return _PERIOD_WORDS[s]
    m = re.fullmatch(_PERIOD, s) if s.isascii() else None
    unit = _PERIOD_UNITS.get(m[3]) if m else None
    # A bare unit needs "every" ("every week"); a bare "d" or "week" is not a rhythm.
    if m is None or unit is None or (not m[2] and (m[1] or not s.startswith("every "))):
        from rjournal.domain.suggest import did_you_mean

        hint = did_you_mean(s, _PERIOD_WORDS)
        raise DateError(f"can't read {quote_typed(text)} as a rhythm{hint} ({_PERIOD_HINT})")
    if not m[2]:
        return Rhythm(1, unit)
    if m[1] == "-":
        raise DateError(f"{quote_typed(text)} is not a rhythm: it can't be negative")
    if len(m[2]) > 6 or int(m[2]) > _MAX_COUNT[unit]:
        raise DateError(f"{quote_typed(text)} is too long a rhythm: ten years at most")
    if int(m[2]) == 0:
        raise DateError(f"{quote_typed(text)} is no rhythm: use none")
    return Rhythm(int(m[2]), unit)
