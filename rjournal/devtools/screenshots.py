"""SVG screenshots of the app on the demo journal: `python -m rjournal.devtools.screenshots`.

Everything is fixed (the demo's people, seed and today, the terminal size), so the pictures
only change when the app does. The journal lives in a temporary directory, and so do the
data and config directories, so the user's own files are never touched.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import sys
import tempfile
from collections.abc import Callable
from datetime import date
from pathlib import Path

TODAY = date(2026, 11, 22)
SIZE = (100, 30)
DEMO_PEOPLE = 300
DEMO_SEED = 7
# Where the welcome screen says the journal will be kept: a user's usual place.
WELCOME_PATH = Path("/home/you/.local/share/rjournal/journal.db")
# The hero shown on person.svg: the demo's first person, with kids and pets.
HERO_ID = 1
QUICK_LOG_PERSON = "Maya"
QUICK_LOG_TEXT = "Coffee at Monmouth. Leo loves his new school; send her the design article."
SEARCH_QUERY = "lisbon"


def _parse(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="python -m rjournal.devtools.screenshots", description=__doc__.splitlines()[0]
    )
    parser.add_argument("--out", type=Path, default=Path("screenshots"), help="output folder")
    return parser.parse_args(argv)


async def _take(db_path: Path, out: Path) -> list[Path]:
    from textual.pilot import Pilot
    from textual.widgets import Input, Select, TextArea

    from rjournal.app.app import JournalApp, build_app
    from rjournal.app.screens.person import PersonScreen
    from rjournal.app.screens.review import ReviewScreen
    from rjournal.app.screens.search import SearchScreen
    from rjournal.domain.model import Channel

    app: JournalApp = build_app(db_path, today=TODAY)
    written: list[Path] = []

    async def settle(pilot: Pilot[None], ready: Callable[[], bool] = lambda: True) -> None:
        """Until `ready()` and no worker is running, then one more refresh."""
        for _ in range(500):
            await pilot.app.workers.wait_for_complete()
            await pilot.pause()
            if ready() and not any(w.is_running for w in pilot.app.workers):
                break
            await pilot.pause(0.02)
        for widget in pilot.app.screen.query("Input, TextArea"):
            if isinstance(widget, Input | TextArea):
                widget.cursor_blink = False
        await pilot.pause()

    def shoot(name: str) -> None:
        app.save_screenshot(filename=name, path=str(out))
        written.append(out / name)

    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        shoot("home.svg")

        await pilot.press("l")
        await settle(pilot, lambda: type(app.screen).__name__ == "QuickLogModal")
        modal = app.screen
        modal.query_one("#person", Input).focus()
        await pilot.press(*QUICK_LOG_PERSON)
        modal.query_one("#channel", Select).value = Channel.COFFEE
        text = modal.query_one("#text", TextArea)
        text.focus()
        text.insert(QUICK_LOG_TEXT)
        await settle(pilot)
        shoot("quick-log.svg")
        modal.dismiss(None)
        await settle(pilot)

        person = PersonScreen(app.context, HERO_ID)
        app.push_screen(person)
        await settle(pilot)
        shoot("person.svg")
        app.pop_screen()

        review = ReviewScreen(app.context)
        app.push_screen(review)
        await settle(pilot, lambda: review.review is not None)
        shoot("review.svg")
        app.pop_screen()

        search = SearchScreen(app.context)
        app.push_screen(search)
        await settle(pilot)
        await pilot.press(*SEARCH_QUERY)
        await settle(pilot, lambda: search.shown_query == SEARCH_QUERY)
        shoot("search.svg")

    # Bare `rj` before there is a journal: the welcome screen (the file is made by a save).
    # A path as a user would see it (never created: nothing is saved here).
    app = build_app(WELCOME_PATH, today=TODAY)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        shoot("welcome.svg")
    return written


def main(argv: list[str] | None = None) -> int:
    args = _parse(argv)
    out: Path = args.out.resolve()
    out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="rjournal-shots-") as scratch:
        # The app and the demo must never see the user's journal, config or drafts.
        os.environ["XDG_DATA_HOME"] = str(Path(scratch) / "data")
        os.environ["XDG_CONFIG_HOME"] = str(Path(scratch) / "config")
        os.environ.pop("RJOURNAL_DB", None)
        os.environ["RJOURNAL_TODAY"] = TODAY.isoformat()
        from rjournal.demo import build_demo

        db_path = Path(scratch) / "demo.db"
        build_demo(db_path, people=DEMO_PEOPLE, today=TODAY, seed=DEMO_SEED)
        written = asyncio.run(_take(db_path, out))
    for path in written:
        print(path)
    return 0


if __name__ == "__main__":
    sys.exit(main())
