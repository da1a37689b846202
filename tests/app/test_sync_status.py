"""The app and sync: the palette's "Sync status" (when, what changed, what could not be
merged or read), the home header's sync line, and a sync by another process re-read live."""

from __future__ import annotations

import asyncio
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from textual.widgets import Static

from rjournal.app import app as app_module
from rjournal.app.app import JournalApp, build_app
from rjournal.app.widgets.people_list import PeopleList
from rjournal.store.journal import Journal
from rjournal.sync.status import NOT_RUN, NOT_SET_UP
from tests.app.test_app_shell import _pick, _settled
from tests.conftest import TODAY, local_zone
from tests.sync.syncing import Paired, jtx_note, pair, person, phone_card, uid_of


@pytest.fixture
def berlin() -> Iterator[None]:
    """Local time an hour from UTC in November: the times shown are the local ones."""
    with local_zone("Europe/Berlin"):
        yield


def _synced_with_trouble(folder: Path) -> Paired:
    """A journal synced at 09:30 UTC (syncing.NOW, on the app's today): one person from the
    phone, one conflict kept on Anna, one note naming no one, one card that can't be read."""
    paired = pair(folder)
    anna = paired.journal.add_person(person("Anna [b]Berg[/b]", city="Paris"))
    paired.sync()
    href, _, etag = paired.card_of("Anna [b]Berg[/b]")
    paired.contacts.update(
        href, phone_card(uid_of(paired, anna), "Anna [b]Berg[/b]", "ADR:;;;Lyon;;;"), etag
    )
    paired.journal.update_person(anna, {"city": "Nice"})
    paired.contacts.upload("phone-1", phone_card("phone-1", "Bo Lind"))
    paired.calendar.upload("jtx-2", jtx_note("jtx-2", "Call Dana", "offsite", "CN=Dana Fox"))
    (paired.contacts.path / "bad.vcf").write_bytes(b"BEGIN:VCARD\r\nVERSION:3.0\r\nEND:VCARD\r\n")
    paired.sync()
    paired.journal.close()
    return paired


async def _sync_status(app: JournalApp, pilot: object) -> list[str]:
    """Run "Sync status" from the palette; the lines the modal shows."""
    from textual.pilot import Pilot

    assert isinstance(pilot, Pilot)
    await pilot.press("ctrl+p")
    await pilot.pause()
    await _pick(app, pilot, "sync st", "Sync status")
    assert type(app.screen).__name__ == "SyncStatusModal"
    return [
        ("  " if s.has_class("-nested") else "") + str(s.render())
        for s in app.screen.query(Static).filter(".sync-status-line")
    ]


async def test_sync_status_says_when_what_changed_and_what_was_not_merged(
    tmp_path: Path, berlin: None
) -> None:
    _synced_with_trouble(tmp_path)
    app = build_app(tmp_path / "journal.db", today=TODAY)
    async with app.run_test(size=(100, 30)) as pilot:
        await _settled(app, pilot)
        assert app.screen.sub_title == (
            "who needs you next · synced today at 10:30 · 1 conflict, 2 left alone"
        )
        lines = await _sync_status(app, pilot)
        assert lines[0] == "Synced today at 10:30"
        assert "  In the journal (changed): 1 person added, 1 person updated" in lines
        assert "  In the folders (changed): 1 person updated" in lines
        # User text is text: the name's brackets are shown, never read as markup.
        assert '  Kept both: Anna [b]Berg[/b]: from sync: the phone had city "Lyon"' in lines
        held = [line for line in lines if line.startswith("Left alone: ")]
        assert len(held) == 2  # each once: the run's report and the table say the same files
        assert held[0].startswith("Left alone: calendar/jtx-2.ics: names no one in the journal")
        assert held[1].startswith("Left alone: contacts/bad.vcf: can't be read as a vCard")
        await pilot.press("escape")
        await pilot.pause()
        assert type(app.screen).__name__ == "HomeScreen"


async def test_a_journal_never_synced_says_how_to_set_up_and_home_says_nothing(
    demo_db: Path,
) -> None:
    app = build_app(demo_db, today=TODAY)
    async with app.run_test(size=(100, 30)) as pilot:
        await _settled(app, pilot)
        assert app.screen.sub_title == "who needs you next"
        assert await _sync_status(app, pilot) == [NOT_SET_UP]
    assert "`rj sync --setup --contacts DIR --calendar DIR`" in NOT_SET_UP


async def test_set_up_but_never_run(tmp_path: Path) -> None:
    paired = pair(tmp_path)
    paired.journal.add_person(person("Anna Berg"))
    paired.journal.close()
    app = build_app(tmp_path / "journal.db", today=TODAY)
    async with app.run_test(size=(100, 30)) as pilot:
        await _settled(app, pilot)
        assert app.screen.sub_title == "who needs you next · not synced yet"
        assert await _sync_status(app, pilot) == [NOT_RUN]


async def test_the_palette_offers_no_sync_status_before_the_journal_exists(
    tmp_path: Path,
) -> None:
    from textual.command import CommandList

    app = build_app(tmp_path / "none.db", today=TODAY)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await pilot.press("ctrl+p", *"sync st")
        await pilot.pause(0.3)
        options = app.screen.query_one(CommandList)
        prompts = [str(options.get_option_at_index(i).prompt) for i in range(options.option_count)]
        assert not any("Sync status" in p for p in prompts)
    assert not (tmp_path / "none.db").exists()  # asking never made the journal


async def test_a_sync_run_by_another_process_shows_up_while_the_app_is_open(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, berlin: None
) -> None:
    monkeypatch.setattr(app_module, "POLL_SECONDS", 0.05)  # the poll itself, sooner
    paired = pair(tmp_path)
    paired.journal.add_person(person("Anna Berg"))
    paired.sync()
    paired.journal.close()
    app = build_app(tmp_path / "journal.db", today=TODAY)
    async with app.run_test(size=(100, 30)) as pilot:
        await _settled(app, pilot)
        people = app.screen.query_one(PeopleList)
        assert people.visible_names() == ["Anna Berg"]
        assert app.screen.sub_title == "who needs you next · synced today at 10:30"
        paired.contacts.upload("phone-1", phone_card("phone-1", "Bo Lind"))
        # `rj sync` itself, in its own process, while the app polls.
        process = await asyncio.create_subprocess_exec(
            sys.executable, "-m", "rjournal", "--db", str(tmp_path / "journal.db"), "sync",
            stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE,
        )  # fmt: skip
        out, err = await process.communicate()
        assert process.returncode == 0, err.decode()
        assert "In the journal (changed): 1 person added" in out.decode()
        for _ in range(100):
            await pilot.pause(0.05)
            await app.workers.wait_for_complete()
            if "Bo Lind" in people.visible_names():
                break
        assert people.visible_names() == ["Anna Berg", "Bo Lind"]
        # The header's sync line was re-read with the rest: the new run's time (the clock's).
        assert app.screen.sub_title != "who needs you next · synced today at 10:30"
        with Journal.open(tmp_path / "journal.db") as journal:
            from rjournal.sync.status import headline, last_sync

            with journal.snapshot() as conn:
                assert (
                    app.screen.sub_title
                    == f"who needs you next · {headline(last_sync(conn), TODAY)}"
                )
