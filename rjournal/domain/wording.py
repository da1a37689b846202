"""How days and ages are worded, for the command line, the app and the engine alike.

One rule each:

- a day, named: "Sun 22 Nov" in today's year, "Sat 5 Dec 2025" in any other (day_label);
- a day counted from today: "today", "tomorrow", "yesterday", "in 3 days", "3 days ago"
  (relative_day; a count is never negative); where a named day stands in for a count, the
  three nearest days are still words (nearby_day: "today", "tomorrow", "Fri 28 Nov");
- a day that has happened (a last contact, an entry), counted back: "today", "yesterday",
  "3 days ago", never ahead (since_day). A day is a calendar day where it was written: an
  entry logged under UTC+14 can be dated a day after today for a reader at UTC-8, and it has
  still happened, so it reads "today";
- a year the user did not type: "next year", "last year", "in 2028" (year_note), said beside
  a day whose year-less date landed in another year than today's;
- a yearly date ahead: "turns 47 on Sun 13 Dec", "turns 47 today", "next on Sun 13 Dec"
  without a year (turns_on), the echo of a birthday or an occasion as understood;
- a kid's or pet's yearly day in a line: "born 3 Sep 2019", and "turns 7 on Sat 28 Nov"
  when close; without a year the day is said once, "birthday Sun 20 Dec" when close, else
  "birthday 20 Dec" (life_dates);
- an age: whole years completed, "under 1" before the first birthday; no age without a year
  of birth, before birth, or for someone who has passed away (age, age_words);
- how to reach someone: their words, then the channel they prefer ("text, never before 10
  (prefers message)"), never glued together; "other" is no preference and is not said
  (reach_words);
- a profile's text after its label, without the label's word said twice: "Met" with "Met at
  a design meetup" reads "Met  at a design meetup" (after_label);
- someone who has passed away: "in memory, 2012–2025" (the year of birth when known), never
  an age that counts up (in_memory); with the day where a day is shown: "in memory,
  2012 – 5 Dec 2025".
"""

from __future__ import annotations

from datetime import date, timedelta

from rjournal.domain.dates import YearlyDate, format_date, short_day
from rjournal.domain.model import Channel


def count_days(n: int) -> str:
    """ "1 day", "3 days"."""
    return "1 day" if n == 1 else f"{n} days"


def day_label(day: date, today: date) -> str:
    """ "Sun 22 Nov" in today's year, "Sat 5 Dec 2025" otherwise."""
    return short_day(day) if day.year == today.year else format_date(day)


def day_month(day: date, today: date) -> str:
    """ "3 Nov" in today's year, "3 Nov 2025" otherwise: the form of a column of days."""
    shown = YearlyDate(day.month, day.day).label()
    return shown if day.year == today.year else f"{shown} {day.year}"


def relative_day(day: date, today: date) -> str:
    """ "today", "tomorrow", "yesterday", "in 3 days", "3 days ago"."""
    delta = (day - today).days
    if delta == 0:
        return "today"
    if delta == 1:
        return "tomorrow"
    if delta == -1:
        return "yesterday"
    return f"in {delta} days" if delta > 0 else f"{-delta} days ago"


def since_day(day: date, today: date) -> str:
    """ "today", "yesterday", "3 days ago": a day that has happened (see the module)."""
    return relative_day(min(day, today), today)


def year_note(day: date, today: date) -> str:
    """ "next year", "last year", "in 2028", or "" in today's year: for a day whose year was
    not typed but chosen (a year-less due date that has passed this year lands next year)."""
    if day.year == today.year:
        return ""
    if day.year == today.year + 1:
        return "next year"
    if day.year == today.year - 1:
        return "last year"
    return f"in {day.year}"


def turns_on(yearly: YearlyDate, today: date) -> str:
    """ "turns 47 on Sun 13 Dec", "turns 47 today"; without a year "next on Sun 13 Dec" (or
    "today", "tomorrow"). 29 February is observed on 28 February in common years."""
    day = yearly.next_on_or_after(today)
    years = yearly.years_on(day)
    if years == 0:  # born (or founded) today: the first one is a year away
        day = yearly.next_on_or_after(day + timedelta(days=1))
        years = 1
    when = on_day(day, today)
    if years is None:
        return f"next {when}" if when.startswith("on ") else when
    return f"turns {years} {when}"


def _is_near(day: date, today: date) -> bool:
    """Today, tomorrow or yesterday: the days said as words even where a day is named."""
    return abs((day - today).days) <= 1


def nearby_day(day: date, today: date, *, with_year: bool = True) -> str:
    """ "today", "tomorrow" or "yesterday" for the nearest days, else the day's label.

    with_year=False names a day without its year, for a column of days close to today.
    """
    if _is_near(day, today):
        return relative_day(day, today)
    return day_label(day, today) if with_year else short_day(day)


def on_day(day: date, today: date) -> str:
    """ "today", "tomorrow", "yesterday", or "on Fri 28 Nov": a day after what happens on it."""
    if _is_near(day, today):
        return relative_day(day, today)
    return f"on {day_label(day, today)}"


def dated(day: date, today: date) -> str:
    """ "Sun 22 Nov 2026 (today)", "Fri 20 Nov 2026 (2 days ago)", "... (in 3 days)"."""
    return f"{format_date(day)} ({relative_day(day, today)})"


def age(born: YearlyDate | None, today: date, passed_on: date | None = None) -> int | None:
    """Whole years completed today; None without a year of birth, before birth, or once
    passed away (an age must never count up after death)."""
    if born is None or passed_on is not None:
        return None
    years = born.years_on(today)
    return years if years is not None and years >= 0 else None


def age_words(born: YearlyDate | None, today: date, passed_on: date | None = None) -> str:
    """ "7", "under 1", or "" when there is no age to give (see age)."""
    years = age(born, today, passed_on)
    if years is None:
        return ""
    return str(years) if years else "under 1"


def years_ago(yearly: YearlyDate, today: date) -> str:
    """ "46 years ago", "a year ago", "under a year ago"; "" without a year or ahead of today."""
    years = age(yearly, today)
    if years is None:
        return ""
    if years == 0:
        return "under a year ago"
    return "a year ago" if years == 1 else f"{years} years ago"


def in_memory(born: YearlyDate | None, passed_on: date, *, with_day: bool = False) -> str:
    """ "in memory, 2012–2025", or with the day: "in memory, 2012 – 5 Dec 2025"."""
    if with_day:
        day = YearlyDate.from_date(passed_on).label()
        if born is not None and born.year is not None:
            return f"in memory, {born.year} – {day}"
        return f"in memory, {day}"
    if born is not None and born.year is not None:
        return f"in memory, {born.year}–{passed_on.year}"
    return f"in memory, {passed_on.year}"


def life_words(born: YearlyDate | None, passed_on: date | None, today: date) -> str:
    """A kid or a pet in a line of text: "7, born 3 Sep 2019", "under 1, born 2 Oct 2026",
    "birthday 15 Apr", "in memory, 2012 – 5 Dec 2025", or "" when nothing is known."""
    if passed_on is not None:
        return in_memory(born, passed_on, with_day=True)
    if born is None:
        return ""
    if born.year is None:
        return f"birthday {born.label()}"
    years = age_words(born, today)
    return f"{years}, born {born.label()}" if years else f"born {born.label()}"


def life_dates(
    born: YearlyDate, today: date, *, since: str = "born", soon_days: int = 30
) -> tuple[str, str]:
    """A kid's or pet's yearly day as (what is known, what comes within soon_days):
    ("born 3 Sep 2019", "turns 7 on Sat 28 Nov"), ("since 20 May 2021", ""); without a
    year, one or the other: ("", "birthday Sun 20 Dec") or ("birthday 20 Dec", "")."""
    upcoming = born.next_on_or_after(today)
    close = (upcoming - today).days <= soon_days
    if born.year is None:
        if close:
            return "", f"birthday {nearby_day(upcoming, today)}"
        return f"birthday {born.label()}", ""
    known = f"{since} {born.label()}"
    years = born.years_on(upcoming)
    if not close or years is None or years < 1:  # born today or ahead: nothing to turn yet
        return known, ""
    return known, f"turns {years} {on_day(upcoming, today)}"


def channel_word(channel: Channel | None) -> str:
    """The channel to name ("" for none, and for "other", which tells the reader nothing)."""
    return channel.value if channel is not None and channel is not Channel.OTHER else ""


def reach_words(channel: Channel | None, reach: str) -> str:
    """ "text, never before 10 (prefers message)", "prefers coffee", the words alone, or ""."""
    words = " ".join(reach.split())
    if not channel_word(channel):
        return words
    prefers = f"prefers {channel_word(channel)}"
    return f"{words} ({prefers})" if words else prefers


def after_label(label: str, text: str) -> str:
    """The text shown after its label, the label's word not repeated at its start."""
    words = text.split(maxsplit=1)
    if len(words) == 2 and words[0].lower() == label.lower():
        return words[1]
    return text
