"""The export rows the triggers keep (schema v2): right after every kind of change, and after
an upgrade from v1. (Every journal fixture also checks them when it closes: conftest.)"""

from __future__ import annotations

import csv
import io
import sqlite3
from datetime import date, datetime, timedelta
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from rjournal.domain.dates import YearlyDate
from rjournal.domain.model import (
    Channel,
    Entry,
    Kid,
    NewEntry,
    NewKid,
    NewOccasion,
    NewPerson,
    NewPet,
)
from rjournal.domain.rhythms import Rhythm
from rjournal.interop.csv_own import (
    SEPARATOR,
    escape_tag,
    format_kid,
    format_list,
    format_occasion,
    format_pet,
    format_promise,
)
from rjournal.store import connection, migrations
from rjournal.store.export import write_csv
from rjournal.store.export_rows import rebuild_rows, stale_rows
from rjournal.store.journal import Journal
from tests.conftest import TODAY

AT = datetime(2026, 11, 22, 9, 0)


def _rows(journal: Journal) -> dict[str, dict[str, str]]:
    out = io.StringIO(newline="")
    write_csv(journal, out, today=TODAY, raw=True)
    return {row["id"]: row for row in csv.DictReader(io.StringIO(out.getvalue()))}


def _row(journal: Journal, pid: int) -> dict[str, str]:
    assert stale_rows(journal.conn) == []
    return _rows(journal)[str(pid)]


def test_rows_follow_every_kind_of_change(journal: Journal) -> None:
    added = TODAY - timedelta(days=100)
    ana = journal.add_person(
        NewPerson(name="Ana Lee", tags=("friend",), added_on=added),
        kids=[NewKid("Leo", birthday=YearlyDate(5, 1, 2019))],
        pets=[NewPet("Rex", species="dog")],
    )
    bo = journal.add_person(NewPerson(name="Bo Park", company="Acme", added_on=added))
    assert _row(journal, ana)["kids"] == "Leo (2019-05-01)"
    assert _row(journal, ana)["rhythm"] == ""

    # A person's own fields, their name order and their tags.
    journal.update_person(ana, {"name": "Zoe Lee", "company": "=Corp", "tags": ("friend", "vip")})
    assert [r["name"] for r in _rows(journal).values()] == ["Bo Park", "Zoe Lee"]
    assert (_row(journal, ana)["company"], _row(journal, ana)["tags"]) == ("=Corp", "friend; vip")

    # A tag's default rhythm reaches everyone with the tag, and leaves when it goes.
    journal.set_tag_rhythm("vip", Rhythm(2, "w"))
    assert _row(journal, ana)["rhythm"] == "every 2 weeks (tag vip)"
    assert _row(journal, ana)["next_due"] == (added + timedelta(days=14)).isoformat()
    journal.set_tag_rhythm("vip", Rhythm(1, "m"))
    assert _row(journal, ana)["rhythm"] == "monthly (tag vip)"
    journal.set_tag_rhythm("vip", None)
    assert _row(journal, ana)["rhythm"] == ""

    # Kids and pets: added, changed, removed.
    kid = journal.add_kid(ana, NewKid("Ada", birthday=YearlyDate(2, 3, 2017)))
    assert _row(journal, ana)["kids"] == "Ada (2017-02-03); Leo (2019-05-01)"
    journal.update_kid(Kid("Ada", birthday=YearlyDate(2, 3, 2021), id=kid))
    assert _row(journal, ana)["kids"] == "Leo (2019-05-01); Ada (2021-02-03)"
    journal.remove("kids", kid)
    assert _row(journal, ana)["kids"] == "Leo (2019-05-01)"
    journal.add_pet(ana, NewPet("Tom", species="cat", passed_on=date(2025, 3, 1)))
    assert _row(journal, ana)["pets"] == "Rex, dog; Tom, cat (passed 2025-03-01)"

    # Promises: open ones only, soonest due first.
    first = journal.add_promise(ana, "send the book", TODAY, TODAY + timedelta(days=3))
    journal.add_promise(ana, "call back", TODAY, TODAY + timedelta(days=1))
    assert _row(journal, ana)["open_promises"] == (
        "call back (due 2026-11-23); send the book (due 2026-11-25)"
    )
    journal.update_promise(first, "send two books", None)
    journal.complete_promise(first, TODAY)
    assert _row(journal, ana)["open_promises"] == "call back (due 2026-11-23)"

    # Interactions move last contact, and so next_due; editing and deleting them too.
    journal.update_person(ana, {"rhythm": Rhythm(1, "w")})
    entry = journal.add_entry(
        NewEntry(
            "interaction", TODAY - timedelta(days=2), "coffee", Channel("coffee"), people=(ana, bo)
        ),
        created_at=AT,
    )
    assert (_row(journal, ana)["last_contact"], _row(journal, ana)["next_due"]) == (
        "2026-11-20",
        "2026-11-27",
    )
    assert _row(journal, bo)["last_contact"] == "2026-11-20"
    journal.update_entry(
        Entry(
            "interaction",
            TODAY - timedelta(days=5),
            "tea",
            Channel("coffee"),
            people=(ana,),
            id=entry,
        )
    )
    assert (_row(journal, ana)["last_contact"], _row(journal, bo)["last_contact"]) == (
        "2026-11-17",
        "",
    )
    journal.delete_entry(entry)
    assert _row(journal, ana)["last_contact"] == ""

    # Snooze (applied at export time), archive, trash and back.
    journal.snooze(ana, TODAY + timedelta(days=30))
    assert _row(journal, ana)["next_due"] == "2026-12-22"
    journal.set_archived(ana, True)
    assert (_row(journal, ana)["archived"], _row(journal, ana)["next_due"]) == ("yes", "")
    journal.delete_person(bo, AT)
    assert str(bo) not in _rows(journal)
    journal.restore_person(bo)
    assert _row(journal, bo)["company"] == "Acme"

    # A merge: the kept person takes the other's kids, pets and tags; the other leaves.
    journal.merge_people(ana, bo, AT)
    assert str(ana) not in _rows(journal)
    assert (_row(journal, bo)["kids"], _row(journal, bo)["tags"]) == (
        "Leo (2019-05-01)",
        "friend; vip",
    )

    # Gone for good.
    journal.delete_person(bo, AT)
    journal.purge_person(bo)
    assert journal.conn.execute("SELECT count(*) FROM export_rows").fetchone() == (0,)


def test_ranking_updates_leave_rows_alone(journal: Journal) -> None:
    """The triggers watch only the columns a cell reads, not the ranking's derived ones."""
    pid = journal.add_person(NewPerson(name="Ana Lee", added_on=TODAY))
    journal.conn.execute("UPDATE export_rows SET head = 'marker' WHERE person_id = ?", (pid,))
    journal.conn.execute("UPDATE people SET eff_min = 3, due_from = 9 WHERE id = ?", (pid,))
    assert journal.conn.execute("SELECT head FROM export_rows").fetchone() == ("marker",)
    assert stale_rows(journal.conn) == [pid]
    rebuild_rows(journal.conn)
    assert stale_rows(journal.conn) == []


def _write_v1_journal(path: Path) -> None:
    """A journal of schema v1 with 30 people (some with a tag rhythm, some with a kid),
    written as the v1 code wrote rows: today's store writes columns v1 did not have."""
    conn = sqlite3.connect(path)
    migrations.MIGRATIONS[0](conn)
    conn.execute(f"PRAGMA application_id = {connection.APPLICATION_ID}")
    conn.execute("PRAGMA user_version = 1")
    conn.execute("INSERT INTO tag_rhythms VALUES ('team', '1w', 7, 7.0)")
    for n in range(30):
        name = f"Person {n:02}"
        pid = conn.execute(
            "INSERT INTO people (name, added_on, name_key, sort_key, filter_key) "
            "VALUES (?, ?, ?, ?, ?)",
            (name, TODAY.isoformat(), f"{name.lower()}\n", name.lower(), name.lower()),
        ).lastrowid
        if n % 2:
            conn.execute("INSERT INTO tags VALUES (?, 'team')", (pid,))
        if n % 3 == 0:
            conn.execute("INSERT INTO kids (person_id, name) VALUES (?, ?)", (pid, f"Kid {n}"))
    conn.commit()
    conn.close()


def test_upgrade_from_v1_fills_the_rows_after_a_backup(db_path: Path) -> None:
    _write_v1_journal(db_path)
    conn = sqlite3.connect(db_path)
    assert conn.execute("PRAGMA user_version").fetchone() == (1,)
    assert "export_rows" not in {r[0] for r in conn.execute("SELECT name FROM sqlite_master")}
    conn.close()
    with Journal.open(db_path) as journal:
        assert journal.conn.execute("PRAGMA user_version").fetchone() == (
            migrations.latest_version(),
        )
        assert journal.conn.execute("SELECT count(*) FROM export_rows").fetchone() == (30,)
        rows = _rows(journal)
        assert stale_rows(journal.conn) == []
    assert len(list(db_path.parent.glob(f"{db_path.name}.v1-*.bak"))) == 1
    assert [r["name"] for r in rows.values()] == [f"Person {n:02}" for n in range(30)]
    assert rows["2"]["rhythm"] == "weekly (tag team)" and rows["1"]["kids"] == "Kid 0"


# -- the cells the view writes are interop.csv_own's formats -------------------------------

_ODD = "ab \\;,()\"'=\n"  # every character the list cells escape or quote, and a few more
_texts = st.text(alphabet=_ODD, min_size=1, max_size=8).filter(lambda t: t.strip() != "")
_days = st.none() | st.dates(date(1990, 1, 1), date(2026, 1, 1))
_yearly = st.none() | st.builds(YearlyDate, st.integers(1, 12), st.integers(1, 28), st.none())


@given(
    kids=st.lists(st.builds(NewKid, _texts, _yearly, st.text(_ODD, max_size=6), _days), max_size=3),
    pets=st.lists(
        st.builds(NewPet, _texts, st.text(_ODD, max_size=5), _yearly, st.text(_ODD, max_size=5),
                  _days),
        max_size=3,
    ),
    occasions=st.lists(st.builds(NewOccasion, _texts, st.builds(YearlyDate, st.integers(1, 12),
                                                               st.integers(1, 28))), max_size=3),
    promises=st.lists(st.tuples(_texts, _days), max_size=3),
    emails=st.lists(_texts, max_size=3),
    tags=st.lists(st.text(alphabet="ab;,()\\", min_size=1, max_size=4), max_size=3),
)  # fmt: skip
@settings(max_examples=40)
def test_the_cells_are_the_formats_of_interop_csv_own(
    j: Journal,
    kids: list[NewKid],
    pets: list[NewPet],
    occasions: list[NewOccasion],
    promises: list[tuple[str, date | None]],
    emails: list[str],
    tags: list[str],
) -> None:
    pid = j.add_person(
        NewPerson(name="Cell Tester", added_on=TODAY, emails=tuple(emails), tags=tuple(tags)),
        kids=kids, pets=pets, occasions=occasions,
    )  # fmt: skip
    for text, due in promises:
        j.add_promise(pid, text, TODAY, due)
    cells = j.conn.execute(
        "SELECT emails, kids, pets, occasions, open_promises, tags FROM export_cells "
        "WHERE person_id = ?",
        (pid,),
    ).fetchone()
    stored = j.person(pid)
    ordered_kids = sorted(
        j.kids(pid), key=lambda k: (k.birthday.iso() if k.birthday else "9999", k.id)
    )
    expected = (
        format_list(stored.emails),
        SEPARATOR.join(format_kid(kid) for kid in ordered_kids),
        SEPARATOR.join(format_pet(pet) for pet in j.pets(pid)),
        SEPARATOR.join(format_occasion(o) for o in j.occasions(pid)),
        SEPARATOR.join(
            format_promise(p.text, p.due)
            for p in sorted(j.promises(pid), key=lambda p: (p.due or date(9999, 1, 1), p.id))
        ),
        format_list(stored.tags, escape_tag),
    )
    assert cells == expected
