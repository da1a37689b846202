"""Human output of the reading commands: compact, readable at 80 columns.

Every piece of user text goes through `one_line` (or `neutralise`) before it is
printed: names, notes and reasons can hold anything, and none of it may drive the terminal.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import TYPE_CHECKING

from click import echo

from rjournal.domain.text import one_line
from rjournal.domain.wording import age_words, day_label, day_month, life_words, relative_day

if TYPE_CHECKING:  # types only: each command loads just what its output needs
    from rjournal.cli.profile import Profile
    from rjournal.domain.checkin import Suggestion
    from rjournal.domain.model import Entry
    from rjournal.domain.review import MonthReview
    from rjournal.store.journal import PersonRow, SearchHit, TagInfo

WIDTH = 80
LABEL = 11  # the profile's label column
BAR = "█"
BAR_WIDTH = 36
REVIEW_LIST = 10  # names shown per review section before "and N more"
LIST_NAME = 28  # the people list's name column
LIST_COMPANY = 16  # and its company column


def _line(text: str = "") -> None:
    echo(text)


def _wrap(text: str, width: int, *, at_hyphens: bool = True) -> list[str]:
    """textwrap.wrap, imported only by what wraps (--explain, rj show): start-up time."""
    import textwrap

    return textwrap.wrap(text, width, break_on_hyphens=at_hyphens)


def _plural(n: int, word: str, many: str | None = None) -> str:
    return f"{n} {word}" if n == 1 else f"{n} {many or word + 's'}"


# --- rj next ----------------------------------------------------------------------------


def suggestions(found: Sequence[Suggestion], as_of: date, *, explain: bool) -> None:
    if not found:
        _line(f"No one needs a check-in as of {day_label(as_of, as_of)}.")
        return
    for rank, s in enumerate(found, start=1):
        channel = s.channel.value if s.channel is not None else ""
        due = f"due {day_label(s.due, as_of)}"
        # "due Thu 7 Aug 2025" fills 18 columns: the channel always keeps a space before it.
        _line(f"{rank:>2}  {one_line(s.name, 38):<38}  {due:<18} {channel}".rstrip())
        if s.reasons:
            _line(f"    {one_line(s.reasons[0], WIDTH - 4)}")
        if s.talking_points:
            _line(f"    → {one_line(s.talking_points[0], WIDTH - 6)}")
        if explain:
            _terms(s)
            for reason in s.reasons[1:]:
                _line(f"    also: {one_line(reason, WIDTH - 10)}")
            for point in s.talking_points[1:]:
                _line(f"    → {one_line(point, WIDTH - 6)}")
            _line()


def _terms(s: Suggestion) -> None:
    """The score as taskwarrior shows urgency: value × weight = points, one line per term."""
    for term in s.terms:
        head = f"    {term.name:<13}{term.value:>6.2f} × {term.weight:>6.2f} = {term.points:>7.2f}"
        detail = one_line(term.detail)
        if len(head) + 2 + len(detail) <= WIDTH:
            _line(f"{head}  {detail}".rstrip())
            continue
        _line(head)
        for text in _wrap(detail, WIDTH - 8):
            _line(f"        {text}")
    _line(f"    {'score':<13}{'':>6}   {'':>6}   {s.score:>7.2f}")


# --- rj show ----------------------------------------------------------------------------


def _field(label: str, value: str) -> None:
    """A profile line, wrapped under its label; user text is made safe here."""
    if not value.strip():
        return
    lines = _wrap(one_line(value), WIDTH - LABEL, at_hyphens=False)
    for index, text in enumerate(lines or [""]):
        _line(f"{label if index == 0 else '':<{LABEL}}{text}")


def profile(p: Profile, today: date) -> None:
    person = p.person
    facts = p.facts
    head = one_line(person.display_name, WIDTH - 12)
    _line(f"{head}{'id ' + str(person.id):>{WIDTH - len(head)}}")
    work = " at ".join(x for x in (one_line(person.role), one_line(person.company)) if x)
    extras = [work, one_line(person.city), " ".join(f"#{one_line(t)}" for t in person.tags)]
    summary = " · ".join(x for x in extras if x)
    if summary:
        _line(one_line(summary, WIDTH))
    status = []
    if person.archived:
        status.append("archived: never in rj next")
    if person.snoozed_until is not None and person.snoozed_until > today:
        status.append(f"snoozed until {day_label(person.snoozed_until, today)}")
    if status:
        _line("(" + "; ".join(status) + ")")
    _line()
    if person.birthday is not None:
        age = age_words(person.birthday, today)
        _field("Birthday", person.birthday.label() + (f" ({age})" if age else ""))
    _field("Partner", person.partner)
    _field("Email", ", ".join(person.emails))
    _field("Phone", ", ".join(person.phones))
    _field("Met", person.met)
    _field("About", person.about)
    _field("Likes", person.likes)
    _field("Dislikes", person.dislikes)
    reach = person.reach
    if person.channel is not None:
        reach = f"{reach} (prefers {person.channel.value})" if reach else person.channel.value
    _field("Reach", reach)
    rhythm = "none"
    if p.rhythm is not None:
        source = {"own": "", "tag": " (tag default)", "learned": " (learned)"}
        rhythm = p.rhythm.label() + source.get(p.rhythm_source, "")
    if facts.last_contact is not None:
        ago = relative_day(facts.last_contact, today)
        last = f"last contact {day_label(facts.last_contact, today)} ({ago})"
    else:
        last = f"never contacted (added {day_label(person.added_on, today)})"
    _field("Rhythm", f"{rhythm} · {last}")
    kids = []
    for kid in facts.kids:
        kid_age = life_words(kid.birthday, kid.passed_on, today)
        kids.append(one_line(kid.name) + (f" ({kid_age})" if kid_age else ""))
    _field("Kids", "; ".join(kids))
    pets = []
    for pet in facts.pets:
        pet_age = life_words(pet.birthday, pet.passed_on, today)
        bits = [b for b in (one_line(pet.species), pet_age) if b]
        pets.append(one_line(pet.name) + (f" ({', '.join(bits)})" if bits else ""))
    _field("Pets", "; ".join(pets))
    _field(
        "Occasions",
        "; ".join(f"{one_line(o.label)} ({o.date.label()})" for o in facts.occasions),
    )
    open_promises = [x for x in p.promises if x.is_open]
    if open_promises:
        _line()
        _line("Promises")
        for pr in open_promises:
            due = ""
            if pr.due is not None:
                late = " (overdue)" if pr.due < today else ""
                due = f", due {day_label(pr.due, today)}{late}"
            _line(f"  #{pr.id:<4} {one_line(pr.text, WIDTH - 30)}{due}")
    if p.entries:
        _line()
        _line("Recent")
        for entry in p.entries:
            _entry(entry, p, today)
    _line()
    if p.checkin is None:
        _line("Check-in: nothing needed as of " + day_label(today, today))
    else:
        s = p.checkin
        _line(f"Check-in: due {day_label(s.due, today)}, score {s.score:.1f}")
        for reason in s.reasons:
            _line(f"  {one_line(reason, WIDTH - 2)}")
        for point in s.talking_points:
            _line(f"  → {one_line(point, WIDTH - 4)}")


def _entry(entry: Entry, p: Profile, today: date) -> None:
    when = day_label(entry.on, today)
    if entry.is_interaction:
        kind = entry.channel.value if entry.channel is not None else "other"
        if entry.from_them:
            kind += " ←"
    else:
        kind = "note"
    others = [p.names[i] for i in entry.people if i != p.person.id and i in p.names]
    with_ = f" (with {', '.join(one_line(n, 20) for n in others)})" if others else ""
    head = f"  {when:<15} {kind:<10} "
    _line(head + one_line(entry.text + with_ if entry.text else with_.strip(), WIDTH - len(head)))


# --- lists ------------------------------------------------------------------------------


def person_line(row: PersonRow, today: date, id_width: int) -> str:
    """One person of `rj list` and `rj trash` (cli.listing writes them, a page at a time)."""
    name = one_line(row.name + (f" ({row.nickname})" if row.nickname else ""), LIST_NAME)
    company = one_line(row.company, LIST_COMPANY)
    last = day_month(row.last_contact, today) if row.last_contact else "never"
    tags = " ".join(f"#{one_line(t)}" for t in row.tags)
    if row.archived:
        tags = ("[archived] " + tags).strip()
    line = f"{row.id:>{id_width}}  {name:<{LIST_NAME}}  {company:<{LIST_COMPANY}}  {last:<11}"
    return f"{line}  {tags}".rstrip()


def people_count(count: int) -> str:
    """The line under the list."""
    return _plural(count, "person", "people")


def tag_rows(tags: Sequence[TagInfo]) -> None:
    if not tags:
        _line("No tags yet: rj add NAME --tag TAG, or rj edit PERSON --add-tag TAG.")
        return
    width = min(max(len(one_line(t.tag)) for t in tags) + 1, 30)
    for t in tags:
        rhythm = (
            f"default rhythm {t.rhythm.label()}" if t.rhythm is not None else "no default rhythm"
        )
        label = one_line("#" + t.tag, 30)
        _line(f"{label:<{width}}  {_plural(t.people, 'person', 'people'):>12}  {rhythm}")


def search_hits(hits: Sequence[SearchHit], today: date) -> None:
    if not hits:
        _line("Nothing found.")
        return
    for hit in hits:
        who = one_line(f"{hit.person_name}", 24) + f" (id {hit.person_id})"
        where = hit.kind if hit.on is None else f"{hit.kind} {day_month(hit.on, today)}"
        head = f"{who:<32} {where:<18} "
        _line(head + one_line(hit.snippet, max(WIDTH - len(head), 20)))


# --- rj review --------------------------------------------------------------------------


def _bar(count: int, top: int) -> str:
    if count <= 0 or top <= 0:
        return ""
    return BAR * max(1, round(count * BAR_WIDTH / top))


def review(r: MonthReview, today: date) -> None:
    from rjournal.domain.review import month_bounds

    first, last = month_bounds(r.year, r.month)
    title = f"{_MONTHS[r.month - 1]} {r.year}"
    if today < first:
        _line(f"{title} has not started yet.")
        return
    so_far = f" (so far, as of {day_label(today, today)})" if today < last else ""
    _line(f"{title}{so_far}")
    people = _plural(r.people_contacted, "person", "people")
    _line(
        f"{_plural(r.interactions, 'check-in')} with {people}, "
        f"{_plural(r.notes, 'note')}; you reached out {r.you_reached_out}, "
        f"they did {r.they_reached_out}"
    )
    if r.by_channel:
        _line()
        _line("By channel")
        top = max(r.by_channel.values())
        width = len(str(top))
        for channel, count in r.by_channel.items():
            _line(f"  {channel:<8} {count:>{width}}  {_bar(count, top)}")
    _line()
    _line("Week by week (from Monday)")
    top = max((sum(c.values()) for _, c in r.weeks), default=0)
    width = len(str(top))
    for monday, counts in r.weeks:
        total = sum(counts.values())
        _line(f"  {day_month(monday, today):<11} {total:>{width}}  {_bar(total, top)}".rstrip())
    top_slipped = r.slipped[:REVIEW_LIST]
    _section(
        "Slipped (rhythm due, no contact since)",
        [f"{one_line(n, 40)} (due {day_label(d, today)})" for _, n, d in top_slipped],
        len(r.slipped),
    )
    _section(
        "Only you reach out",
        [f"{one_line(n, 40)}: you, the last {c} times" for _, n, c in r.only_you[:REVIEW_LIST]],
        len(r.only_you),
    )
    top_unreturned = r.unreturned[:REVIEW_LIST]
    _section(
        "Unreturned (their word was the last)",
        [f"{one_line(n, 40)} (since {day_label(d, today)})" for _, n, d in top_unreturned],
        len(r.unreturned),
    )
    kept = len(r.promises_kept)
    missed = len(r.promises_missed)
    _line()
    _line(f"Promises: {kept} kept, {missed} missed")
    for pid, who, text in r.promises_kept[:REVIEW_LIST]:
        _line(f"  ✓ #{pid} {one_line(text, 44)} ({one_line(who, 20)})")
    for pid, who, text, due in r.promises_missed[:REVIEW_LIST]:
        _line(f"  ✗ #{pid} {one_line(text, 36)} ({one_line(who, 20)}, due {day_label(due, today)})")


def _section(title: str, lines: Sequence[str], total: int) -> None:
    """A titled list: its first lines, and how many more there are."""
    if not total:
        return
    _line()
    _line(f"{title}: {total}")
    for text in lines:
        _line(f"  {text}")
    if total > len(lines):
        _line(f"  … and {total - len(lines)} more")


_MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)
