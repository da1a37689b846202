"""App fixtures: a demo journal built once per session and copied per test, a fixed today."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tests.conftest import TODAY

DEMO_PEOPLE = 120


@pytest.fixture(scope="session")
def demo_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from rjournal.demo import build_demo

    path = tmp_path_factory.mktemp("demo") / "demo.db"
    build_demo(path, people=DEMO_PEOPLE, today=TODAY, seed=7)
    return path


@pytest.fixture
def demo_db(demo_template: Path, tmp_path: Path) -> Path:
    """A private copy of the demo journal for one test."""
    path = tmp_path / "demo.db"
    shutil.copyfile(demo_template, path)
    path.chmod(0o600)
    return path
