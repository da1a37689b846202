"""Reading the dates users type: a day, a yearly date (with or without a year), a month.

Parsing never guesses: every token the user typed is accounted for, or the input is refused
with a DateError that says why. English names are the only ones read, whatever the machine's
locale.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date, timedelta

from rjournal.domain.dates import (
    DAY_NAMES,
    MONTH_NAMES,
    DateError,
    YearlyDate,
    format_date,
    month_days,
)
from rjournal.domain.rhythms import add_months
from rjournal.domain.text import quote_typed

_MONTHS: dict[str, int] = {}
for _i, _name in enumerate(MONTH_NAMES, start=1):
    _MONTHS[_name.lower()] = _MONTHS[_name[:3].lower()] = _i
_MONTHS["sept"] = 9
_WEEKDAYS: dict[str, int] = {}
for _i, _name in enumerate(DAY_NAMES):
    _WEEKDAYS[_name.lower()] = _WEEKDAYS[_name[:3].lower()] = _i
_WEEKDAYS.update(tues=1, thur=3, thurs=3)

_UNITS = {
    "day": "d", "days": "d", "week": "w", "weeks": "w",
    "month": "m", "months": "m", "year": "y", "years": "y",
}  # fmt: skip
_ONE = {"a", "an", "one"}
_KEYWORDS = {"today", "yesterday", "tomorrow", "ago", "in", "last", "this", "next", "of", ","}

# The earliest year of a day in someone's life, one rule for all: a log, a due date, a birthday
# (a person's, a kid's, a pet's), a passing. An occasion's date (a founding day, an old
# anniversary of the family firm) may go further back.
MIN_YEAR = 1900
MIN_YEARLY_YEAR = 1000
# A count longer than this is out of range whatever the unit (and never reaches int()).
_MAX_COUNT_DIGITS = 6

# Patterns stay strings: re compiles (and caches) them on first use, keeping import cheap.
_ISO = r"([0-9]{4})([-/])([0-9]{1,2})\2([0-9]{1,2})"
_YEARLESS = r"(?:--)?([0-9]{2})-([0-9]{2})"
_MONTH_ONLY = r"([0-9]{4})[-/]([0-9]{1,2})"
# Forms with digits and separators only that we refuse, but can read well enough to suggest.
_NUMERIC_TWO = r"([0-9]{1,2})[-/.]([0-9]{1,2})"
_NUMERIC_THREE = r"([0-9]{1,2})([-/.])([0-9]{1,2})\2([0-9]{2}|[0-9]{4})"
_NUMERIC_FOUR = r"(?:--)?([0-9]{2})([0-9]{2})"
_DIGITS_ONLY = r"[0-9 ./-]+"
_DAY = r"([0-9]{1,2})(st|nd|rd|th)?"
_YEAR = r"[0-9]{4}"
_COUNT = r"[0-9]+"
_TOKEN = r",|[^\s,]+"
_ISO_RE, _YEARLESS_RE, _DIGITS_ONLY_RE = map(re.compile, (_ISO, _YEARLESS, _DIGITS_ONLY))
# A time of day after (or before) a date: 14:30, 10:17:21.5 pm, 3pm, 10 a.m., 10h11, noon, with
# ISO's T, an "at", a zone. Looked for only once a text has been refused.
_TIME_OF_DAY = (
    r"(?:(?<=\d)T|\b(?:at\s+)?)"
    r"(?:\d{1,2}(?::\d{2}){1,2}(?:[.,]\d+)?(?:\s*[ap]\.?\s?m\b\.?)?"
    r"|\d{1,2}(?:[.:]\d{2})?\s*[ap]\.?\s?m\b\.?"
    r"|\d{1,2}h\d{2}\b"
    r"|noon\b|midnight\b)"
    r"(?:\s*(?:Z\b|UTC\b|GMT\b|[+-]\d{2}:?\d{2}\b))?"
)

_DATE_HINT = "try an ISO date (2026-11-20), today, 3 days ago, last friday or Nov 20"
_YEARLY_HINT = "try 04-15, 15 Apr, 1990-04-15 or 15 Apr 1990"


def _cant(text: str, why: str, what: str = "a date") -> DateError:
    return DateError(f"can't read {quote_typed(text)} as {what}: {why}")


def _day_month(day: int, month: int) -> str:
    return f"{day} {MONTH_NAMES[month - 1][:3]}"


def _ordinal_suffix(n: int) -> str:
    if 10 <= n % 100 <= 20:
        return "th"
    return {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")


def _month_token(token: str) -> int | None:
    return _MONTHS.get(token.removesuffix(".")) if token else None


def _weekday_token(token: str) -> int | None:
    return _WEEKDAYS.get(token.removesuffix(".")) if token else None


def _day_token(token: str) -> int | None:
    """A day of the month: "20", "20th" (the suffix must be the right one: not "20st")."""
    m = re.fullmatch(_DAY, token)
    if m is None:
        return None
    day = int(m[1])
    if m[2] is not None and m[2] != _ordinal_suffix(day):
        return None
    return day


def _count_token(token: str) -> int | None:
    if token in _ONE:
        return 1
    return int(token) if re.fullmatch(_COUNT, token) and len(token) <= _MAX_COUNT_DIGITS else None


class _Calendar:
    """A calendar date as typed: the year may be missing, and a weekday may come with it."""

    # A plain class: a dataclass would cost a millisecond of import on the quick-add path.
    __slots__ = ("day", "month", "weekday", "year")

    def __init__(
        self, month: int, day: int, year: int | None = None, weekday: int | None = None
    ) -> None:
        self.month, self.day, self.year, self.weekday = month, day, year, weekday


def _check_real(text: str, cal: _Calendar) -> None:
    if not 1 <= cal.month <= 12:
        raise DateError(f"{quote_typed(text)} is not a real date: there is no month {cal.month}")
    last = month_days(cal.year if cal.year is not None else 2000, cal.month)
    if 1 <= cal.day <= last:
        return
    name = MONTH_NAMES[cal.month - 1]
    if cal.month == 2 and cal.day == 29 and cal.year is not None:
        why = f"{cal.year} is not a leap year"
    elif cal.day == 0:
        why = "there is no day 0"
    else:
        why = f"{name} has {last} days" if cal.month != 2 else f"{name} has 29 days at most"
    raise DateError(f"{quote_typed(text)} is not a real date: {why}")


def _check_weekday(text: str, d: date, weekday: int | None) -> None:
    if weekday is not None and d.weekday() != weekday:
        raise DateError(
            f"{quote_typed(text)} does not add up: {_day_month(d.day, d.month)} {d.year} "
            f"is a {DAY_NAMES[d.weekday()]}"
        )


def _check_year(text: str, year: int, min_year: int) -> None:
    if year < min_year:
        raise DateError(f"{quote_typed(text)} is before {min_year}")


def _shift(text: str, today: date, count: int | None, unit: str, sign: int, min_year: int) -> date:
    """today moved by count units (calendar months and years: 31 Mar - 1 month = 28 Feb)."""
    try:
        if count is None:
            raise OverflowError
        n = sign * count
        if unit == "d":
            moved = today + timedelta(days=n)
        elif unit == "w":
            moved = today + timedelta(weeks=n)
        else:
            moved = add_months(today, n if unit == "m" else 12 * n)
    except (OverflowError, ValueError):
        moved = None
    if sign < 0 and (moved is None or moved.year < min_year):
        raise DateError(f"{quote_typed(text)} is before {min_year}")
    if moved is None:
        raise DateError(f"{quote_typed(text)} is after 9999")
    return moved


def _relative(
    text: str, tokens: list[str], today: date, min_year: int, look_ahead: bool
) -> date | None:
    """today, yesterday, tomorrow, N days ago, in N weeks, friday, last/this/next friday.

    A bare weekday looks back (today counts), or with `look_ahead` forward (strictly after today,
    as "next friday"): a due date or a snooze typed as "friday" on a Sunday is the coming one.
    """
    match tokens:
        case ["today"]:
            return today
        case ["yesterday"]:
            return _shift(text, today, 1, "d", -1, min_year)
        case ["tomorrow"]:
            return _shift(text, today, 1, "d", 1, min_year)
        case [count, unit, "ago"] if unit in _UNITS and (
            count in _ONE or re.fullmatch(_COUNT, count)
        ):
            return _shift(text, today, _count_token(count), _UNITS[unit], -1, min_year)
        case ["in", count, unit] if unit in _UNITS and (
            count in _ONE or re.fullmatch(_COUNT, count)
        ):
            return _shift(text, today, _count_token(count), _UNITS[unit], 1, min_year)
        case [word] if (wd := _weekday_token(word)) is not None and look_ahead:
            return _shift(text, today, (wd - today.weekday()) % 7 or 7, "d", 1, min_year)
        case [word] if (wd := _weekday_token(word)) is not None:
            back = (today.weekday() - wd) % 7  # 0..6: today counts
            return _shift(text, today, back, "d", -1, min_year)
        case ["last", word] if (wd := _weekday_token(word)) is not None:
            back = (today.weekday() - wd) % 7 or 7  # 1..7: strictly before today
            return _shift(text, today, back, "d", -1, min_year)
        case ["this", word] if (wd := _weekday_token(word)) is not None:
            ahead = (wd - today.weekday()) % 7  # 0..6: today counts
            return _shift(text, today, ahead, "d", 1, min_year)
        case ["next", word] if (wd := _weekday_token(word)) is not None:
            ahead = (wd - today.weekday()) % 7 or 7  # 1..7: strictly after today
            return _shift(text, today, ahead, "d", 1, min_year)
    return None


def _month_name_date(tokens: list[str]) -> _Calendar | None:
    """[Fri[,]] Nov 20[th][[,] 2025] | [Fri[,]] 20[th] [of] Nov[[,] 2025]."""
    weekday = None
    if len(tokens) > 2 and (weekday := _weekday_token(tokens[0])) is not None:
        tokens = tokens[2:] if tokens[1] == "," else tokens[1:]
    year = None
    if len(tokens) >= 3 and re.fullmatch(_YEAR, tokens[-1]):
        year = int(tokens[-1])
        tokens = tokens[:-2] if tokens[-2] == "," else tokens[:-1]
    match tokens:
        case [first, second] if (m := _month_token(first)) and (
            d := _day_token(second)
        ) is not None:
            return _Calendar(m, d, year, weekday)
        case [first, second] if (d := _day_token(first)) is not None and (
            m := _month_token(second)
        ):
            return _Calendar(m, d, year, weekday)
        case [first, "of", second] if (d := _day_token(first)) is not None and (
            m := _month_token(second)
        ):
            return _Calendar(m, d, year, weekday)
    return None


def _numeric_readings(s: str) -> list[tuple[int, int]]:
    """The (month, day) a refused numeric form could mean, so the message can suggest it."""
    if (m := re.fullmatch(_NUMERIC_FOUR, s)) or (m := re.fullmatch(_YEARLESS, s)):
        pairs = [(int(m[1]), int(m[2]))]
    elif (m := re.fullmatch(_NUMERIC_TWO, s)) or (m := re.fullmatch(_NUMERIC_THREE, s)):
        a, b = int(m[1]), int(m[3] if m.re.pattern == _NUMERIC_THREE else m[2])
        pairs = [(a, b), (b, a)] if a != b else [(a, b)]
    else:
        return []
    # 2000 is a leap year: a 29 February reading stays possible.
    return [(mo, d) for mo, d in pairs if 1 <= mo <= 12 and 1 <= d <= month_days(2000, mo)]


def _read(
    text: str, today: date, *, yearly: bool, min_year: int, ahead: bool = False
) -> date | _Calendar:
    """Read text as a relative date (a date) or a calendar date (maybe year-less), or refuse."""
    what = "a yearly date" if yearly else "a date"
    hint = _YEARLY_HINT if yearly else _DATE_HINT
    s = " ".join(text.split())
    if not s:
        raise DateError(f"no date given: {hint}")
    if not s.isascii():
        raise _cant(text, f"use plain digits and English month names ({hint})", what)
    # Digits first (what files hold): one compiled match each, nothing to lower or tokenise.
    if m := _ISO_RE.fullmatch(s):
        return _Calendar(int(m[3]), int(m[4]), int(m[1]))
    if yearly and (m := _YEARLESS_RE.fullmatch(s)):
        return _Calendar(int(m[1]), int(m[2]))
    if _DIGITS_ONLY_RE.fullmatch(s):
        raise _numeric_refusal(text, s, today, yearly)
    typed = re.findall(_TOKEN, s)
    s = s.lower()

    tokens = [token.lower() for token in typed]
    found = _relative(text, tokens, today, min_year, ahead)
    if found is not None:
        return found
    cal = _month_name_date(tokens)
    if cal is not None:
        return cal
    for token, as_typed in zip(tokens, typed, strict=True):
        known = (
            token in _KEYWORDS
            or token in _UNITS
            or token in _ONE
            or _month_token(token)
            or _weekday_token(token) is not None
            or _day_token(token) is not None
            or re.fullmatch(_COUNT, token)
        )
        if not known:
            raise _cant(text, f"{quote_typed(as_typed)} is not part of a date", what)
    match tokens:
        case ["last" | "this" | "next" as which, unit] if unit in _UNITS:
            raise _cant(text, f'say "1 {unit} ago"' if which == "last" else hint, what)
        case [*rest, short] if len(short) == 2 and short.isdigit() and rest:
            if _month_name_date(rest[:-1] if rest[-1] == "," else rest):
                raise _cant(text, "write the year in full", what)
    raise _cant(text, hint, what)


def _numeric_refusal(text: str, s: str, today: date, yearly: bool) -> DateError:
    readings = _numeric_readings(s)
    if re.fullmatch(_NUMERIC_THREE, s):
        if len(readings) == 2:
            (m1, d1), (m2, d2) = readings
            why = (
                f"it could be {_day_month(d1, m1)} or {_day_month(d2, m2)}; "
                "write it as YYYY-MM-DD or with the month name"
            )
        elif len(readings) == 1 and len(year := s[-4:]) == 4 and year.isdigit():
            month, day = readings[0]
            why = f"write it as {year}-{month:02d}-{day:02d} or {_day_month(day, month)} {year}"
        else:
            why = "write it as YYYY-MM-DD or with the month name (20 Nov 2025)"
        return _cant(text, why, "a yearly date" if yearly else "a date")
    if re.fullmatch(_COUNT, s) and len(readings) != 1:
        why = "a number alone is not a date"
    elif len(readings) == 2:
        (m1, d1), (m2, d2) = readings
        why = f"it could be {_day_month(d1, m1)} or {_day_month(d2, m2)}; write the month name"
    elif len(readings) == 1:
        month, day = readings[0]
        if yearly:
            why = f"write {month:02d}-{day:02d} or {_day_month(day, month)}"
        else:
            past = _past_year(month, day, today)
            example = f"{past:04d}-{month:02d}-{day:02d}" if past else "YYYY-MM-DD"
            why = f"give the year ({example}) or the month name ({_day_month(day, month)})"
    else:
        why = _YEARLY_HINT if yearly else _DATE_HINT
    return _cant(text, why, "a yearly date" if yearly else "a date")


def _past_year(month: int, day: int, today: date) -> int | None:
    """The year of the most recent month/day on or before today (29 Feb: up to 8 years back)."""
    for year in range(today.year, max(today.year - 9, 0), -1):
        try:
            if date(year, month, day) <= today:
                return year
        except ValueError:
            continue
    return None


def _next_year(month: int, day: int, today: date) -> int | None:
    """The year of the next month/day on or after today (29 Feb: up to 8 years ahead)."""
    for year in range(today.year, min(today.year + 9, 10000)):
        try:
            if date(year, month, day) >= today:
                return year
        except ValueError:
            continue
    return None


def _refuse_time_of_day(text: str, what: str, read: Callable[[str], object]) -> None:
    """Raise a DateError naming the time of day when `text` is a date with a time (or a time
    alone); return when it holds no time, or is no date without it either."""
    m = re.search(_TIME_OF_DAY, text, re.IGNORECASE)
    if m is None:
        return
    time = re.sub(r"^(?:at\s+|T(?=\d))", "", m[0].strip(), flags=re.IGNORECASE)
    rest = " ".join(f"{text[: m.start()]} {text[m.end() :]}".split()).strip(" ,")
    if not rest:
        raise _cant(text, f"{quote_typed(time)} is a time of day, not a day ({_DATE_HINT})", what)
    try:
        read(rest)
    except DateError:
        return
    raise _cant(
        text,
        f"{quote_typed(time)} is a time of day: give the day alone ({quote_typed(rest)})",
        what,
    )


def _check_future(text: str, d: date, today: date) -> None:
    if d > today:
        shown = quote_typed(text)
        extra = "" if shown == f'"{d.isoformat()}"' else f" ({format_date(d)})"
        raise DateError(f"{shown} is in the future{extra}")


def parse_date(text: str, today: date, *, allow_future: bool = False) -> date:
    """A day as typed: 2026-11-20, today, 3 days ago, last friday, Nov 20, 20 Nov 2025...

    Without a year, a month-name date is the most recent one on or before today, or with
    allow_future (due dates, snoozes: they look ahead) the next one on or after. Bare weekdays
    look back (today counts), or with allow_future ahead (strictly after today); "last friday"
    is strictly before today; "this friday" (today counts) and "next friday" (strictly after)
    look ahead. A future day needs allow_future. A time of day is refused, named as such.
    """
    return read_day(text, today, allow_future=allow_future)[0]


def read_day(text: str, today: date, *, allow_future: bool = False) -> tuple[date, bool]:
    """parse_date's day, and whether its year was chosen rather than typed (a month-name
    date without a year), so an echo can say when that year is not today's: "Nov 20" typed
    as a due date on 6 Dec 2026 is 20 Nov 2027, next year."""
    chosen = False
    try:
        found = _read(text, today, yearly=False, min_year=MIN_YEAR, ahead=allow_future)
    except DateError:
        _refuse_time_of_day(
            text, "a date", lambda rest: _read(rest, today, yearly=False, min_year=MIN_YEAR)
        )
        raise
    if isinstance(found, _Calendar):
        if found.year is not None:
            _check_year(text, found.year, MIN_YEAR)
        _check_real(text, found)
        if found.year is None:
            # Commands that look ahead (due dates, snoozes) take the next such day instead.
            pick = _next_year if allow_future else _past_year
            year = pick(found.month, found.day, today)
            if year is None or year < MIN_YEAR:
                raise DateError(f"{quote_typed(text)} is before {MIN_YEAR}")
            found = _Calendar(found.month, found.day, year, found.weekday)
            chosen = True
        assert found.year is not None
        day = date(found.year, found.month, found.day)
        _check_weekday(text, day, found.weekday)
    else:
        day = found
    if not allow_future:
        _check_future(text, day, today)
    return day, chosen


def parse_yearly(text: str, today: date, *, min_year: int = MIN_YEAR) -> YearlyDate:
    """A yearly date (birthday, adoption day, occasion), with or without a year.

    Year-less: 04-15, --04-15, April 15, 15 Apr, Apr 15th. Anything parse_date reads with a
    year (or a relative day: today, 3 days ago) gives a dated one, never in the future, nor
    before min_year (MIN_YEAR: a birthday is a day of a life; an occasion passes
    MIN_YEARLY_YEAR).
    """
    try:
        found = _read(text, today, yearly=True, min_year=min_year)
    except DateError:
        _refuse_time_of_day(
            text,
            "a yearly date",
            lambda rest: _read(rest, today, yearly=True, min_year=min_year),
        )
        raise
    if isinstance(found, date):
        _check_future(text, found, today)
        return YearlyDate.from_date(found)
    if found.year is not None:
        _check_year(text, found.year, min_year)
    _check_real(text, found)
    if found.year is None:
        if found.weekday is not None:
            raise _cant(
                text,
                f"a yearly date has no weekday ({_day_month(found.day, found.month)})",
                "a yearly date",
            )
        return YearlyDate(found.month, found.day)
    day = date(found.year, found.month, found.day)
    _check_weekday(text, day, found.weekday)
    _check_future(text, day, today)
    return YearlyDate.from_date(day)


def parse_month(text: str) -> tuple[int, int]:
    """A calendar month as (year, month): 2026-11, 2026/11, Nov 2026, November 2026."""
    s = " ".join(text.split()).lower()
    year = month = None
    if s.isascii():
        if m := re.fullmatch(_MONTH_ONLY, s):
            year, month = int(m[1]), int(m[2])
        else:
            match re.findall(_TOKEN, s):
                case [name, number] | [name, ",", number] if re.fullmatch(_YEAR, number):
                    found = _month_token(name)
                    if found:
                        year, month = int(number), found
    if year is None or month is None:
        raise _cant(text, "write it as YYYY-MM (2026-11) or Nov 2026", "a month")
    if not 1 <= month <= 12:
        raise DateError(f"{quote_typed(text)} is not a real month: there is no month {month}")
    if year < MIN_YEAR:
        raise DateError(f"{quote_typed(text)} is before {MIN_YEAR}")
    return year, month
