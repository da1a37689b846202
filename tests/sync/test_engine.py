"""rj sync's walk over a real journal and two real vdirs in tmp_path (no server: the server
tests are test_server_sync.py): two-way, nothing lost, a sync with nothing to do writes nothing."""

from __future__ import annotations

import os
from dataclasses import replace
from datetime import date, datetime
from pathlib import Path

import pytest

from rjournal.domain.dates import YearlyDate
from rjournal.domain.model import Channel, NewEntry, NewKid, NewOccasion
from rjournal.store import sync_state
from rjournal.store.checks import mark_path
from rjournal.store.errors import JournalError
from rjournal.sync.items import JournalItem, TodoItem, read_item
from tests.sync.syncing import (
    NOW,
    TODAY,
    Paired,
    every_file,
    jtx_note,
    pair,
    person,
    phone_card,
    uid_of,
)


@pytest.fixture
def paired(tmp_path: Path) -> Paired:
    return pair(tmp_path)


def anna_and_bo(p: Paired) -> tuple[int, int]:
    j = p.journal
    anna = j.add_person(
        person("Anna Berg", emails=("anna@example.com",), city="Paris", tags=("client",)),
        kids=[NewKid("Leo", YearlyDate(5, 3, 2019))],
        occasions=[NewOccasion("founding day", YearlyDate(2, 29))],
    )
    bo = j.add_person(person("Bo Lind", phones=("+44 20 7946 0001",)))
    j.add_entry(
        NewEntry("interaction", date(2026, 11, 20), "Coffee", Channel.COFFEE, people=(anna, bo)),
        created_at=datetime(2026, 11, 20, 10),
    )
    j.add_promise(anna, "send the article", date(2026, 11, 1), date(2026, 12, 1))
    return anna, bo


def test_a_first_sync_writes_every_item_once_and_a_second_writes_nothing(paired: Paired) -> None:
    anna, _ = anna_and_bo(paired)
    first = paired.sync()

    assert first.summary("folders") == (
        "2 people added, 1 promise added, 1 occasion added, 1 entry added"
    )
    assert first.summary("journal") == ""
    assert len(paired.files(paired.contacts)) == 2 and len(paired.files(paired.calendar)) == 3
    anna_card = paired.card_of("Anna Berg")[1]
    assert "EMAIL:anna@example.com" in anna_card and "CATEGORIES:client" in anna_card
    assert "X-RJOURNAL-KID:Leo;2019-05-03" in anna_card
    assert "ANNIVERSARY" not in anna_card and "X-ABDATE" not in anna_card  # a calendar item
    [(_, event, _)] = paired.items_with("BEGIN:VEVENT")
    assert "SUMMARY:Anna Berg: founding day" in event and "BYMONTHDAY=-1" in event
    for path in every_file(paired.contacts.path):
        assert path.stat().st_mode & 0o777 == 0o600

    before = {
        p: (p.stat().st_mtime_ns, p.stat().st_ino) for p in every_file(paired.journal.path.parent)
    }
    second = paired.sync()

    assert second.nothing_done and second.lines() == [
        "Nothing to do: the journal and the folders agree."
    ]
    after = {
        p: (p.stat().st_mtime_ns, p.stat().st_ino) for p in every_file(paired.journal.path.parent)
    }
    changed = {p for p in before if before[p] != after.get(p)}
    # Only the journal (when it last ran), and the check mark rjournal keeps beside it.
    assert changed <= {paired.journal.path, mark_path(paired.journal.path)}
    assert set(after) == set(before)
    settings = sync_state.settings(paired.journal.conn)
    assert settings is not None and settings.last_run == NOW.isoformat()
    del anna


def test_a_change_on_one_side_goes_to_the_other(paired: Paired) -> None:
    anna, bo = anna_and_bo(paired)
    paired.sync()
    href, _, _ = paired.card_of("Bo Lind")
    paired.edit(paired.contacts, href, "\r\nEND:VCARD", "\r\nTITLE:Head chef\r\nEND:VCARD")
    paired.journal.update_person(anna, {"city": "Lisbon"})

    report = paired.sync()

    assert paired.journal.person(bo).role == "Head chef"
    assert "ADR:;;;Lisbon;;;" in paired.card_of("Anna Berg")[1]
    assert report.summary("journal") == "1 person updated"
    assert report.summary("folders") == "1 person updated"
    assert paired.sync().nothing_done


def test_different_fields_changed_on_both_sides_both_arrive(paired: Paired) -> None:
    anna, _ = anna_and_bo(paired)
    paired.sync()
    href, _, _ = paired.card_of("Anna Berg")
    paired.edit(paired.contacts, href, "\r\nEND:VCARD", "\r\nTITLE:Founder\r\nEND:VCARD")
    paired.journal.update_person(anna, {"city": "Lisbon", "tags": ("client", "friend")})

    report = paired.sync()

    saved = paired.journal.person(anna)
    assert (saved.role, saved.city, set(saved.tags)) == ("Founder", "Lisbon", {"client", "friend"})
    assert report.conflicts == [] and saved.about == ""
    card = paired.card_of("Anna Berg")[1]
    assert "TITLE:Founder" in card and "ADR:;;;Lisbon;;;" in card


def test_the_same_field_changed_on_both_keeps_the_journals_and_the_other_on_the_person(
    paired: Paired,
) -> None:
    anna, _ = anna_and_bo(paired)
    paired.sync()
    href, _, etag = paired.card_of("Anna Berg")
    # The phone's address book writes its own card: another PRODID, its own layout.
    paired.contacts.update(
        href, phone_card(uid_of(paired, anna), "Anna Berg", "ADR:;;;Lyon;;;",
                         "EMAIL:anna@example.com", "X-RJOURNAL-KID:Leo;2019-05-03;;",
                         "CATEGORIES:client"), etag)  # fmt: skip
    paired.journal.update_person(anna, {"city": "Nice"})

    report = paired.sync()

    saved = paired.journal.person(anna)
    assert saved.city == "Nice"
    assert saved.about == 'from sync: the phone had city "Lyon"'
    assert report.conflicts == ['Anna Berg: from sync: the phone had city "Lyon"']
    card = paired.card_of("Anna Berg")[1]
    assert "ADR:;;;Nice;;;" in card and 'NOTE:from sync: the phone had city "Lyon"' in card
    assert paired.sync().nothing_done


def test_a_card_made_on_a_phone_arrives_with_its_fields(paired: Paired) -> None:
    paired.sync()
    paired.contacts.upload(
        "phone-1",
        phone_card(
            "phone-1", "Chloé Martin", "EMAIL;TYPE=WORK:chloe@example.com",
            "TEL;TYPE=CELL:+33 6 12 34 56 78", "ORG:Atelier Lune", "BDAY:1990-04-15",
            "NOTE:met at the Lyon fair", "X-SOCIALPROFILE;TYPE=mastodon:https://m.example/@c",
        ),
    )  # fmt: skip

    report = paired.sync()

    [row] = paired.journal.people()
    saved = paired.journal.person(row.id)
    assert (saved.name, saved.emails, saved.phones) == (
        "Chloé Martin", ("chloe@example.com",), ("+33 6 12 34 56 78",),
    )  # fmt: skip
    assert (saved.company, saved.birthday, saved.about) == (
        "Atelier Lune", YearlyDate(4, 15, 1990), "met at the Lyon fair",
    )  # fmt: skip
    assert saved.added_on == TODAY
    assert uid_of(paired, row.id) == "phone-1"
    assert report.summary("journal") == "1 person added"
    # The phone's file is left as it wrote it: the journal holds all of it.
    assert "PRODID:ez-vcard" in paired.contacts.get("phone-1.vcf")[0]
    assert paired.sync().nothing_done


def test_a_card_deleted_elsewhere_moves_the_person_to_the_trash(paired: Paired) -> None:
    anna, _ = anna_and_bo(paired)
    paired.sync()
    href, _, etag = paired.card_of("Anna Berg")
    paired.contacts.delete(href, etag)

    report = paired.sync()

    assert [p.id for p in paired.journal.people(deleted=True)] == [anna]
    assert report.summary("journal") == "1 person to the trash"
    # What she had is hidden with her: her promise, occasion; the shared entry stays (Bo).
    assert paired.items_with("send the article") == []
    assert paired.items_with("founding day") == []
    assert len(paired.items_with("Coffee")) == 1
    # Restored in the journal, she is written out again, with what she has.
    paired.journal.restore_person(anna)
    paired.sync()
    assert paired.card_of("Anna Berg") and len(paired.items_with("send the article")) == 1


def test_a_person_deleted_in_the_journal_removes_their_card(paired: Paired) -> None:
    _, bo = anna_and_bo(paired)
    paired.sync()
    paired.journal.delete_person(bo, NOW)

    report = paired.sync()

    assert [f for f in paired.files(paired.contacts).values() if "Bo Lind" in f] == []
    assert report.summary("folders") == "1 person removed"
    assert len(paired.items_with("Coffee")) == 1  # Anna's too


def test_a_phone_note_arrives_on_the_right_person(paired: Paired) -> None:
    anna, bo = anna_and_bo(paired)
    paired.sync()
    paired.calendar.upload(
        "jtx-1",
        jtx_note("jtx-1", "Lunch idea", "Ask about the Lisbon trip",
                 "CN=Anna Berg;CUTYPE=INDIVIDUAL:mailto:ANNA@example.com", day="20261121"),
    )  # fmt: skip

    report = paired.sync()

    [entry] = [e for e in paired.journal.timeline(anna) if e.on == date(2026, 11, 21)]
    assert (entry.kind, entry.text, entry.people) == (
        "note", "Lunch idea\n\nAsk about the Lisbon trip", (anna,),
    )  # fmt: skip
    assert report.summary("journal") == "1 entry added"
    assert paired.journal.timeline(bo)[0].text == "Coffee"
    assert paired.sync().nothing_done


def test_a_note_naming_no_one_is_kept_listed_and_placed_once_it_can_be(paired: Paired) -> None:
    paired.sync()
    note = jtx_note("jtx-2", "Call Dana", "about the offsite", "CN=Dana Fox:mailto:dana@x.org")
    paired.calendar.upload("jtx-2", note)

    report = paired.sync()

    assert report.held == [
        "calendar/jtx-2.ics: names no one in the journal: kept as an unassigned note until it "
        'does (note of 2026-11-21: "Call Dana about the offsite")'
    ]
    assert paired.calendar.get("jtx-2.ics")[0] == note  # never dropped, never rewritten
    assert paired.sync().held == []  # listed once; `rj sync --status` lists it still
    assert [h[1] for h in sync_state.every_held(paired.journal.conn)] == ["jtx-2.ics"]

    dana = paired.journal.add_person(person("Dana Fox", emails=("dana@x.org",)))
    placed = paired.sync()

    assert [e.text for e in paired.journal.timeline(dana)] == ["Call Dana\n\nabout the offsite"]
    assert "1 entry added" in placed.summary("journal")
    assert list(sync_state.every_held(paired.journal.conn)) == []


def test_an_item_that_cannot_be_read_is_reported_once_and_left_alone(paired: Paired) -> None:
    paired.sync()
    broken = "BEGIN:VCALENDAR\r\nBEGIN:VTODO\r\nDUE:not a date\r\nEND:VTODO\r\nEND:VCALENDAR\r\n"
    paired.calendar.upload("broken", broken)
    (paired.contacts.path / "bad.vcf").write_bytes(b"BEGIN:VCARD\r\nVERSION:3.0\r\nEND:VCARD\r\n")

    report = paired.sync()

    assert len(report.held) == 2
    assert report.held[0].startswith("contacts/bad.vcf: can't be read as a vCard")
    assert report.held[1].startswith("calendar/broken.ics: can't be read as iCalendar")
    assert paired.calendar.get("broken.ics")[0] == broken
    assert paired.journal.people() == []
    assert paired.sync().nothing_done  # reported once per version of the file


def test_an_entry_deleted_elsewhere_leaves_the_journal_and_is_kept(paired: Paired) -> None:
    anna, _ = anna_and_bo(paired)
    paired.sync()
    [(href, _, etag)] = paired.items_with("Coffee")
    paired.calendar.delete(href, etag)

    report = paired.sync()

    assert paired.journal.timeline(anna) == []
    assert paired.journal.conn.execute(
        "SELECT last_contact FROM people WHERE id = ?", (anna,)
    ).fetchone() == (None,)
    assert report.summary("journal") == "1 entry removed"
    [(_, when, kind, what)] = sync_state.removed(paired.journal.conn)
    assert (when, kind) == (NOW.isoformat(), "entry")
    assert what == 'interaction of 2026-11-20 with Anna Berg, Bo Lind: "Coffee"'


def test_a_promise_done_on_the_phone_is_done_in_the_journal(paired: Paired) -> None:
    anna, _ = anna_and_bo(paired)
    paired.sync()
    [(href, text, etag)] = paired.items_with("send the article")
    # A phone ticks it: STATUS and no completion time.
    paired.calendar.update(href, text.replace("STATUS:NEEDS-ACTION", "STATUS:COMPLETED"), etag)

    paired.sync()

    [promise] = paired.journal.promises(anna)
    assert promise.done_on == TODAY
    item = read_item(paired.items_with("send the article")[0][1])
    assert isinstance(item, TodoItem) and item.done_on == TODAY  # written back with its day


def test_a_conflict_on_an_entry_is_kept_on_its_people_and_in_their_cards(paired: Paired) -> None:
    anna, bo = anna_and_bo(paired)
    paired.sync()
    [(href, _, _)] = paired.items_with("Coffee")
    paired.edit(paired.calendar, href, "SUMMARY:Coffee", "SUMMARY:Tea")
    [entry] = paired.journal.timeline(anna)
    paired.journal.update_entry(replace(entry, text="Espresso"))

    report = paired.sync()

    assert paired.journal.timeline(anna)[0].text == "Espresso"
    line = 'from sync: another computer had text "Tea" (the interaction of 2026-11-20)'
    for pid, name in ((anna, "Anna Berg"), (bo, "Bo Lind")):
        assert paired.journal.person(pid).about.splitlines()[-1] == line
        assert f"NOTE:{line}" in paired.card_of(name)[1].replace("\r\n ", "")
    assert report.conflicts == [f"Anna Berg: {line}", f"Bo Lind: {line}"]
    item = read_item(paired.items_with("Espresso")[0][1])
    assert isinstance(item, JournalItem) and item.text == "Espresso"
    assert paired.sync().nothing_done


def test_a_copy_put_back_from_before_the_last_write_undoes_nothing(paired: Paired) -> None:
    """vdirsyncer told that the server wins puts the server's older copy over the file."""
    anna, _ = anna_and_bo(paired)
    paired.sync()
    href, old_text, _ = paired.card_of("Anna Berg")
    paired.journal.update_person(anna, {"city": "Lisbon"})
    paired.sync()  # writes Lisbon
    # The server's copy, from before that write, edited on a phone meanwhile.
    phone = old_text.replace("\r\nEND:VCARD", "\r\nTITLE:Founder\r\nEND:VCARD")
    (paired.contacts.path / href).write_text(phone, encoding="utf-8")

    paired.sync()

    saved = paired.journal.person(anna)
    assert (saved.city, saved.role) == ("Lisbon", "Founder")
    card = paired.card_of("Anna Berg")[1]
    assert "ADR:;;;Lisbon;;;" in card and "TITLE:Founder" in card


def test_a_dry_run_lists_the_changes_and_writes_nothing(paired: Paired) -> None:
    anna_and_bo(paired)
    paired.calendar.upload("jtx-1", jtx_note("jtx-1", "Hi", "there", "CN=Bo Lind:", day="20261121"))
    files = {p: p.read_bytes() for p in every_file(paired.journal.path.parent)}

    report = paired.sync(dry_run=True)

    assert report.dry_run and "folders: added person Anna Berg" in report.changes
    assert 'journal: added entry note of 2026-11-21 with Bo Lind: "Hi there"' in report.changes
    assert {p: p.read_bytes() for p in every_file(paired.journal.path.parent)} == files
    assert paired.sync().summary("folders").startswith("2 people added")


def test_a_folder_found_empty_where_items_were_synced_is_refused(paired: Paired) -> None:
    anna_and_bo(paired)
    paired.sync()
    for path in every_file(paired.contacts.path):
        path.unlink()

    with pytest.raises(JournalError, match=r"contacts folder .* is empty where 2 items"):
        paired.sync()
    assert len(paired.journal.people()) == 2

    paired.sync(force_empty=True)
    assert paired.journal.people() == [] and len(paired.journal.people(deleted=True)) == 2


def test_a_sync_stopped_midway_leaves_files_the_next_sync_pairs_with(paired: Paired) -> None:
    """The transaction rolls back; the files written stay and are found again, not doubled."""
    anna, _ = anna_and_bo(paired)

    def fail(*args: object) -> None:
        raise RuntimeError("stopped")

    original = sync_state.record_run
    sync_state.record_run = fail  # type: ignore[assignment]
    try:
        with pytest.raises(RuntimeError):
            paired.sync()
    finally:
        sync_state.record_run = original
    assert len(paired.files(paired.contacts)) == 2  # written, not committed
    assert paired.journal.conn.execute("SELECT count(*) FROM sync_items").fetchone() == (0,)

    report = paired.sync()

    assert report.summary("folders") == "" and report.summary("journal") == ""
    assert len(paired.files(paired.contacts)) == 2 and len(paired.files(paired.calendar)) == 3
    assert paired.journal.conn.execute("SELECT count(*) FROM sync_items").fetchone() == (5,)
    assert paired.sync().nothing_done
    del anna


def test_every_change_marks_its_item_dirty_in_the_same_transaction(paired: Paired) -> None:
    anna, bo = anna_and_bo(paired)
    paired.sync()

    def dirty() -> set[str]:
        rows = paired.journal.conn.execute("SELECT kind FROM sync_items WHERE dirty").fetchall()
        return {r[0] for r in rows}

    assert dirty() == set()
    paired.journal.add_kid(bo, NewKid("Mia"))
    assert dirty() == {"person"}
    paired.sync()
    [promise] = paired.journal.promises(anna)
    paired.journal.complete_promise(promise.id, TODAY)
    [entry] = paired.journal.timeline(anna)
    paired.journal.delete_entry(entry.id)
    assert dirty() == {"promise", "entry"}
    assert paired.journal.conn.execute(
        "SELECT count(*) FROM sync_items WHERE kind = 'entry' AND local_id IS NULL"
    ).fetchone() == (1,)
    paired.sync()
    assert dirty() == set() and paired.items_with("Coffee") == []
    paired.journal.merge_people(bo, anna, NOW)  # Bo's card goes; Anna's changes
    assert dirty() == {"person"}
    paired.sync()
    assert [f for f in paired.files(paired.contacts).values() if "Bo Lind" in f] == []


def test_files_the_sync_writes_are_vdirsyncers(paired: Paired) -> None:
    """No temporary file left, every item named after its UID."""
    anna_and_bo(paired)
    paired.sync()
    for folder in (paired.contacts.path, paired.calendar.path):
        names = os.listdir(folder)
        assert not [n for n in names if n.endswith(".tmp") or n.startswith(".")]
        for name in names:
            text = (folder / name).read_bytes().decode("utf-8")
            assert f"UID:{name.rsplit('.', 1)[0]}\r\n" in text
