"""What screens get from the app, without an App: the context is a plain object."""

from __future__ import annotations

from pathlib import Path

import pytest

from rjournal.app.context import JournalContext, context_of
from rjournal.domain.model import NewPerson
from rjournal.store.journal import Journal
from tests.conftest import TODAY


def test_a_context_gives_today_worker_connections_and_says_when_written(db_path: Path) -> None:
    written: list[bool] = []
    with Journal.open(db_path) as journal:
        context = JournalContext(
            db_path, journal, today=lambda: TODAY, written=lambda: written.append(True)
        )
        assert context.today() == TODAY and context.undo.pending() == []
        ann = context.journal.add_person(NewPerson(name="Ann", added_on=TODAY))
        context.journal_written()
        assert written == [True]
        worker = context.open_journal()
        try:
            assert worker.conn is not journal.conn
            assert worker.person(ann).name == "Ann"  # the same file, its own connection
        finally:
            worker.close()


def test_only_an_rjournal_app_has_a_context(db_path: Path) -> None:
    class NotOurs:
        context = "something else"

    with pytest.raises(TypeError):
        context_of(NotOurs())
    with Journal.open(db_path) as journal:

        class Ours:
            context = JournalContext(db_path, journal, today=lambda: TODAY, written=lambda: None)

        assert context_of(Ours()) is Ours.context
