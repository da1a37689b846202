"""Every multi-step write of the journal, by name: what the kill loop (test_kill.py) and the
statement-failure injection (test_injection.py) run, each against a copy of a seeded journal.

Adding a write is one line in WRITES: its name, and a Case with the function that makes it
(`journal, ids -> anything`; ids are those of journals.seed and seed_family) and, when it
needs one, the seed it starts from ("trashed": Ada is in the trash; "v2": an older journal,
so opening it upgrades it -- the write is the opening itself).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import date, datetime
from typing import Any, Literal

from rjournal.domain.dates import YearlyDate
from rjournal.domain.model import Channel, NewEntry, NewKid, NewOccasion, NewPerson, NewPet
from rjournal.domain.rhythms import Rhythm
from rjournal.store.journal import Journal

Ids = dict[str, int]
Seed = Literal["plain", "trashed", "v2"]
WHEN = datetime(2026, 11, 21, 8, 0)


@dataclass(frozen=True)
class Case:
    """One write: `run(journal, ids)`, from a copy of the `seed` journal."""

    run: Callable[[Journal, Ids], Any]
    seed: Seed = "plain"


def _dora(journal: Journal, ids: Ids) -> int:
    return journal.add_person(
        NewPerson(
            name="Dora Explorer",
            added_on=date(2026, 11, 1),
            company="Maps Inc",
            tags=("travel", "family", "close"),
        ),
        kids=[NewKid("Boots", YearlyDate(2, 29, 2016)), NewKid("Swiper", YearlyDate(4, 1))],
        pets=[NewPet("Backpack", "dog", YearlyDate(6, 1, 2020))],
        occasions=[NewOccasion("Adventure day", YearlyDate(9, 9))],
    )


def _import_csv(journal: Journal, ids: Ids) -> Any:
    from io import BytesIO

    from rjournal.interop.csv_read import open_csv
    from rjournal.store.importer import Source, import_sources

    found = open_csv(
        BytesIO(
            b"name,tags,kids,open_promises,last_contact\n"
            b"Grace Hopper,navy mentors,Ann (2019-01-02); Bo,fix it (due 2026-12-01),2026-10-01\n"
            b"Linus Pauling,chemistry,,,2026-09-01\n"
            b"Rosalind Franklin,,Cy (--05-05),send the photo,\n"
        ),
        today=date(2026, 11, 22),
    )
    assert not found.problems, found.problems
    return import_sources(
        journal,
        [Source("test.csv", found.records)],
        today=date(2026, 11, 22),
        now=datetime(2026, 11, 22, 9),
    )


def _update_entry(journal: Journal, ids: Ids) -> None:
    entry = journal.timeline(ids["Ada"], limit=1)[0]
    moved = replace(entry, on=date(2026, 11, 21), text="moved to a walk", people=(ids["Brian"],))
    journal.update_entry(moved)


def _form_edit(journal: Journal, ids: Ids) -> None:
    """What the app's person form saves: only what was edited, over the journal's now."""
    base = journal.person(ids["Ada"])
    changes = {"company": "Difference Engine", "tags": ("friends", "mentors")}
    journal.update_person(ids["Ada"], changes, base=base)


def _kid_edit(journal: Journal, ids: Ids) -> None:
    (kid,) = journal.kids(ids["Ada"])
    journal.update_kid(replace(kid, notes="plays go now"), base=kid)


WRITES: dict[str, Case] = {
    "add_person": Case(_dora),
    "update_person": Case(
        lambda j, ids: j.update_person(
            ids["Ada"],
            {"tags": ("mentors", "old friends"), "company": "Difference Engine", "about": "poet"},
        )
    ),
    "update_person_form": Case(_form_edit),
    "snooze": Case(lambda j, ids: j.snooze(ids["Ada"], date(2026, 12, 24))),
    "archive": Case(lambda j, ids: j.set_archived(ids["Brian"], True)),
    "delete_person": Case(lambda j, ids: j.delete_person(ids["Ada"], WHEN)),
    "restore_person": Case(lambda j, ids: j.restore_person(ids["Ada"]), seed="trashed"),
    "purge_person": Case(lambda j, ids: j.purge_person(ids["Ada"]), seed="trashed"),
    "merge_people": Case(lambda j, ids: j.merge_people(ids["Ada"], ids["Brian"], WHEN)),
    "add_entry": Case(
        lambda j, ids: j.add_entry(
            NewEntry(
                "interaction",
                date(2026, 11, 20),
                "dinner with all three",
                Channel.MEAL,
                people=(ids["Ada"], ids["Brian"], ids["Chloé"]),
            ),
            created_at=WHEN,
        )
    ),
    "update_entry": Case(_update_entry),
    "delete_entry": Case(lambda j, ids: j.delete_entry(ids["entry"])),
    "add_kid": Case(lambda j, ids: j.add_kid(ids["Brian"], NewKid("Ken", YearlyDate(4, 1)))),
    "update_kid_form": Case(_kid_edit),
    "remove_pet": Case(lambda j, ids: j.remove("pets", ids["pet"])),
    "add_promise": Case(
        lambda j, ids: j.add_promise(ids["Chloé"], "call back", date(2026, 11, 22), None)
    ),
    "complete_promise": Case(lambda j, ids: j.complete_promise(ids["promise"], date(2026, 11, 22))),
    "tag_rhythm": Case(lambda j, ids: j.set_tag_rhythm("friends", Rhythm(2, "w"))),
    "import_csv": Case(_import_csv),
    "upgrade": Case(lambda j, ids: None, seed="v2"),
}
