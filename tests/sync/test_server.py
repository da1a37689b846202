"""Through a real server: a phone's PUT reaches the vdir, rjournal's files reach the server
and a second computer, and a sync with nothing to do copies nothing."""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path

from rjournal.domain.dates import YearlyDate
from rjournal.domain.model import Channel
from rjournal.sync.items import (
    CalendarItem,
    JournalItem,
    OccasionItem,
    PeopleDirectory,
    PersonRef,
    TodoItem,
    read_item,
    write_item,
)
from rjournal.sync.vdir import CALENDAR_EXT, CONTACTS_EXT, Vdir
from tests.sync.conftest import DavCollections, pair_with_server

STAMP = datetime(2026, 11, 22, 9, 30, tzinfo=UTC)
ANNA_UID = "6f1c7a52-8d1e-4c3b-9f6a-2b7d0e4c1a11"

PHONE_CARD = (
    "BEGIN:VCARD\r\nVERSION:3.0\r\nUID:phone-card-1\r\nFN:Anna Berg\r\nN:Berg;Anna;;;\r\n"
    "EMAIL;TYPE=INTERNET:anna@example.com\r\nTEL;TYPE=CELL:+44 20 7946 0001\r\nEND:VCARD\r\n"
)
LAPTOP_CARD = (
    f"BEGIN:VCARD\r\nVERSION:4.0\r\nUID:{ANNA_UID}\r\nFN:Zoë Ward\r\nN:Ward;Zoë;;;\r\n"
    "NOTE:likes [/bold] markup\\, commas\\; and semicolons\r\nEND:VCARD\r\n"
)

# A note as jtx Board writes one: no X-RJOURNAL-*, a person picked from the phone's contacts.
JTX_NOTE = (
    "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:+//IDN bitfire.at//ical4android (at.techbee.jtx)\r\n"
    "BEGIN:VJOURNAL\r\nUID:1732270000000-abc@at.techbee.jtx\r\nSEQUENCE:0\r\n"
    "CREATED:20261121T180000Z\r\nDTSTAMP:20261121T180000Z\r\nLAST-MODIFIED:20261121T180000Z\r\n"
    "SUMMARY:Lunch idea\r\nDESCRIPTION:Ask Anna about the Lisbon trip\r\n"
    "STATUS:FINAL\r\nCLASS:PUBLIC\r\nDTSTART;VALUE=DATE:20261121\r\n"
    "ATTENDEE;CN=Anna Berg;CUTYPE=INDIVIDUAL;ROLE=REQ-PARTICIPANT:mailto:anna@example.com\r\n"
    "END:VJOURNAL\r\nEND:VCALENDAR\r\n"
)


def test_a_card_put_on_the_server_arrives_in_the_vdir(
    tmp_path: Path, dav_collections: DavCollections
) -> None:
    laptop = pair_with_server(tmp_path / "laptop", dav_collections)
    dav_collections.put(
        dav_collections.contacts_path + "phone-card-1.vcf", PHONE_CARD, "text/vcard"
    )

    laptop.sync()

    contacts = Vdir(laptop.contacts, CONTACTS_EXT)
    [(href, etag)] = list(contacts.list())
    text, read_etag = contacts.get(href)
    assert read_etag == etag
    assert "FN:Anna Berg" in text and "anna@example.com" in text
    assert (laptop.contacts / href).stat().st_mode & 0o777 == 0o600


def test_files_written_by_rjournal_reach_the_server(
    tmp_path: Path, dav_collections: DavCollections
) -> None:
    laptop = pair_with_server(tmp_path / "laptop", dav_collections)
    contacts = Vdir(laptop.contacts, CONTACTS_EXT)
    href, _ = contacts.upload(ANNA_UID, LAPTOP_CARD)
    calendar = Vdir(laptop.calendar, CALENDAR_EXT)
    entry = JournalItem(
        uid="entry-1",
        on=date(2026, 11, 20),
        text="Coffee with Zoë",
        kind="interaction",
        channel=Channel.COFFEE,
        people=(PersonRef(ANNA_UID, None, "Zoë Ward"), PersonRef("no-uuid@x", None, "Bo")),
    )
    calendar.upload("entry-1", write_item(entry, STAMP))

    log = laptop.sync()

    assert "uploading" in log
    card = dav_collections.get(dav_collections.contacts_path + href)
    assert card.status == 200 and "FN:Zoë Ward" in card.body.decode("utf-8")
    item = dav_collections.get(dav_collections.calendar_path + "entry-1.ics")
    assert item.status == 200
    assert read_item(item.body.decode("utf-8")) == entry


def test_a_sync_with_nothing_to_do_copies_nothing(
    tmp_path: Path, dav_collections: DavCollections
) -> None:
    laptop = pair_with_server(tmp_path / "laptop", dav_collections)
    calendar = Vdir(laptop.calendar, CALENDAR_EXT)
    promise = TodoItem(uid="promise-1", text="send the article", due=date(2026, 12, 1))
    text = write_item(promise, STAMP)
    href, etag = calendar.upload("promise-1", text)
    laptop.sync()
    server_etag = dav_collections.get(dav_collections.calendar_path + href).headers["etag"]

    # rjournal writes the same item again (a sync that found nothing changed): no file moves.
    assert calendar.update(href, write_item(promise, STAMP), etag) == etag
    log = laptop.sync()

    assert "Copying" not in log and "Deleting" not in log, log
    assert dav_collections.get(dav_collections.calendar_path + href).headers["etag"] == server_etag

    # Written again with only a new DTSTAMP: the file changes, yet vdirsyncer's hash leaves
    # DTSTAMP and LAST-MODIFIED out, so it still uploads nothing.
    later = write_item(promise, datetime(2026, 11, 23, tzinfo=UTC))
    assert calendar.update(href, later, etag) != etag
    log = laptop.sync()
    assert "Copying" not in log, log


def test_a_phone_note_arrives_with_its_person(
    tmp_path: Path, dav_collections: DavCollections
) -> None:
    laptop = pair_with_server(tmp_path / "laptop", dav_collections)
    dav_collections.put(dav_collections.calendar_path + "jtx-note.ics", JTX_NOTE, "text/calendar")

    laptop.sync()

    calendar = Vdir(laptop.calendar, CALENDAR_EXT)
    [(href, _)] = list(calendar.list())
    item = read_item(calendar.get(href)[0])
    assert isinstance(item, JournalItem)
    assert (item.on, item.kind, item.text) == (
        date(2026, 11, 21),
        "note",
        "Lunch idea\n\nAsk Anna about the Lisbon trip",
    )
    people = PeopleDirectory([("anna-uid", "Anna Berg", ["ANNA@example.com"])])
    assert people.people_of(item) == (["anna-uid"], [])


def test_every_kind_of_item_reaches_a_second_computer_unchanged(
    tmp_path: Path, dav_collections: DavCollections
) -> None:
    laptop = pair_with_server(tmp_path / "laptop", dav_collections)
    desk = pair_with_server(tmp_path / "desk", dav_collections)
    anna = PersonRef(ANNA_UID, "anna@example.com", 'Anna "Nan" Berg, Jr.')
    items: list[CalendarItem] = [
        TodoItem(uid="p1", text="send the article", due=date(2026, 12, 1), people=(anna,)),
        TodoItem(uid="p2", text="call back", done=True, done_on=date(2026, 11, 2), people=(anna,)),
        OccasionItem(uid="o1", label="founding day", date=YearlyDate(2, 29), people=(anna,)),
        OccasionItem(uid="o2", label="wedding", date=YearlyDate(6, 1, 2015), people=(anna,)),
        JournalItem(
            uid="e1",
            on=date(2026, 11, 20),
            text="Long call.\nShe is moving to Lisbon; asked about \\ paths, commas",
            kind="interaction",
            channel=Channel.CALL,
            from_them=True,
            people=(anna,),
        ),
    ]
    calendar = Vdir(laptop.calendar, CALENDAR_EXT)
    for item in items:
        assert item.uid is not None
        calendar.upload(item.uid, write_item(item, STAMP))

    laptop.sync()
    desk.sync()

    arrived = Vdir(desk.calendar, CALENDAR_EXT)
    read = sorted(
        (read_item(arrived.get(href)[0]) for href, _ in arrived.list()),
        key=lambda item: getattr(item, "uid", ""),
    )
    assert read == sorted(items, key=lambda item: item.uid or "")


def test_a_phone_edit_and_a_phone_deletion_reach_the_vdir(
    tmp_path: Path, dav_collections: DavCollections
) -> None:
    laptop = pair_with_server(tmp_path / "laptop", dav_collections)
    book = dav_collections.contacts_path
    dav_collections.put(book + "anna.vcf", PHONE_CARD, "text/vcard")
    dav_collections.put(book + "zoe.vcf", LAPTOP_CARD, "text/vcard")
    laptop.sync()
    contacts = Vdir(laptop.contacts, CONTACTS_EXT)
    before = dict(contacts.list())
    [anna] = [href for href in before if "Anna Berg" in contacts.get(href)[0]]

    # The phone edits Anna (PUT over the item, If-Match its etag) and deletes Zoë.
    etag = dav_collections.get(book + "anna.vcf").headers["etag"]
    edited = PHONE_CARD.replace("END:VCARD", "NOTE:moved to Lisbon\r\nEND:VCARD")
    reply = dav_collections.server.request(
        "PUT", book + "anna.vcf", edited, {"Content-Type": "text/vcard", "If-Match": etag}
    )
    assert reply.status in (201, 204), reply
    assert dav_collections.server.request("DELETE", book + "zoe.vcf").status in (200, 204)
    laptop.sync()

    after = dict(contacts.list())
    assert list(after) == [anna] and after[anna] != before[anna]
    assert "NOTE:moved to Lisbon" in contacts.get(anna)[0]
