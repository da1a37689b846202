"""Commands that keep people and what you know about them: add, edit, kid, pet, occasion,
snooze, archive, delete, restore, merge, trash, tags."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date, datetime
from typing import Any, TypeVar

import click

from rjournal.cli.base import (
    PERIOD_HELP,
    YEARLY_HELP,
    clean_tag,
    complete_person,
    opened,
    required_text,
    resolve,
    today,
)
from rjournal.cli.errors import UserError
from rjournal.domain.date_parser import MIN_YEARLY_YEAR, parse_date, parse_yearly, read_day
from rjournal.domain.dates import YearlyDate
from rjournal.domain.model import CHANNEL_HELP, Kid, NewKid, NewPerson, NewPet, Pet, parse_channel
from rjournal.domain.rhythms import Rhythm, parse_period
from rjournal.domain.text import one_line
from rjournal.domain.wording import day_label, life_words, turns_on, year_note
from rjournal.store.errors import JournalError
from rjournal.store.journal import Journal

# Profile fields `rj edit --clear` can empty, by the name the options use.
CLEARABLE = {
    "nickname": "nickname",
    "company": "company",
    "role": "role",
    "email": "emails",
    "phone": "phones",
    "city": "city",
    "birthday": "birthday",
    "partner": "partner",
    "met": "met",
    "about": "about",
    "likes": "likes",
    "dislikes": "dislikes",
    "channel": "channel",
    "reach": "reach",
    "tags": "tags",
    "every": "rhythm",
}
_EMPTY: dict[str, Any] = {
    "emails": (),
    "phones": (),
    "tags": (),
    "birthday": None,
    "channel": None,
    "rhythm": None,
}
KidOrPet = TypeVar("KidOrPet", Kid, Pet)
F = TypeVar("F", bound=Callable[..., Any])

# --- people -----------------------------------------------------------------------------


def profile_options(*, edit: bool) -> Callable[[F], F]:
    """The options add and edit share; on edit each replaces that field."""
    replaces = " (replaces)" if edit else ""
    many = " (repeat for more; replaces all)" if edit else " (repeat for more)"
    options = [
        click.option("--nickname", metavar="N", help="What they go by."),
        click.option("--company", metavar="C", help="Where they work."),
        click.option("--role", metavar="R", help="Their job or role."),
        click.option("--email", "emails", metavar="E", multiple=True, help=f"An email{many}."),
        click.option("--phone", "phones", metavar="P", multiple=True, help=f"A phone{many}."),
        click.option("--city", metavar="CITY", help="Where they live."),
        click.option("--birthday", metavar="DATE", help=f"With or without a year: {YEARLY_HELP}."),
        click.option("--partner", metavar="NAME", help="Their partner's name."),
        click.option("--tag", "tags", metavar="TAG", multiple=True, help=f"A tag{many}."),
        click.option(
            "--every",
            metavar="PERIOD",
            help=f"Your rhythm with them: {PERIOD_HELP}. Unset: their tag's default, else "
            "learned from history.",
        ),
        click.option("--met", metavar="TEXT", help="How and when you met."),
        click.option("--about", metavar="TEXT", help="Who they are, what matters now."),
        click.option("--likes", metavar="TEXT", help="What they care about."),
        click.option("--dislikes", metavar="TEXT", help='What to avoid ("not a fan of X").'),
        click.option(
            "--channel", metavar="CHANNEL", help=f"Preferred channel{replaces}: {CHANNEL_HELP}."
        ),
        click.option(
            "--reach", metavar="TEXT", help='How and when to reach them ("text, never before 10").'
        ),
    ]

    def decorate(func: F) -> F:
        for option in reversed(options):
            func = option(func)
        return func

    return decorate


def profile_changes(values: dict[str, Any], now: date) -> dict[str, Any]:
    """Person field values from the shared options that were given, parsed and checked."""
    changes: dict[str, Any] = {}
    for key in (
        "nickname",
        "company",
        "role",
        "city",
        "partner",
        "met",
        "about",
        "likes",
        "dislikes",
        "reach",
    ):
        if values.get(key) is not None:
            changes[key] = values[key].strip()
    for key in ("emails", "phones"):
        if values.get(key):
            changes[key] = tuple(v.strip() for v in values[key] if v.strip())
    if values.get("tags"):
        changes["tags"] = tuple(clean_tag(t) for t in values["tags"])
    if values.get("birthday") is not None:
        changes["birthday"] = parse_yearly(values["birthday"], now)
    if values.get("every") is not None:
        changes["rhythm"] = parse_period(values["every"])
    if values.get("channel") is not None:
        changes["channel"] = parse_channel(values["channel"])
    return changes


@click.command(short_help="Add a person.")
@click.argument("name")
@profile_options(edit=False)
@click.option(
    "--again",
    is_flag=True,
    help="Add them even though someone of that name or email is in the journal already.",
)
def add(name: str, again: bool, **values: Any) -> None:
    """Add a person: `rj add "Ana Lee" --tag client --every monthly`.

    Someone whose name (case and accents aside) or email is already in the journal is not
    added twice: the one there is named instead (`rj edit` changes them); --again adds
    another person all the same.
    """
    now = today()
    person = NewPerson(
        name=required_text(name, "a name"), added_on=now, **profile_changes(values, now)
    )
    with opened(create=True) as journal:
        if not again:
            _refuse_a_second(journal, person)
        person_id = journal.add_person(person)
    born = f": birthday {_birthday_words(person.birthday, now)}" if person.birthday else ""
    click.echo(f"Added {one_line(person.name)} (id {person_id}){born}")


def _refuse_a_second(journal: Journal, person: NewPerson) -> None:
    """Refuse a person who is in the journal already (same name or email), naming them."""
    from rjournal.store.duplicates import already_there

    found = already_there(journal.conn, person.name, person.emails)
    if found:
        listed = "; ".join(f"{one_line(name)} (id {pid}), {why}" for pid, name, why in found[:5])
        raise JournalError(
            f"{one_line(person.name)} may be in the journal already: {listed} "
            "(rj edit changes them; rj add --again adds another)"
        )


@click.command(short_help="Change a person's profile.")
@click.argument("person", shell_complete=complete_person)
@click.option("--name", metavar="NAME", help="A new name.")
@profile_options(edit=True)
@click.option(
    "--add-tag", "add_tags", metavar="TAG", multiple=True, help="Add a tag, keep the rest."
)
@click.option("--drop-tag", "drop_tags", metavar="TAG", multiple=True, help="Remove one tag.")
@click.option(
    "--clear",
    "clear",
    metavar="FIELD",
    multiple=True,
    type=click.Choice(sorted(CLEARABLE)),
    help="Empty a field (repeatable): " + ", ".join(sorted(CLEARABLE)) + "; --clear every "
    "returns them to their tag's or learned rhythm.",
)
def edit(
    person: str,
    name: str | None,
    add_tags: tuple[str, ...],
    drop_tags: tuple[str, ...],
    clear: tuple[str, ...],
    **values: Any,
) -> None:
    """Change a person's profile; each option replaces that field.

    `rj edit ana --company Acme --every quarterly`. Tags: --tag replaces them all,
    --add-tag/--drop-tag change one, --clear tags removes them all.
    """
    now = today()
    changes = profile_changes(values, now)
    if name is not None:
        changes["name"] = required_text(name, "a name")
    for field in clear:
        key = CLEARABLE[field]
        if key in changes:
            raise UserError(f"--clear {field} and --{field} contradict each other")
        changes[key] = _EMPTY.get(key, "")
    added = [clean_tag(t) for t in add_tags]
    dropped = [clean_tag(t) for t in drop_tags]
    if not changes and not added and not dropped:
        raise click.UsageError("nothing to change: give at least one option")
    with opened() as journal:
        found = resolve(journal, person)
        if added or dropped:
            base = changes.get("tags", found.tags)
            tags = [t for t in base if t not in dropped] + [t for t in added if t not in base]
            changes["tags"] = tuple(tags)
        saved = journal.update_person(found.id, changes)
    fields = ", ".join(
        f"birthday ({_birthday_words(saved.birthday, now)})"
        if field == "birthday" and saved.birthday is not None
        else field
        for field in sorted(changes)
    )
    click.echo(f"Updated {one_line(saved.name)} (id {found.id}): {fields}")


def _birthday_words(birthday: YearlyDate, now: date) -> str:
    """ "13 Dec 1979, turns 47 on Sun 13 Dec": a birthday as understood."""
    return f"{birthday.label()}, {turns_on(birthday, now)}"


# --- kids, pets, occasions --------------------------------------------------------------


def _born(birthday: YearlyDate | None, passed: date | None, now: date) -> str:
    words = life_words(birthday, passed, now)
    return f" ({words})" if words else ""


@click.command(short_help="Add or update a child of PERSON.")
@click.argument("person", shell_complete=complete_person)
@click.argument("name")
@click.option("--birthday", metavar="DATE", help=f"With or without a year: {YEARLY_HELP}.")
@click.option("--notes", metavar="TEXT", help="Anything worth remembering.")
@click.option("--passed", metavar="DATE", help="The day they passed away.")
def kid(
    person: str, name: str, birthday: str | None, notes: str | None, passed: str | None
) -> None:
    """Add a child of PERSON; a kid of that name already there is updated instead."""
    now = today()
    kid_name = required_text(name, "a name")
    born = parse_yearly(birthday, now) if birthday is not None else None
    passed_on = parse_date(passed, now) if passed is not None else None
    with opened() as journal:
        found = resolve(journal, person)
        existing = _same_name(journal.kids(found.id), kid_name)
        new: NewKid
        if existing is None:
            new = NewKid(
                name=kid_name, birthday=born, notes=(notes or "").strip(), passed_on=passed_on
            )
            journal.add_kid(found.id, new)
            verb = "Added"
        else:
            updated = _merge(existing, born, notes, passed_on)
            journal.update_kid(updated)
            new = updated
            verb = "Updated"
    suffix = _born(new.birthday, new.passed_on, now)
    click.echo(f"{verb} {one_line(new.name)}{suffix}, kid of {one_line(found.name)}")


@click.command(short_help="Add or update a pet of PERSON.")
@click.argument("person", shell_complete=complete_person)
@click.argument("name")
@click.option("--species", metavar="S", help="dog, cat, horse...")
@click.option("--birthday", metavar="DATE", help=f"Birthday or adoption day: {YEARLY_HELP}.")
@click.option("--notes", metavar="TEXT", help="Anything worth remembering.")
@click.option("--passed", metavar="DATE", help="The day they passed away: never small talk again.")
def pet(
    person: str,
    name: str,
    species: str | None,
    birthday: str | None,
    notes: str | None,
    passed: str | None,
) -> None:
    """Add a pet of PERSON; a pet of that name already there is updated instead.

    `rj pet ana Rex --species dog --birthday 2021-03-02`; `rj pet ana Rex --passed 2026-10-01`.
    """
    now = today()
    pet_name = required_text(name, "a name")
    born = parse_yearly(birthday, now) if birthday is not None else None
    passed_on = parse_date(passed, now) if passed is not None else None
    with opened() as journal:
        found = resolve(journal, person)
        existing = _same_name(journal.pets(found.id), pet_name)
        new: NewPet
        if existing is None:
            new = NewPet(
                name=pet_name,
                species=(species or "").strip(),
                birthday=born,
                notes=(notes or "").strip(),
                passed_on=passed_on,
            )
            journal.add_pet(found.id, new)
            verb = "Added"
        else:
            updated = _merge(existing, born, notes, passed_on)
            if species is not None:
                from dataclasses import replace

                updated = replace(updated, species=species.strip())
            journal.update_pet(updated)
            new = updated
            verb = "Updated"
    kind = f"{one_line(new.species)}, " if new.species else ""
    suffix = _born(new.birthday, new.passed_on, now)
    click.echo(f"{verb} {one_line(new.name)}{suffix}, {kind}pet of {one_line(found.name)}")


def _same_name(items: Sequence[KidOrPet], name: str) -> KidOrPet | None:
    from rjournal.domain.text import fold

    key = fold(name)
    return next((item for item in items if fold(item.name) == key), None)


def _merge(
    item: KidOrPet, born: YearlyDate | None, notes: str | None, passed_on: date | None
) -> KidOrPet:
    from dataclasses import replace

    if born is not None:
        item = replace(item, birthday=born)
    if notes is not None:
        item = replace(item, notes=notes.strip())
    if passed_on is not None:
        item = replace(item, passed_on=passed_on)
    return item


@click.command(short_help="Add a yearly date: anniversary, founding day...")
@click.argument("person", shell_complete=complete_person)
@click.argument("label")
@click.argument("when", metavar="DATE")
def occasion(person: str, label: str, when: str) -> None:
    """Add a yearly date: `rj occasion ana "wedding anniversary" 2015-06-12`.

    DATE is with or without a year (06-12, June 12); it comes back every year.
    """
    from rjournal.domain.model import NewOccasion

    now = today()
    what = required_text(label, "a label")
    on = parse_yearly(when, now, min_year=MIN_YEARLY_YEAR)
    with opened() as journal:
        found = resolve(journal, person)
        journal.add_occasion(found.id, NewOccasion(label=what, date=on))
    click.echo(
        f"Added {one_line(what)} ({on.label()}) for {one_line(found.name)}: {turns_on(on, now)}"
    )


# --- snooze, archive, trash -------------------------------------------------------------


@click.command(short_help="Hide someone from rj next until a day.")
@click.argument("person", shell_complete=complete_person)
@click.argument("until", metavar="UNTIL-DATE")
def snooze(person: str, until: str) -> None:
    """Hide someone from rj next until a day (Dec 1, next monday, in 3 weeks); `off` ends it."""
    now = today()
    off = until.strip().lower() in {"off", "none", "no"}
    day: date | None = None
    chosen = False
    if not off:
        day, chosen = read_day(until, now, allow_future=True)
        if day <= now:
            from rjournal.domain.text import quote_typed

            raise UserError(
                f"{quote_typed(until)} is not after today: snooze until a later day, or `off`"
            )
    with opened() as journal:
        found = resolve(journal, person)
        journal.snooze(found.id, day)
    if day is None:
        click.echo(f"{one_line(found.name)} is no longer snoozed")
    else:
        note = f" ({year_note(day, now)})" if chosen and year_note(day, now) else ""
        click.echo(f"Snoozed {one_line(found.name)} until {day_label(day, now)}{note}")


@click.command(short_help="Archive someone: kept, never nagged about.")
@click.argument("person", shell_complete=complete_person)
def archive(person: str) -> None:
    """Archive someone: kept, but never in rj next or the lists (rj list --archived shows them)."""
    with opened() as journal:
        found = resolve(journal, person)
        journal.set_archived(found.id, True)
    click.echo(f"Archived {one_line(found.name)}")


@click.command(short_help="Bring an archived person back.")
@click.argument("person", shell_complete=complete_person)
def unarchive(person: str) -> None:
    """Bring an archived person back."""
    with opened() as journal:
        found = resolve(journal, person)
        journal.set_archived(found.id, False)
    click.echo(f"Unarchived {one_line(found.name)}")


@click.command(short_help="Move someone to the trash.")
@click.argument("person", shell_complete=complete_person)
def delete(person: str) -> None:
    """Move someone to the trash (rj restore brings them back with everything they had)."""
    with opened() as journal:
        found = resolve(journal, person)
        journal.delete_person(found.id, datetime.now())
    click.echo(
        f"Moved {one_line(found.name)} to the trash (rj restore {found.id} brings them back)"
    )


@click.command(short_help="Bring someone back from the trash.")
@click.argument("person")  # in the trash: completion offers only the living
def restore(person: str) -> None:
    """Bring someone back from the trash (PERSON is looked up in the trash)."""
    with opened() as journal:
        found = resolve(journal, person, deleted=True)
        journal.restore_person(found.id)
    click.echo(f"Restored {one_line(found.name)} (id {found.id})")


@click.command(short_help="Fold a duplicate record of someone into the one kept.")
@click.argument("person", shell_complete=complete_person)
@click.argument("into", metavar="INTO-PERSON", shell_complete=complete_person)
def merge(person: str, into: str) -> None:
    """Fold PERSON, a duplicate, into INTO-PERSON, the record kept.

    INTO-PERSON takes PERSON's entries, kids, pets, occasions and promises, their emails,
    phones and tags, and every field it has empty; texts such as "about" keep both. A field
    both have set differently keeps INTO-PERSON's value (listed). PERSON then goes to the
    trash with its own values (`rj trash` lists it; `rj restore` brings that record back,
    without what moved).
    """
    with opened() as journal:
        source, target = resolve(journal, person), resolve(journal, into)
        if source.id == target.id:
            raise UserError(f"{person!r} and {into!r} are the same person")
        merged, conflicts = journal.merge_people(source.id, target.id, datetime.now())
    click.echo(
        f"Merged {one_line(source.name)} (id {source.id}) into {one_line(merged.name)} "
        f"(id {target.id}); {one_line(source.name)} is in the trash"
    )
    for conflict in conflicts:
        click.echo(
            f'  kept {conflict.field} "{one_line(conflict.kept)}", '
            f'not "{one_line(conflict.dropped)}"'
        )


@click.command(short_help="List the people in the trash.")
def trash() -> None:
    """List the people in the trash."""
    from rjournal.cli import listing
    from rjournal.store.listing import list_pages, widest_id

    with opened() as journal:
        id_width = len(str(widest_id(journal, deleted=True)))
        pages = list_pages(journal, deleted=True)
        listing.write_text(pages, today(), id_width, empty="The trash is empty.")


# --- tags -------------------------------------------------------------------------------


@click.command(short_help="List tags; set a tag's default rhythm.")
@click.argument("tag", required=False)
@click.option(
    "--every", metavar="PERIOD", help=f"Set TAG's default rhythm: {PERIOD_HELP} (none removes it)."
)
def tags(tag: str | None, every: str | None) -> None:
    """List tags with their counts and default rhythms; `rj tags client --every monthly` sets one.

    A person without a rhythm of their own takes the most attentive default among their tags.
    """
    if tag is None:
        if every is not None:
            raise click.UsageError("--every needs a TAG")
        from rjournal.cli import output

        with opened() as journal:
            found = journal.tags()
        output.tag_rows(found)
        return
    name = clean_tag(tag)
    if every is None:
        from rjournal.cli import output

        with opened() as journal:
            found = [t for t in journal.tags() if t.tag == name]
        if not found:
            raise JournalError(f"no tag #{name}: rj tags lists them")
        output.tag_rows(found)
        return
    rhythm: Rhythm = parse_period(every)
    with opened(create=True) as journal:
        journal.set_tag_rhythm(name, rhythm)
    if rhythm.is_none:
        click.echo(f"#{one_line(name)} has no default rhythm now")
    else:
        click.echo(f"#{one_line(name)} now defaults to {rhythm.label()}")
