"""`rj entry show|edit|delete|restore`: one entry read whole, edited in a real $EDITOR (a
script), deleted and brought back, against real journal files."""

from __future__ import annotations

import json
import sqlite3
import stat
import sys
from contextlib import closing
from datetime import date, datetime
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result

from rjournal.cli.entry_commands import entry_file, read_entry_file
from rjournal.cli.main import main
from rjournal.domain.model import Channel, Entry
from rjournal.store.entry_edits import KEPT, delete_entry_keeping_undo, forget_person
from rjournal.store.journal import Journal

TODAY = date(2026, 11, 22)
NOTE = "Leo starts school in January.\n\nAsk how the first week went."
# An editor: replaces each "old=>new" pair of $EDITS in the file it is given.
EDITOR_SCRIPT = """
import os, sys
path = sys.argv[1]
text = open(path, encoding="utf-8").read()
for pair in filter(None, os.environ.get("EDITS", "").split("|")):
    old, new = pair.split("=>")
    text = text.replace(old, new)
if os.environ.get("TOUCH_DB"):  # someone else changes the entry while the editor is open
    import sqlite3
    conn = sqlite3.connect(os.environ["TOUCH_DB"])
    conn.execute("UPDATE entries SET text = 'changed meanwhile' WHERE id = 1")
    conn.commit()
    conn.close()
open(path, "w", encoding="utf-8").write(text)
"""


class Rj:
    def __init__(self, db: Path, editor: Path) -> None:
        self.db = db
        self.editor = editor

    def __call__(self, *args: str, code: int = 0, **env: str) -> Result:
        environment = {"EDITOR": f'"{sys.executable}" "{self.editor}"', "VISUAL": "", **env}
        result = CliRunner().invoke(main, ["--db", str(self.db), *args], env=environment)
        assert result.exit_code == code, (result.stdout, result.stderr, result.exception)
        return result

    def entries(self) -> list[tuple[Any, ...]]:
        with closing(sqlite3.connect(self.db)) as conn:
            return conn.execute(
                "SELECT e.id, e.kind, e.on_date, e.channel, e.from_them, e.text, "
                "group_concat(ep.person_id) FROM entries e "
                "JOIN entry_people ep ON ep.entry_id = e.id GROUP BY e.id ORDER BY e.id"
            ).fetchall()

    def last_contact(self, person_id: int) -> str | None:
        with closing(sqlite3.connect(self.db)) as conn:
            row = conn.execute("SELECT last_contact FROM people WHERE id = ?", (person_id,))
            value = row.fetchone()[0]
            return None if value is None else str(value)


@pytest.fixture
def rj(tmp_path: Path) -> Rj:
    editor = tmp_path / "editor.py"
    editor.write_text(EDITOR_SCRIPT, encoding="utf-8")
    rj = Rj(tmp_path / "journal.db", editor)
    rj("add", "Ana Lee")
    rj("add", "Bob Stone")
    rj("log", "ana", "coffee at the corner", "--via", "coffee", "--with", "bob", "--on", "Nov 20")
    rj("note", "ana", "x", "--on", "Nov 21")
    with Journal.open(rj.db, create=False) as journal:  # a note of two paragraphs
        journal.update_entry(Entry("note", date(2026, 11, 21), NOTE, people=(1,), id=2))
    return rj


# --- show ---------------------------------------------------------------------------------


def test_show_prints_the_entry_whole(rj: Rj) -> None:
    out = rj("entry", "show", "2").stdout
    assert out == (
        "Entry 2 · Sat 21 Nov (yesterday) · note\n"
        "With Ana Lee (id 1)\n"
        "\n"
        "Leo starts school in January.\n"
        "\n"
        "Ask how the first week went.\n"
    )
    out = rj("entry", "show", "#1").stdout
    assert out.startswith("Entry 1 · Fri 20 Nov (2 days ago) · coffee · you reached out\n")
    assert "With Ana Lee (id 1), Bob Stone (id 2)\n" in out


def test_show_json_is_the_shape_of_rj_shows_entries(rj: Rj) -> None:
    shown = json.loads(rj("entry", "show", "1", "--json").stdout)
    assert shown == {
        "id": 1,
        "kind": "interaction",
        "on": "2026-11-20",
        "channel": "coffee",
        "from_them": False,
        "text": "coffee at the corner",
        "people": [{"id": 1, "name": "Ana Lee"}, {"id": 2, "name": "Bob Stone"}],
    }
    profile = json.loads(rj("show", "ana", "--json").stdout)
    assert shown in profile["entries"]


@pytest.mark.parametrize(
    ("args", "code", "says"),
    [
        (["entry", "show", "9"], 1, "rj: no entry with id 9"),
        (["entry", "show", "nine"], 2, 'rj: "nine" is not an entry id'),
        (["entry", "delete", "9"], 1, "rj: no entry with id 9"),
        (["entry", "edit", "9"], 1, "rj: no entry with id 9"),
        (["entry", "restore"], 1, "rj: no deleted entry to bring back"),
        (["entry", "restore", "1"], 1, "rj: entry 1 is not among the deleted entries"),
        (["entry", "shw", "1"], 2, "rj: no such command 'shw'; did you mean 'show'?"),
    ],
)
def test_bad_ids_are_one_line_and_change_nothing(
    rj: Rj, args: list[str], code: int, says: str
) -> None:
    before = rj.db.read_bytes()
    result = rj(*args, code=code)
    assert result.stderr.startswith(says) and result.stderr.count("\n") == 1, result.stderr
    assert rj.db.read_bytes() == before


# --- delete and restore ---------------------------------------------------------------------


def test_a_deleted_entry_comes_back_whole_under_a_new_id(rj: Rj) -> None:
    before = rj.entries()
    said = rj("entry", "delete", "1").stdout
    assert said == (
        "Deleted entry 1 (coffee with Ana Lee and Bob Stone, Fri 20 Nov); "
        "rj entry restore 1 brings it back\n"
    )
    assert [e[0] for e in rj.entries()] == [2]
    assert rj.last_contact(2) is None  # Bob's only contact is gone: derived again
    said = rj("entry", "restore").stdout
    assert said == ("Restored entry 1 as entry 3 (coffee with Ana Lee and Bob Stone, Fri 20 Nov)\n")
    after = rj.entries()
    assert [e[1:] for e in after] == [before[1][1:], before[0][1:]]
    assert rj.last_contact(2) == "2026-11-20"
    rj("entry", "restore", code=1)  # once only


def test_restore_chooses_by_old_id_and_leaves_out_who_is_in_the_trash(rj: Rj) -> None:
    rj("entry", "delete", "1")
    rj("entry", "delete", "2")
    rj("delete", "bob")
    said = rj("entry", "restore", "1").stdout
    assert said.endswith(", without Bob Stone (no longer in the journal)\n"), said
    assert [e[6] for e in rj.entries()] == ["1"]
    rj("entry", "restore", "2")
    assert {e[5] for e in rj.entries()} == {"coffee at the corner", NOTE}


def test_an_entry_whose_people_are_all_gone_stays_deleted_and_kept(rj: Rj) -> None:
    rj("log", "bob", "alone", "--on", "Nov 21")
    rj("entry", "delete", "3")
    rj("delete", "bob")
    before = rj.db.read_bytes()
    result = rj("entry", "restore", code=1)
    assert "in the trash or gone now" in result.stderr
    assert rj.db.read_bytes() == before
    rj("restore", "bob")
    rj("entry", "restore")
    assert "alone" in [e[5] for e in rj.entries()]


def test_deletion_and_its_undo_are_one_change(rj: Rj) -> None:
    with Journal.open(rj.db, create=False) as journal:
        # A trigger that fails the settings write: the delete must go back with it.
        journal.conn.execute(
            "CREATE TEMP TRIGGER no_settings BEFORE INSERT ON main.settings "
            "BEGIN SELECT RAISE(ABORT, 'disk full'); END"
        )
        with pytest.raises(sqlite3.DatabaseError):
            delete_entry_keeping_undo(journal, 1)
        assert journal.entry(1).text == "coffee at the corner"


def test_only_the_last_deletions_are_kept(rj: Rj) -> None:
    for n in range(KEPT + 2):
        rj("note", "ana", f"note {n}")
    for entry_id in range(3, KEPT + 5):
        rj("entry", "delete", str(entry_id))
    with Journal.open(rj.db, create=False) as journal:
        kept = json.loads(journal.setting("deleted_entries") or "[]")
    assert [item["text"] for item in kept] == [f"note {n}" for n in range(2, KEPT + 2)]


def test_a_person_erased_for_good_is_forgotten_by_the_kept_entries(rj: Rj) -> None:
    rj("log", "bob", "alone", "--on", "Nov 21")
    rj("entry", "delete", "1")  # Ana and Bob
    rj("entry", "delete", "3")  # Bob alone
    with Journal.open(rj.db, create=False) as journal:
        with journal.write() as conn:
            forget_person(conn, 2)
        kept = json.loads(journal.setting("deleted_entries") or "[]")
    assert [(item["id"], item["people"]) for item in kept] == [(1, [1])]
    assert "alone" not in json.dumps(kept)


# --- edit -----------------------------------------------------------------------------------


def test_the_editor_file_reads_back_as_the_entry(rj: Rj) -> None:
    with Journal.open(rj.db, create=False) as journal:
        for entry_id in (1, 2):
            found = journal.entry(entry_id)
            text = entry_file(found, journal.names(found.people))
            edited = read_entry_file(text, TODAY)
            assert edited is not None
            assert (edited.kind, edited.on, edited.channel, edited.text) == (
                found.kind,
                found.on,
                found.channel,
                found.text,
            )
    assert read_entry_file("# only help\n\n", TODAY) is None  # emptied: nothing to save


def test_edit_saves_what_was_changed(rj: Rj) -> None:
    said = rj(
        "entry",
        "edit",
        "1",
        EDITS="coffee at the corner=>coffee, Leo's school|on: 2026-11-20=>on: Nov 19"
        "|via: coffee=>via: lunch|from: you=>from: them",
    ).stdout
    assert said == (
        "Saved entry 1 (meal with Ana Lee and Bob Stone, Thu 19 Nov): "
        "day, channel, who reached out, text changed\n"
    )
    assert rj.entries()[0] == (
        1,
        "interaction",
        "2026-11-19",
        "meal",
        1,
        "coffee, Leo's school",
        "1,2",
    )
    assert rj.last_contact(2) == "2026-11-19"


def test_edit_changes_the_people_by_name_or_id(rj: Rj) -> None:
    rj("add", "Cy Young")
    rj("entry", "edit", "1", EDITS="Bob Stone #2=>cy")
    assert rj.entries()[0][6] == "1,3"
    assert rj.last_contact(2) is None and rj.last_contact(3) == "2026-11-20"


def test_edit_can_make_a_note_an_interaction(rj: Rj) -> None:
    rj("entry", "edit", "2", EDITS="kind: note=>kind: interaction|via: =>via: call")
    assert rj.entries()[1][1:5] == ("interaction", "2026-11-21", "call", 0)
    assert rj.last_contact(1) == "2026-11-21"


def test_an_edit_that_changes_nothing_saves_nothing(rj: Rj) -> None:
    before = rj.db.read_bytes()
    assert rj("entry", "edit", "1").stdout == "Entry 1 is unchanged\n"
    assert rj.db.read_bytes() == before


@pytest.mark.parametrize(
    ("edits", "code", "says"),
    [
        ("on: 2026-11-20=>on: someday", 2, 'can\'t read "someday" as a date'),
        ("on: 2026-11-20=>on: tomorrow", 2, "is in the future"),
        ("via: coffee=>via: cofee", 2, "did you mean coffee?"),
        ("Bob Stone #2=>nobody", 1, 'no one called "nobody"'),
        ("coffee at the corner=> ", 2, "an entry's text can't be empty"),
        ("kind: interaction=>kind: chat", 2, "kind is interaction or note"),
        ("\n---\n=>\n", 2, "the --- line before the text is missing"),
        ("from: you=>who: you", 2, "is not a field"),
    ],
)
def test_a_bad_edit_saves_nothing_and_is_kept_for_the_next_edit(
    rj: Rj, edits: str, code: int, says: str
) -> None:
    before = rj.entries()
    result = rj("entry", "edit", "1", code=code, EDITS=edits)
    assert says in result.stderr and result.stderr.count("\n") == 1, result.stderr
    assert result.stderr.rstrip().endswith("your edit is kept for the next rj entry edit 1")
    assert rj.entries() == before
    kept = rj.db.with_name("journal.db.entry-1.txt")
    assert stat.S_IMODE(kept.stat().st_mode) == 0o600
    # The next edit starts from it (closed unchanged, it is refused again, and kept).
    again = rj("entry", "edit", "1", code=code)
    assert "Starting from your unsaved edit of entry 1" in again.stderr
    assert kept.exists()


def test_a_kept_edit_fixed_is_saved(rj: Rj) -> None:
    rj("entry", "edit", "1", EDITS="on: 2026-11-20=>on: someday|corner=>square", code=2)
    rj("entry", "edit", "1", EDITS="on: someday=>on: 2026-11-18")
    assert rj.entries()[0][2:6] == ("2026-11-18", "coffee", 0, "coffee at the square")
    assert not rj.db.with_name("journal.db.entry-1.txt").exists()


def test_an_entry_changed_while_the_editor_was_open_is_not_overwritten(rj: Rj) -> None:
    result = rj("entry", "edit", "1", code=1, EDITS="corner=>square", TOUCH_DB=str(rj.db))
    assert "entry 1 changed while you were editing it; nothing saved" in result.stderr
    assert rj.entries()[0][5] == "changed meanwhile"
    assert "square" in rj.db.with_name("journal.db.entry-1.txt").read_text()


def test_a_restored_entry_is_written_now_with_its_channel(rj: Rj) -> None:
    rj("entry", "delete", "1")
    said = rj("entry", "restore").stdout
    new_id = int(said.split(" as entry ")[1].split()[0])
    with closing(sqlite3.connect(rj.db)) as conn:
        (created,) = conn.execute(
            "SELECT created_at FROM entries WHERE id = ?", (new_id,)
        ).fetchone()
    assert datetime.fromisoformat(created).date() == datetime.now().date()
    with Journal.open(rj.db, create=False) as journal:
        assert journal.entry(new_id).channel is Channel.COFFEE
