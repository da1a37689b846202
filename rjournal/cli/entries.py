"""Commands that write the journal's history: log, note, promise, done."""

from __future__ import annotations

from datetime import date, datetime

import click

from rjournal.cli.base import (
    complete_person,
    names_joined,
    opened,
    required_text,
    resolve,
    today,
)
from rjournal.cli.cells import clip
from rjournal.cli.errors import UserError
from rjournal.domain.date_parser import parse_date, read_day
from rjournal.domain.model import CHANNEL_HELP, Channel, NewEntry, parse_channel
from rjournal.domain.text import one_line
from rjournal.domain.wording import channel_word, day_label, year_note

# --- entries ----------------------------------------------------------------------------


def _day_echo(day: date, now: date, chosen: bool) -> str:
    """ "Sat 20 Nov 2027 (next year)" where the year was not typed and is not this one."""
    note = year_note(day, now) if chosen else ""
    return f"{day_label(day, now)} ({note})" if note else day_label(day, now)


def text_given(text: str | None, what: str) -> str:
    """TEXT as typed; without it, standard input when that is not a terminal (a pipe, a file:
    no limit on length), else what is written in $VISUAL or $EDITOR."""
    if text is not None:
        return text
    import sys

    if sys.stdin is not None and not sys.stdin.isatty():
        given = sys.stdin.read()
        if not given.strip():
            # Most likely a script's mistake (`< /dev/null`): a contact without words is "".
            raise UserError(f"standard input was empty, so {what} has no text; nothing was written")
        return given
    edited: str | None = click.edit("", require_save=True)
    if edited is None or not edited.strip():
        raise UserError(f"{what} was left empty in the editor; nothing was written")
    return edited


@click.command(short_help="Log an interaction (resets the rhythm clock).")
@click.argument("person", shell_complete=complete_person)
@click.argument("text", required=False)
@click.option(
    "--with",
    "others",
    metavar="PERSON",
    multiple=True,
    shell_complete=complete_person,
    help="Someone else who was there (repeatable).",
)
@click.option(
    "--via",
    metavar="CHANNEL",
    help=f"{CHANNEL_HELP} (or phone, text, sms, zoom, lunch...). "
    "Default: their preferred channel, else other.",
)
@click.option("--on", "on", metavar="DATE", help="When (not in the future). Default: today.")
@click.option("--from-them", is_flag=True, help="They reached out, not you.")
def log(
    person: str,
    text: str | None,
    others: tuple[str, ...],
    via: str | None,
    on: str | None,
    from_them: bool,
) -> None:
    """Log an interaction; it resets the rhythm clock of everyone in it.

    `rj log ana "coffee, Leo starts school" --via coffee --on yesterday`

    Without TEXT, it is read from standard input (`rj log ana < notes.txt`), or, at a
    terminal, written in $VISUAL or $EDITOR.
    """
    now = today()
    body = required_text(text, "a log's text") if text is not None else None
    channel = parse_channel(via) if via is not None else None
    when, chosen = read_day(on, now) if on is not None else (now, False)
    with opened() as journal:
        people = [resolve(journal, person)] + [resolve(journal, o) for o in others]
        if body is None:
            body = required_text(text_given(text, "the interaction"), "a log's text")
        ids = list(dict.fromkeys(p.id for p in people))
        names = {p.id: p.name for p in people}
        if channel is None:
            channel = people[0].channel or Channel.OTHER
        entry = NewEntry(
            kind="interaction",
            on=when,
            text=body,
            channel=channel,
            from_them=from_them,
            people=tuple(ids),
        )
        journal.add_entry(entry, created_at=datetime.now())
    who = names_joined([names[i] for i in ids])
    by = " (they reached out)" if from_them else ""
    contact = channel_word(channel) or "contact"
    click.echo(f"Logged {contact} with {who}{by} on {_day_echo(when, now, chosen)}")


@click.command(short_help="Write a note (not a contact).")
@click.argument("person", shell_complete=complete_person)
@click.argument("text", required=False)
@click.option("--on", "on", metavar="DATE", help="When (not in the future). Default: today.")
def note(person: str, text: str | None, on: str | None) -> None:
    """Write a note about someone; a note is not a contact (the rhythm clock keeps running).

    Without TEXT, it is read from standard input (`rj note ana < notes.txt`), or, at a
    terminal, written in $VISUAL or $EDITOR.
    """
    now = today()
    body = required_text(text, "a note") if text is not None else None
    when, chosen = read_day(on, now) if on is not None else (now, False)
    with opened() as journal:
        found = resolve(journal, person)
        if body is None:
            body = required_text(text_given(text, "the note"), "a note")
        journal.add_entry(
            NewEntry(kind="note", on=when, text=body, people=(found.id,)), created_at=datetime.now()
        )
    click.echo(f"Wrote a note about {one_line(found.name)} on {_day_echo(when, now, chosen)}")


# --- promises ---------------------------------------------------------------------------


@click.command(short_help="Remember a promise you made.")
@click.argument("person", shell_complete=complete_person)
@click.argument("text")
@click.option(
    "--due",
    metavar="DATE",
    help="When it is due (the future is fine: next friday, in 2 weeks, Dec 1).",
)
def promise(person: str, text: str, due: str | None) -> None:
    """Remember a promise you made to PERSON until it is done (rj done ID)."""
    now = today()
    what = required_text(text, "a promise")
    due_on, chosen = read_day(due, now, allow_future=True) if due is not None else (None, False)
    with opened() as journal:
        found = resolve(journal, person)
        promise_id = journal.add_promise(found.id, what, now, due_on)
    when = f", due {_day_echo(due_on, now, chosen)}" if due_on else ""
    click.echo(
        f"Promised {one_line(found.name)}: {clip(one_line(what), 60)} (id {promise_id}{when})"
    )


def promise_id_of(text: str) -> int:
    clean = text.strip().lstrip("#")
    if not clean.isdigit():
        from rjournal.domain.text import quote_typed

        raise UserError(f"{quote_typed(text)} is not a promise id (a number, see rj show PERSON)")
    from rjournal.store.people import record_id

    return record_id(clean)


@click.command(short_help="Mark a promise done.")
@click.argument("promise_id", metavar="PROMISE-ID")
@click.option("--undo", is_flag=True, help="Open it again.")
@click.option("--on", "on", metavar="DATE", help="When it was done. Default: today.")
def done(promise_id: str, undo: bool, on: str | None) -> None:
    """Mark a promise done (its id is in rj show PERSON)."""
    now = today()
    pid = promise_id_of(promise_id)
    when = parse_date(on, now) if on is not None else now
    with opened() as journal:
        journal.promise(pid)  # NotFound before anything is written
        saved = journal.complete_promise(pid, None if undo else when)
        owner = journal.names([saved.person_id]).get(saved.person_id, "") if saved.person_id else ""
    state = "Open again" if undo else "Done"
    to = f" (to {one_line(owner)})" if owner else ""
    click.echo(f"{state}: {clip(one_line(saved.text), 60)}{to}")
