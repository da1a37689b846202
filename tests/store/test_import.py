"""`rj import csv`: people from a file, all or nothing, through the real CLI and journal."""

from __future__ import annotations

import csv
import io
from datetime import date
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from rjournal.cli.main import main
from rjournal.demo import build_demo
from rjournal.domain.dates import YearlyDate
from rjournal.domain.rhythms import Rhythm
from rjournal.store.importer import IMPORTED_CONTACT
from rjournal.store.journal import Journal
from tests.cli.test_cli_errors import assert_one_line_error, digest

TODAY = date(2026, 11, 22)


def rj(db: Path, *args: str, stdin: str | None = None) -> Result:
    return CliRunner().invoke(main, ["--db", str(db), *args], input=stdin)


def write(path: Path, text: str, encoding: str = "utf-8") -> Path:
    path.write_text(text, encoding=encoding, newline="")
    return path


def test_export_then_import_gives_back_everyone_as_they_were(tmp_path: Path) -> None:
    source = tmp_path / "demo.db"
    build_demo(source, people=120, today=TODAY)
    exported = tmp_path / "people.csv"
    assert rj(source, "export", "csv", "--output", str(exported)).exit_code == 0
    copy = tmp_path / "copy.db"
    result = rj(copy, "import", "csv", str(exported))
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("Imported 11") and "people from" in result.stdout
    again = rj(copy, "export", "csv").stdout
    before = list(csv.DictReader(io.StringIO(exported.read_text())))
    after = list(csv.DictReader(io.StringIO(again)))
    assert len(before) == len(after) > 100
    for old, new in zip(before, after, strict=True):
        # Everything typed comes back; rhythms from a tag default or the history don't travel
        # (the tags' defaults and the history are not in the file), nor ids.
        derived = ("id", "rhythm", "next_due")
        assert {k: v for k, v in old.items() if k not in derived} == {
            k: v for k, v in new.items() if k not in derived
        }
        if old["rhythm"].endswith("(own)"):
            assert (new["rhythm"], new["next_due"]) == (old["rhythm"], old["next_due"])


def test_every_cell_form_is_read(tmp_path: Path) -> None:
    db = tmp_path / "j.db"
    table = (
        "\ufeffName,Nickname,Company,Emails,Phones,Birthday,Kids,Pets,Tags,Rhythm,"
        "Last Contact,Open_Promises,Archived,About,Channel,id,next_due\r\n"
        "Ana Lee,Annie,'=Acme,a@x.io; b@x.io,'+44 1,April 15,"
        '"Leo (2019-09-03); Mia (--06-01, passed 2024-01-02); Zed","Rex, dog (2021-11-27)",'
        '#client friend,monthly (own),2026-10-01,"send the article (due 2026-12-01); call back",'
        "no,loves [bold]sailing[/],coffee,17,2026-11-01\r\n"
        "Bo Stone,,,,,--02-29,,,,weekly (tag team),,,yes,,,,\r\n"
        "Cy Moss,,,,,,,,,3w,,,,,,,\r\n"
    )
    result = rj(db, "import", "csv", str(write(tmp_path / "in.csv", table)))
    assert result.stdout == "Imported 3 people from " + str(tmp_path / "in.csv") + "\n"
    with Journal.open(db, create=False) as journal:
        ana, bo, cy = (journal.resolve(n) for n in ("Ana Lee", "Bo Stone", "Cy Moss"))
        assert ana.id is not None and bo.id is not None
        assert (ana.nickname, ana.company, ana.emails, ana.phones) == (
            "Annie", "=Acme", ("a@x.io", "b@x.io"), ("+44 1",),
        )  # fmt: skip
        assert ana.birthday == YearlyDate(4, 15) and ana.tags == ("client", "friend")
        assert ana.rhythm == Rhythm(1, "m") and ana.about == "loves [bold]sailing[/]"
        assert ana.channel == "coffee" and not ana.archived
        kids = journal.kids(ana.id)
        assert sorted((k.name, k.birthday, k.passed_on) for k in kids) == [
            ("Leo", YearlyDate(9, 3, 2019), None),
            ("Mia", YearlyDate(6, 1), date(2024, 1, 2)),
            ("Zed", None, None),
        ]
        assert [(p.name, p.species) for p in journal.pets(ana.id)] == [("Rex", "dog")]
        assert [(p.text, p.due) for p in journal.promises(ana.id)] == [
            ("send the article", date(2026, 12, 1)),
            ("call back", None),
        ]
        [entry] = journal.timeline(ana.id)
        assert (entry.kind, entry.on, entry.text) == ("interaction", date(2026, 10, 1),
                                                      IMPORTED_CONTACT)  # fmt: skip
        assert journal.conn.execute(
            "SELECT last_contact FROM people WHERE id = ?", (ana.id,)
        ).fetchone() == ("2026-10-01",)
        # A tag's rhythm is the tag's, not the person's; a bare period is their own.
        assert bo.rhythm is None and bo.archived and bo.birthday == YearlyDate(2, 29)
        assert cy.rhythm == Rhythm(3, "w")
        assert journal.timeline(bo.id) == []


def test_names_already_in_the_journal_are_skipped_and_a_dry_run_writes_nothing(
    tmp_path: Path,
) -> None:
    db = tmp_path / "j.db"
    assert rj(db, "add", "Ana Lée").exit_code == 0
    path = write(tmp_path / "in.csv", "name,company\nana lee,Acme\nBo Stone,\n")
    before = digest(db)
    dry = rj(db, "import", "csv", str(path), "--dry-run")
    assert dry.stdout.endswith(
        "Would import 1 person from " + str(path) + "; skipped 1 already in the journal: "
        "ana lee; nothing was written\n"
    )
    assert digest(db) == before
    assert rj(db, "import", "csv", "-", stdin=path.read_text()).stdout == (
        "Imported 1 person from standard input; skipped 1 already in the journal: ana lee\n"
    )
    with Journal.open(db, create=False) as journal:
        assert sorted(p.name for p in journal.people()) == ["Ana Lée", "Bo Stone"]


BAD_FILES = [
    # (file text, a fragment of the one-line error)
    ("", "is empty"),
    ("company\nAcme\n", "has no name column"),
    ("name,shoe size\nAna,42\n", "unknown column 'shoe size'"),
    ("name,Name\nAna,Ana\n", "a column appears twice"),
    ("name,company\nAna\n", "line 2: 1 cells, the header has 2"),
    ("name,company\n   ,Acme\n", "line 2, name: a name can't be empty"),
    ("name,birthday\nAna,27.08\n", 'line 2, birthday: can\'t read "27.08"'),
    ("name,birthday\nAna,2030-01-01\n", "line 2, birthday:"),
    ("name,kids\nAna,Leo (someday)\n", "line 2, kids:"),
    ('name,pets\nAna,"Rex, dog (passed 2099-01-01)"\n', "line 2, pets:"),
    ("name,open_promises\nAna,call (due whenever)\n", "line 2, open_promises:"),
    ("name,rhythm\nAna,sometimes\n", "line 2, rhythm:"),
    ("name,channel\nAna,pigeon\n", 'line 2, channel: "pigeon" is not a channel'),
    ("name,archived\nAna,maybe\n", 'line 2, archived: "maybe" is not yes or no'),
    ("name,last_contact\nAna,tomorrow\n", "line 2, last_contact:"),
    ('name\n"Ana\n', "not valid CSV"),
    ("name\nAna \x1b[31mred\na,b\n", "line 3: 2 cells"),
]


@pytest.mark.parametrize(("text", "fragment"), BAD_FILES, ids=lambda v: repr(v)[:40])
def test_a_bad_file_is_refused_in_one_line_and_changes_nothing(
    tmp_path: Path, text: str, fragment: str
) -> None:
    db = tmp_path / "j.db"
    assert rj(db, "add", "Someone Else").exit_code == 0
    before = digest(db)
    path = write(tmp_path / "in.csv", text)
    line = assert_one_line_error(rj(db, "import", "csv", str(path)), 2)
    assert fragment in line
    assert "\x1b" not in line
    assert digest(db) == before
    # Into no journal at all: refused before one is created.
    fresh = tmp_path / "fresh.db"
    assert_one_line_error(rj(fresh, "import", "csv", str(path)), 2)
    assert not fresh.exists()


def test_unreadable_files_are_refused_too(tmp_path: Path) -> None:
    db = tmp_path / "j.db"
    line = assert_one_line_error(rj(db, "import", "csv", str(tmp_path / "missing.csv")), 1)
    assert "missing.csv" in line and not db.exists()
    latin = write(tmp_path / "latin.csv", "name\nJosé\n", encoding="latin-1")
    assert "is not UTF-8 text" in assert_one_line_error(rj(db, "import", "csv", str(latin)), 2)
    assert not db.exists()
