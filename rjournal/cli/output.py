"""Human output of the reading commands: compact columns, as wide as the terminal.

Every piece of user text goes through `one_line` (or `neutralise`) before it is printed:
names, notes and reasons can hold anything, and none of it may drive the terminal. Columns
are measured in terminal cells (cells.py), so a wide name (김민준, an emoji) keeps the next
column where it belongs. How long text is shown depends on where it goes (Page): at a
terminal, a line of its width, cut with an ellipsis; with `--full` the whole text wrapped
under its column; in a pipe or a file the whole text, each item on one line, never broken.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from click import echo

from rjournal.cli.cells import cells, clip, pad, pad_left, wrap
from rjournal.domain.text import one_line
from rjournal.domain.wording import (
    after_label,
    age_words,
    channel_word,
    count_days,
    day_label,
    day_month,
    life_words,
    reach_words,
    since_day,
)

if TYPE_CHECKING:  # types only: each command loads just what its output needs
    from rjournal.cli.profile import Profile
    from rjournal.domain.checkin import Suggestion
    from rjournal.domain.model import Entry
    from rjournal.domain.review import MonthReview
    from rjournal.store.journal import PersonRow, SearchHit, TagInfo

WIDTH = 80  # the layout's width where there is no terminal to measure
MIN_WIDTH = 40  # narrower terminals are laid out as if this wide
LABEL = 11  # the profile's label column
BAR = "█"
BAR_WIDTH = 36
REVIEW_LIST = 10  # names shown per review section before "and N more"
LIST_NAME = 28  # the people list's name column
LIST_COMPANY = 16  # and its company column


@dataclass(frozen=True)
class Page:
    """Where the output goes: the layout's width in cells, whether a long item is cut to one
    line (at a terminal) and whether long text is wrapped under its column (not in a pipe)."""

    width: int = WIDTH
    cut: bool = True
    wrap: bool = True

    @classmethod
    def here(cls, *, full: bool = False) -> Page:
        """At a terminal: its width, items cut to it (wrapped whole with full). Elsewhere:
        everything whole, one line per item."""
        if not sys.stdout.isatty():
            return cls(WIDTH, cut=False, wrap=False)
        return cls(max(_terminal_columns(), MIN_WIDTH), cut=not full, wrap=True)

    def item(self, lead: str, text: str, indent: int | None = None) -> list[str]:
        """One item after `lead` (its first line's start), as this page shows it; the lines
        after the first start `indent` cells in (default: under the text)."""
        hang = cells(lead) if indent is None else indent
        room = max(self.width - cells(lead), 10)
        if self.cut:
            return [lead + clip(text, room)]
        if not self.wrap:
            return [lead + text]
        lines = wrap(text, room) or [""]
        rest = wrap(" ".join(lines[1:]), max(self.width - hang, 10)) if len(lines) > 1 else []
        return [lead + lines[0]] + [" " * hang + line for line in rest]


def _terminal_columns() -> int:
    """$COLUMNS, else the terminal's width, else WIDTH (shutil.get_terminal_size's rule,
    without importing shutil, which costs a command's start-up two milliseconds)."""
    try:
        columns = int(os.environ.get("COLUMNS", "0"))
    except ValueError:
        columns = 0
    if columns > 0:
        return columns
    try:
        return os.get_terminal_size(sys.stdout.fileno()).columns or WIDTH
    except (AttributeError, ValueError, OSError):
        return WIDTH


def _line(text: str = "") -> None:
    echo(text)


def _lines(lines: Sequence[str]) -> None:
    for text in lines:
        echo(text.rstrip())


def _plural(n: int, word: str, many: str | None = None) -> str:
    return f"{n} {word}" if n == 1 else f"{n} {many or word + 's'}"


# --- rj next ----------------------------------------------------------------------------


def suggestions(found: Sequence[Suggestion], as_of: date, *, explain: bool, page: Page) -> None:
    if not found:
        _line(f"No one needs a check-in as of {day_label(as_of, as_of)}.")
        return
    for rank, s in enumerate(found, start=1):
        due = f"due {day_label(s.due, as_of)}"
        # "due Thu 7 Aug 2025" fills 18 columns: the channel always keeps a space before it.
        _line(
            f"{rank:>2}  {pad(one_line(s.name), 38)}  {due:<18} {channel_word(s.channel)}".rstrip()
        )
        if s.reasons:
            _lines(page.item("    ", one_line(s.reasons[0])))
        if s.talking_points:
            _lines(page.item("    → ", one_line(s.talking_points[0])))
        if explain:
            _terms(s, page)
            for reason in s.reasons[1:]:
                _lines(page.item("    also: ", one_line(reason)))
            for point in s.talking_points[1:]:
                _lines(page.item("    → ", one_line(point)))
            _line()


def _terms(s: Suggestion, page: Page) -> None:
    """The score as taskwarrior shows urgency: value × weight = points, one line per term."""
    for term in s.terms:
        head = f"    {term.name:<13}{term.value:>6.2f} × {term.weight:>6.2f} = {term.points:>7.2f}"
        detail = one_line(term.detail)
        if not page.wrap or len(head) + 2 + cells(detail) <= page.width:
            _line(f"{head}  {detail}".rstrip())
            continue
        _line(head)  # a detail is short: wrapped whole under its term, never cut
        for line in wrap(detail, page.width - 8):
            _line(f"        {line}")
    _line(f"    {'score':<13}{'':>6}   {'':>6}   {s.score:>7.2f}")


# --- rj show ----------------------------------------------------------------------------


def _field(label: str, value: str, page: Page) -> None:
    """A profile line, wrapped under its label; user text is made safe here."""
    if not value.strip():
        return
    text = one_line(value)
    if not page.wrap:
        _line(f"{label:<{LABEL}}{text}")
        return
    for index, line in enumerate(wrap(text, page.width - LABEL) or [""]):
        _line(f"{label if index == 0 else '':<{LABEL}}{line}")


def _parts_field(label: str, value: str, page: Page) -> None:
    """A text that may hold parts (a merge keeps both records' texts): each on its own line."""
    from rjournal.domain.merge import text_parts

    for index, part in enumerate(text_parts(value)):
        _field(label if index == 0 else "", after_label(label, part), page)


def profile(p: Profile, today: date, page: Page) -> None:
    person = p.person
    facts = p.facts
    head = clip(one_line(person.display_name), page.width - 12)
    _line(head + pad_left(f"id {person.id}", page.width - cells(head)))
    work = " at ".join(x for x in (one_line(person.role), one_line(person.company)) if x)
    extras = [work, one_line(person.city), " ".join(f"#{one_line(t)}" for t in person.tags)]
    summary = " · ".join(x for x in extras if x)
    if summary:
        _lines(page.item("", summary))
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
        _field("Birthday", person.birthday.label() + (f" ({age})" if age else ""), page)
    _field("Partner", person.partner, page)
    _field("Email", ", ".join(person.emails), page)
    _field("Phone", ", ".join(person.phones), page)
    _parts_field("Met", person.met, page)
    _parts_field("About", person.about, page)
    _parts_field("Likes", person.likes, page)
    _parts_field("Dislikes", person.dislikes, page)
    _field("Reach", reach_words(person.channel, person.reach), page)
    rhythm = "none"
    if p.rhythm is not None:
        source = {"own": "", "tag": " (tag default)", "learned": " (learned)"}
        rhythm = p.rhythm.label() + source.get(p.rhythm_source, "")
    if facts.last_contact is not None:
        ago = since_day(facts.last_contact, today)
        last = f"last contact {day_label(facts.last_contact, today)} ({ago})"
    else:
        last = f"never contacted (added {day_label(person.added_on, today)})"
    _field("Rhythm", f"{rhythm} · {last}", page)
    kids = []
    for kid in facts.kids:
        kid_age = life_words(kid.birthday, kid.passed_on, today)
        kids.append(one_line(kid.name) + (f" ({kid_age})" if kid_age else ""))
    _field("Kids", "; ".join(kids), page)
    pets = []
    for pet in facts.pets:
        pet_age = life_words(pet.birthday, pet.passed_on, today)
        bits = [b for b in (one_line(pet.species), pet_age) if b]
        pets.append(one_line(pet.name) + (f" ({', '.join(bits)})" if bits else ""))
    _field("Pets", "; ".join(pets), page)
    _field(
        "Occasions",
        "; ".join(f"{one_line(o.label)} ({o.date.label()})" for o in facts.occasions),
        page,
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
            lead = f"  #{pr.id:<4} "
            if page.cut:  # the due day stays whole; the text gives way
                room = page.width - cells(lead) - cells(due)
                _line(lead + clip(one_line(pr.text), max(room, 10)) + due)
            else:
                _lines(page.item(lead, one_line(pr.text) + due))
    if p.entries:
        id_width = max(len(str(e.id)) for e in p.entries) + 1
        rows = [_entry(entry, p, today, id_width) for entry in p.entries]
        cut = page.cut and any(cells(lead + text) > page.width for lead, text in rows)
        _line()
        _line("Recent (--full shows each whole)" if cut else "Recent")
        for lead, text in rows:
            _lines(page.item(lead, text))
    _line()
    if p.checkin is None:
        _line("Check-in: nothing needed as of " + day_label(today, today))
    else:
        s = p.checkin
        _line(f"Check-in: due {day_label(s.due, today)}, score {s.score:.1f}")
        for reason in s.reasons:
            _lines(page.item("  ", one_line(reason)))
        for point in s.talking_points:
            _lines(page.item("  → ", one_line(point)))


def entry_kind(entry: Entry) -> str:
    """ "coffee", "call ←" (they reached out), "note"."""
    if not entry.is_interaction:
        return "note"
    kind = entry.channel.value if entry.channel is not None else "other"
    return kind + " ←" if entry.from_them else kind


def _entry(entry: Entry, p: Profile, today: date, id_width: int) -> tuple[str, str]:
    """An entry's line: its lead (id, day, kind) and its text (with whoever else was there)."""
    when = day_label(entry.on, today)
    others = [p.names[i] for i in entry.people if i != p.person.id and i in p.names]
    with_ = f"(with {', '.join(one_line(n) for n in others)})" if others else ""
    text = " ".join(x for x in (one_line(entry.text), with_) if x)
    return f"  {'#' + str(entry.id):<{id_width}} {when:<15} {entry_kind(entry):<10} ", text


def entry_whole(entry: Entry, names: dict[int, str], today: date, page: Page) -> None:
    """rj entry show: the entry's day, kind and people, then its text, every line of it."""
    from rjournal.domain.text import neutralise

    if not entry.is_interaction:
        how = "note"
    else:
        how = channel_word(entry.channel) or "contact"
        how += " · they reached out" if entry.from_them else " · you reached out"
    _line(f"Entry {entry.id} · {day_label(entry.on, today)} ({since_day(entry.on, today)}) · {how}")
    people = [f"{one_line(names.get(p, ''))} (id {p})".strip() for p in entry.people]
    _lines(page.item("With ", ", ".join(people)))
    _line()
    for paragraph in neutralise(entry.text, keep_newlines=True).split("\n"):
        if not page.wrap or not paragraph.strip():
            _line(paragraph.rstrip())
            continue
        _lines(wrap(paragraph, page.width) or [""])


# --- lists ------------------------------------------------------------------------------


def person_line(row: PersonRow, today: date, id_width: int) -> str:
    """One person of `rj list` and `rj trash` (cli.listing writes them, a page at a time), its
    columns measured in terminal cells."""
    name = pad(one_line(row.name + (f" ({row.nickname})" if row.nickname else "")), LIST_NAME)
    company = pad(one_line(row.company), LIST_COMPANY)
    last = day_month(row.last_contact, today) if row.last_contact else "never"
    tags = " ".join(f"#{one_line(t)}" for t in row.tags)
    if row.archived:
        tags = ("[archived] " + tags).strip()
    return f"{row.id:>{id_width}}  {name}  {company}  {last:<11}  {tags}".rstrip()


def people_count(count: int) -> str:
    """The line under the list."""
    return _plural(count, "person", "people")


def tag_rows(tags: Sequence[TagInfo]) -> None:
    if not tags:
        _line("No tags yet: rj add NAME --tag TAG, or rj edit PERSON --add-tag TAG.")
        return
    width = min(max(cells(one_line("#" + t.tag)) for t in tags), 30)
    for t in tags:
        rhythm = (
            f"default rhythm {t.rhythm.label()}" if t.rhythm is not None else "no default rhythm"
        )
        label = pad(one_line("#" + t.tag), width)
        _line(f"{label}  {_plural(t.people, 'person', 'people'):>12}  {rhythm}")


def search_hits(hits: Sequence[SearchHit], today: date, page: Page) -> None:
    if not hits:
        _line("Nothing found.")
        return
    for hit in hits:
        who = pad(clip(one_line(hit.person_name), 24) + f" (id {hit.person_id})", 32)
        where = hit.kind if hit.on is None else f"{hit.kind} {day_month(hit.on, today)}"
        entry = f"#{hit.entry_id} " if hit.entry_id is not None else ""
        _lines(page.item(f"{who} {where:<23} {entry}", one_line(hit.snippet)))


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
        [f"{clip(one_line(n), 40)} (due {day_label(d, today)})" for _, n, d in top_slipped],
        r.people_counts[0],
    )
    _section(
        "Only you reach out",
        [
            f"{clip(one_line(n), 40)}: you, the last {c} times"
            for _, n, c in r.only_you[:REVIEW_LIST]
        ],
        r.people_counts[1],
    )
    top_unreturned = r.unreturned[:REVIEW_LIST]
    _section(
        "Unreturned (their word was the last)",
        [f"{clip(one_line(n), 40)} (since {day_label(d, today)})" for _, n, d in top_unreturned],
        r.people_counts[2],
    )
    kept = len(r.promises_kept)
    missed = len(r.promises_missed)
    _line()
    late = f" ({len(r.days_late)} late)" if r.days_late else ""
    _line(f"Promises: {kept} kept{late}, {missed} missed")
    for pid, who, text in r.promises_kept[:REVIEW_LIST]:
        days = r.days_late.get(pid)
        how = f", {count_days(days)} late" if days else ""
        _line(f"  ✓ #{pid} {clip(one_line(text), 44)} ({clip(one_line(who), 20)}{how})")
    for pid, who, text, due in r.promises_missed[:REVIEW_LIST]:
        shown = f"{clip(one_line(text), 36)} ({clip(one_line(who), 20)}"
        _line(f"  ✗ #{pid} {shown}, due {day_label(due, today)})")


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
