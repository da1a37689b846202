"""The configuration's theme: it wins over the journal's remembered one; a bad file does not."""

from __future__ import annotations

from pathlib import Path

import pytest

from rjournal.app.app import build_app
from rjournal.store.journal import Journal
from tests.conftest import TODAY


async def test_the_configured_theme_wins_over_the_remembered_one(
    demo_db: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    with Journal.open(demo_db, create=False) as journal:
        journal.set_setting("theme", "nord")
    config = tmp_path / "config.toml"
    config.write_text('theme = "gruvbox"\n')
    monkeypatch.setenv("RJOURNAL_CONFIG", str(config))
    app = build_app(demo_db, today=TODAY)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert app.theme == "gruvbox"
    monkeypatch.setenv("RJOURNAL_THEME", "dracula")  # the environment over the file
    app = build_app(demo_db, today=TODAY)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert app.theme == "dracula"
    with Journal.open(demo_db, create=False) as journal:
        assert journal.setting("theme") == "nord"  # what the user chose in the app stays


async def test_an_unknown_or_unreadable_configured_theme_leaves_the_remembered_one(
    demo_db: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    with Journal.open(demo_db, create=False) as journal:
        journal.set_setting("theme", "nord")
    config = tmp_path / "config.toml"
    monkeypatch.setenv("RJOURNAL_CONFIG", str(config))
    for text in ('theme = "no-such-theme"\n', "theme = [\n"):
        config.write_text(text)
        app = build_app(demo_db, today=TODAY)
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.pause()
            assert app.theme == "nord", text
