"""Where every export goes: --output never through a link or onto a device, whole or not at
all; standard output as stored in a pipe, escaped on a terminal; a full or closed standard
output is one line and exit 1. Real subprocesses where the operating system is the point."""

from __future__ import annotations

import os
import pty
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from rjournal.cli.main import main
from tests.cli.exported import HOSTILE_NAME
from tests.conftest import read_until_closed

KINDS = ("csv", "vcard", "ics", "json")


def rj_argv(db: Path, *args: str) -> list[str]:
    return [sys.executable, "-m", "rjournal", "--db", str(db), *args]


def invoke(db: Path, *args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, ["--db", str(db), *args])
    return result.exit_code, result.stdout, result.stderr


def leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.endswith(".tmp"))


@pytest.mark.parametrize("kind", KINDS)
def test_output_refuses_a_link_a_directory_and_a_device(
    demo_copy: Path, tmp_path: Path, kind: str
) -> None:
    mine = tmp_path / "mine.txt"
    mine.write_text("precious")
    link = tmp_path / "link.txt"
    link.symlink_to(mine)
    folder = tmp_path / "folder"
    folder.mkdir()
    fifo = tmp_path / "fifo"
    os.mkfifo(fifo)
    for target, why in (
        (link, "is a symbolic link"),
        (folder, "is a directory"),
        (Path("/dev/null"), "not a regular file"),
        (fifo, "not a regular file"),
        (tmp_path / "no" / "such.txt", "no folder"),
    ):
        code, out, err = invoke(demo_copy, "export", kind, "--output", str(target))
        assert code == 1, (target, err)
        assert err.startswith("rj: ") and why in err and err.count("\n") == 1, err
        assert out == ""
    assert link.is_symlink() and mine.read_text() == "precious"
    assert Path("/dev/null").is_char_device()
    assert folder.is_dir() and not any(folder.iterdir())
    assert leftovers(tmp_path) == []


@pytest.mark.parametrize("kind", KINDS)
def test_output_replaces_a_file_whole_privately_and_leaves_no_temporary(
    demo_copy: Path, tmp_path: Path, kind: str
) -> None:
    target = tmp_path / f"out.{kind}"
    target.write_text("old")
    target.chmod(0o644)
    code, out, err = invoke(demo_copy, "export", kind, "--output", str(target))
    assert code == 0, err
    assert out == "" and err.startswith("Exported ")
    assert target.stat().st_mode & 0o777 == 0o600
    assert HOSTILE_NAME.split()[0] in target.read_text(encoding="utf-8")
    assert leftovers(tmp_path) == []


def test_a_failed_export_leaves_the_old_file_and_no_temporary(
    demo_copy: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "backup.json"
    target.write_text("the last good backup")

    def broken(*args: object, **kwargs: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr("rjournal.store.backup_json.write_backup", broken)
    code, _, err = invoke(demo_copy, "export", "json", "--output", str(target))
    assert code == 1 and "No space left on device" in err
    assert target.read_text() == "the last good backup"
    assert leftovers(tmp_path) == []


@pytest.mark.parametrize("kind", KINDS)
def test_a_pipe_gets_the_data_as_stored(demo_copy: Path, kind: str) -> None:
    done = subprocess.run(rj_argv(demo_copy, "export", kind), capture_output=True, check=False)
    assert done.returncode == 0, done.stderr
    if kind == "ics":  # no iCalendar text may hold a control character
        assert b"\x1b" not in done.stdout and "\ufffd".encode() in done.stdout
    elif kind == "json":  # JSON escapes them itself
        assert b"\\u001b]0;owned\\u0007" in done.stdout
    else:
        assert b"\x1b]0" in done.stdout and b"owned\x07" in done.stdout
    assert done.stderr == b""


def _on_a_terminal(argv: list[str]) -> tuple[int, bytes]:
    """Run with standard output on a pseudo-terminal; what reached it, and the exit code."""
    controller, terminal = pty.openpty()
    process = subprocess.Popen(argv, stdout=terminal, stderr=subprocess.PIPE)
    os.close(terminal)
    seen = read_until_closed(controller)
    return process.wait(), seen


@pytest.mark.parametrize("kind", ["csv", "vcard"])
def test_a_terminal_gets_control_characters_escaped(demo_copy: Path, kind: str) -> None:
    code, seen = _on_a_terminal(rj_argv(demo_copy, "export", kind))
    assert code == 0
    assert b"\x1b" not in seen and b"\x07" not in seen
    assert b"\\x1b" in seen and b"\\x07" in seen


@pytest.mark.parametrize("kind", ["csv", "json"])
def test_a_full_standard_output_is_one_line_and_exit_1(demo_copy: Path, kind: str) -> None:
    with open("/dev/full", "wb") as full:
        done = subprocess.run(
            rj_argv(demo_copy, "export", kind), stdout=full, stderr=subprocess.PIPE, check=False
        )
    said = done.stderr.decode()
    assert done.returncode == 1, said
    assert said == (
        "rj: can't write to standard output: No space left on device; the export is incomplete\n"
    )


def test_a_closed_standard_output_is_one_line_and_exit_1(demo_copy: Path) -> None:
    argv = " ".join(rj_argv(demo_copy, "export", "csv"))
    done = subprocess.run(["bash", "-c", f"{argv} >&-"], capture_output=True, check=False)
    assert done.returncode == 1
    assert done.stderr.decode() == "rj: standard output is closed: give --output FILE\n"


def test_a_reader_that_leaves_early_ends_it_quietly_with_exit_1(demo_copy: Path) -> None:
    argv = " ".join(rj_argv(demo_copy, "export", "json"))
    done = subprocess.run(
        ["bash", "-c", f"set -o pipefail; {argv} | head -c 10"], capture_output=True, check=False
    )
    assert done.returncode == 1
    assert done.stdout == b'{"format":'
    assert done.stderr == b""  # as `rj list | head`: the reader chose to stop
