"""The Journal: every read and write of one journal file, assembled from one part per aggregate.

Each part is a class in its own module over the same connection (store.core): people
(store.people), kids, pets and occasions (store.family), entries (store.entries), promises
(store.promises), tags and settings (store.tags). Mixins rather than delegation: each method is
written once, where its SQL is, with no forwarding layer to keep in step; callers (and tests
that patch a method) see one class.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from rjournal.store.entries import EntryQueries
from rjournal.store.family import FamilyQueries
from rjournal.store.opening import open_file
from rjournal.store.people import PeopleQueries
from rjournal.store.promises import PromiseQueries
from rjournal.store.records import PersonRow as PersonRow
from rjournal.store.records import SearchHit as SearchHit
from rjournal.store.records import TagInfo as TagInfo
from rjournal.store.tags import TagQueries

if TYPE_CHECKING:
    from rjournal.store.connection import StrPath


class Journal(PeopleQueries, FamilyQueries, EntryQueries, PromiseQueries, TagQueries):
    """One open journal file. Not shared between threads: open one per thread."""

    @classmethod
    def open(
        cls,
        path: StrPath,
        *,
        create: bool = True,
        private_dir: bool = False,
        upgrade_older: bool = True,
    ) -> Journal:
        """Open (or create) a journal; refuse files that are foreign, damaged or newer (and
        older ones, NotCurrent, unless `upgrade_older`)."""
        path = Path(path)
        conn, upgrade = open_file(
            path, create=create, private_dir=private_dir, upgrade_older=upgrade_older
        )
        journal = cls(conn, path)
        journal.upgrade = upgrade
        return journal

    def __enter__(self) -> Journal:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
