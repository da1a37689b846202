"""An import writes new people in batches and matches in SQL only the records that may share
a uid, an email or phone key or a name with someone (issue 14.3). The oracle: the same
import with every record sent through the SQL match (each batch written before it, as the
import did record by record) leaves the same journal, byte for byte in every table, and
reports the same."""

from __future__ import annotations

import contextlib
import csv
import io
import itertools
import sqlite3
import uuid
from datetime import date, datetime
from io import BytesIO
from pathlib import Path

import pytest

from rjournal.cli.main import main
from rjournal.demo import build_demo
from rjournal.interop.card import Refused
from rjournal.interop.csv_own import HEADER
from rjournal.interop.csv_read import open_csv
from rjournal.store import contacts_in
from rjournal.store.derived import stale_history
from rjournal.store.export_rows import stale_rows
from rjournal.store.importer import ImportReport, Source, import_sources
from rjournal.store.journal import Journal

TODAY = date(2026, 11, 22)
NOW = datetime(2026, 11, 22, 9)


def exported(source: Path, tmp_path: Path) -> str:
    from click.testing import CliRunner

    target = tmp_path / "export.csv"
    result = CliRunner().invoke(main, ["--db", str(source), "export", "csv", "-o", str(target)])
    assert result.exit_code == 0, result.output
    return target.read_text(encoding="utf-8")


def awkward_rows(journal: Path) -> str:
    """Rows that exercise every rule of match, written against the journal's own people:
    a name of someone there (no uid), someone's email under another name (kept apart), the
    uid of someone in the trash, one new name twice (the second a later contact), and two
    rows of one new name with different uids (two people)."""
    conn = sqlite3.connect(journal)
    (named,) = conn.execute("SELECT name FROM people WHERE deleted_at IS NULL LIMIT 1").fetchone()
    (emails,) = conn.execute(
        "SELECT emails FROM people WHERE deleted_at IS NULL AND emails <> '' LIMIT 1"
    ).fetchone()
    trashed = conn.execute("SELECT uid FROM people WHERE deleted_at IS NOT NULL").fetchone()
    conn.close()
    rows = [
        {"name": named, "company": "Acme Renamed"},
        {"name": "Quentin Unrelated", "emails": emails.splitlines()[0]},
        {"name": "Tess Trash", "uid": trashed[0] if trashed else "no-one-in-the-trash"},
        {"name": "Wren Twice", "emails": "wren@example.org", "last_contact": "2026-09-01"},
        {"name": "Wren Twice", "emails": "wren@example.org", "phones": "'+44 20 7946 0001",
         "last_contact": "2026-10-15"},
        {"name": "Sam Same", "uid": "uid-sam-1"},
        {"name": "Sam Same", "uid": "uid-sam-2"},
    ]  # fmt: skip
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=HEADER, lineterminator="\r\n")
    writer.writerows(rows)
    return out.getvalue()


def run_import(db: Path, data: str) -> ImportReport:
    found = open_csv(BytesIO(data.encode()), today=TODAY)
    assert not found.problems, found.problems
    with Journal.open(db) as journal:
        report = import_sources(journal, [Source("in.csv", found.records)], today=TODAY, now=NOW)
        assert stale_rows(journal.conn) == []
        assert stale_history(journal.conn) == []
    return report


def dump(db: Path) -> list[str]:
    conn = sqlite3.connect(db)
    try:
        return sorted(conn.iterdump())
    finally:
        conn.close()


def said(report: ImportReport) -> tuple[object, ...]:
    return (
        report.records,
        report.added,
        report.added_names,
        report.updated,
        report.unchanged,
        report.left,
        report.apart,
        report.written,
    )


@pytest.mark.parametrize("into", ["empty", "demo"])
def test_an_import_leaves_what_matching_every_record_in_sql_leaves(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, into: str
) -> None:
    demo = tmp_path / "demo.db"
    build_demo(demo, people=150, today=TODAY)
    text = exported(demo, tmp_path)
    data = text + awkward_rows(demo)
    results: list[tuple[ImportReport, list[str]]] = []
    for sql_always in (False, True):
        db = tmp_path / f"{into}-{sql_always}.db"
        if into == "demo":
            db.write_bytes(demo.read_bytes())
        # Into an empty journal, the awkward rows find people this same import added.
        with monkeypatch.context() as patch:
            fresh_uids = (uuid.UUID(int=n) for n in itertools.count())
            patch.setattr(uuid, "uuid4", fresh_uids.__next__)
            patch.setattr(contacts_in, "_BATCH", 7)  # many batches, some cut mid-file
            if sql_always:
                patch.setattr(contacts_in.ContactImport, "_may_match", lambda *_: True)
            report = run_import(db, data)
        results.append((report, dump(db)))
    (fast, fast_dump), (sql, sql_dump) = results
    assert said(fast) == said(sql)
    assert fast_dump == sql_dump
    # The file's rules all came into play.
    assert fast.added > 0 and fast.updated and fast.apart


def test_people_added_by_one_import_get_their_history_once_at_the_end(tmp_path: Path) -> None:
    db = tmp_path / "j.db"
    header = "name,emails,last_contact,uid\r\n"
    rows = "".join(f"Person {n},p{n}@example.org,2026-0{1 + n % 9}-01,u{n}\r\n" for n in range(40))
    again = "Person 3,p3@example.org,2026-11-20,\r\nPerson 3,,2026-11-21,\r\n"
    report = run_import(db, header + rows + again)
    assert report.added == 40 and len(report.updated) == 2
    conn = sqlite3.connect(db)
    try:
        pid = conn.execute("SELECT id FROM people WHERE uid = 'u3'").fetchone()[0]
        days = conn.execute(
            "SELECT count(*), sum(n) FROM contact_days WHERE person_id = ?", (pid,)
        ).fetchone()
        assert days == (3, 3)
        gaps = conn.execute(
            "SELECT gap, n FROM contact_gaps WHERE person_id = ? ORDER BY gap", (pid,)
        ).fetchall()
        first = date(2026, 4, 1)  # Person 3's row: 2026-0{1 + 3 % 9}-01
        assert gaps == [(1, 1), ((date(2026, 11, 20) - first).days, 1)]
        last = conn.execute("SELECT last_contact FROM people WHERE id = ?", (pid,)).fetchone()
        assert last == ("2026-11-21",)
        triggers = {
            name
            for (name,) in conn.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'")
        }
        assert {"entry_people_dated", "contact_day_added", "sync_entry_people_insert"} <= triggers
    finally:
        conn.close()


def trigger_names(db: Path) -> set[str]:
    conn = sqlite3.connect(db)
    try:
        return {n for (n,) in conn.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'")}
    finally:
        conn.close()


def test_sync_still_hears_of_a_kid_added_to_someone_it_keeps(tmp_path: Path) -> None:
    db = tmp_path / "j.db"
    run_import(db, "name,uid\r\nAda Lovelace,u-ada\r\nBo Stone,u-bo\r\n")
    every = trigger_names(db)
    assert {"sync_kids_insert", "sync_tags_insert", "sync_people_update"} <= every
    conn = sqlite3.connect(db)
    with conn:
        conn.execute(
            "INSERT INTO sync_items (vdir, uid, kind, local_id, href, etag, base) "
            "SELECT 'contacts', uid, 'person', id, uid || '.vcf', 'e1', '' FROM people "
            "WHERE uid = 'u-ada'"
        )
    conn.close()
    # Sync keeps an item: its triggers stay on through the import, and mark Ada's card.
    run_import(db, "name,kids,uid\r\nAda Lovelace,Byron,u-ada\r\nCy New,Dot,u-cy\r\n")
    conn = sqlite3.connect(db)
    try:
        assert conn.execute("SELECT dirty FROM sync_items").fetchall() == [(1,)]
    finally:
        conn.close()
    assert trigger_names(db) == every


def indexes(conn: sqlite3.Connection) -> list[tuple[str, str]]:
    return conn.execute(
        "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL ORDER BY name"
    ).fetchall()


@pytest.mark.parametrize("killed", [False, True])
def test_an_import_into_an_empty_journal_makes_the_people_indexes_again_at_the_end(
    tmp_path: Path, killed: bool
) -> None:
    """Into an empty journal the people indexes match does not read are off while people are
    written (one sort each at the end instead of an insert per person); the journal ends with
    every index as it was, whether the import ends or is killed midway."""
    found = open_csv(BytesIO(b"name,birthday\r\nAda Lovelace,1985-12-10\r\nBo Stone,\r\n"),
                     today=TODAY)  # fmt: skip
    with Journal.open(tmp_path / "j.db") as journal:
        every = indexes(journal.conn)
        assert "people_due" in dict(every) and "people_list" in dict(every)
        with contextlib.suppress(KeyboardInterrupt), journal.write() as conn:
            importer = contacts_in.ContactImport(conn, today=TODAY, now=NOW)
            for record in found.records:
                assert not isinstance(record, Refused)
                importer.apply(record)
            people = {name for name, _sql in indexes(conn) if name.startswith("people_")}
            assert people == {"people_uid", "people_sort"}
            if killed:
                raise KeyboardInterrupt
            importer.finish()
        assert indexes(journal.conn) == every
        count = journal.conn.execute("SELECT count(*) FROM people").fetchone()[0]
        assert count == (0 if killed else 2)
        check = journal.conn.execute("PRAGMA integrity_check").fetchall()
        assert check == [("ok",)]
