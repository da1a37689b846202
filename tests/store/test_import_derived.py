"""An import works out each person's derived rows once, at the end of its transaction (issue
14.3): while records are written the export-row triggers are off, so a person's export row is
not worked out again for each of their tags, kids and pets; `finish` fills every touched
person's row once and puts the triggers back. A rollback puts them back too."""

from __future__ import annotations

import sqlite3
from datetime import date, datetime
from io import BytesIO
from pathlib import Path

import pytest

from rjournal.interop.card import Card, Refused
from rjournal.interop.csv_own import OwnRow
from rjournal.interop.csv_read import open_csv
from rjournal.store.contacts_in import ContactImport
from rjournal.store.journal import Journal

TODAY = date(2026, 11, 22)
FILE = (
    b"name,tags,kids,pets,open_promises,last_contact\n"
    b'Grace Hopper,navy mentors cobol,Ann (2019-01-02); Bo; Cy,"Rex, dog",fix it,2026-10-01\n'
    b"Linus Pauling,chemistry peace,,,,2026-09-01\n"
    b'Rosalind Franklin,,Di (--05-05),"Tom, cat; Kit, cat",send the photo,\n'
)


def read(data: bytes) -> list[Card | OwnRow]:
    records = list(open_csv(BytesIO(data), today=TODAY).records)
    good = [record for record in records if not isinstance(record, Refused)]
    assert len(good) == len(records) == 3, records
    return good


def triggers(conn: sqlite3.Connection) -> list[str]:
    rows = conn.execute(
        "SELECT name FROM sqlite_master WHERE type = 'trigger' "
        "AND (name LIKE 'export\\_%' ESCAPE '\\' OR name LIKE '%fts\\_insert' ESCAPE '\\' "
        "OR name IN ('entry_people_dated', 'contact_day_added', 'sync_entry_people_insert')) "
        "ORDER BY name"
    )
    return [name for (name,) in rows]


def stale_rows(conn: sqlite3.Connection) -> int:
    """People whose stored export row is missing or differs from the one worked out now."""
    return int(
        conn.execute(
            "SELECT count(*) FROM export_fresh f LEFT JOIN export_rows r USING (person_id) "
            "WHERE r.person_id IS NULL OR r.head IS NOT f.head OR r.tail IS NOT f.tail"
        ).fetchone()[0]
    )


def test_export_rows_are_filled_once_at_the_end_not_per_inserted_row(tmp_path: Path) -> None:
    records = read(FILE)
    with Journal.open(tmp_path / "j.db") as journal:
        every = triggers(journal.conn)
        assert "export_tags_insert" in every and "people_fts_insert" in every
        assert "entry_people_dated" in every
        with journal.write() as conn:
            importer = ContactImport(conn, today=TODAY, now=datetime(2026, 11, 22, 9))
            for record in records:
                assert importer.apply(record).kind == "added"
            # New people wait in a batch, written with one statement per table.
            assert conn.execute("SELECT count(*) FROM people").fetchone()[0] == 0
            importer.write_pending()
            assert conn.execute("SELECT count(*) FROM people").fetchone()[0] == 3
            assert conn.execute("SELECT count(*) FROM kids").fetchone()[0] == 4
            # Mid-import: no export or search-insert trigger runs per tag, kid or pet, and
            # no one has an export row yet.
            assert triggers(conn) == []
            assert conn.execute("SELECT count(*) FROM export_rows").fetchone()[0] == 0
            assert stale_rows(conn) == 3
            importer.finish()
            assert triggers(conn) == every
            assert stale_rows(conn) == 0  # each person's row, worked out once, is right
        hits = journal.conn.execute(
            "SELECT count(*) FROM people_fts WHERE people_fts MATCH 'Franklin'"
        ).fetchone()[0]
        assert hits == 1  # the search rows went in at the end too


def test_a_rolled_back_import_puts_the_triggers_back(tmp_path: Path) -> None:
    records = read(FILE)
    with Journal.open(tmp_path / "j.db") as journal:
        every = triggers(journal.conn)
        with pytest.raises(KeyboardInterrupt), journal.write() as conn:
            importer = ContactImport(conn, today=TODAY, now=datetime(2026, 11, 22, 9))
            for record in records:
                importer.apply(record)
            assert triggers(conn) == []
            raise KeyboardInterrupt  # killed midway
        assert triggers(journal.conn) == every
        assert journal.conn.execute("SELECT count(*) FROM people").fetchone()[0] == 0
