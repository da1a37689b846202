"""Which folders a file-sync service copies: the journal must not sit in one."""

from __future__ import annotations

from pathlib import Path

import pytest

from rjournal.store.synced_folder import synced_folder, warning


def test_a_plain_folder_is_no_synced_folder(tmp_path: Path) -> None:
    (tmp_path / "notes").mkdir()
    assert synced_folder(tmp_path / "notes" / "journal.db") is None
    assert warning(tmp_path / "notes" / "journal.db") is None


@pytest.mark.parametrize(
    ("marker", "service"),
    [(".stfolder", "Syncthing"), (".dropbox", "Dropbox"), (".owncloudsync.log", "Nextcloud")],
)
def test_a_marker_file_above_the_journal_names_its_service(
    tmp_path: Path, marker: str, service: str
) -> None:
    top = tmp_path / "Shared"
    deep = top / "a" / "b"
    deep.mkdir(parents=True)
    (top / marker).write_text("")
    assert synced_folder(deep / "journal.db") == (service, top)


def test_syncthing_marks_its_folder_with_a_folder(tmp_path: Path) -> None:
    (tmp_path / "Sync" / ".stfolder").mkdir(parents=True)
    assert synced_folder(tmp_path / "Sync" / "journal.db") == ("Syncthing", tmp_path / "Sync")


def test_dropbox_settings_folder_in_home_is_no_dropbox(tmp_path: Path) -> None:
    """The Dropbox client's `~/.dropbox` settings folder does not make home a synced folder."""
    (tmp_path / ".dropbox").mkdir()
    data = tmp_path / ".local" / "share" / "rjournal"
    data.mkdir(parents=True)
    assert synced_folder(data / "journal.db") is None


@pytest.mark.parametrize(
    ("name", "service"),
    [
        ("Dropbox", "Dropbox"),
        ("Dropbox (Team)", "Dropbox"),
        ("OneDrive", "OneDrive"),
        ("OneDrive - Example Ltd", "OneDrive"),
        ("OneDrive-Personal", "OneDrive"),
        ("Mobile Documents", "iCloud Drive"),
        ("iCloudDrive", "iCloud Drive"),
    ],
)
def test_a_service_folder_by_its_name(tmp_path: Path, name: str, service: str) -> None:
    where = tmp_path / name / "journals" / "journal.db"  # need not exist: names decide
    assert synced_folder(where) == (service, tmp_path / name)


def test_folders_named_like_a_service_but_not_one(tmp_path: Path) -> None:
    for name in ("Dropboxes", "OneDriver", "my Dropbox"):
        assert synced_folder(tmp_path / name / "journal.db") is None, name


def test_the_warning_says_where_why_and_what_instead(tmp_path: Path) -> None:
    (tmp_path / "Sync" / ".stfolder").mkdir(parents=True)
    said = warning(tmp_path / "Sync" / "journal.db")
    assert said is not None
    assert "\n" not in said
    assert said.startswith("warning: the journal ")
    assert f"inside a Syncthing folder ({tmp_path / 'Sync'})" in said
    assert "damaged journal" in said
    assert "rj sync" in said
