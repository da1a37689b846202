"""`rj export vcard|ics|json` and `rj import json` over a demo journal with hostile people."""

from __future__ import annotations

import json
import sqlite3
from dataclasses import replace
from datetime import date, datetime
from pathlib import Path
from typing import Any

import icalendar
import pytest
import recurring_ical_events
import vobject
from click.testing import CliRunner, Result

from rjournal.cli.exports import vcard_file_name
from rjournal.cli.main import main
from rjournal.domain.dates import YearlyDate
from rjournal.interop.card import Card
from rjournal.interop.person_card import card_of
from rjournal.interop.vcard_read import read_vcards
from rjournal.store.contacts import stream_contacts
from rjournal.store.journal import Journal
from tests.cli.exported import ARCHIVED_NAME, ESC, HOSTILE_NAME, table_rows
from tests.interop.test_vcard_write import KHARD_CONFIG, _khard


def rj(db: Path, *args: str, code: int = 0) -> Result:
    result = CliRunner().invoke(main, ["--db", str(db), *args])
    assert result.exit_code == code, (result.stdout, result.stderr, result.exception)
    return result


def contacts(db: Path) -> list[Any]:
    with Journal.open(db, create=False) as journal, journal.snapshot() as conn:
        return list(stream_contacts(conn))


# --- vCard ------------------------------------------------------------------------------


@pytest.mark.parametrize("version", ["3.0", "4.0"])
def test_every_person_as_a_card_that_vobject_parses_and_reads_back(
    demo_copy: Path, tmp_path: Path, version: str
) -> None:
    target = tmp_path / "people.vcf"
    result = rj(demo_copy, "export", "vcard", "--version", version, "--output", str(target))
    everyone = contacts(demo_copy)
    assert f"Exported {len(everyone)} people" in result.stderr
    text = target.read_text(encoding="utf-8")
    parsed = list(vobject.readComponents(text))
    assert [card.uid.value for card in parsed] == [c.uid for c in everyone]
    assert all(card.version.value == version for card in parsed)
    # Field for field, what the journal holds comes back (hostile text and all), but for
    # CRLF, which a vCard gives back as LF.
    back = [card for card in read_vcards(text) if isinstance(card, Card)]
    sent = [card_of(contact) for contact in everyone]
    assert back == [replace(card, met=card.met.replace("\r\n", "\n")) for card in sent]
    assert ARCHIVED_NAME in {card.name for card in back}  # archived people are in
    # No timestamps: the same journal gives the same bytes.
    assert rj(demo_copy, "export", "vcard", "--version", version).stdout == text


def test_a_folder_of_cards_that_khard_lists_with_emails_and_birthdays(
    demo_copy: Path, tmp_path: Path
) -> None:
    book = tmp_path / "book"
    rj(demo_copy, "export", "vcard", "--dir", str(book))
    everyone = [c for c in contacts(demo_copy) if c.person.name != HOSTILE_NAME]
    files = sorted(path.name for path in book.iterdir())
    assert files == sorted(vcard_file_name(c.uid) for c in contacts(demo_copy))
    assert book.stat().st_mode & 0o777 == 0o700
    assert all((book / name).stat().st_mode & 0o777 == 0o600 for name in files)
    (book / vcard_file_name(contacts(demo_copy)[-1].uid)).unlink(missing_ok=True)
    hostile = next(c for c in contacts(demo_copy) if c.person.name == HOSTILE_NAME)
    (book / vcard_file_name(hostile.uid)).unlink()  # its ESC is no name for khard's table
    config = tmp_path / "khard.conf"
    config.write_text(KHARD_CONFIG.format(book=book))
    listed = {line.split("\t")[0] for line in _khard(config, "list", "--parsable").splitlines()}
    kept = {c.uid for c in everyone if (book / vcard_file_name(c.uid)).exists()}
    assert listed == kept and len(kept) > 100
    emails = _khard(config, "email", "--parsable")
    birthdays = _khard(config, "birthdays", "--parsable").splitlines()
    for contact in everyone:
        person = contact.person
        if contact.uid not in kept:
            continue
        for email in person.emails:
            assert f"{email}\t{person.name}\t" in emails
        if person.birthday is not None:
            day = f".{person.birthday.month:02d}.{person.birthday.day:02d}\t{person.name}"
            assert any(line.endswith(day) for line in birthdays), person.name


def test_vcard_refuses_dir_and_output_together_and_a_dir_that_is_a_file(
    demo_copy: Path, tmp_path: Path
) -> None:
    both = rj(demo_copy, "export", "vcard", "--dir", "d", "--output", "f", code=2)
    assert "--dir or --output" in both.stderr
    a_file = tmp_path / "file"
    a_file.write_text("mine")
    refused = rj(demo_copy, "export", "vcard", "--dir", str(a_file), code=1)
    assert refused.stderr.startswith("rj: ") and "not a folder" in refused.stderr
    assert a_file.read_text() == "mine"


def test_file_names_of_cards_are_their_uid_when_safe_else_its_hash() -> None:
    assert vcard_file_name("9360084d-7e43-4e79-bc8a-52789fee5830") == (
        "9360084d-7e43-4e79-bc8a-52789fee5830.vcf"
    )
    for unsafe in ("../../etc/passwd", ".hidden", "a/b", "urn:uuid:1", "x" * 300, ""):
        name = vcard_file_name(unsafe)
        assert len(name) == 44 and "/" not in name and not name.startswith(".")


# --- calendar ---------------------------------------------------------------------------


def _year(calendar: icalendar.Calendar, year: int) -> list[tuple[str, str, date]]:
    undated = {str(t["UID"]) for t in calendar.walk("VTODO") if "DUE" not in t}
    items = recurring_ical_events.of(calendar, components=["VEVENT", "VTODO"])
    out = []
    for item in items.between(date(year, 1, 1), date(year + 1, 1, 1)):
        if str(item["UID"]) in undated:
            continue
        value = (item.get("DTSTART") or item.get("DUE")).dt
        day = value.date() if isinstance(value, datetime) else value
        out.append((str(item["UID"]), str(item["SUMMARY"]), day))
    return sorted(out, key=lambda x: (x[2], x[1]))


def test_a_calendar_of_birthdays_occasions_promises_and_checkins(demo_copy: Path) -> None:
    first = rj(demo_copy, "export", "ics", "--checkins", "3").stdout
    calendar = icalendar.Calendar.from_ical(first)
    year = _year(calendar, 2027)
    summaries = [summary for _, summary, _ in year]
    # No iCalendar text holds a control character: they come as U+FFFD.
    zoe = HOSTILE_NAME.replace("\x1b", "\ufffd").replace("\x07", "\ufffd")
    # 29 February (the hostile person's year-less birthday) is observed on 28 February.
    assert (f"{zoe}'s birthday", date(2027, 2, 28)) in [(s, d) for _, s, d in year]
    assert f"Bo; Ray's birthday ({zoe}'s kid)" in summaries
    assert f"Rex, Jr.'s birthday ({zoe}'s dog)" in summaries
    assert f"{zoe}: anniversary" in summaries
    assert not any("Ghost" in s for s in summaries)  # a kid who passed away
    assert not any(ARCHIVED_NAME in s for s in summaries)  # archived people never nag
    todos = {str(t["SUMMARY"]): t for t in calendar.walk("VTODO")}
    promise = todos[f"Send the ; article, now (promised to {zoe})"]
    assert promise.decoded("DUE") == date(2026, 12, 1)
    assert not any(s.startswith("Done already") for s in todos)
    assert len([s for s in todos if s.startswith("Check in with ")]) == 3
    # Every person with a birthday (not archived, not in the trash) has one a year.
    with Journal.open(demo_copy, create=False) as journal, journal.snapshot() as conn:
        born = [
            c.person.name.replace("\x1b", "\ufffd").replace("\x07", "\ufffd")
            for c in stream_contacts(conn)
            if c.person.birthday is not None and not c.person.archived
        ]
    birthdays = [s.removesuffix("'s birthday") for s in summaries if s.endswith("'s birthday")]
    assert sorted(birthdays) == sorted(born)
    uids = [str(item["UID"]) for item in calendar.walk() if "UID" in item]
    assert len(uids) == len(set(uids))
    # The next export gives the same items, with the same UIDs.
    again = icalendar.Calendar.from_ical(rj(demo_copy, "export", "ics", "--checkins", "3").stdout)
    assert _year(again, 2027) == year
    assert [str(i["UID"]) for i in again.walk() if "UID" in i] == uids


def test_a_calendar_keeps_a_leap_day_for_a_year_with_a_year(demo_copy: Path) -> None:
    with Journal.open(demo_copy, create=False) as journal:
        pid = journal.resolve(ARCHIVED_NAME).id
        journal.set_archived(pid, False)
        journal.update_person(pid, {"birthday": YearlyDate(2, 29, 1996)})
    calendar = icalendar.Calendar.from_ical(rj(demo_copy, "export", "ics").stdout)
    days = {d for _, s, d in _year(calendar, 2027) if s == f"{ARCHIVED_NAME}'s birthday"}
    assert days == {date(2027, 2, 28)}
    days = {d for _, s, d in _year(calendar, 2028) if s == f"{ARCHIVED_NAME}'s birthday"}
    assert days == {date(2028, 2, 29)}


# --- the full backup --------------------------------------------------------------------


def test_json_backup_restores_into_an_empty_journal_equal_table_by_table(
    demo_copy: Path, tmp_path: Path
) -> None:
    backup = tmp_path / "backup.json"
    said = rj(demo_copy, "export", "json", "--output", str(backup)).stderr
    document = json.loads(backup.read_text(encoding="utf-8"))
    assert document["format"] == "rjournal-backup" and document["version"] == 1
    people = document["people"]
    assert f"Exported {len(people)} people" in said
    zoe = next(p for p in people if p["name"] == HOSTILE_NAME)
    assert zoe["met"] == "line one\nline two\r\nline three"
    assert {p["text"]: p["done_on"] for p in zoe["promises"]} == {
        "Send the ; article, now": None, "Done already": "2026-11-02",
    }  # fmt: skip
    assert any(p["deleted_at"] for p in people)  # the trash is in
    assert any(f"Coffee {ESC}" in e["text"] for e in document["entries"])
    restored = tmp_path / "restored.db"
    result = rj(restored, "import", "json", str(backup))
    assert result.stdout.startswith(f"Restored {len(people)} people and ")
    before, after = table_rows(demo_copy), table_rows(restored)
    assert list(after) == list(before)
    for table in before:
        assert after[table] == before[table], table
    assert restored.stat().st_mode & 0o777 == 0o600
    conn = sqlite3.connect(restored)
    assert conn.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
    conn.close()
    # The search index is whole again: notes and names are found.
    assert "Coffee" in rj(restored, "search", "coffee").stdout
    # And a backup of the restored journal is the same backup, but for its time.
    again = json.loads(rj(restored, "export", "json").stdout)
    assert {**again, "exported_at": ""} == {**document, "exported_at": ""}


def test_import_json_refuses_a_journal_that_is_not_empty(demo_copy: Path, tmp_path: Path) -> None:
    backup = tmp_path / "backup.json"
    rj(demo_copy, "export", "json", "--output", str(backup))
    before = demo_copy.read_bytes()
    refused = rj(demo_copy, "import", "json", str(backup), code=1)
    assert refused.stderr.count("\n") == 1 and "not empty" in refused.stderr
    assert demo_copy.read_bytes() == before


def _backup(**changes: Any) -> dict[str, Any]:
    person = {"id": 1, "name": "Ann", "added_on": "2026-01-02"}
    document: dict[str, Any] = {"format": "rjournal-backup", "version": 1, "people": [person]}
    return {**document, **changes}


@pytest.mark.parametrize(
    ("document", "lines"),
    [
        (
            _backup(people=[
                {"id": 1, "name": "", "added_on": "2026-13-01", "birthday": "Feb 30",
                 "channel": "pigeon", "rhythm": "often", "colour": "red"},
                {"id": 1, "name": "Bo", "added_on": "2026-01-01",
                 "kids": [{"name": "Leo", "birthday": "--02-30"}]},
            ], entries=[{"id": 5, "kind": "chat", "on": "2026-01-01", "people": [9],
                         "created_at": "2026-01-01T10:00:00"}]),
            ["people[0]: unknown keys colour", "people[0].channel:", "people[0].rhythm:",
             "people[0].added_on:", "people[0].name: can't be empty", "people[0].birthday:",
             "people[1].kids[0].birthday:", "people[1].id: 1 is given more than once",
             "entries[0].kind:", "entries[0].people: no person with id 9"],
        ),
        ({"format": "something else"}, ["not an rjournal backup"]),
        (_backup(version=2), ["from a newer rjournal"]),
    ],
)  # fmt: skip
def test_import_json_lists_every_problem_and_writes_nothing(
    tmp_path: Path, document: dict[str, Any], lines: list[str]
) -> None:
    source = tmp_path / "bad.json"
    source.write_text(json.dumps(document), encoding="utf-8")
    db = tmp_path / "new.db"
    result = rj(db, "import", "json", str(source), code=1)
    said = result.stderr.splitlines()
    assert all(line.startswith("rj: ") for line in said)
    for line in lines:
        assert any(line in said_line for said_line in said), (line, said)
    assert said[-1].endswith("nothing was restored")
    assert not db.exists()


def test_import_json_of_what_is_not_json(tmp_path: Path) -> None:
    source = tmp_path / "bad.json"
    source.write_text('{"format": ', encoding="utf-8")
    result = rj(tmp_path / "new.db", "import", "json", str(source), code=1)
    assert result.stderr.startswith("rj: ") and "not JSON (line 1" in result.stderr
    assert result.stderr.count("\n") == 1
    assert not (tmp_path / "new.db").exists()


def test_import_json_from_standard_input(tmp_path: Path) -> None:
    ann = {"id": 1, "name": "Ann", "added_on": "2026-01-02", "kids": [{"name": "Leo"}],
           "promises": [{"text": "Call back", "created_on": "2026-01-03"}]}  # fmt: skip
    document = json.dumps(
        _backup(tag_rhythms={"team": "1w"}, settings={"theme": "nord"}, people=[ann])
    )
    db = tmp_path / "new.db"
    result = CliRunner().invoke(main, ["--db", str(db), "import", "json", "-"], input=document)
    assert result.exit_code == 0, result.stderr
    assert "Restored 1 people and 0 entries from standard input" in result.stdout
    with Journal.open(db, create=False) as journal:
        assert [p.name for p in journal.people()] == ["Ann"]
        assert journal.setting("theme") == "nord"
        assert journal.tag_rhythms() == {"team": journal.tag_rhythms()["team"]}
        assert journal.person(1).added_on == date(2026, 1, 2)
        # Ids left out are given by the journal.
        assert [k.name for k in journal.kids(1)] == ["Leo"]
        assert [p.text for p in journal.promises(1)] == ["Call back"]


def test_a_problem_after_many_records_rolls_everything_back(tmp_path: Path) -> None:
    people = [{"id": n, "name": f"Person {n}", "added_on": "2026-01-02"} for n in range(1, 2501)]
    entries = [{"id": 1, "kind": "note", "on": "2026-01-03", "text": "ok", "people": [1],
                "created_at": "2026-01-03T10:00:00"},
               {"id": 2, "kind": "note", "on": "someday", "text": "bad", "people": [1],
                "created_at": "2026-01-03T10:00:00"}]  # fmt: skip
    source = tmp_path / "late.json"
    source.write_text(json.dumps(_backup(people=people, entries=entries)), encoding="utf-8")
    new = tmp_path / "new.db"
    result = rj(new, "import", "json", str(source), code=1)
    assert "entries[1].on:" in result.stderr and result.stderr.count("\n") == 1
    assert not new.exists() and not (tmp_path / "new.db-journal").exists()
    # An empty journal that was there stays, as it was.
    empty = tmp_path / "empty.db"
    Journal.open(empty).close()
    rj(empty, "import", "json", str(source), code=1)
    with Journal.open(empty, create=False) as journal:
        assert journal.people() == [] and journal.tag_rhythms() == {}
        assert journal.conn.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        schema = sorted(journal.conn.execute("SELECT type, name, sql FROM sqlite_master"))
    # Its triggers and indexes, set aside while loading, are back.
    fresh = tmp_path / "fresh.db"
    Journal.open(fresh).close()
    conn = sqlite3.connect(fresh)
    assert schema == sorted(conn.execute("SELECT type, name, sql FROM sqlite_master"))
    conn.close()
    # Fixed, the same file restores.
    entries[1]["on"] = "2026-01-04"
    source.write_text(json.dumps(_backup(people=people, entries=entries)), encoding="utf-8")
    assert "Restored 2500 people and 2 entries" in rj(empty, "import", "json", str(source)).stdout
