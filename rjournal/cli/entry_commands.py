"""`rj entry show|edit|delete|restore ID`: one journal entry read whole, edited in $EDITOR,
deleted, and brought back (the undo the app has: the entry comes back whole, under a new id).

`rj entry edit` writes the entry as a small text file (its fields as `name: value` lines, then
`---` and the text), opens $EDITOR (else $VISUAL, else the system's editor) on it, and saves
what was changed, by the rules of the other commands (dates as rj log reads them, channels,
people by name or #id). The journal is not held open while the editor is: before saving, the
entry is read again, and if it changed meanwhile (the app, another command), nothing is
saved. Whatever can't be saved is kept in a private file beside the journal, and the next
`rj entry edit` of that entry starts from it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

import click

from rjournal.cli.base import Group, echo_json, names_joined, opened, resolve, today
from rjournal.cli.errors import UserError
from rjournal.domain.date_parser import parse_date
from rjournal.domain.model import Channel, Entry, EntryKind, parse_channel
from rjournal.domain.text import one_line, quote_typed
from rjournal.domain.wording import channel_word, day_label
from rjournal.store.errors import JournalError
from rjournal.store.journal import Journal

SEPARATOR = "---"
FIELDS = ("kind", "on", "via", "from", "with")
HELP_LINES = (
    "# Entry {id}. Change what you like, then save and close the editor.",
    "# kind: interaction or note. on: a day (2026-10-20, Oct 20, 3 days ago). via: a channel.",
    "# from: you or them (who reached out). with: people, each a name or #id, between ;",
    "# The text comes after the --- line. Lines starting with # here at the top are left out;",
    "# an emptied file changes nothing.",
)
_PERSON_ID = r"(?:.*\s)?#([0-9]+)"


@click.group(cls=Group, short_help="Read, edit, delete or bring back one entry.")
def entry() -> None:
    """One journal entry by its id (rj show PERSON lists them): read it whole, edit it in
    $EDITOR, delete it, bring a deleted one back."""


def entry_id_of(text: str) -> int:
    clean = text.strip().lstrip("#")
    if not clean.isdigit() or len(clean) > 18:
        raise UserError(f"{quote_typed(text)} is not an entry id (a number, see rj show PERSON)")
    return int(clean)


def _summary(entry: Entry, names: dict[int, str], now: date) -> str:
    """ "coffee with Ana Lee, Tue 20 Oct": which entry, in a few words."""
    kind = (channel_word(entry.channel) or "contact") if entry.is_interaction else "note"
    who = names_joined([names.get(p, f"#{p}") for p in entry.people])
    return f"{kind} with {who}, {day_label(entry.on, now)}"


@entry.command(name="show", short_help="An entry, whole.")
@click.argument("entry_id", metavar="ID")
@click.option("--json", "as_json", is_flag=True, help="JSON (see the README for the shape).")
def show(entry_id: str, as_json: bool) -> None:
    """An entry, whole: its day, kind, who was there and every line of its text."""
    number = entry_id_of(entry_id)
    now = today()
    with opened() as journal:
        found = journal.entry(number)
        names = journal.names(found.people)
    if as_json:
        from rjournal.cli.jsonshape import entry_json

        echo_json(entry_json(found, names))
        return
    from rjournal.cli import output

    output.entry_whole(found, names, now, output.Page.here(full=True))


@entry.command(name="delete", short_help="Delete an entry (rj entry restore brings it back).")
@click.argument("entry_id", metavar="ID")
def delete(entry_id: str) -> None:
    """Delete an entry; `rj entry restore` brings it back, whole, under a new id."""
    from rjournal.store.entry_edits import delete_entry_keeping_undo

    number = entry_id_of(entry_id)
    now = today()
    with opened() as journal:
        gone = delete_entry_keeping_undo(journal, number)
        names = journal.names(gone.people)
    click.echo(
        f"Deleted entry {number} ({_summary(gone, names, now)}); "
        f"rj entry restore {number} brings it back"
    )


@entry.command(name="restore", short_help="Bring back a deleted entry.")
@click.argument("entry_id", metavar="[ID]", required=False)
def restore(entry_id: str | None) -> None:
    """Bring back the entry deleted last, or the deleted entry that had ID, under a new id.

    The last 20 deletions made with `rj entry delete` can come back. People who are in the
    trash now are left out of it.
    """
    from rjournal.store.entry_edits import restore_entry

    number = entry_id_of(entry_id) if entry_id is not None else None
    now = today()
    with opened() as journal:
        old, new, left_out = restore_entry(journal, number, created_at=datetime.now())
        names = journal.names(old.people)
    without = ""
    if left_out:
        gone = names_joined([names.get(p, f"#{p}") for p in left_out])
        without = f", without {gone} (no longer in the journal)"
    click.echo(f"Restored entry {old.id} as entry {new.id} ({_summary(new, names, now)}){without}")


# --- rj entry edit ------------------------------------------------------------------------


@dataclass(frozen=True)
class Edited:
    """An entry as the edited file says it should be; people as typed, resolved on saving."""

    kind: EntryKind
    on: date
    channel: Channel | None
    from_them: bool
    people: tuple[str, ...]
    text: str


def entry_file(found: Entry, names: dict[int, str]) -> str:
    """The file the editor opens: the help, the fields, the separator, the text."""
    people = "; ".join(f"{one_line(names.get(p, ''))} #{p}".strip() for p in found.people)
    lines = [
        *(line.format(id=found.id) for line in HELP_LINES),
        f"kind: {found.kind}",
        f"on: {found.on.isoformat()}",
        f"via: {found.channel.value if found.channel is not None else ''}",
        f"from: {'them' if found.from_them else 'you'}",
        f"with: {people}",
        SEPARATOR,
        found.text,
    ]
    return "\n".join(lines) + "\n"


def read_entry_file(text: str, now: date) -> Edited | None:
    """What an edited file says, or None when it was emptied (nothing to save). A ValueError
    says what can't be read, in one line."""
    lines = text.splitlines()
    if not [line for line in lines if line.strip() and not line.startswith("#")]:
        return None
    if SEPARATOR not in (line.strip() for line in lines):
        raise UserError(f"the {SEPARATOR} line before the text is missing")
    cut = next(i for i, line in enumerate(lines) if line.strip() == SEPARATOR)
    fields: dict[str, str] = {}
    for line in lines[:cut]:
        if not line.strip() or line.startswith("#"):
            continue
        name, colon, value = line.partition(":")
        name = name.strip().lower()
        if not colon or name not in FIELDS:
            raise UserError(
                f"{quote_typed(line)} is not a field: write name: value ({', '.join(FIELDS)})"
            )
        if name in fields:
            raise UserError(f"{name} is given twice")
        fields[name] = value.strip()
    missing = [name for name in FIELDS if name not in fields]
    if missing:
        raise UserError(f"the {', '.join(missing)} line is missing")
    kind = fields["kind"].lower()
    if kind not in ("interaction", "note"):
        raise UserError(f"kind is interaction or note, not {quote_typed(fields['kind'])}")
    on = parse_date(fields["on"], now)
    via = fields["via"]
    channel = parse_channel(via) if via and kind == "interaction" else None
    who = fields["from"].lower()
    if who not in ("you", "them", "me"):
        raise UserError(f"from is you or them, not {quote_typed(fields['from'])}")
    people = tuple(part.strip() for part in fields["with"].split(";") if part.strip())
    if not people:
        raise UserError("with: an entry needs at least one person")
    body = "\n".join(lines[cut + 1 :]).strip()
    if not body:
        raise UserError("an entry's text can't be empty")
    return Edited(
        kind="note" if kind == "note" else "interaction",
        on=on,
        channel=channel,
        from_them=who == "them" and kind == "interaction",
        people=people,
        text=body,
    )


def _person_id(journal: Journal, typed: str) -> int:
    """A person in an entry's with line: "Ana Lee #3" (the id decides), "#3", or a name."""
    match = re.fullmatch(_PERSON_ID, typed)
    return int(match[1]) if match else resolve(journal, typed).id


def _kept_edit(journal_path: Path, entry_id: int) -> Path:
    return journal_path.with_name(f"{journal_path.name}.entry-{entry_id}.txt")


def _keep(path: Path, text: str) -> None:
    """The edit that could not be saved, in a file only its owner can read."""
    from rjournal.store.connection import create_private_file

    path.unlink(missing_ok=True)
    create_private_file(path)
    path.write_text(text, encoding="utf-8")


def _changed(before: Entry, after: Entry) -> list[str]:
    names = {
        "kind": "kind",
        "on": "day",
        "channel": "channel",
        "from_them": "who reached out",
        "people": "people",
        "text": "text",
    }
    return [
        label for field, label in names.items() if getattr(before, field) != getattr(after, field)
    ]


@entry.command(name="edit", short_help="Edit an entry in $EDITOR.")
@click.argument("entry_id", metavar="ID")
def edit(entry_id: str) -> None:
    """Edit an entry in $EDITOR: its kind, day, channel, who reached out, people and text.

    Saved only if it still is as it was when the editor opened; what can't be saved is kept
    beside the journal, and the next edit of that entry starts from it.
    """
    number = entry_id_of(entry_id)
    now = today()
    with opened() as journal:
        before = journal.entry(number)
        names = journal.names(before.people)
        path = journal.path
    kept = _kept_edit(path, number)
    start = entry_file(before, names)
    if kept.exists():
        start = kept.read_text(encoding="utf-8")
        click.echo(f"Starting from your unsaved edit of entry {number} ({kept})", err=True)
    edited_text = click.edit(start, extension=".txt", require_save=False)
    if edited_text is None or edited_text == entry_file(before, names):
        kept.unlink(missing_ok=True)
        click.echo(f"Entry {number} is unchanged")
        return
    try:
        edited = read_entry_file(edited_text, now)
        if edited is None:
            kept.unlink(missing_ok=True)
            click.echo(f"Entry {number} is unchanged (the edit was emptied)")
            return
        with opened() as journal:
            after = Entry(
                kind=edited.kind,
                on=edited.on,
                text=edited.text,
                channel=edited.channel,
                from_them=edited.from_them,
                people=tuple(dict.fromkeys(_person_id(journal, p) for p in edited.people)),
                id=number,
            )
            changes = _changed(before, after)
            if changes:
                from rjournal.store.entry_edits import save_edit

                save_edit(journal, before, after)
            names = journal.names(after.people)
    except (ValueError, JournalError) as error:
        _keep(kept, edited_text)
        said = f"{error}; nothing saved, your edit is kept for the next rj entry edit {number}"
        if isinstance(error, JournalError):
            raise JournalError(said) from None
        raise UserError(said) from None
    kept.unlink(missing_ok=True)
    if not changes:
        click.echo(f"Entry {number} is unchanged")
        return
    summary = one_line(_summary(after, names, now))
    click.echo(f"Saved entry {number} ({summary}): {', '.join(changes)} changed")


__all__ = ["entry"]
