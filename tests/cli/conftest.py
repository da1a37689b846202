"""Fixtures of the command-line tests: a hostile demo journal, built once."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.cli.exported import build, copy_of


@pytest.fixture(scope="session")
def hostile_demo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A demo journal with hostile people: read it, never write it (copy it with `demo_copy`)."""
    path = tmp_path_factory.mktemp("hostile") / "demo.db"
    build(path)
    return path


@pytest.fixture
def demo_copy(hostile_demo: Path, tmp_path: Path) -> Path:
    """A private copy of the hostile demo journal, this test's to change."""
    return copy_of(hostile_demo, tmp_path / "journal.db")
