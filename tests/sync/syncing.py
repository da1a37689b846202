"""A journal paired with two vdirs in tmp_path, and what the sync tests write into them as a
phone would (a vCard from an address book app, a jtx Board note)."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path

from rjournal.domain.model import NewPerson
from rjournal.store import sync_state
from rjournal.store.journal import Journal
from rjournal.sync.engine import Folders, open_folders, run_sync
from rjournal.sync.report import Report
from rjournal.sync.vdir import Vdir

NOW = datetime(2026, 11, 22, 9, 30, tzinfo=UTC)
TODAY = date(2026, 11, 22)


@dataclass
class Paired:
    """One journal and its vdirs."""

    journal: Journal
    contacts: Vdir
    calendar: Vdir

    @property
    def folders(self) -> Folders:
        return Folders(self.contacts, self.calendar)

    def sync(self, *, dry_run: bool = False, force_empty: bool = False) -> Report:
        return run_sync(
            self.journal,
            self.folders,
            now=NOW,
            today=TODAY,
            dry_run=dry_run,
            force_empty=force_empty,
            zone=UTC,
        )

    def files(self, vdir: Vdir) -> dict[str, str]:
        return {href: vdir.get(href)[0] for href, _ in vdir.list()}

    def etags(self) -> dict[str, str]:
        return {**dict(self.contacts.list()), **dict(self.calendar.list())}

    def card_of(self, name: str) -> tuple[str, str, str]:
        """(href, text, etag) of the one card whose FN is this name."""
        found = [
            (href, *self.contacts.get(href))
            for href, _ in self.contacts.list()
            if f"\r\nFN:{name}\r\n" in self.contacts.get(href)[0]
        ]
        assert len(found) == 1, found
        return found[0]

    def items_with(self, text: str) -> list[tuple[str, str, str]]:
        """(href, text, etag) of the calendar items whose file holds this text."""
        return [
            (href, *self.calendar.get(href))
            for href, _ in self.calendar.list()
            if text in self.calendar.get(href)[0]
        ]

    def edit(self, vdir: Vdir, href: str, old: str, new: str) -> None:
        """Change a file as vdirsyncer brings a phone's edit: a new file in its place."""
        text, etag = vdir.get(href)
        assert old in text, (old, text)
        vdir.update(href, text.replace(old, new), etag)


def pair(folder: Path, journal: Journal | None = None) -> Paired:
    journal = journal or Journal.open(folder / "journal.db")
    journal.conn.execute("PRAGMA synchronous = OFF")
    folders = open_folders(str(folder / "contacts"), str(folder / "calendar"))
    with journal.write() as conn:
        sync_state.set_folders(conn, str(folder / "contacts"), str(folder / "calendar"))
    assert isinstance(folders.contacts, Vdir) and isinstance(folders.calendar, Vdir)
    return Paired(journal, folders.contacts, folders.calendar)


def uid_of(p: Paired, person_id: int) -> str:
    row = p.journal.conn.execute("SELECT uid FROM people WHERE id = ?", (person_id,)).fetchone()
    return str(row[0])


def person(name: str, **fields: object) -> NewPerson:
    return NewPerson(name=name, added_on=date(2026, 1, 5), **fields)  # type: ignore[arg-type]


def phone_card(uid: str, name: str, *lines: str) -> str:
    """A vCard 3.0 as an Android address book (through DAVx5) writes one."""
    family, _, given = name.rpartition(" ")[::-1]
    body = "".join(f"{line}\r\n" for line in lines)
    return (
        "BEGIN:VCARD\r\nVERSION:3.0\r\nPRODID:ez-vcard 0.11.3\r\n"
        f"UID:{uid}\r\nFN:{name}\r\nN:{given};{family};;;\r\n{body}"
        "REV:20261121T180000Z\r\nEND:VCARD\r\n"
    )


def jtx_note(uid: str, summary: str, description: str, *attendees: str, day: str = "") -> str:
    """A journal entry as jtx Board writes one (through DAVx5): no X-RJOURNAL-* at all."""
    start = f"DTSTART;VALUE=DATE:{day}\r\n" if day else ""
    people = "".join(f"ATTENDEE;{a}\r\n" for a in attendees)
    return (
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:+//IDN bitfire.at//ical4android (at.techbee.jtx)"
        f"\r\nBEGIN:VJOURNAL\r\nUID:{uid}\r\nSEQUENCE:0\r\nCREATED:20261121T180000Z\r\n"
        "DTSTAMP:20261121T180000Z\r\nLAST-MODIFIED:20261121T180000Z\r\n"
        f"SUMMARY:{summary}\r\nDESCRIPTION:{description}\r\nSTATUS:FINAL\r\nCLASS:PUBLIC\r\n"
        f"{start}{people}END:VJOURNAL\r\nEND:VCALENDAR\r\n"
    )


def every_file(folder: Path) -> Iterator[Path]:
    yield from sorted(p for p in folder.rglob("*") if p.is_file())
