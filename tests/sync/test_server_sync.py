"""rj sync through a real server: Radicale on 127.0.0.1, the real vdirsyncer carrying each
journal's vdirs to it, phones played by plain HTTP requests (tests/sync/conftest.py)."""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import date, datetime
from pathlib import Path
from typing import Any

from rjournal.domain.dates import YearlyDate
from rjournal.domain.model import Channel, NewEntry, NewKid, NewOccasion, NewPet
from rjournal.store.journal import Journal
from tests.sync.conftest import DavCollections, Vdirsyncer, pair_with_server
from tests.sync.syncing import NOW, TODAY, Paired, jtx_note, pair, person, phone_card


class Device:
    """A computer: its journal, its vdirs, and vdirsyncer pairing them with the server."""

    def __init__(self, folder: Path, collections: DavCollections) -> None:
        self.syncer: Vdirsyncer = pair_with_server(folder, collections)
        self.paired: Paired = pair(folder)
        self.journal: Journal = self.paired.journal

    def sync(self) -> list[str]:
        """As the cron line does: vdirsyncer sync && rj sync && vdirsyncer sync."""
        self.syncer.sync()
        report = self.paired.sync()
        self.syncer.sync()
        return report.lines()


def portrait(journal: Journal) -> dict[str, Any]:
    """Everything two journals must agree on, without ids or the days people were added."""
    people: dict[str, Any] = {}
    for row in journal.people(archived=True):
        p = journal.person(row.id)
        fields = {k: v for k, v in p.__dict__.items() if k not in ("id", "added_on")}
        fields["tags"] = tuple(sorted(p.tags))
        fields["kids"] = sorted(
            (k.name, k.birthday, k.notes, k.passed_on) for k in journal.kids(row.id)
        )
        fields["pets"] = sorted((x.name, x.species, x.birthday) for x in journal.pets(row.id))
        fields["occasions"] = sorted((o.label, o.date) for o in journal.occasions(row.id))
        fields["promises"] = sorted(
            (x.text, x.due, x.done_on, x.created_on) for x in journal.promises(row.id)
        )
        fields["entries"] = sorted(
            (e.on, e.kind, e.text, e.channel, e.from_them, _names(journal, e.people))
            for e in journal.timeline(row.id)
        )
        people[p.name] = fields
    return people


def _names(journal: Journal, ids: tuple[int, ...]) -> tuple[str, ...]:
    return tuple(sorted(journal.names(ids).values()))


def laptop_journal(journal: Journal) -> dict[str, int]:
    anna = journal.add_person(
        person("Anna Berg", emails=("anna@example.com",), city="Paris", tags=("client",),
               birthday=YearlyDate(4, 15), about="likes [/bold] markup, commas; and \\"),
        kids=[NewKid("Leo", YearlyDate(5, 3, 2019))],
        pets=[NewPet("Rex", "dog", YearlyDate(11, 27, 2021))],
        occasions=[NewOccasion("founding day", YearlyDate(2, 29))],
    )  # fmt: skip
    bo = journal.add_person(person("Bo Lind", phones=("+44 20 7946 0001",), company="Lind & Co"))
    zoe = journal.add_person(person("Zoë Ward", nickname="Zo", rhythm=None))
    journal.add_entry(
        NewEntry("interaction", date(2026, 11, 20), "Coffee, then a walk\nShe moves in May",
                 Channel.COFFEE, from_them=True, people=(anna, bo)),
        created_at=datetime(2026, 11, 20, 10),
    )  # fmt: skip
    journal.add_entry(NewEntry("note", date(2026, 11, 2), "Zoë's new job", people=(zoe,)),
                      created_at=datetime(2026, 11, 2, 10))  # fmt: skip
    journal.add_promise(anna, "send the article", date(2026, 11, 1), date(2026, 12, 1))
    done = journal.add_promise(bo, "call back", date(2026, 10, 1), None)
    journal.complete_promise(done, date(2026, 10, 3))
    return {"anna": anna, "bo": bo, "zoe": zoe}


def test_two_computers_converge_after_edits_on_both_and_lose_nothing(
    tmp_path: Path, dav_collections: DavCollections
) -> None:
    laptop = Device(tmp_path / "laptop", dav_collections)
    desk = Device(tmp_path / "desk", dav_collections)
    ids = laptop_journal(laptop.journal)
    laptop.sync()
    desk.sync()
    assert portrait(desk.journal) == portrait(laptop.journal)
    on_desk = {row.name: row.id for row in desk.journal.people()}

    # Edits on both computers: different people and items, and one field on both.
    laptop.journal.update_person(ids["anna"], {"city": "Lyon", "role": "Founder"})
    laptop.journal.add_entry(
        NewEntry("note", date(2026, 11, 21), "Lisbon: send a card", people=(ids["anna"],)),
        created_at=NOW,
    )
    desk.journal.update_person(on_desk["Anna Berg"], {"city": "Nice"})
    bo = on_desk["Bo Lind"]
    desk.journal.update_person(bo, {"role": "Chef", "tags": ("friend",)})
    [promise] = [p for p in desk.journal.promises(bo) if p.done_on is not None]
    desk.journal.complete_promise(promise.id, None)
    desk.journal.add_promise(bo, "book the table", TODAY, date(2026, 11, 28))
    desk.journal.add_occasion(bo, NewOccasion("restaurant opening", YearlyDate(3, 14, 2019)))

    laptop.sync()
    said = desk.sync()
    laptop.sync()

    mine, theirs = portrait(laptop.journal), portrait(desk.journal)
    assert mine == theirs
    anna = mine["Anna Berg"]
    # The same field: the journal that merged (the desk's) kept its value, and the other is
    # on the person (in both journals, and on the server) and in the desk's report.
    line = 'from sync: another computer had city "Lyon"'
    assert (anna["city"], anna["role"], anna["about"].splitlines()[-1]) == ("Nice", "Founder", line)
    assert f"Kept both: Anna Berg: {line}" in said
    assert len(anna["entries"]) == 2
    assert mine["Bo Lind"]["role"] == "Chef" and mine["Bo Lind"]["tags"] == ("friend",)
    assert ("book the table", date(2026, 11, 28), None, TODAY) in mine["Bo Lind"]["promises"]
    assert ("call back", None, None, date(2026, 10, 1)) in mine["Bo Lind"]["promises"]
    assert ("restaurant opening", YearlyDate(3, 14, 2019)) in mine["Bo Lind"]["occasions"]
    # Converged: nothing left to do anywhere.
    assert laptop.sync() == desk.sync() == ["Nothing to do: the journal and the folders agree."]


def test_a_phone_creates_and_edits_a_contact_by_plain_http(
    tmp_path: Path, dav_collections: DavCollections
) -> None:
    laptop = Device(tmp_path / "laptop", dav_collections)
    book = dav_collections.contacts_path
    card = phone_card(
        "phone-7", "Chloé Martin", "EMAIL;TYPE=WORK:chloe@example.com", "ORG:Atelier Lune",
        "TEL;TYPE=CELL:+33 6 12 34 56 78", "BDAY:--0415",
    )  # fmt: skip
    dav_collections.put(book + "phone-7.vcf", card, "text/vcard")
    dav_collections.put(book + "phone-8.vcf", phone_card("phone-8", "Dan Moss"), "text/vcard")

    laptop.sync()

    [row] = [r for r in laptop.journal.people() if r.name != "Dan Moss"]
    chloe = laptop.journal.person(row.id)
    assert (chloe.name, chloe.company, chloe.emails, chloe.phones, chloe.birthday) == (
        "Chloé Martin", "Atelier Lune", ("chloe@example.com",), ("+33 6 12 34 56 78",),
        YearlyDate(4, 15),
    )  # fmt: skip

    etag = dav_collections.get(book + "phone-7.vcf").headers["etag"]
    edited = card.replace("ORG:Atelier Lune", "ORG:Atelier Soleil\r\nTITLE:Owner")
    reply = dav_collections.server.request(
        "PUT", book + "phone-7.vcf", edited, {"Content-Type": "text/vcard", "If-Match": etag}
    )
    assert reply.status in (201, 204)
    laptop.sync()

    chloe = laptop.journal.person(row.id)
    assert (chloe.company, chloe.role) == ("Atelier Soleil", "Owner")
    # The server keeps the phone's card as the phone wrote it: nothing came back over it.
    assert "PRODID:ez-vcard" in dav_collections.get(book + "phone-7.vcf").body.decode()

    # The phone deletes her: to the trash in the journal, never erased. (Not the last card:
    # vdirsyncer refuses to empty a whole address book.)
    assert dav_collections.server.request("DELETE", book + "phone-7.vcf").status in (200, 204)
    assert laptop.sync() == ["In the journal (changed): 1 person to the trash"]
    assert [p.name for p in laptop.journal.people(deleted=True)] == ["Chloé Martin"]


def test_a_note_made_on_the_server_arrives_on_the_right_person_and_an_orphan_is_kept(
    tmp_path: Path, dav_collections: DavCollections
) -> None:
    laptop = Device(tmp_path / "laptop", dav_collections)
    ids = laptop_journal(laptop.journal)
    laptop.sync()
    calendar = dav_collections.calendar_path
    dav_collections.put(
        calendar + "jtx-1.ics",
        jtx_note("jtx-1", "Lunch idea", "Ask about Lisbon",
                 "CN=Anna Berg;CUTYPE=INDIVIDUAL:mailto:anna@example.com", day="20261121"),
        "text/calendar",
    )  # fmt: skip
    dav_collections.put(
        calendar + "jtx-2.ics",
        jtx_note("jtx-2", "Who was it", "the one from the fair", day="20261121"),
        "text/calendar",
    )
    # Radicale refuses what it cannot parse; an event that is not yearly rjournal can't take.
    meeting = (
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:x\r\nBEGIN:VEVENT\r\nUID:b1\r\n"
        "DTSTAMP:20261121T180000Z\r\nDTSTART:20261125T090000Z\r\nSUMMARY:Standup\r\n"
        "END:VEVENT\r\nEND:VCALENDAR\r\n"
    )
    dav_collections.put(calendar + "b1.ics", meeting, "text/calendar")

    said = laptop.sync()

    [note] = [e for e in laptop.journal.timeline(ids["anna"]) if e.kind == "note"]
    assert (note.on, note.text) == (date(2026, 11, 21), "Lunch idea\n\nAsk about Lisbon")
    assert any(line.startswith("Left alone: calendar/jtx-2.ics: names no one") for line in said)
    unreadable = "calendar/b1.ics: an event that does not repeat every year is not an occasion"
    assert f"Left alone: {unreadable}" in said
    # Both stay on the server, as they were.
    assert dav_collections.get(calendar + "jtx-2.ics").status == 200
    assert "SUMMARY:Standup" in dav_collections.get(calendar + "b1.ics").body.decode()


def test_deletions_each_way(tmp_path: Path, dav_collections: DavCollections) -> None:
    """A card deleted on the server moves the person to the trash; a person deleted in the
    journal leaves the server; restored, they come back to it."""
    laptop = Device(tmp_path / "laptop", dav_collections)
    ids = laptop_journal(laptop.journal)
    laptop.sync()
    book = dav_collections.contacts_path
    zoe, bo, anna = (laptop.paired.card_of(n)[0] for n in ("Zoë Ward", "Bo Lind", "Anna Berg"))
    assert dav_collections.server.request("DELETE", book + zoe).status in (200, 204)
    laptop.journal.delete_person(ids["bo"], NOW)

    laptop.sync()

    assert {p.name for p in laptop.journal.people(deleted=True)} == {"Zoë Ward", "Bo Lind"}
    assert dav_collections.get(book + bo).status == 404
    assert dav_collections.get(book + anna).status == 200
    # Restored in the journal, Zoë is on the server again, with her note.
    laptop.journal.restore_person(ids["zoe"])
    laptop.sync()
    assert dav_collections.get(book + zoe).status == 200
    assert len(laptop.paired.items_with("Zoë's new job")) == 1


def test_the_printed_vdirsyncer_configuration_works(
    tmp_path: Path, dav_collections: DavCollections
) -> None:
    """`rj sync --print-vdirsyncer-config URL`, saved, makes its collections on the server and
    carries the journal there, all through the real commands."""
    folder = tmp_path / "laptop"
    folder.mkdir()
    env = {**os.environ, "HOME": str(folder), "RJOURNAL_DB": str(folder / "journal.db")}
    bindir = Path(sys.executable).parent

    def run(*args: str) -> str:
        done = subprocess.run(
            args, capture_output=True, text=True, env=env, stdin=subprocess.DEVNULL,
            timeout=60, check=False,
        )  # fmt: skip
        assert done.returncode == 0, (args, done.stdout, done.stderr)
        return done.stdout

    rj = str(bindir / "rj")
    run(rj, "add", "Anna Berg", "--email", "anna@example.com")
    run(rj, "log", "anna", "Coffee", "--via", "coffee")
    run(rj, "sync", "--setup", "--contacts", str(folder / "people"), "--calendar",
        str(folder / "items"))  # fmt: skip
    config = run(rj, "sync", "--print-vdirsyncer-config", dav_collections.server.url,
                 "--username", "rjournal")  # fmt: skip
    (folder / "vdirsyncer.conf").write_text(config)
    vdirsyncer = [str(bindir / "vdirsyncer"), "--config", str(folder / "vdirsyncer.conf")]

    run(*vdirsyncer, "discover")
    run(*vdirsyncer, "sync")
    assert run(rj, "sync").startswith("In the folders (changed): 1 person added, 1 entry added")
    run(*vdirsyncer, "sync")

    people = dav_collections.server.request("GET", "/rjournal/rjournal-people/")
    assert people.status == 200
    [card] = [p for p in (folder / "people").iterdir()]
    got = dav_collections.server.request("GET", f"/rjournal/rjournal-people/{card.name}")
    assert got.status == 200 and "FN:Anna Berg" in got.body.decode()
    calendar = dav_collections.server.request("GET", "/rjournal/rjournal/")
    assert calendar.status == 200
    assert run(rj, "sync") == "Nothing to do: the journal and the folders agree.\n"
