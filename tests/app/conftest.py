"""App fixtures: the demo and the hero journals, each built once per session and copied per test."""

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


@pytest.fixture(scope="session")
def hero_template(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, int]]:
    from tests.app.journals import build_hero

    path = tmp_path_factory.mktemp("hero") / "hero.db"
    return path, build_hero(path)


@pytest.fixture
def hero(hero_template: tuple[Path, dict[str, int]], db_path: Path) -> dict[str, int]:
    """The hero's journal (`build_hero`) copied to db_path; the ids worth knowing."""
    template, ids = hero_template
    shutil.copyfile(template, db_path)
    db_path.chmod(0o600)
    return dict(ids)
