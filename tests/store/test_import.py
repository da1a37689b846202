"""`rj import csv` of rjournal's own layout: every cell form, all or nothing with every problem
listed, through the real CLI and journal."""

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
from tests.cli.test_cli_errors import digest

TODAY = date(2026, 11, 22)


def rj(db: Path, *args: str, stdin: str | None = None) -> Result:
    return CliRunner().invoke(main, ["--db", str(db), *args], input=stdin)


def write(path: Path, text: str, encoding: str = "utf-8") -> Path:
    path.write_text(text, encoding=encoding, newline="")
    return path


def error_lines(result: Result, code: int = 2) -> list[str]:
    """Every line on stderr, each one `rj: ` line; no traceback."""
    assert result.exit_code == code, (result.stdout, result.stderr)
    assert "Traceback" not in result.output
    assert isinstance(result.exception, SystemExit), result.exception
    lines = result.stderr.splitlines()
    assert lines and all(line.startswith("rj: ") for line in lines), result.stderr
    return lines


def test_export_then_import_gives_back_everyone_as_they_were(tmp_path: Path) -> None:
    source = tmp_path / "demo.db"
    build_demo(source, people=120, today=TODAY)
    exported = tmp_path / "people.csv"
    assert rj(source, "export", "csv", "--output", str(exported)).exit_code == 0
    copy = tmp_path / "copy.db"
    result = rj(copy, "import", "csv", str(exported))
    assert result.exit_code == 0, result.output
    assert f"{exported}: read as rjournal's own layout (utf-8, comma-separated)" in result.stdout
    assert "Imported 11" in result.stdout and " added, 0 updated, 0 unchanged" in result.stdout
    again = rj(copy, "export", "csv").stdout
    before = list(csv.DictReader(io.StringIO(exported.read_text())))
    after = list(csv.DictReader(io.StringIO(again)))
    assert len(before) == len(after) > 100
    for old, new in zip(before, after, strict=True):
        # Everything typed comes back, the uid too; rhythms from a tag default or the history
        # don't travel (the tags' defaults and the history are not in the file), nor ids.
        derived = ("id", "rhythm", "next_due")
        assert {k: v for k, v in old.items() if k not in derived} == {
            k: v for k, v in new.items() if k not in derived
        }
        if old["rhythm"].endswith("(own)"):
            assert (new["rhythm"], new["next_due"]) == (old["rhythm"], old["next_due"])
    # The same file again changes nothing at all.
    before_bytes = digest(copy)
    twice = rj(copy, "import", "csv", str(exported))
    assert " 0 added, 0 updated, " in twice.stdout and digest(copy) == before_bytes


def test_every_cell_form_is_read(tmp_path: Path) -> None:
    db = tmp_path / "j.db"
    table = (
        "\ufeffName,Nickname,Company,Emails,Phones,Birthday,Kids,Pets,Tags,Rhythm,"
        "Last Contact,Open_Promises,Archived,About,Channel,id,next_due,occasions,snooze\r\n"
        "Ana Lee,Annie,'=Acme,a@x.io; b@x.io,'+44 1,April 15,"
        '"Leo (2019-09-03, notes: likes dinos\\, trains); Mia (--06-01, passed 2024-01-02); '
        'Bo\\; Ray","Rex\\, Jr., dog (2021-11-27)",'
        "#client friend,monthly (own),2026-10-01,"
        '"send the article (due 2026-12-01); call \\(back\\)",'
        'no,loves [bold]sailing[/],coffee,17,2026-11-01,"wedding (2015-06-12); Founding \\(Acme\\) '
        '(--03-01)",2026-12-24\r\n'
        "Bo Stone,,,,,--02-29,,,,weekly (tag team),,,yes,,,,,,\r\n"
        "Cy Moss,,,,,,,,,3w,,,,,,,,,\r\n"
    )
    result = rj(db, "import", "csv", str(write(tmp_path / "in.csv", table)))
    assert result.exit_code == 0, result.output
    assert result.stdout.endswith("Imported 3 people: 3 added, 0 updated, 0 unchanged\n")
    with Journal.open(db, create=False) as journal:
        ana, bo, cy = (journal.resolve(n) for n in ("Ana Lee", "Bo Stone", "Cy Moss"))
        assert (ana.nickname, ana.company, ana.emails, ana.phones) == (
            "Annie", "=Acme", ("a@x.io", "b@x.io"), ("+44 1",),
        )  # fmt: skip
        assert ana.birthday == YearlyDate(4, 15) and ana.tags == ("client", "friend")
        assert ana.rhythm == Rhythm(1, "m") and ana.about == "loves [bold]sailing[/]"
        assert ana.channel == "coffee" and not ana.archived
        assert ana.snoozed_until == date(2026, 12, 24)
        kids = journal.kids(ana.id)
        assert sorted((k.name, k.birthday, k.passed_on, k.notes) for k in kids) == [
            ("Bo; Ray", None, None, ""),
            ("Leo", YearlyDate(9, 3, 2019), None, "likes dinos, trains"),
            ("Mia", YearlyDate(6, 1), date(2024, 1, 2), ""),
        ]
        assert [(p.name, p.species) for p in journal.pets(ana.id)] == [("Rex, Jr.", "dog")]
        assert [(p.text, p.due) for p in journal.promises(ana.id)] == [
            ("send the article", date(2026, 12, 1)),
            ("call (back)", None),
        ]
        assert [(o.label, o.date) for o in journal.occasions(ana.id)] == [
            ("Founding (Acme)", YearlyDate(3, 1)),
            ("wedding", YearlyDate(6, 12, 2015)),
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


def test_a_name_already_in_the_journal_is_that_person_and_a_dry_run_writes_nothing(
    tmp_path: Path,
) -> None:
    db = tmp_path / "j.db"
    assert rj(db, "add", "Ana Lée").exit_code == 0
    path = write(tmp_path / "in.csv", "name,company\nana lee,Acme\nBo Stone,\n")
    before = digest(db)
    dry = rj(db, "import", "csv", str(path), "--dry-run")
    assert dry.exit_code == 0, dry.output
    assert dry.stdout.splitlines()[1:] == [
        "Would import 2 people: 1 to add, 1 to update, 0 unchanged; nothing was written",
        "  would add Bo Stone",
        "  would update Ana Lée (id 1, same name): company",
    ]
    assert digest(db) == before
    real = rj(db, "import", "csv", "-", stdin=path.read_text())
    assert real.stdout.splitlines() == [
        "standard input: read as rjournal's own layout (utf-8, comma-separated)",
        "Imported 2 people: 1 added, 1 updated, 0 unchanged",
        "  updated Ana Lée (id 1, same name): company",
    ]
    with Journal.open(db, create=False) as journal:
        assert sorted((p.name, p.company) for p in journal.people()) == [
            ("Ana Lée", "Acme"),
            ("Bo Stone", ""),
        ]


BAD_FILES = [
    # (file text, a fragment of the error lines)
    ("", "the file has no header"),
    ("company\nAcme\n", "not one of the layouts read here"),
    ("name,shoe size\nAna,42\n", 'these columns are unknown: "shoe size"'),
    ("name,Name\nAna,Ana\n", "this column appears twice"),
    ("name,company\nAna\n", "line 2: 1 cells, the header has 2"),
    ("name,company\n   ,Acme\n", "line 2, name: a name can't be empty"),
    ("name,birthday\nAna,27.08\n", 'line 2, birthday: can\'t read "27.08"'),
    ("name,birthday\nAna,2030-01-01\n", "line 2, birthday"),
    ("name,kids\nAna,Leo (someday)\n", "line 2, kids"),
    ('name,pets\nAna,"Rex, dog (passed 2099-01-01)"\n', "line 2, pets"),
    ("name,open_promises\nAna,call (due whenever)\n", "line 2, open_promises"),
    ("name,rhythm\nAna,sometimes\n", "line 2, rhythm"),
    ("name,channel\nAna,pigeon\n", 'line 2, channel: "pigeon" is not a channel'),
    ("name,archived\nAna,maybe\n", 'line 2, archived: "maybe" is not yes or no'),
    ("name,last_contact\nAna,tomorrow\n", "line 2, last_contact"),
    ("name,occasions\nAna,wedding\n", "line 2, occasions"),
    ("name,snooze\nAna,someday\n", "line 2, snooze"),
    ('name\n"Ana\n', "the file stops being CSV"),
    ("name\nAna \x1b[31mred\na,b\n", "line 3: 2 cells"),
]


@pytest.mark.parametrize(("text", "fragment"), BAD_FILES, ids=lambda v: repr(v)[:40])
def test_a_bad_file_is_refused_and_changes_nothing(
    tmp_path: Path, text: str, fragment: str
) -> None:
    db = tmp_path / "j.db"
    assert rj(db, "add", "Someone Else").exit_code == 0
    before = digest(db)
    path = write(tmp_path / "in.csv", text)
    lines = error_lines(rj(db, "import", "csv", str(path)))
    assert any(fragment in line for line in lines), lines
    assert lines[-1].startswith("rj: nothing was imported")
    assert all("\x1b" not in line for line in lines)
    assert digest(db) == before
    # Into no journal at all: none is left behind.
    fresh = tmp_path / "fresh.db"
    error_lines(rj(fresh, "import", "csv", str(path)))
    assert not fresh.exists()


def test_every_problem_of_every_row_is_listed_and_skip_bad_imports_the_rest(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    db = tmp_path / "j.db"
    path = write(
        tmp_path / "in.csv",
        "name,birthday,channel\nAna,April 15,call\nBo,27.08,pigeon\nCy,,\n,,\nDee,someday,\n",
    )
    lines = error_lines(rj(db, "import", "csv", str(path)))
    assert lines == [
        f'rj: {path}: line 3, birthday: can\'t read "27.08" as a yearly date: write 08-27 or '
        "27 Aug",
        f'rj: {path}: line 3, channel: "pigeon" is not a channel (use call, video, meeting, '
        "coffee, meal, email, message, letter, gift, social, event, other)",
        f'rj: {path}: line 6, birthday: can\'t read "someday" as a yearly date: "someday" is not '
        "part of a date",
        "rj: nothing was imported: 2 of 4 records can't be read (listed above; --skip-bad "
        "imports the others)",
    ]
    assert not db.exists()
    monkeypatch.chdir(tmp_path)
    result = rj(db, "import", "csv", str(path), "--skip-bad")
    assert result.exit_code == 0, result.output
    assert "Imported 2 people: 2 added, 0 updated, 0 unchanged" in result.stdout
    (report,) = tmp_path.glob("rj-import-refused-*.txt")
    assert f"refused 2: listed with the reasons in {report}" in result.stdout
    assert oct(report.stat().st_mode & 0o777) == "0o600"
    text = report.read_bytes().decode("utf-8")
    assert f'# {path}: line 3, channel: "pigeon" is not a channel' in text
    assert "\nBo,27.08,pigeon\r\n" in text and "\nDee,someday,\r\n" in text
    with Journal.open(db, create=False) as journal:
        assert sorted(p.name for p in journal.people()) == ["Ana", "Cy"]


def test_unreadable_files_are_refused_too(tmp_path: Path) -> None:
    db = tmp_path / "j.db"
    result = rj(db, "import", "csv", str(tmp_path / "missing.csv"))
    assert result.exit_code == 1 and "missing.csv" in result.stderr and not db.exists()
    # A file that is not UTF-8 is read as Windows-1252, unless --encoding says otherwise.
    latin = write(tmp_path / "latin.csv", "name\nJosé\n", encoding="cp1252")
    assert rj(db, "import", "csv", str(latin)).exit_code == 0
    with Journal.open(db, create=False) as journal:
        assert journal.resolve("José").name == "José"
    lines = error_lines(rj(db, "import", "csv", str(latin), "--encoding", "utf-8"))
    assert "can't read the file as utf-8" in lines[0]
    lines = error_lines(rj(db, "import", "csv", str(latin), "--encoding", "klingon"))
    assert "can't read the file as klingon" in lines[0]


def test_a_cell_of_a_megabyte_comes_in_whole(tmp_path: Path) -> None:
    db = tmp_path / "j.db"
    about = "word, " * 180_000  # over a megabyte, over csv's default limit of 128 KiB
    path = tmp_path / "big.csv"
    with open(path, "w", encoding="utf-8", newline="") as out:
        csv.writer(out).writerows([["name", "about"], ["Ana", about]])
    assert rj(db, "import", "csv", str(path)).exit_code == 0
    with Journal.open(db, create=False) as journal:
        assert journal.resolve("Ana").about == about


def people_of(db: Path) -> list[tuple[str, str, tuple[str, ...], tuple[str, ...]]]:
    with Journal.open(db, create=False) as journal:
        people = [journal.person(row.id) for row in journal.people()]
        return sorted((p.name, p.role, p.emails, p.phones) for p in people)


def test_an_office_switchboard_shared_by_three_people_gives_three_people(tmp_path: Path) -> None:
    db = tmp_path / "j.db"
    path = write(
        tmp_path / "in.csv",
        "name,role,emails,phones\n"
        "Adam Glacius,CEO,adam@acme.example,+1 555 3227 8543\n"
        "Daniel Ireland,CTO,daniel@acme.example,+1 (555) 3227-8543\n"
        "Duncan Amey,Sales,duncan@acme.example,+1 555 3227 8543\n",
    )
    dry = rj(db, "import", "csv", str(path), "--dry-run")
    assert dry.exit_code == 0, dry.output
    tail = "`rj duplicates` lists them"
    assert dry.stdout.splitlines()[1:] == [
        "Would import 3 people: 3 to add, 0 to update, 0 unchanged; nothing was written",
        "  would add Adam Glacius",
        "  would add Daniel Ireland as a new person: shares a phone with Adam Glacius, whose "
        f"name differs; {tail}",
        "  would add Duncan Amey as a new person: shares a phone with Adam Glacius and Daniel "
        f"Ireland, whose names differ; {tail}",
    ]
    real = rj(db, "import", "csv", str(path))
    assert real.stdout.splitlines()[1:] == [
        "Imported 3 people: 3 added, 0 updated, 0 unchanged",
        f"  added Daniel Ireland as a new person: shares a phone with Adam Glacius, whose name "
        f"differs; {tail}",
        "  added Duncan Amey as a new person: shares a phone with Adam Glacius and Daniel "
        f"Ireland, whose names differ; {tail}",
    ]
    assert people_of(db) == [
        ("Adam Glacius", "CEO", ("adam@acme.example",), ("+1 555 3227 8543",)),
        ("Daniel Ireland", "CTO", ("daniel@acme.example",), ("+1 (555) 3227-8543",)),
        ("Duncan Amey", "Sales", ("duncan@acme.example",), ("+1 555 3227 8543",)),
    ]
    # The same file again changes nothing, and says nothing of new people.
    before = digest(db)
    again = rj(db, "import", "csv", str(path))
    assert again.stdout.splitlines()[1:] == ["Imported 3 people: 0 added, 0 updated, 3 unchanged"]
    assert digest(db) == before
    # Nothing was decided silently: the pairs are there to merge if they are one person.
    pairs = rj(db, "duplicates").stdout
    assert "Daniel Ireland (id 2) and Adam Glacius (id 1): both have the phone" in pairs
    assert pairs.endswith("3 likely pairs\n")


def test_a_shared_email_or_phone_matches_when_the_names_agree(tmp_path: Path) -> None:
    db = tmp_path / "j.db"
    for args in (
        ("Robert Smith", "--nickname", "Bob", "--email", "rob@x.example"),
        ("Zoë Ångström", "--phone", "+44 20 7946 0000"),
        ("Anna Smith", "--phone", "+1 555 0100"),
    ):
        assert rj(db, "add", *args).exit_code == 0
    path = write(
        tmp_path / "in.csv",
        "name,role,emails,phones\n"
        "Bob Smith,Chef,ROB@x.example,\n"  # his nickname is one of his names
        "Ångström,Pilot,,+44 (20) 7946-0000\n"  # one word of her name
        "John Smith,Vet,,+1 555 0100\n"  # a household's phone: a shared surname is two people
        "Rob,Cook,rob@x.example,\n",  # no word of his names: two people, said, listed
    )
    result = rj(db, "import", "csv", str(path))
    assert result.exit_code == 0, result.output
    tail = "`rj duplicates` lists them"
    assert result.stdout.splitlines()[1:] == [
        "Imported 4 people: 2 added, 2 updated, 0 unchanged",
        f"  added John Smith as a new person: shares a phone with Anna Smith, whose name differs; "
        f"{tail}",
        "  added Rob as a new person: shares an email with Robert Smith, whose name differs; "
        f"{tail}",
        "  updated Robert Smith (id 1, same email): role",
        "  updated Zoë Ångström (id 2, same phone): role",
        '  left Robert Smith (id 1) name "Robert Smith", not the file\'s "Bob Smith"',
        '  left Zoë Ångström (id 2) name "Zoë Ångström", not the file\'s "Ångström"',
    ]
    assert people_of(db) == [
        ("Anna Smith", "", (), ("+1 555 0100",)),
        ("John Smith", "Vet", (), ("+1 555 0100",)),
        ("Rob", "Cook", ("rob@x.example",), ()),
        ("Robert Smith", "Chef", ("rob@x.example",), ()),
        ("Zoë Ångström", "Pilot", (), ("+44 20 7946 0000",)),
    ]
    before = digest(db)
    again = rj(db, "import", "csv", str(path))
    assert again.stdout.splitlines()[1] == "Imported 4 people: 0 added, 0 updated, 4 unchanged"
    assert "as a new person" not in again.stdout and digest(db) == before


def test_vcard_import_keeps_people_of_one_switchboard_apart_too(tmp_path: Path) -> None:
    db = tmp_path / "j.db"
    assert rj(db, "add", "Adam Glacius", "--phone", "+1 555 3227 8543").exit_code == 0
    cards = (
        "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Daniel Ireland\r\nTEL:+15553227 8543\r\nEND:VCARD\r\n"
        # A card with no name is called by its number: that is no name, so it is Adam.
        "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:\r\nTEL:+1 555 3227 8543\r\nORG:Acme\r\nEND:VCARD\r\n"
    )
    path = write(tmp_path / "in.vcf", cards)
    result = rj(db, "import", "vcard", str(path))
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines()[1:] == [
        "Imported 2 people: 1 added, 1 updated, 0 unchanged",
        "  added Daniel Ireland as a new person: shares a phone with Adam Glacius, whose name "
        "differs; `rj duplicates` lists them",
        "  updated Adam Glacius (id 1, same phone): company",
        '  left Adam Glacius (id 1) name "Adam Glacius", not the file\'s "+1 555 3227 8543"',
    ]
    before = digest(db)
    assert "0 added, 0 updated, 2 unchanged" in rj(db, "import", "vcard", str(path)).stdout
    assert digest(db) == before
