"""Small journals the app tests share: written once per session, copied per test (conftest)."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from pathlib import Path

from rjournal.domain.dates import YearlyDate
from rjournal.domain.model import Channel, NewEntry, NewKid, NewOccasion, NewPerson, NewPet
from rjournal.domain.rhythms import Rhythm
from rjournal.store.journal import Journal
from tests.conftest import TODAY

HOSTILE_NAMES = ["Bob x[/bold]", "[@click=app.quit]Click", "Ann [red] Lee", "Al [/ Moss"]
HOSTILE_NOTE = "line one [b]\n\x1b[31mred?\x07 [/]"


def build_hero(path: Path, today: date = TODAY) -> dict[str, int]:
    """A small journal: Maria (the hero: kids, a dog alive, a dog in memory, promises,
    occasions, a year of contact) and a few others. Returns the ids worth knowing."""
    at = datetime(2026, 11, 1, 9, 0)
    with Journal.open(path) as journal:
        maria = journal.add_person(
            NewPerson(
                name="Maria Sánchez",
                nickname="Mari",
                company="Northwind",
                role="CTO",
                emails=("maria@example.com",),
                phones=("+34 600 000 000",),
                city="Valencia",
                birthday=YearlyDate(3, 14, 1984),
                partner="Jordi",
                met="PyCon 2019, Bilbao",
                about="Runs the platform team.",
                likes="climbing, sci-fi",
                dislikes="not a fan of long calls",
                channel=Channel.MESSAGE,
                reach="text, never before 10",
                tags=("client", "friend"),
                rhythm=Rhythm(1, "m"),
                added_on=date(2024, 1, 10),
            ),
            kids=[NewKid("Leo", YearlyDate(9, 3, 2019)), NewKid("Ana", YearlyDate(12, 1))],
            pets=[
                NewPet("Luna", "dog", YearlyDate(5, 20, 2021)),
                NewPet("Rex", "dog", YearlyDate(4, 2, 2012), passed_on=date(2025, 6, 1)),
            ],
            occasions=[NewOccasion("Wedding anniversary", YearlyDate(11, 29, 2015))],
        )
        bob = journal.add_person(NewPerson(name="Bob Moss", added_on=date(2025, 1, 1)))
        zoe = journal.add_person(NewPerson(name="Zoë Ångström", added_on=date(2025, 1, 1)))
        journal.add_person(NewPerson(name="Carl Jung", company="Zurich", added_on=date(2025, 1, 1)))
        entries = []
        for months_back in (1, 2, 2, 4, 5, 7, 9, 10):
            on = today - timedelta(days=30 * months_back + 3)
            entries.append(
                journal.add_entry(
                    NewEntry(
                        "interaction",
                        on,
                        f"Catch-up {months_back} months back",
                        Channel.COFFEE,
                        from_them=months_back % 2 == 0,
                        people=(maria,),
                    ),
                    created_at=at,
                )
            )
        with_bob = journal.add_entry(
            NewEntry(
                "interaction",
                today - timedelta(days=12),
                "Lunch with Bob too.\nSecond line.",
                Channel.MEAL,
                people=(maria, bob),
            ),
            created_at=at,
        )
        note = journal.add_entry(
            NewEntry(
                "note", today - timedelta(days=5), "Leo starts school in January.", people=(maria,)
            ),
            created_at=at,
        )
        overdue = journal.add_promise(
            maria, "Send her the climbing article", date(2026, 11, 1), today - timedelta(days=2)
        )
        later = journal.add_promise(
            maria, "Intro to Carl", date(2026, 11, 1), today + timedelta(days=10)
        )
        done = journal.add_promise(maria, "Book the venue", date(2026, 10, 1), None)
        journal.complete_promise(done, today - timedelta(days=20))
    return {
        "maria": maria,
        "bob": bob,
        "zoe": zoe,
        "with_bob": with_bob,
        "note": note,
        "oldest": entries[-1],
        "overdue": overdue,
        "later": later,
        "done": done,
    }
