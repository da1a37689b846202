"""Shared fixtures: a real journal file in tmp_path, a fixed today."""

from __future__ import annotations

import contextlib
import dataclasses
import os
import shutil
import time
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

from rjournal.domain.value import Value
from rjournal.store.derived import stale_history
from rjournal.store.export_rows import stale_rows
from rjournal.store.journal import Journal

# Every test that needs "today" uses this Sunday, so results never depend on the clock.
TODAY = date(2026, 11, 22)

settings.register_profile(
    "rjournal", deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
settings.load_profile("rjournal")


def unsaved(record: Value) -> Value:
    """A record read from the journal as the new one it was before it had an id (a Kid as a
    NewKid with the same fields), to compare with what was written."""
    fields = {f.name: getattr(record, f.name) for f in dataclasses.fields(record)}
    if fields.pop("id", None) is None:
        return record
    new = type(record).__mro__[1]
    made: Value = new(**fields)
    return made


def isolate(monkeypatch: pytest.MonkeyPatch, folder: Path) -> None:
    """Data and config directories in `folder`, no RJOURNAL_DB, today fixed: what every test
    runs under (and a fixture built once for many tests, inside MonkeyPatch.context())."""
    monkeypatch.setenv("XDG_DATA_HOME", str(folder / "xdg-data"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(folder / "xdg-config"))
    monkeypatch.delenv("RJOURNAL_DB", raising=False)
    monkeypatch.setenv("RJOURNAL_TODAY", TODAY.isoformat())
    os.environ.pop("RJOURNAL_DB", None)
    # Nor the user's configuration, nor their desktop's notifications.
    for var in (
        "RJOURNAL_CONFIG", "RJOURNAL_MY_EMAILS", "RJOURNAL_LOOKAHEAD_DAYS",
        "RJOURNAL_PLAN_PER_DAY", "RJOURNAL_WEEK_START", "RJOURNAL_THEME",
        "DBUS_SESSION_BUS_ADDRESS",
    ):  # fmt: skip
        monkeypatch.delenv(var, raising=False)
    monkeypatch.setenv("XDG_RUNTIME_DIR", str(folder / "xdg-runtime"))


@pytest.fixture(autouse=True)
def _isolated_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Nothing a test runs may touch the real journal, config or data directories."""
    isolate(monkeypatch, tmp_path)


@contextlib.contextmanager
def local_zone(zone: str) -> Iterator[None]:
    """The process's local time zone is `zone` (TZ), then what it was."""
    before = os.environ.get("TZ")
    os.environ["TZ"] = zone
    time.tzset()
    try:
        yield
    finally:
        if before is None:
            del os.environ["TZ"]
        else:
            os.environ["TZ"] = before
        time.tzset()


def read_until_closed(fd: int) -> bytes:
    """Everything a pseudo-terminal's controller reads until the other side closes (then
    closes it)."""
    seen = b""
    while True:
        try:
            chunk = os.read(fd, 65536)
        except OSError:  # EIO: the other side closed
            break
        if not chunk:
            break
        seen += chunk
    os.close(fd)
    return seen


def private_copy(template: Path, path: Path) -> Path:
    """A copy of a journal built once, for one test to change as it likes (0600, as rj makes)."""
    shutil.copyfile(template, path)
    path.chmod(0o600)
    return path


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "journal.db"


def _close(journal: Journal) -> None:
    """Close, after checking what every write must keep: the export rows and each person's
    dated history (links, contact days and gaps) the triggers keep."""
    try:
        assert stale_rows(journal.conn) == [], "export_rows differ from the export_cells view"
        assert stale_history(journal.conn) == []
    finally:
        journal.close()


@pytest.fixture
def journal(db_path: Path) -> Iterator[Journal]:
    j = Journal.open(db_path)
    yield j
    _close(j)


@pytest.fixture
def j(db_path: Path) -> Iterator[Journal]:
    """A journal without the per-commit fsync: these tests are about behaviour, not disks."""
    journal = Journal.open(db_path)
    journal.conn.execute("PRAGMA synchronous = OFF")
    yield journal
    _close(journal)
