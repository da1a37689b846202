"""The README's promises: its two commands, CI running the same test command, every command."""

from __future__ import annotations

import re
from pathlib import Path

import click

from rjournal.cli.main import main

ROOT = Path(__file__).resolve().parents[2]
README = (ROOT / "README.md").read_text(encoding="utf-8")
TEST_COMMAND = (
    "python3 -m venv .venv && .venv/bin/pip install -e '.[dev]' && .venv/bin/python -m pytest"
)
DEMO_COMMAND = "python3 -m venv .venv && .venv/bin/pip install . && .venv/bin/rj demo"


def test_readme_has_the_two_newcomer_commands() -> None:
    blocks = re.findall(r"```sh\n(.*?)\n```", README, flags=re.S)
    assert DEMO_COMMAND in blocks
    assert TEST_COMMAND in blocks


def test_ci_runs_the_readme_test_command() -> None:
    assert TEST_COMMAND in (ROOT / ".ci" / "run").read_text(encoding="utf-8").splitlines()


def test_every_command_is_in_the_readme() -> None:
    ctx = click.Context(main)
    for name in main.list_commands(ctx):
        assert f"rj {name}" in README, name


def test_every_screenshot_the_readme_shows_exists() -> None:
    for path in re.findall(r"\]\((screenshots/[^)]+)\)", README):
        assert (ROOT / path).is_file(), path
