"""An import: the records of one or more contact files taken into the journal as one
transaction, all or nothing.

Each source (a file) gives records, as interop's readers make them: a Card (a vCard, a row of
another tool's CSV), an OwnRow (rjournal's own CSV) or a Refused (a card or row that can't be
read, with every reason). store.contacts_in matches each record with the journal's people and
adds or updates them.

All or nothing: every record is read, and every refusal listed, before anything counts; if any
record was refused, the transaction is rolled back and the journal is as it was (unless
`skip_bad`: then the good records are written and the refused ones only listed). A dry run
does the whole import, matching included, and rolls it back, so what it reports is exactly what
the import would do. The rollback happens whatever stops the import midway, so a kill at any
statement leaves the journal as it was.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import TYPE_CHECKING

from rjournal.interop.card import Card, Problem, Refused
from rjournal.interop.csv_own import OwnRow
from rjournal.store.contacts_in import IMPORTED_CONTACT as IMPORTED_CONTACT
from rjournal.store.contacts_in import ContactImport, Outcome

if TYPE_CHECKING:
    from rjournal.store.journal import Journal

# How many added people a report names (the count is always whole).
NAMED_ADDED = 1000


@dataclass(frozen=True)
class Source:
    """One file to import: how messages name it, and its records (read as they are asked for)."""

    name: str
    records: Iterable[Card | OwnRow | Refused]


@dataclass
class ImportReport:
    """What an import did (or, for a dry run or a refused import, would have done)."""

    records: int = 0
    added: int = 0
    added_names: list[tuple[int, str]] = field(default_factory=list)  # the first NAMED_ADDED
    updated: list[Outcome] = field(default_factory=list)
    unchanged: int = 0
    left: list[Outcome] = field(default_factory=list)  # matches with values left as they were
    # People added although they share an email or phone with someone whose name differs.
    apart: list[Outcome] = field(default_factory=list)
    refused: list[tuple[str, Refused]] = field(default_factory=list)  # (source, refusal)
    notes: list[tuple[str, Problem]] = field(default_factory=list)  # values kept, not read
    written: bool = False

    def count(self, outcome: Outcome) -> None:
        if outcome.kind == "added":
            self.added += 1
            if len(self.added_names) < NAMED_ADDED:
                self.added_names.append((outcome.person_id, outcome.name))
            if outcome.apart:
                self.apart.append(outcome)
        elif outcome.kind == "updated":
            self.updated.append(outcome)
        else:
            self.unchanged += 1
        if outcome.conflicts:
            self.left.append(outcome)


class _Undo(Exception):
    """Raised inside the write to roll it back: a dry run, or a refused import."""


def import_sources(
    journal: Journal,
    sources: Iterable[Source],
    *,
    today: date,
    now: datetime,
    dry_run: bool = False,
    skip_bad: bool = False,
    progress: Callable[[], None] | None = None,
) -> ImportReport:
    """Import every record of every source in one transaction (see the module's docstring);
    `progress` is called once per record."""
    report = ImportReport()
    try:
        with journal.write() as conn:
            importer = ContactImport(conn, today=today, now=now)
            # Once a record is refused, an import that will be rolled back only reads on.
            applying = True
            for source in sources:
                for record in source.records:
                    report.records += 1
                    if progress is not None:
                        progress()
                    if isinstance(record, Refused):
                        report.refused.append((source.name, record))
                        applying = applying and (skip_bad or dry_run)
                        continue
                    card = record.card if isinstance(record, OwnRow) else record
                    report.notes += [(source.name, problem) for problem in card.problems]
                    if applying:
                        report.count(importer.apply(record))
            if dry_run or (report.refused and not skip_bad):
                raise _Undo
            importer.finish()
    except _Undo:
        return report
    report.written = True
    return report
