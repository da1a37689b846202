"""Fault fixtures: the real `rj` in a subprocess, a small full file system, a read-only one.

The disks are real where the machine allows it (root may mount a small tmpfs and a read-only
bind mount); elsewhere the tests that need them say why they skip, and their injected
variants still run.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from rjournal.store.journal import Journal
from tests.faults.journals import AT, seed, seed_family
from tests.faults.test_kill import FIXTURES, env

# How long a writer waits for the journal in these tests (the real busy timeout is 10 s).
SHORT_BUSY_MS = 300


def rj(db: Path, *args: str, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    """The real command line, in a process of its own."""
    return subprocess.run(
        [sys.executable, "-m", "rjournal", "--db", str(db), *args],
        env=env(),
        input=stdin,
        capture_output=True,
        text=True,
        timeout=60,
    )


def _mount(*args: str) -> str | None:
    """Mount; None when it worked, else why not (for the skip reason)."""
    if not hasattr(os, "geteuid") or os.geteuid() != 0:
        return "mounting needs root"
    if shutil.which("mount") is None:
        return "no mount program here"
    done = subprocess.run(["mount", *args], capture_output=True, text=True, timeout=30)
    if done.returncode != 0:
        said = done.stderr.strip().splitlines()
        return f"mount failed: {said[-1] if said else done.returncode}"
    return None


def _umount(folder: Path) -> None:
    subprocess.run(["umount", "-l", str(folder)], capture_output=True, timeout=30)


@pytest.fixture
def small_disk(tmp_path: Path) -> Iterator[Path]:
    """A folder on a tmpfs of 2 MiB (skips where mounting is not allowed)."""
    folder = tmp_path / "small"
    folder.mkdir()
    why = _mount("-t", "tmpfs", "-o", "size=2m,mode=0700", "tmpfs", str(folder))
    if why is not None:
        pytest.skip(f"no small tmpfs ({why}); the injected SQLITE_FULL variant runs")
    try:
        yield folder
    finally:
        _umount(folder)


def fill(folder: Path) -> None:
    """Use up every free byte of the file system under folder."""
    fd = os.open(folder / "filler", os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
    try:
        size = 65536
        while size:
            try:
                os.write(fd, b"\0" * size)
            except OSError:
                size //= 2
    finally:
        os.close(fd)


@pytest.fixture
def read_only_view(tmp_path: Path) -> Iterator[tuple[Path, Path]]:
    """(a folder, the same folder seen through a read-only mount) -- or, without root, the
    folder made read-only by its permissions."""
    source = tmp_path / "source"
    view = tmp_path / "view"
    source.mkdir()
    view.mkdir()
    why = _mount("--bind", str(source), str(view)) or _mount("-o", "remount,ro,bind", str(view))
    mounted = why is None
    if not mounted:
        _umount(view)
        if hasattr(os, "geteuid") and os.geteuid() == 0:
            pytest.skip(f"no read-only mount ({why}), and root ignores permissions")
        view.rmdir()
        view.symlink_to(source)
    try:
        yield source, view
    finally:
        if mounted:
            _umount(view)


def make_read_only(source: Path) -> None:
    """Without a read-only mount: the files and the folder read-only by their permissions."""
    for path in source.iterdir():
        path.chmod(0o444)
    source.chmod(0o555)


@pytest.fixture
def private_tmp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The system's temporary directory, for what rjournal puts there, inside tmp_path."""
    folder = tmp_path / "system-tmp"
    folder.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(folder))
    return folder


@pytest.fixture(scope="module")
def seeds(tmp_path_factory: pytest.TempPathFactory) -> tuple[dict[str, Path], dict[str, int]]:
    """The seed journals by name (writes.Seed), and the ids in them: one set a module, shared
    by the kill and the injection tests."""
    base = tmp_path_factory.mktemp("seed")
    plain = base / "plain.db"
    with Journal.open(plain) as journal:
        ids = seed_family(journal, seed(journal))
    trashed = base / "trashed.db"
    shutil.copy(plain, trashed)
    with Journal.open(trashed) as journal:
        journal.delete_person(ids["Ada"], AT)
    older = base / "v2.db"
    shutil.copy(FIXTURES / "journal-v2.db", older)
    return {"plain": plain, "trashed": trashed, "v2": older}, ids
