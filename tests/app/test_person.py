"""The person screen: profile, family with tact, promises, timeline, keys that change things."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from pathlib import Path

from textual.widgets import Input, OptionList, Static

from rjournal.app import undo
from rjournal.app.app import JournalApp, build_app
from rjournal.app.modals.confirm import ConfirmModal
from rjournal.app.screens.person import PersonScreen
from rjournal.app.widgets.rhythm_chart import RhythmChart
from rjournal.app.widgets.timeline import EntryItem, Timeline
from rjournal.domain.dates import YearlyDate
from rjournal.domain.model import Channel, Entry, Kid, Occasion, Person, Pet
from rjournal.domain.rhythms import Rhythm
from rjournal.store.errors import NotFound
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
            Person(
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
            kids=[Kid("Leo", YearlyDate(9, 3, 2019)), Kid("Ana", YearlyDate(12, 1))],
            pets=[
                Pet("Luna", "dog", YearlyDate(5, 20, 2021)),
                Pet("Rex", "dog", YearlyDate(4, 2, 2012), passed_on=date(2025, 6, 1)),
            ],
            occasions=[Occasion("Wedding anniversary", YearlyDate(11, 29, 2015))],
        )
        bob = journal.add_person(Person(name="Bob Moss", added_on=date(2025, 1, 1)))
        zoe = journal.add_person(Person(name="Zoë Ångström", added_on=date(2025, 1, 1)))
        journal.add_person(Person(name="Carl Jung", company="Zurich", added_on=date(2025, 1, 1)))
        entries = []
        for months_back in (1, 2, 2, 4, 5, 7, 9, 10):
            on = today - timedelta(days=30 * months_back + 3)
            entries.append(
                journal.add_entry(
                    Entry(
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
            Entry(
                "interaction",
                today - timedelta(days=12),
                "Lunch with Bob too.\nSecond line.",
                Channel.MEAL,
                people=(maria, bob),
            ),
            created_at=at,
        )
        note = journal.add_entry(
            Entry(
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


def text_of(app: JournalApp, selector: str) -> str:
    return str(app.screen.query_one(selector, Static).visual)


def list_text(app: JournalApp, selector: str) -> str:
    option_list = app.screen.query_one(selector, OptionList)
    return "\n".join(
        str(option_list.get_option_at_index(i).prompt) for i in range(option_list.option_count)
    )


def person_app(path: Path) -> JournalApp:
    return build_app(path, today=TODAY)


async def test_person_screen_shows_profile_family_promises_timeline(db_path: Path) -> None:
    ids = build_hero(db_path)
    app = person_app(db_path)
    async with app.run_test(size=(100, 30)) as pilot:
        await app.push_screen(PersonScreen(ids["maria"]))
        await pilot.pause()
        header = text_of(app, "#header")
        assert "Maria Sánchez" in header and "CTO at Northwind" in header
        profile = text_of(app, "#profile")
        for expected in (
            "Valencia",
            "14 Mar 1984, 42",
            "Jordi",
            "text, never before 10",
            "#client #friend",
            "monthly (your own)",
            "not a fan of long calls",
        ):
            assert expected in profile
        family = list_text(app, "#family")
        assert "Leo, 7" in family and "Luna (dog), 5" in family
        assert "Rex (dog), in memory, 2012–2025" in family
        assert "Rex (dog)," not in family.replace("Rex (dog), in memory", "")
        engine = text_of(app, "#engine")
        assert "Due" in engine and "Send her the climbing article" in engine
        assert "Rex" not in engine  # a pet that has passed away is never small talk
        assert "Wedding anniversary" in list_text(app, "#occasions")
        promises = app.screen.query_one("#promises", OptionList)
        assert promises.option_count == 2
        assert app.screen.query_one("#done").display
        items = list(app.screen.query(EntryItem))
        days = [item.entry.on for item in items]
        assert days == sorted(days, reverse=True) and len(items) == 10
        with_bob = next(i for i in items if i.entry.id == ids["with_bob"])
        shown = str(with_bob.visual)
        assert "with Bob Moss" in shown and "meal" in shown and "Second line." in shown
        assert sum(app.screen.query_one(RhythmChart).data[i][1] for i in range(12)) == 9


async def test_enter_on_a_kid_edits_that_kid(db_path: Path) -> None:
    ids = build_hero(db_path)
    app = person_app(db_path)
    async with app.run_test(size=(100, 30)) as pilot:
        await app.push_screen(PersonScreen(ids["maria"]))
        await pilot.pause()
        family = app.screen.query_one("#family", OptionList)
        family.focus()
        family.highlighted = next(
            i
            for i in range(family.option_count)
            if str(family.get_option_at_index(i).prompt).startswith("Leo")
        )
        await pilot.press("enter")
        await pilot.pause()
        assert app.screen.__class__.__name__ == "KidFormModal"
        notes = app.screen.query_one("#notes", Input)
        notes.value = "loves dinosaurs"
        await pilot.press("ctrl+s")
        await pilot.pause()
        leo = next(k for k in app.journal.kids(ids["maria"]) if k.name == "Leo")
        assert leo.notes == "loves dinosaurs"
        assert leo.birthday == YearlyDate(9, 3, 2019)  # untouched fields are kept
        assert len(app.journal.kids(ids["maria"])) == 2  # edited, not added


async def test_mark_promise_done_writes_done_on(db_path: Path) -> None:
    ids = build_hero(db_path)
    app = person_app(db_path)
    async with app.run_test(size=(100, 30)) as pilot:
        await app.push_screen(PersonScreen(ids["maria"]))
        await pilot.pause()
        await pilot.press("d")
        await pilot.pause()
        assert app.journal.promise(ids["overdue"]).done_on == TODAY
        assert app.journal.promise(ids["later"]).done_on is None
        assert app.screen.query_one("#promises", OptionList).option_count == 1


async def test_entry_id_highlights_and_scrolls_to_the_entry(db_path: Path) -> None:
    ids = build_hero(db_path)
    app = person_app(db_path)
    async with app.run_test(size=(100, 30)) as pilot:
        await app.push_screen(PersonScreen(ids["maria"], entry_id=ids["oldest"]))
        await pilot.pause()
        await pilot.pause()
        item = app.screen.query_one(Timeline).item(ids["oldest"])
        assert item is not None and item.has_class("-highlight")
        others = [i for i in app.screen.query(EntryItem) if i is not item]
        assert not any(i.has_class("-highlight") for i in others)
        assert app.screen.query_one("#body").scroll_y > 0
        assert item.region.y >= 0  # on screen


async def test_delete_asks_then_undo_restores(db_path: Path) -> None:
    ids = build_hero(db_path)
    app = person_app(db_path)
    async with app.run_test(size=(100, 30)) as pilot:
        await app.push_screen(PersonScreen(ids["maria"]))
        await pilot.pause()
        await pilot.press("x")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmModal)
        await pilot.press("n")
        await pilot.pause()
        assert isinstance(app.screen, PersonScreen)
        assert app.journal.person(ids["maria"]).name == "Maria Sánchez"
        await pilot.press("delete")
        await pilot.pause()
        await pilot.press("y")
        await pilot.pause()
        assert not isinstance(app.screen, PersonScreen)
        try:
            app.journal.person(ids["maria"])
            raise AssertionError("still there")
        except NotFound:
            pass
        assert app.journal.person(ids["maria"], deleted=True).name == "Maria Sánchez"
        assert undo.undo_last(app)
        assert app.journal.person(ids["maria"]).name == "Maria Sánchez"
        assert not undo.undo_last(app)  # nothing left to undo


async def test_archive_toggles(db_path: Path) -> None:
    ids = build_hero(db_path)
    app = person_app(db_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await app.push_screen(PersonScreen(ids["maria"]))
        await pilot.pause()
        await pilot.press("A")
        await pilot.pause()
        assert app.journal.person(ids["maria"]).archived
        assert "archived" in text_of(app, "#header")
        await pilot.press("A")
        await pilot.pause()
        assert not app.journal.person(ids["maria"]).archived


async def test_hostile_text_renders_literally(db_path: Path) -> None:
    with Journal.open(db_path) as journal:
        ids = [journal.add_person(Person(name=n, added_on=TODAY, company=n)) for n in HOSTILE_NAMES]
        journal.add_entry(
            Entry("note", TODAY, HOSTILE_NOTE, people=tuple(ids)),
            created_at=datetime(2026, 11, 22, 9),
        )
    app = person_app(db_path)
    async with app.run_test(size=(100, 30)) as pilot:
        for person_id, name in zip(ids, HOSTILE_NAMES, strict=True):
            await app.push_screen(PersonScreen(person_id))
            await pilot.pause()
            assert name in text_of(app, "#header")
            (item,) = app.screen.query(EntryItem)
            shown = str(item.visual)
            assert "[b]" in shown and "\\x1b[31mred?\\x07 [/]" in shown
            assert "\x1b" not in shown and "\x07" not in shown
            others = [n for n in HOSTILE_NAMES if n != name]
            assert all(other in shown for other in others)
            await pilot.press("escape")
            await pilot.pause()
        assert app.is_running


async def test_demo_hero_family_with_tact(demo_db: Path) -> None:
    app = person_app(demo_db)
    async with app.run_test(size=(100, 30)) as pilot:
        await app.push_screen(PersonScreen(1))
        await pilot.pause()
        family = list_text(app, "#family")
        assert "Leo, 6" in family and "turns 7 on Sat 28 Nov" in family
        assert "Tom (cat), in memory" in family
        engine = text_of(app, "#engine")
        assert "Tom" not in engine and "Rex" in engine
