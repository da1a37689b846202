"""Dates: the yearly date (a birthday with or without a year) and how a day is written.

What users type is read by domain.date_parser; how far a day is from today is worded by
domain.wording.
"""

from __future__ import annotations

from datetime import date

from rjournal.domain.value import Value, frozen

# No `calendar` (it loads `locale`, and its names follow the process locale): these few facts
# are all we need of it, and what we show must not change with the machine it runs on.
_MONTH_DAYS = (31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)
MONTH_NAMES = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)  # fmt: skip
DAY_NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


def is_leap(year: int) -> bool:
    return year % 4 == 0 and (year % 100 != 0 or year % 400 == 0)


def month_days(year: int, month: int) -> int:
    """Days in a month (calendar.monthrange(year, month)[1])."""
    return 29 if month == 2 and is_leap(year) else _MONTH_DAYS[month - 1]


class DateError(ValueError):
    """Not a date we can take: impossible, or typed in a way we can't read without guessing."""


@frozen
class YearlyDate(Value):
    """A date that comes back every year: a birthday, an adoption day, an anniversary.

    The year is optional ("04-15"); 29 February is observed on 28 February in common years.
    Ordered by (month, day, year), as `order=True` would (written out: see domain.value).
    """

    month: int
    day: int
    year: int | None = None

    def __lt__(self, other: YearlyDate) -> bool:
        if other.__class__ is not self.__class__:
            return NotImplemented
        return (self.month, self.day, self.year) < (other.month, other.day, other.year)

    def __le__(self, other: YearlyDate) -> bool:
        if other.__class__ is not self.__class__:
            return NotImplemented
        return (self.month, self.day, self.year) <= (other.month, other.day, other.year)

    def __gt__(self, other: YearlyDate) -> bool:
        if other.__class__ is not self.__class__:
            return NotImplemented
        return (self.month, self.day, self.year) > (other.month, other.day, other.year)

    def __ge__(self, other: YearlyDate) -> bool:
        if other.__class__ is not self.__class__:
            return NotImplemented
        return (self.month, self.day, self.year) >= (other.month, other.day, other.year)

    def __post_init__(self) -> None:
        if not 1 <= self.month <= 12:
            raise DateError(f"month {self.month} is not 1 to 12")
        # 2000 is a leap year, so a year-less 29 February is allowed.
        last = month_days(self.year if self.year is not None else 2000, self.month)
        if not 1 <= self.day <= last:
            raise DateError(f"day {self.day} is not in month {self.month}")
        if self.year is not None and not 1 <= self.year <= 9999:
            raise DateError(f"year {self.year} is out of range")

    @classmethod
    def from_date(cls, d: date) -> YearlyDate:
        return cls(d.month, d.day, d.year)

    @classmethod
    def from_iso(cls, text: str) -> YearlyDate:
        """Read the stored form: "YYYY-MM-DD" or the ISO 8601 year-less "--MM-DD"."""
        if text.startswith("--") and len(text) == 7 and text[4] == "-":
            return cls(int(text[2:4]), int(text[5:7]))
        d = date.fromisoformat(text)
        return cls(d.month, d.day, d.year)

    def iso(self) -> str:
        """The stored form, the inverse of from_iso."""
        if self.year is None:
            return f"--{self.month:02d}-{self.day:02d}"
        return f"{self.year:04d}-{self.month:02d}-{self.day:02d}"

    def as_date(self) -> date | None:
        return date(self.year, self.month, self.day) if self.year is not None else None

    def observed_in(self, year: int) -> date:
        """The day it is observed in a given year (29 Feb -> 28 Feb in common years)."""
        if self.month == 2 and self.day == 29 and not is_leap(year):
            return date(year, 2, 28)
        return date(year, self.month, self.day)

    def next_on_or_after(self, today: date) -> date:
        this_year = self.observed_in(today.year)
        return this_year if this_year >= today else self.observed_in(today.year + 1)

    def years_on(self, day: date) -> int | None:
        """Whole years completed on a day (the age it marks), None without a year."""
        if self.year is None:
            return None
        observed = self.observed_in(day.year)
        return day.year - self.year - (1 if day < observed else 0)

    def label(self) -> str:
        """Human form: "15 Apr 1990" or "15 Apr"."""
        text = f"{self.day} {MONTH_NAMES[self.month - 1][:3]}"
        return f"{text} {self.year}" if self.year is not None else text


def short_day(d: date) -> str:
    """ "Fri 28 Nov": the form reasons use."""
    return f"{DAY_NAMES[d.weekday()][:3]} {d.day} {MONTH_NAMES[d.month - 1][:3]}"


def format_date(d: date) -> str:
    """ "Sat 5 Dec 2026": the long human form, which date_parser.parse_date reads back."""
    return f"{short_day(d)} {d.year}"
