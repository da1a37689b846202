"""Dates as other tools write them into files: vCard BDAY and ANNIVERSARY, CSV birthday cells.

What is unambiguous is read; what is not is refused with a DateError that says why. Nothing
here guesses a day/month order: a slash or dot form is read only where the layout that wrote
it documents its order and the caller passes it (`order`).

Read:
- ISO 8601 / vCard dates: `1990-04-15`, `19900415`, year-less `--04-15`, `--0415`;
- a date-time (`1990-04-15T12:00:00Z`, `19900415T120000`, `1996-04-15T201243+04:00`): its
  date part as written, never moved to another zone (a birthday is a day, not an instant);
- year 1604 (Apple's and Thunderbird's stand-in, chosen for being a leap year) and year 0000
  mean "no year", as does `omit_year` (the X-APPLE-OMIT-YEAR parameter naming that year);
- `M/D/YYYY` with order "mdy" (Outlook's CSV on a US system) and `D/M/YYYY` or `D.M.YYYY`
  with order "dmy"; without an order, only where one reading alone is a date (`15/04/1990`)
  or both readings are the same day; Outlook's `0/0/00` is an empty date.
Refused: text (`someday`, `circa 1800`), a month without a day (`1990-04`), a day that does
not exist (`1902-02-29`), a two-digit year, a slashed date that could be either order when
none is given, and one that does not fit the order given (`13/04/1990` as M/D/Y).
"""

from __future__ import annotations

import re
from typing import Literal

from rjournal.domain.dates import DateError, YearlyDate, quote_typed

Order = Literal["mdy", "dmy"]

# Years exporters write to mean "no year": Apple's and CardBook's 1604, and a zero year.
NO_YEAR_STANDINS = (1604, 0)

_EXTENDED = r"(\d{4})-(\d{2})-(\d{2})"
_BASIC = r"(\d{4})(\d{2})(\d{2})"
_YEARLESS = r"--(\d{2})-?(\d{2})"
_TIME = r"(?:[Tt ].*)?"
_SLASHED = r"(\d{1,2})([/.])(\d{1,2})\2(\d{4}|\d{2})"
_EMPTY_SLASHED = r"0{1,2}/0{1,2}/0{2,4}"


def read_exported_date(
    text: str, *, order: Order | None = None, omit_year: int | None = None
) -> YearlyDate | None:
    """The yearly date a file's cell or property holds; None for an empty one.

    DateError (one line, naming the text) when it is not a date or not one we can take
    without guessing.
    """
    s = text.strip()
    if not s or re.fullmatch(_EMPTY_SLASHED, s):
        return None
    if m := re.fullmatch(_YEARLESS + _TIME, s):
        return _made(text, None, int(m[1]), int(m[2]))
    if (m := re.fullmatch(_EXTENDED + _TIME, s)) or (m := re.fullmatch(_BASIC + _TIME, s)):
        year = int(m[1])
        no_year = year in NO_YEAR_STANDINS or (omit_year is not None and year == omit_year)
        return _made(text, None if no_year else year, int(m[2]), int(m[3]))
    if m := re.fullmatch(_SLASHED, s):
        return _slashed(text, m, order)
    if re.fullmatch(r"\d{4}-\d{2}|--\d{2}|---\d{2}", s):
        raise DateError(f"{quote_typed(text)} has no day: a yearly date needs a month and a day")
    raise DateError(f"{quote_typed(text)} is not a date (read: 1990-04-15, 19900415, --04-15)")


def _slashed(text: str, m: re.Match[str], order: Order | None) -> YearlyDate:
    a, b, year_text = int(m[1]), int(m[3]), m[4]
    if len(year_text) == 2:
        # A two-digit year leaves a birthday's century to a guess.
        raise DateError(f"{quote_typed(text)} has a two-digit year: its century is unknown")
    if order is None:
        # Only one reading is a date (15/04: day first), or both are the same day (04/04).
        if a > 12 >= b or a == b:
            order = "dmy"
        elif b > 12 >= a:
            order = "mdy"
        else:
            raise DateError(
                f"{quote_typed(text)} could be day/month or month/day: the file does not say"
            )
    month, day = (a, b) if order == "mdy" else (b, a)
    if not 1 <= month <= 12:
        shown = "month/day/year" if order == "mdy" else "day/month/year"
        raise DateError(
            f"{quote_typed(text)} is not a {shown} date, as this file's dates should be: "
            f"there is no month {month}"
        )
    return _made(text, int(year_text), month, day)


def _made(text: str, year: int | None, month: int, day: int) -> YearlyDate:
    try:
        return YearlyDate(month, day, year)
    except DateError as error:
        raise DateError(f"{quote_typed(text)} is not a real date: {error}") from None
