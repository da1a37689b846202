"""The person screen as text: the profile, what the engine says, kids and pets (with tact),
occasions, promises and the header. Pure functions of records and today, no App needed."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from textual.content import Content

from rjournal.app import safe
from rjournal.domain.checkin import Suggestion, effective_rhythm, explain_person, rhythm_due
from rjournal.domain.dates import YearlyDate, format_date
from rjournal.domain.model import CheckinFacts, Kid, Occasion, Person, Pet, Promise
from rjournal.domain.wording import (
    age_words,
    channel_word,
    dated,
    day_label,
    in_memory,
    life_dates,
    relative_day,
)

# A kid's or pet's birthday this close is worth saying out loud.
SOON_DAYS = 30
_SOURCES = {
    "own": "your own",
    "tag": "from a tag's default",
    "learned": "learned from your history",
}

Part = Content | str | tuple[str, str]


# -- date and age wording ----------------------------------------------------------------


def _relative(day: date, today: date) -> str:
    return relative_day(day, today)


def _in_memory(born: YearlyDate | None, passed: date) -> str:
    """ "in memory, 2012–2025": never an age that counts up."""
    return in_memory(born, passed)


# -- lines -------------------------------------------------------------------------------


def _lines(lines: Sequence[Sequence[Part]]) -> Content:
    out: list[Part] = []
    for index, line in enumerate(lines):
        if index:
            out.append("\n")
        out.extend(line)
    return Content.assemble(*out)


def _field(label: str, value: Content | str) -> list[Part]:
    return [(f"{label:<13}", "dim"), value if isinstance(value, Content) else safe.line(value)]


def birthday_text(birthday: YearlyDate, today: date) -> str:
    """ "15 Apr 1990, 36 (next: Wed 15 Apr, in 3 days)" ("Thu 15 Apr 2027" in another year),
    or "15 Apr (next: ...)" without a year."""
    age = age_words(birthday, today)
    shown = f"{birthday.label()}, {age}" if age else birthday.label()
    upcoming = birthday.next_on_or_after(today)
    return f"{shown} (next: {day_label(upcoming, today)}, {_relative(upcoming, today)})"


def kid_line(kid: Kid, today: date) -> Content:
    """ "Leo, 7 — born 3 Sep 2019, turns 8 on ..." or, with tact, "Leo, in memory, ..."."""
    parts = _life_line(kid.name, "", kid.birthday, kid.passed_on, kid.notes, "born", today)
    return Content.assemble(*parts)


def pet_line(pet: Pet, today: date) -> Content:
    """ "Luna (dog), 5 — since 20 May 2021" or, with tact, "Rex (dog), in memory, ..."."""
    kind = f" ({safe.line(pet.species, 30).plain})" if pet.species else ""
    parts = _life_line(pet.name, kind, pet.birthday, pet.passed_on, pet.notes, "since", today)
    return Content.assemble(*parts)


def _life_line(
    name: str,
    kind: str,
    birthday: YearlyDate | None,
    passed_on: date | None,
    notes: str,
    since: str,
    today: date,
) -> list[Part]:
    """A kid or a pet: name, age and birthday (or adoption day), notes; or, with tact, in
    memory once they have passed."""
    if passed_on is not None:
        text = f"{safe.line(name, 40).plain}{kind}, {_in_memory(birthday, passed_on)}"
        return [(text, "dim italic")]
    parts: list[Part] = [safe.line(name, 40), kind]
    if birthday is not None:
        age = age_words(birthday, today)
        parts.append(f", {age}" if age else "")
        known, soon = life_dates(birthday, today, since=since, soon_days=SOON_DAYS)
        parts.append((f" — {known}", "dim") if known else " — ")
        parts.append(f", {soon}" if known and soon else soon)
    if notes:
        parts += [("  ", ""), safe.line(notes, 60)]
    return parts


def occasion_line(occasion: Occasion, today: date) -> Content:
    upcoming = occasion.date.next_on_or_after(today)
    return Content.assemble(
        safe.line(occasion.label, 50),
        f" — {occasion.date.label()}",
        (f" (next: {day_label(upcoming, today)}, {_relative(upcoming, today)})", "dim"),
    )


def promise_prompt(promise: Promise, today: date) -> Content:
    parts: list[Part] = [safe.line(promise.text, 70)]
    if promise.due is not None:
        style = "bold $error" if promise.due <= today else "dim"
        due = f" — due {day_label(promise.due, today)} ({_relative(promise.due, today)})"
        parts.append((due, style))
    return Content.assemble(*parts)


def profile_lines(person: Person, facts: CheckinFacts, today: date) -> Content:
    rhythm, source = effective_rhythm(facts)
    lines: list[list[Part]] = []
    fields: list[tuple[str, str]] = [
        ("Nickname", person.nickname),
        ("Company", person.company),
        ("Role", person.role),
        ("Email", ", ".join(person.emails)),
        ("Phone", ", ".join(person.phones)),
        ("City", person.city),
    ]
    lines += [_field(label, value) for label, value in fields if value]
    if person.birthday is not None:
        lines.append(_field("Birthday", birthday_text(person.birthday, today)))
    # Labelled as in the form: "Met" beside a text that says "Met at..." read twice.
    fields = [
        ("Partner", person.partner),
        ("How you met", person.met),
        ("About", person.about),
        ("Likes", person.likes),
        ("Dislikes", person.dislikes),
        ("Channel", channel_word(person.channel)),
        ("Reach", person.reach),
    ]
    lines += [_field(label, value) for label, value in fields if value]
    if person.tags:
        lines.append(_field("Tags", " ".join(f"#{t}" for t in person.tags)))
    if rhythm is not None:
        lines.append(_field("Rhythm", f"{rhythm.label()} ({_SOURCES.get(source, source)})"))
    elif person.rhythm is not None and person.rhythm.is_none:
        lines.append(_field("Rhythm", "none (never due)"))
    else:
        lines.append(_field("Rhythm", "not set yet"))
    if facts.last_contact is not None:
        via = f" via {facts.last_channel.value}" if facts.last_channel else ""
        when = f"{dated(facts.last_contact, today)}{via}"
        lines.append(_field("Last contact", when))
    else:
        lines.append(_field("Last contact", f"never (added {format_date(person.added_on)})"))
    return _lines(lines)


def next_due(facts: CheckinFacts) -> date | None:
    """The day the engine will next want them for their rhythm or an open promise (the
    earlier), snooze aside; None when neither ever falls due."""
    days = [p.due for p in facts.open_promises if p.due is not None and p.done_on is None]
    rhythm = rhythm_due(facts)
    if rhythm is not None and rhythm != date.max:
        days.append(rhythm)
    return min(days, default=None)


def engine_lines(suggestion: Suggestion | None, facts: CheckinFacts, today: date) -> Content:
    """Due date, reasons and talking points, as the check-in list would give them; for a
    snoozed person, what the engine will say the day the snooze ends."""
    person = facts.person
    if person.archived:
        return Content.styled("Archived: the engine never suggests them.", "dim")
    lines: list[list[Part]] = []
    snoozed = (
        person.snoozed_until if person.snoozed_until and person.snoozed_until > today else None
    )
    if snoozed is not None:
        lines.append([(f"Snoozed until {day_label(snoozed, today)}: quiet until then.", "dim")])
    if suggestion is None:
        lines.append([("Nothing needed today.", "bold")])
        back = explain_person(facts, snoozed) if snoozed is not None else None
        if snoozed is not None and back is not None:
            lines.append([f"Next due {dated(snoozed, today)}, when the snooze ends:"])
            lines += [[" • ", safe.line(reason)] for reason in back.reasons]
            return _lines(lines)
        due = next_due(facts)
        if due is not None:
            lines.append([f"Next due {dated(max(due, snoozed or due), today)}."])
        return _lines(lines)
    lines.append(
        [
            ("Due ", "bold"),
            (dated(suggestion.due, today), "bold"),
            (f"  score {suggestion.score:.0f}", "dim"),
        ]
    )
    lines += [[" • ", safe.line(reason)] for reason in suggestion.reasons]
    if suggestion.talking_points:
        lines.append([("Talk about", "bold")])
        lines += [[" • ", safe.line(point)] for point in suggestion.talking_points]
    if channel_word(suggestion.channel):
        lines.append([("Reach by ", "dim"), channel_word(suggestion.channel)])
    return _lines(lines)


def header_line(person: Person, today: date) -> Content:
    """Name (nickname), role at company, and whether they are archived or snoozed."""
    parts: list[Part] = [Content.styled(safe.line(person.name).plain, "bold")]
    if person.nickname:
        parts += [" (", safe.line(person.nickname), ")"]
    work = " at ".join(p for p in (person.role, person.company) if p)
    if work:
        parts += ["  ", Content.styled(safe.line(work).plain, "dim")]
    if person.archived:
        parts.append(("  [archived]", "bold $warning"))
    if person.snoozed_until is not None and person.snoozed_until > today:
        until = day_label(person.snoozed_until, today)
        parts.append((f"  [snoozed until {until}]", "$warning"))
    return Content.assemble(*parts)


def done_line(promise: Promise, today: date) -> Content:
    """A promise kept: "✓ text — Fri 20 Nov" ("Sun 2 Nov 2025" in another year)."""
    when = f" — {day_label(promise.done_on, today)}" if promise.done_on else ""
    return Content.assemble("✓ ", safe.line(promise.text, 60), when)


def item_label(item: Kid | Pet | Occasion | Promise) -> str:
    """How a confirmation or a toast names a kid, pet, occasion or promise (plain text)."""
    if isinstance(item, Kid):
        return f"the kid {safe.plain(item.name)}"
    if isinstance(item, Pet):
        return f"the pet {safe.plain(item.name)}"
    if isinstance(item, Occasion):
        return f"the occasion “{safe.plain(item.label)}”"
    return f"the promise “{safe.line(item.text, 60).plain}”"
