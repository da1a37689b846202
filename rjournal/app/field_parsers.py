"""What a form field reads: the value, and how it reads back to the user ("Fri 20 Nov 2026
(2 days ago)"), or a DateError saying why not. Pure functions, no widgets."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import TypeVar

from rjournal.domain.date_parser import MIN_YEAR, parse_date, parse_yearly
from rjournal.domain.dates import DateError, YearlyDate, format_date
from rjournal.domain.rhythms import Rhythm, parse_period
from rjournal.domain.wording import dated, turns_on

T = TypeVar("T")

# What a parser gives back: the value, and how it reads to the user ("Fri 20 Nov 2026").
Parser = Callable[[str], tuple[T, str]]


def date_parser(today: date, *, allow_future: bool = False) -> Parser[date]:
    def parse(text: str) -> tuple[date, str]:
        day = parse_date(text, today, allow_future=allow_future)
        return day, describe_day(day, today)

    return parse


def ahead_parser(today: date) -> Parser[date]:
    """A day from today on: "Dec 20" read as last December is refused with the reason."""

    def parse(text: str) -> tuple[date, str]:
        day = parse_date(text, today, allow_future=True)
        if day < today:
            raise DateError(
                f"{format_date(day)} is in the past: give a day ahead "
                f"(in 2 weeks, next monday, {today.year + 1}-01-05)"
            )
        return day, describe_day(day, today)

    return parse


def yearly_parser(today: date, *, min_year: int = MIN_YEAR) -> Parser[YearlyDate]:
    """A birthday (or, with min_year=MIN_YEARLY_YEAR, an occasion), read back as what comes
    next: "13 Dec 1979 (turns 47 on Sun 13 Dec)"."""

    def parse(text: str) -> tuple[YearlyDate, str]:
        yearly = parse_yearly(text, today, min_year=min_year)
        return yearly, f"{yearly.label()} ({turns_on(yearly, today)})"

    return parse


def describe_day(day: date, today: date) -> str:
    """ "Sun 22 Nov 2026 (today)", "Fri 20 Nov 2026 (2 days ago)", "... (in 3 days)"."""
    return dated(day, today)


def rhythm_parser(text: str) -> tuple[Rhythm, str]:
    rhythm = parse_period(text)
    return rhythm, "no rhythm: never due" if rhythm.is_none else rhythm.label()
