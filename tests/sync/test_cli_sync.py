"""`rj sync` on the command line: set up once, run, dry run, status, the vdirsyncer
configuration, and every refusal as one line with nothing changed."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from rjournal.cli.main import main
from rjournal.store.journal import Journal
from tests.sync.syncing import every_file, jtx_note


class Rj:
    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.db = folder / "journal.db"

    def __call__(self, *args: str, code: int = 0) -> Result:
        result = CliRunner().invoke(main, ["--db", str(self.db), *args])
        assert result.exit_code == code, (result.stdout, result.stderr, result.exception)
        if code:
            assert result.stdout == "" and len(result.stderr.splitlines()) == 1
            assert result.stderr.startswith("rj: ") and "Traceback" not in result.stderr
        return result

    def setup(self) -> Result:
        return self("sync", "--setup", "--contacts", str(self.folder / "people"),
                    "--calendar", str(self.folder / "items"))  # fmt: skip

    def snapshot(self) -> dict[Path, bytes]:
        return {p: p.read_bytes() for p in every_file(self.folder)}


@pytest.fixture
def rj(tmp_path: Path) -> Rj:
    rj = Rj(tmp_path)
    rj("add", "Anna Berg", "--email", "anna@example.com", "--city", "Paris")
    rj("log", "anna", "Coffee\x1b[31m in red", "--via", "coffee", "--on", "2026-11-20")
    return rj


def test_setup_then_sync_then_nothing_to_do(rj: Rj) -> None:
    said = rj.setup().stdout.splitlines()
    assert said[:2] == [f"Contacts: {rj.folder / 'people'}", f"Calendar: {rj.folder / 'items'}"]
    assert (rj.folder / "people").stat().st_mode & 0o777 == 0o700

    first = rj("sync", "-v").stdout.splitlines()

    assert first[0] == "In the folders (changed): 1 person added, 1 entry added"
    assert "  folders: added person Anna Berg" in first
    # A note's control characters never reach the terminal.
    assert (
        '  folders: added entry interaction of 2026-11-20 with Anna Berg: "Coffee\\x1b[31m in red"'
        in first
    )
    assert len(list((rj.folder / "people").iterdir())) == 1
    assert rj("sync").stdout == "Nothing to do: the journal and the folders agree.\n"


def test_a_dry_run_lists_each_change_and_writes_nothing(rj: Rj) -> None:
    rj.setup()
    (rj.folder / "items" / "n1.ics").write_text(
        jtx_note("n1", "Hello", "from the phone", "CN=Anna Berg:", day="20261121")
    )
    before = rj.snapshot()

    said = rj("sync", "--dry-run").stdout.splitlines()

    assert said[:2] == [
        "In the journal (would change): 1 entry added",
        "In the folders (would change): 1 person added, 1 entry added",
    ]
    assert (
        '  journal: added entry note of 2026-11-21 with Anna Berg: "Hello from the phone"' in said
    )
    assert rj.snapshot() == before


def test_status_says_when_it_ran_what_it_did_and_what_waits(rj: Rj) -> None:
    rj.setup()
    assert "Last sync: never" in rj("sync", "--status").stdout
    rj("sync")
    rj("edit", "anna", "--city", "Lyon")
    (rj.folder / "items" / "n1.ics").write_text(jtx_note("n1", "Who", "knows", day="20261121"))

    said = rj("sync", "--status").stdout.splitlines()

    assert said[2].startswith("Last sync: ")
    assert said[3] == "  In the folders (changed): 1 person added, 1 entry added"
    assert "Waiting in the journal: 1 person" in said
    assert "Waiting in the folders: 1 new in calendar" in said
    rj("sync")
    said = rj("sync", "--status").stdout.splitlines()
    assert "Waiting in the journal: nothing" in said and "Waiting in the folders: nothing" in said
    assert any(
        line.startswith("Left alone: calendar/n1.ics: names no one in the journal") for line in said
    )


def test_the_vdirsyncer_configuration_names_the_folders_and_the_server(rj: Rj) -> None:
    rj.setup()
    text = rj("sync", "--print-vdirsyncer-config", "https://dav.example.com/", "--username",
              "me").stdout  # fmt: skip
    assert f'path = "{rj.folder}/"' in text
    assert 'collections = [["rjournal_contacts", "people", "rjournal-people"]]' in text
    assert 'collections = [["rjournal_calendar", "items", "rjournal"]]' in text
    assert text.count('url = "https://dav.example.com/"') == 2
    assert text.count('username = "me"') == 2


SETUP = "sync is not set up: `rj sync --setup --contacts DIR --calendar DIR`"


@pytest.mark.parametrize(
    ("args", "code", "message"),
    [
        (("sync",), 1, SETUP),
        (("sync", "--status"), 1, SETUP),
        (("sync", "--print-vdirsyncer-config", "https://x.org/"), 1, SETUP),
        (("sync", "--contacts", "x"), 2, "--contacts and --calendar go with --setup"),
        (("sync", "--setup", "--contacts", "x"), 2, "--setup needs --calendar DIR"),
        (("sync", "--setup", "--contacts", "x", "--calendar", "x"), 2,
         "--contacts and --calendar must be two folders"),
        (("sync", "--status", "--dry-run"), 2, "--dry-run and --status go one at a time"),
        (("sync", "--username", "me"), 2, "--username goes with --print-vdirsyncer-config"),
        (("sync", "--print-vdirsyncer-config", "dav.example.com"), 2,
         "--print-vdirsyncer-config takes the server's address"),
    ],
)  # fmt: skip
def test_refusals_are_one_line_and_change_nothing(
    rj: Rj, args: tuple[str, ...], code: int, message: str
) -> None:
    before = rj.snapshot()
    result = rj(*args, code=code)
    assert result.stderr.startswith(f"rj: {message}")
    assert rj.snapshot() == before


def test_a_missing_folder_is_refused_never_made_anew(rj: Rj) -> None:
    rj.setup()
    rj("sync")
    for path in every_file(rj.folder / "people"):
        path.unlink()
    (rj.folder / "people").rmdir()

    result = rj("sync", code=1)

    assert "the contacts folder" in result.stderr and "is not there" in result.stderr
    assert not (rj.folder / "people").exists()
    with Journal.open(rj.db, create=False) as journal:
        assert [p.name for p in journal.people()] == ["Anna Berg"]


def test_a_missing_journal_is_not_created(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["--db", str(tmp_path / "none.db"), "sync"])
    assert result.exit_code == 1 and "no journal at" in result.stderr
    assert not (tmp_path / "none.db").exists()
