"""A writer storm with the app open: command-line processes write while the app polls,
shows and saves; nothing is lost, nothing says "locked", the app shows what they wrote."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from textual.widgets import TextArea

from rjournal.app.app import build_app
from rjournal.app.modals.quick_log import QuickLogModal
from rjournal.app.screens.home import HomeScreen
from rjournal.app.widgets.people_list import PeopleList
from rjournal.domain.model import NewPerson
from rjournal.store.journal import Journal
from tests.conftest import TODAY
from tests.faults.journals import check_invariants

WRITERS = 3
EACH = 4  # commands per writer: an add and logs, each a process of its own
APP_SAVES = 3

# One writer: its own people added and logged to, one `rj` process per command, as a user's
# scripts would run them.
WRITER = """
import subprocess, sys
db, me, each = sys.argv[1], sys.argv[2], int(sys.argv[3])
rj = [sys.executable, "-m", "rjournal", "--db", db]
for step in range(each):
    if step == 0:
        args = ["add", f"Storm {me}", "--tag", "storm"]
    else:
        args = ["log", f"Storm {me}", f"storm {me}-{step}", "--via", "call"]
    done = subprocess.run(rj + args, capture_output=True, text=True)
    if done.returncode != 0 or "locked" in done.stderr:
        sys.exit(f"{args}: {done.returncode} {done.stderr.strip()}")
"""


async def test_writers_storm_while_the_app_polls_and_saves(db_path: Path, tmp_path: Path) -> None:
    with Journal.open(db_path) as journal:
        journal.add_person(NewPerson(name="Ana Lima", added_on=TODAY))
    script = tmp_path / "writer.py"
    script.write_text(WRITER, encoding="utf-8")
    env = {**os.environ, "RJOURNAL_TODAY": TODAY.isoformat()}
    app = build_app(db_path, today=TODAY)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        writers = [
            subprocess.Popen(
                [sys.executable, str(script), str(db_path), str(n), str(EACH)],
                env=env,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.PIPE,
                text=True,
            )
            for n in range(WRITERS)
        ]
        # The app saves through its own quick log while they write.
        for n in range(APP_SAVES):
            await app.push_screen(QuickLogModal(app.context))
            await pilot.pause()
            await pilot.press(*"ana")
            app.screen.query_one("#text", TextArea).text = f"from the app {n}"
            await pilot.press("ctrl+s")
            await pilot.pause()
            assert not isinstance(app.screen, QuickLogModal), "the app's save failed"
        failures = [w.communicate(timeout=120)[1] for w in writers]
        assert [w.returncode for w in writers] == [0] * WRITERS, failures
        # The app's poll finds what the writers wrote: their people are in its list.
        people = app.screen.query_one(PeopleList) if isinstance(app.screen, HomeScreen) else None
        for _ in range(100):
            await pilot.pause(0.05)
            if people is not None and people.count >= 1 + WRITERS:
                break
        assert people is not None and people.count == 1 + WRITERS
    with Journal.open(db_path) as journal:
        texts = {
            row[0]
            for row in journal.conn.execute("SELECT text FROM entries WHERE kind = 'interaction'")
        }
    wanted = {f"storm {n}-{step}" for n in range(WRITERS) for step in range(1, EACH)}
    assert wanted | {f"from the app {n}" for n in range(APP_SAVES)} == texts
    check_invariants(db_path)
