"""kill -9 of `rj sync` at every step leaves the journal and the vdirs consistent, and the next
sync completes with exactly what an uninterrupted one gives: nothing lost, nothing doubled.

A step is each write to a vdir (before and after it), each item's savepoint, the batch's sync
of the disk, BEGIN and COMMIT; the slow variant kills at every SQL statement as well (trigger
bodies included). The killed command is the real `rj sync` (click's main) in a forked child,
killed by SIGKILL from inside at the chosen step."""

from __future__ import annotations

import os
import shutil
import signal
import sqlite3
from collections.abc import Callable
from contextlib import closing
from datetime import date, datetime
from pathlib import Path
from typing import Any

import pytest

from rjournal.domain.dates import YearlyDate
from rjournal.domain.model import Channel, NewEntry, NewOccasion
from rjournal.store.journal import Journal
from rjournal.sync import vdir as vdir_module
from rjournal.sync.items import read_item
from rjournal.sync.vdir import CALENDAR_EXT, CONTACTS_EXT, Vdir
from tests.sync.syncing import NOW, Paired, jtx_note, pair, person, phone_card, uid_of

COARSE = ("BEGIN", "COMMIT", "SAVEPOINT", "RELEASE", "ROLLBACK")


def scenario(folder: Path) -> None:
    """A journal synced once, then changed on both sides: a conflict on a person and on an
    entry, new items on both sides, deletions on both sides, a promise done elsewhere."""
    p = pair(folder)
    j = p.journal
    anna = j.add_person(person("Anna Berg", emails=("anna@example.com",), city="Paris"))
    bo = j.add_person(person("Bo Lind"))
    cy = j.add_person(person("Cy Ward"))
    coffee = j.add_entry(
        NewEntry("interaction", date(2026, 11, 20), "Coffee", Channel.COFFEE, people=(anna, bo)),
        created_at=datetime(2026, 11, 20, 10),
    )
    j.add_entry(NewEntry("note", date(2026, 11, 18), "Cy's move", people=(cy,)), created_at=NOW)
    j.add_promise(anna, "send the article", date(2026, 11, 1), date(2026, 12, 1))
    j.add_occasion(bo, NewOccasion("opening", YearlyDate(3, 14, 2019)))
    p.sync()
    # In the journal.
    j.update_person(anna, {"city": "Nice"})
    entry = j.entry(coffee)
    from dataclasses import replace

    j.update_entry(replace(entry, text="Espresso"))
    j.delete_person(cy, NOW)
    eve = j.add_person(person("Eve Stone", company="Stone Ltd"))
    j.add_entry(NewEntry("note", date(2026, 11, 21), "Eve's idea", people=(eve,)), created_at=NOW)
    # In the folders, as vdirsyncer brings a phone's edits.
    href, text, etag = p.card_of("Anna Berg")
    p.contacts.update(
        href,
        phone_card(uid_of(p, anna), "Anna Berg", "EMAIL:anna@example.com", "ADR:;;;Lyon;;;",
                   "TITLE:Founder"),
        etag,
    )  # fmt: skip
    [(href, text, etag)] = p.items_with("SUMMARY:Coffee")
    p.calendar.update(href, text.replace("SUMMARY:Coffee", "SUMMARY:Tea"), etag)
    [(href, text, etag)] = p.items_with("send the article")
    p.calendar.update(href, text.replace("STATUS:NEEDS-ACTION", "STATUS:COMPLETED"), etag)
    [(href, _, etag)] = p.items_with("opening")
    p.calendar.delete(href, etag)
    p.contacts.upload("phone-1", phone_card("phone-1", "Dan Moss", "EMAIL:dan@example.com"))
    p.calendar.upload(
        "jtx-1", jtx_note("jtx-1", "Lunch", "with Dan", "CN=Dan:mailto:dan@example.com",
                          day="20261121"),
    )  # fmt: skip
    j.close()


def outcome(folder: Path) -> dict[str, Any]:
    """The journal's content and the folders' items, as field maps, without ids."""
    with Journal.open(folder / "journal.db", create=False) as j:
        assert j.conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        people = {}
        for deleted in (False, True):
            for row in j.people(archived=True, deleted=deleted):
                p = j.person(row.id, deleted=deleted)
                people[p.name] = (
                    deleted,
                    {k: v for k, v in p.__dict__.items() if k not in ("id", "added_on")},
                    sorted((x.text, x.due, x.done_on) for x in j.promises(row.id)),
                    sorted((o.label, o.date) for o in j.occasions(row.id)),
                    sorted((e.on, e.kind, e.text, len(e.people)) for e in j.timeline(row.id)),
                )
        removed = j.conn.execute("SELECT kind, what FROM sync_removed ORDER BY 1, 2").fetchall()
    contacts = Vdir(folder / "contacts", CONTACTS_EXT)
    calendar = Vdir(folder / "calendar", CALENDAR_EXT)
    cards = sorted(contacts.get(href)[0] for href, _ in contacts.list())
    items = sorted(repr(read_item(calendar.get(href)[0])) for href, _ in calendar.list())
    hidden = [n for d in (contacts.path, calendar.path) for n in os.listdir(d) if n[0] == "."]
    return {"people": people, "removed": removed, "cards": cards, "items": items, "tmp": hidden}


def killed_sync(folder: Path, kill_at: int, every_statement: bool) -> bool:
    """`rj sync` on folder's journal in a forked child, SIGKILLed at step kill_at; whether it
    was killed (False: it finished before that step)."""
    pid = os.fork()
    if pid == 0:  # the child: never returns
        code = 1
        try:
            code = _child(folder, kill_at, every_statement)
        finally:
            os._exit(code)
    _, status = os.waitpid(pid, 0)
    if os.WIFSIGNALED(status):
        assert os.WTERMSIG(status) == signal.SIGKILL
        return True
    assert os.WEXITSTATUS(status) == 0, f"rj sync failed at step {kill_at}"
    return False


def _child(folder: Path, kill_at: int, every_statement: bool) -> int:
    from rjournal.cli.main import main
    from rjournal.store import journal as journal_module

    count = 0

    def step() -> None:
        nonlocal count
        count += 1
        if count == kill_at:
            os.kill(os.getpid(), signal.SIGKILL)

    def trace(statement: str) -> None:
        if every_statement or statement.lstrip().upper().startswith(COARSE):
            step()

    opened = journal_module.Journal.open.__func__  # type: ignore[attr-defined]

    def traced_open(cls: type[Journal], *args: Any, **kwargs: Any) -> Journal:
        journal: Journal = opened(cls, *args, **kwargs)
        journal.conn.set_trace_callback(trace)
        return journal

    def around(method: Callable[..., Any]) -> Callable[..., Any]:
        def wrapped(*args: Any, **kwargs: Any) -> Any:
            step()
            result = method(*args, **kwargs)
            step()
            return result

        return wrapped

    journal_module.Journal.open = classmethod(traced_open)  # type: ignore[assignment]
    vdir_module.Vdir._write = around(vdir_module.Vdir._write)  # type: ignore[method-assign]
    vdir_module.Vdir.delete = around(vdir_module.Vdir.delete)  # type: ignore[method-assign]
    real_sync = os.sync
    os.sync = around(real_sync)
    os.environ["RJOURNAL_TODAY"] = "2026-11-22"
    code = main(["--db", str(folder / "journal.db"), "sync"], standalone_mode=False)
    return int(code or 0)


def finish(folder: Path) -> None:
    """The next syncs, as the user runs them: the first completes, the second has nothing."""
    p = Paired(*_open(folder))
    try:
        p.sync()
        assert p.sync().nothing_done
    finally:
        p.journal.close()


def _open(folder: Path) -> tuple[Journal, Vdir, Vdir]:
    journal = Journal.open(folder / "journal.db", create=False)
    return (
        journal,
        Vdir(folder / "contacts", CONTACTS_EXT),
        Vdir(folder / "calendar", CALENDAR_EXT),
    )


def copy(template: Path, folder: Path) -> None:
    """A copy of the template, its journal syncing with the copy's own vdirs."""
    shutil.copytree(template, folder)
    with closing(sqlite3.connect(folder / "journal.db")) as conn, conn:
        conn.execute(
            "UPDATE sync_settings SET contacts_dir = ?, calendar_dir = ?",
            (str(folder / "contacts"), str(folder / "calendar")),
        )


def kill_everywhere(tmp_path: Path, every_statement: bool) -> int:
    template = tmp_path / "template"
    scenario(template)
    reference = tmp_path / "reference"
    copy(template, reference)
    finish(reference)
    expected = outcome(reference)
    # What must be in it: the conflicts kept, nothing doubled.
    anna = expected["people"]["Anna Berg"][1]
    assert anna["about"].splitlines() == [
        'from sync: the phone had city "Lyon"',
        'from sync: another computer had text "Tea" (the interaction of 2026-11-20)',
    ]
    assert anna["city"] == "Nice" and anna["role"] == "Founder"
    assert len(expected["cards"]) == 4 and expected["tmp"] == []

    kill_at = 1
    while True:
        run = tmp_path / f"kill-{kill_at}"
        copy(template, run)
        if not killed_sync(run, kill_at, every_statement):
            break
        finish(run)
        assert outcome(run) == expected, f"killed at step {kill_at}"
        shutil.rmtree(run)
        kill_at += 1
    return kill_at - 1


def test_kill_9_at_every_step_leaves_both_sides_consistent(tmp_path: Path) -> None:
    steps = kill_everywhere(tmp_path, every_statement=False)
    print(f"killed at each of {steps} steps")
    assert steps >= 30  # every file write, every item changing the journal, BEGIN, COMMIT


@pytest.mark.slow
def test_kill_9_at_every_statement_leaves_both_sides_consistent(tmp_path: Path) -> None:
    steps = kill_everywhere(tmp_path, every_statement=True)
    assert steps >= 200
