"""Who needs a caring check-in next, and why: the pure check-in engine.

Given facts about each person and a day (``today``; the engine never reads the clock), ``rank``
returns the people who need you, best first, each with a score, a due date, reasons (most
important first), talking points and the channel to use.

Who appears
-----------
Archived people never; snoozed people only from their snooze date on. Anyone else appears when
at least one of these holds (the *triggers*):

- their rhythm is due: days since last contact (since added, if never contacted) reach the
  rhythm (own, else tag default, else learned; "none" never triggers);
- an open promise to them is due or overdue (due <= today);
- an open promise to them falls due within the look-ahead (default 14 days);
- an occasion falls within the look-ahead: their birthday, a living kid's or living pet's
  birthday, or a custom yearly occasion (29 Feb is observed on 28 Feb in common years).

An open promise without a due date never triggers by itself (it is a talking point).

The score (a transparent weighted sum, like taskwarrior's urgency)
------------------------------------------------------------------
``score = sum(term.value * term.weight)`` over these terms, each present only when it applies
(the defaults of ``CheckinSettings`` in brackets; L = look-ahead days)::

    promise       number of open promises due or overdue            x 100.0  [promise_weight]
    promise_late  days the oldest due promise is past its due date  x   1.0  [promise_day_weight]
    overdue       days since contact / rhythm days, once due,       x  10.0  [overdue_weight]
                  kept within [1.0, 6.0]                                      [overdue_cap]
    occasion      (L + 1 - days to nearest occasion) / (L + 1)      x  15.0  [occasion_weight]
    promise_soon  (L + 1 - days to nearest promise due) / (L + 1)   x  10.0  [promise_soon_weight]
    one_sided     N, when you reached out the last N (>= 3) times   x   0.0  [one_sided_weight]

"Rhythm days" is the rhythm's length in days: 7 for weekly, 10 for "10d", and the average
calendar length for months and years (30.44 per month, 365.25 per year), so 14 days into a
weekly rhythm (2.0 -> 20 points) outranks 120 days into a quarterly one (1.31 -> 13.1 points).
Being due itself follows the calendar (Rhythm.after: 31 Jan + 1 month = 28 Feb); the average
length keeps the term monotonic (one more day since contact never scores less), and the floor
of 1.0 covers a month that falls due before the average has passed.

The overdue term is capped so that every term but the promise ones adds up to at most
60 + 15 + 10 = 85 < 100: a person with a due promise always ranks above everyone without one.
Past the cap, the earlier due date still ranks first (see ties). One-sidedness is shown as a
reason but weighs nothing by default: it is information about the relationship, not a reason
to chase someone harder.

Ties are broken by due date (earliest first), then name, then id, so the order is total and
does not depend on the order of the input.

Speed: ``rj next`` ranks up to 100,000 people, so the first pass only does arithmetic and dict
look-ups per person; reasons, talking points and term details are built for the returned
suggestions only.
"""

from __future__ import annotations

import heapq
from collections.abc import Iterable
from datetime import date, timedelta

from rjournal.domain.dates import YearlyDate, is_leap, short_day
from rjournal.domain.model import Channel, CheckinFacts, Person, Promise
from rjournal.domain.rhythms import Rhythm
from rjournal.domain.value import Value, frozen


@frozen
class ScoreTerm(Value):
    """One term of a score: the raw measure, its weight, and what it means in plain words."""

    name: str
    value: float
    weight: float
    detail: str

    @property
    def points(self) -> float:
        return self.value * self.weight


@frozen
class UpcomingDate(Value):
    """An occasion on a day: label "Leo turns 7"; whose: "kid", "pet", "birthday" or "occasion"."""

    on: date
    label: str
    person_id: int
    person_name: str
    whose: str


@frozen
class Suggestion(Value):
    """One person who needs a check-in: score, due date, reasons, talking points."""

    person_id: int
    name: str
    score: float
    due: date  # the earliest of: rhythm due date, promise due date, occasion date
    terms: tuple[ScoreTerm, ...]  # score == sum(t.points for t in terms)
    reasons: tuple[str, ...]  # most important first
    talking_points: tuple[str, ...]
    channel: Channel | None  # preferred channel, else the last channel used
    rhythm: Rhythm | None
    rhythm_source: str  # "own" | "tag" | "learned" | "none"
    last_contact: date | None
    days_since: int  # since last contact, or since added if never contacted


@frozen
class CheckinSettings(Value):
    """The look-ahead and the weights of the score (see the module docstring for the formula)."""

    lookahead_days: int = 14
    promise_weight: float = 100.0
    promise_day_weight: float = 1.0
    overdue_weight: float = 10.0
    overdue_cap: float = 6.0
    occasion_weight: float = 15.0
    promise_soon_weight: float = 10.0
    one_sided_weight: float = 0.0
    one_sided_min: int = 3


DEFAULT_SETTINGS = CheckinSettings()

_WHOSE_ORDER = {"birthday": 0, "kid": 1, "pet": 2, "occasion": 3}
_SINCE = {
    Channel.CALL: "a call",
    Channel.VIDEO: "a video call",
    Channel.MEETING: "a meeting",
    Channel.COFFEE: "coffee",
    Channel.MEAL: "a meal together",
    Channel.EMAIL: "an email",
    Channel.MESSAGE: "a message",
    Channel.LETTER: "a letter",
    Channel.GIFT: "a gift",
    Channel.SOCIAL: "social media",
    Channel.EVENT: "an event",
}
_LAST_ENTRY_WIDTH = 80
# Days per month in a common year; February gets its leap day in _add_months.
_MONTH_DAYS = (31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)


# --- rhythms -------------------------------------------------------------------------------


def effective_rhythm(facts: CheckinFacts) -> tuple[Rhythm | None, str]:
    """The rhythm that applies and where it comes from: own, else tag default, else learned.

    An explicit "none" (own, or the tag default) means no rhythm, and hides the learned one.
    """
    own = facts.person.rhythm
    if own is not None:
        return (None, "none") if own.is_none else (own, "own")
    tag = facts.tag_rhythm
    if tag is not None:
        return (None, "none") if tag.is_none else (tag, "tag")
    learned = facts.learned_rhythm
    if learned is not None and not learned.is_none:
        return learned, "learned"
    return None, "none"


def _add_months(start: date, months: int) -> date:
    """start + relativedelta(months=months) without its per-call cost (day clamped to month end)."""
    y, m = divmod(start.month - 1 + months, 12)
    year = start.year + y
    last = _MONTH_DAYS[m]
    if m == 1 and is_leap(year):
        last = 29
    return date(year, m + 1, min(start.day, last))


def _after(rhythm: Rhythm, start: date) -> date:
    """Rhythm.after(start), fast; date.max when it would fall past the calendar's end."""
    try:
        unit = rhythm.unit
        if unit == "d":
            return start + timedelta(days=rhythm.count)
        if unit == "w":
            return start + timedelta(weeks=rhythm.count)
        if unit == "m":
            return _add_months(start, rhythm.count)
        return _add_months(start, 12 * rhythm.count)
    except (OverflowError, ValueError):
        return date.max


def _start(facts: CheckinFacts) -> date:
    return facts.last_contact if facts.last_contact is not None else facts.person.added_on


def rhythm_due(facts: CheckinFacts) -> date | None:
    """The day the rhythm falls due: last contact (or the day added) advanced by one rhythm."""
    rhythm, _ = effective_rhythm(facts)
    return None if rhythm is None else _after(rhythm, _start(facts))


# --- occasions -----------------------------------------------------------------------------


def _window(today: date, days: int) -> dict[int, date]:
    """month * 100 + day -> its first observed day in [today, today + days].

    Built once per ranking so that finding a person's occasions is a few dict look-ups.
    A 29 Feb date is observed on 28 Feb in common years, as YearlyDate.observed_in says.
    """
    window: dict[int, date] = {}
    for i in range(days + 1):
        try:
            d = today + timedelta(days=i)
        except OverflowError:
            break
        window.setdefault(d.month * 100 + d.day, d)
        if d.month == 2 and d.day == 28 and not is_leap(d.year):
            window.setdefault(229, d)
    return window


def _hit(yd: YearlyDate | None, window: dict[int, date]) -> date | None:
    return None if yd is None else window.get(yd.month * 100 + yd.day)


def _nearest_occasion(facts: CheckinFacts, window: dict[int, date]) -> date | None:
    """The first occasion day within the window, or None; no strings, no allocation."""
    best: date | None = None
    yd = facts.person.birthday
    if yd is not None:
        best = window.get(yd.month * 100 + yd.day)
    # Kids and pets that have passed away are never offered.
    for kid in facts.kids:
        yd = kid.birthday
        if yd is not None and kid.passed_on is None:
            hit = window.get(yd.month * 100 + yd.day)
            if hit is not None and (best is None or hit < best):
                best = hit
    for pet in facts.pets:
        yd = pet.birthday
        if yd is not None and pet.passed_on is None:
            hit = window.get(yd.month * 100 + yd.day)
            if hit is not None and (best is None or hit < best):
                best = hit
    for occasion in facts.occasions:
        yd = occasion.date
        hit = window.get(yd.month * 100 + yd.day)
        if hit is not None and (best is None or hit < best):
            best = hit
    return best


def _short_name(person: Person) -> str:
    return person.nickname or person.name


def _years(yd: YearlyDate, on: date) -> int | None:
    years = yd.years_on(on)
    return years if years is not None and years > 0 else None


def _upcoming(facts: CheckinFacts, window: dict[int, date]) -> list[UpcomingDate]:
    person = facts.person
    pid = person.id if person.id is not None else 0
    name = _short_name(person)
    found: list[UpcomingDate] = []

    def add(on: date, label: str, whose: str) -> None:
        found.append(UpcomingDate(on, label, pid, person.name, whose))

    def birthday_label(who: str, yd: YearlyDate, on: date) -> str:
        years = _years(yd, on)
        return f"{who} turns {years}" if years is not None else f"{who}'s birthday"

    hit = _hit(person.birthday, window)
    if hit is not None and person.birthday is not None:
        add(hit, birthday_label(name, person.birthday, hit), "birthday")
    for kid in facts.kids:
        hit = _hit(kid.birthday, window)
        if kid.living and hit is not None and kid.birthday is not None:
            add(hit, birthday_label(kid.name, kid.birthday, hit), "kid")
    for pet in facts.pets:
        hit = _hit(pet.birthday, window)
        if pet.living and hit is not None and pet.birthday is not None:
            add(hit, birthday_label(pet.name, pet.birthday, hit), "pet")
    for occasion in facts.occasions:
        hit = _hit(occasion.date, window)
        if hit is not None:
            years = _years(occasion.date, hit)
            unit = "year" if years == 1 else "years"
            label = f"{occasion.label} ({years} {unit})" if years is not None else occasion.label
            add(hit, label, "occasion")
    found.sort(key=lambda u: (u.on, _WHOSE_ORDER.get(u.whose, 9), u.label))
    return found


def upcoming_dates(facts: CheckinFacts, today: date, days: int) -> list[UpcomingDate]:
    """The person's birthday, living kids' and pets' birthdays and yearly occasions that fall
    within [today, today + days], sorted by day.

    Archived and snoozed are not looked at here (the caller decides); passed-away kids and pets
    are never offered.
    """
    return _upcoming(facts, _window(today, days))


# --- ranking -------------------------------------------------------------------------------


class _Assessment:
    """The cheap numbers of the first pass, kept so the second pass builds text from the same.

    A plain class with slots: a dataclass would be compiled at every start-up of `rj next`.
    """

    __slots__ = (
        "days_since", "due", "facts", "occasion_on", "rhythm", "rhythm_days", "score",
        "soonest", "source", "start", "terms",
    )  # fmt: skip

    def __init__(
        self,
        facts: CheckinFacts,
        score: float,
        due: date,
        terms: list[tuple[str, float, float]],  # (name, value, weight), in the order summed
        rhythm: Rhythm | None,
        source: str,
        start: date,
        days_since: int,
        rhythm_days: float,  # the rhythm's average length in days (0.0 without a rhythm)
        soonest: date | None,  # the nearest promise due within the look-ahead, not yet due
        occasion_on: date | None,
    ) -> None:
        self.facts = facts
        self.score = score
        self.due = due
        self.terms = terms
        self.rhythm = rhythm
        self.source = source
        self.start = start
        self.days_since = days_since
        self.rhythm_days = rhythm_days
        self.soonest = soonest
        self.occasion_on = occasion_on


def _assess(
    facts: CheckinFacts, today: date, settings: CheckinSettings, window: dict[int, date]
) -> _Assessment | None:
    """The first pass: None, cheaply (no strings, no lists), for anyone who does not need you."""
    person = facts.person
    if person.archived:
        return None
    if person.snoozed_until is not None and person.snoozed_until > today:
        return None
    rhythm, source = effective_rhythm(facts)
    start = facts.last_contact if facts.last_contact is not None else person.added_on
    days_since = (today - start).days

    overdue = False
    rdue: date | None = None
    # min_days is a lower bound of the rhythm, so most people not yet due skip the date maths.
    if rhythm is not None and days_since >= rhythm.min_days():
        rdue = _after(rhythm, start)
        overdue = rdue <= today

    lookahead = settings.lookahead_days
    due_count = 0
    oldest_due: date | None = None
    soonest: date | None = None
    earliest_promise: date | None = None
    for promise in facts.open_promises:
        pdue = promise.due
        if pdue is None or promise.done_on is not None:
            continue
        if earliest_promise is None or pdue < earliest_promise:
            earliest_promise = pdue
        ahead = (pdue - today).days
        if ahead <= 0:
            due_count += 1
            if oldest_due is None or pdue < oldest_due:
                oldest_due = pdue
        elif ahead <= lookahead and (soonest is None or pdue < soonest):
            soonest = pdue

    occasion_on = _nearest_occasion(facts, window)
    if not (overdue or due_count or soonest is not None or occasion_on is not None):
        return None

    # A candidate: from here on allocating is fine.
    if rhythm is not None and rdue is None:
        rdue = _after(rhythm, start)
    rhythm_days = rhythm.approx_days() if rhythm is not None else 0.0

    terms: list[tuple[str, float, float]] = []
    if due_count and oldest_due is not None:
        terms.append(("promise", float(due_count), settings.promise_weight))
        late = (today - oldest_due).days
        if late > 0:
            terms.append(("promise_late", float(late), settings.promise_day_weight))
    if overdue and rhythm_days > 0:
        # The average length, not the days from this start: month lengths vary with the start
        # (31 Jan + 1 month = 28 Feb), which would let one more day rank lower. Floored at 1.0
        # because a short February month can fall due before the average length has passed.
        ratio = min(max(days_since / rhythm_days, 1.0), settings.overdue_cap)
        terms.append(("overdue", ratio, settings.overdue_weight))
    span = lookahead + 1
    if occasion_on is not None:
        closeness = (span - (occasion_on - today).days) / span
        terms.append(("occasion", closeness, settings.occasion_weight))
    if soonest is not None:
        closeness = (span - (soonest - today).days) / span
        terms.append(("promise_soon", closeness, settings.promise_soon_weight))
    one_sided = one_sided_count(facts.recent_from_them, settings.one_sided_min)
    if one_sided:
        terms.append(("one_sided", float(one_sided), settings.one_sided_weight))
    # The same additions, in the same order, as sum(t.points for t in terms) in the Suggestion.
    score = 0.0
    for _, value, weight in terms:
        score += value * weight

    due = occasion_on
    for day in (rdue, earliest_promise):
        if day is not None and (due is None or day < due):
            due = day
    assert due is not None  # a trigger always brings a date
    return _Assessment(
        facts,
        score,
        due,
        terms,
        rhythm,
        source,
        start,
        days_since,
        rhythm_days,
        soonest,
        occasion_on,
    )


def _dated_promises(
    facts: CheckinFacts, today: date, lookahead: int
) -> tuple[list[Promise], list[Promise]]:
    """The open promises due by today, and those due within the look-ahead, earliest first."""
    dated = sorted(
        (p for p in facts.open_promises if p.done_on is None and p.due is not None),
        key=lambda p: (p.due or today, p.id or 0),
    )
    due = [p for p in dated if p.due is not None and p.due <= today]
    soon = [p for p in dated if p.due is not None and 0 < (p.due - today).days <= lookahead]
    return due, soon


def one_sided_count(recent_from_them: tuple[bool, ...], minimum: int = 3) -> int:
    """N when you reached out each of the last N (>= minimum) recorded times, else 0.

    recent_from_them is newest first, as CheckinFacts holds it; any True (they reached out)
    among them means the relationship is not one-sided.
    """
    n = len(recent_from_them)
    if n >= minimum and not any(recent_from_them):
        return n
    return 0


def _sort_key(a: _Assessment) -> tuple[float, date, str, int]:
    pid = a.facts.person.id
    return (-a.score, a.due, a.facts.person.name, pid if pid is not None else 0)


# --- words (second pass, for returned suggestions only) ------------------------------------


def _day(d: date, today: date) -> str:
    """ "Fri 20 Nov", with the year when it is not this year's."""
    return short_day(d) if d.year == today.year else f"{short_day(d)} {d.year}"


def _days(n: int) -> str:
    return "1 day" if n == 1 else f"{n} days"


def _when(on: date, today: date) -> str:
    return "today" if on == today else f"on {_day(on, today)}"


def _first_line(text: str, width: int = _LAST_ENTRY_WIDTH) -> str:
    for line in text.splitlines():
        line = line.strip()
        if line:
            return line if len(line) <= width else line[: width - 1].rstrip() + "…"
    return ""


def _rhythm_words(a: _Assessment, name: str) -> str:
    assert a.rhythm is not None
    label = a.rhythm.label()
    if a.source == "learned":
        return f"you are usually in touch with {name} {label}"
    if a.source == "tag":
        return f"your rhythm with {name} is {label} (tag default)"
    return f"your rhythm with {name} is {label}"


def _overdue_reason(a: _Assessment, name: str) -> str:
    facts = a.facts
    rhythm = _rhythm_words(a, name)
    if facts.last_contact is None:
        return f"Added {_days(a.days_since)} ago, never contacted; {rhythm}"
    channel = facts.last_channel
    if channel is not None and channel in _SINCE:
        return f"{_days(a.days_since)} since {_SINCE[channel]}; {rhythm}"
    return f"{_days(a.days_since)} since you were last in touch; {rhythm}"


def _term_detail(a: _Assessment, name: str, value: float, today: date, span: int) -> str:
    facts = a.facts
    if name == "promise":
        n = int(value)
        return f"{n} open promise{'s' if n != 1 else ''} due or overdue"
    if name == "promise_late":
        return f"oldest due promise is {_days(int(value))} past its due date"
    if name == "overdue":
        assert a.rhythm is not None
        since = "last contact" if facts.last_contact is not None else "added, never contacted"
        detail = (
            f"{_days(a.days_since)} since {since} / {a.rhythm.label()} rhythm "
            f"({_rhythm_len(a.rhythm_days)})"
        )
        raw = a.days_since / a.rhythm_days
        if value < raw:
            return detail + f", capped at {value:g}"
        if value > raw:
            return detail + ", due (counted as 1)"
        return detail
    if name == "occasion":
        assert a.occasion_on is not None
        ahead = (a.occasion_on - today).days
        return f"nearest occasion in {_days(ahead)}: ({span} - {ahead}) / {span}"
    if name == "promise_soon":
        assert a.soonest is not None
        ahead = (a.soonest - today).days
        return f"nearest promise due in {_days(ahead)}: ({span} - {ahead}) / {span}"
    if name == "one_sided":
        return f"you reached out the last {int(value)} times"
    return name


def _age(yd: YearlyDate | None, today: date) -> str:
    """ "7", "under 1", or "" when the year is unknown (or in the future)."""
    years = yd.years_on(today) if yd is not None else None
    if years is None or years < 0:
        return ""
    return str(years) if years else "under 1"


def _rhythm_len(days: float) -> str:
    """ "7 days", or "30.4 days on average" for calendar months and years."""
    return _days(int(days)) if days == int(days) else f"{days:.1f} days on average"


def _talking_points(a: _Assessment, today: date, in_reasons: set[int]) -> list[str]:
    facts = a.facts
    person = facts.person
    points: list[str] = []
    last = facts.last_entry
    if last is not None:
        when = _day(last.on, today)
        if not last.is_interaction:
            head = f"Last note ({when})"
        elif last.channel is not None:
            head = f"Last time ({last.channel.value}, {when})"
        else:
            head = f"Last time ({when})"
        line = _first_line(last.text)
        points.append(f"{head}: {line}" if line else head)
    for promise in facts.open_promises:
        if promise.done_on is None and id(promise) not in in_reasons:
            by = f" (by {_day(promise.due, today)})" if promise.due is not None else ""
            points.append(f"You promised: {promise.text}{by}")
    for kid in facts.kids:
        if kid.living:
            age = _age(kid.birthday, today)
            points.append(f"Ask about {kid.name} ({age})" if age else f"Ask about {kid.name}")
    for pet in facts.pets:
        if pet.living:
            bits = ", ".join(b for b in (pet.species.strip(), _age(pet.birthday, today)) if b)
            points.append(f"Ask about {pet.name} ({bits})" if bits else f"Ask about {pet.name}")
    if person.partner.strip():
        points.append(f"Say hello to {person.partner.strip()}")
    if person.likes.strip():
        points.append(f"Cares about: {person.likes.strip()}")
    if person.dislikes.strip():
        points.append(f"Avoid: {person.dislikes.strip()}")
    return points


def _suggest(
    a: _Assessment, today: date, settings: CheckinSettings, window: dict[int, date]
) -> Suggestion:
    """The second pass: words for one assessed person."""
    facts = a.facts
    person = facts.person
    name = _short_name(person)
    span = settings.lookahead_days + 1
    terms = tuple(
        ScoreTerm(term, value, weight, _term_detail(a, term, value, today, span))
        for term, value, weight in a.terms
    )

    # Reasons come in groups, one per term; groups are ordered by their points (stable).
    groups: dict[str, list[str]] = {}
    due_promises, soon_promises = _dated_promises(facts, today, settings.lookahead_days)
    for promise in due_promises:
        assert promise.due is not None
        if promise.due < today:
            text = f"Promise overdue since {_day(promise.due, today)}: {promise.text}"
        else:
            text = f"Promise due today: {promise.text}"
        groups.setdefault("promise", []).append(text)
    if any(t.name == "overdue" for t in terms):
        groups["overdue"] = [_overdue_reason(a, name)]
    if a.occasion_on is not None:
        groups["occasion"] = [f"{u.label} {_when(u.on, today)}" for u in _upcoming(facts, window)]
    for promise in soon_promises:
        assert promise.due is not None
        groups.setdefault("promise_soon", []).append(
            f"Promise due {_day(promise.due, today)}: {promise.text}"
        )
    for term in terms:
        if term.name == "one_sided":
            groups["one_sided"] = [f"You reached out the last {int(term.value)} times"]
    points_of = {t.name: t.points for t in terms}
    points_of["promise"] = points_of.get("promise", 0.0) + points_of.get("promise_late", 0.0)
    order = sorted(groups, key=lambda g: -points_of.get(g, 0.0))
    reasons = tuple(reason for group in order for reason in groups[group])

    in_reasons = {id(p) for p in (*due_promises, *soon_promises)}
    channel = person.channel if person.channel is not None else facts.last_channel
    return Suggestion(
        person_id=person.id if person.id is not None else 0,
        name=person.name,
        score=a.score,
        due=a.due,
        terms=terms,
        reasons=reasons,
        talking_points=tuple(_talking_points(a, today, in_reasons)),
        channel=channel,
        rhythm=a.rhythm,
        rhythm_source=a.source,
        last_contact=facts.last_contact,
        days_since=a.days_since,
    )


def rank(
    facts: Iterable[CheckinFacts],
    today: date,
    settings: CheckinSettings = DEFAULT_SETTINGS,
    limit: int | None = None,
) -> list[Suggestion]:
    """The people who need a check-in, best first (score desc, due asc, name, id).

    Ranks on numbers first, then builds words for the first `limit` only.
    """
    window = _window(today, settings.lookahead_days)
    assessed = [a for f in facts if (a := _assess(f, today, settings, window)) is not None]
    if limit is not None:
        assessed = heapq.nsmallest(max(limit, 0), assessed, key=_sort_key)
    else:
        assessed.sort(key=_sort_key)
    return [_suggest(a, today, settings, window) for a in assessed]


def explain_person(
    facts: CheckinFacts, today: date, settings: CheckinSettings = DEFAULT_SETTINGS
) -> Suggestion | None:
    """What the engine says about one person; None when they do not need anything today."""
    window = _window(today, settings.lookahead_days)
    a = _assess(facts, today, settings, window)
    return None if a is None else _suggest(a, today, settings, window)
