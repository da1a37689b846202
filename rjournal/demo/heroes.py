"""The demo's hand-written people: rich profiles that screenshots tell a story with.

They come first (ids 1..), with dates relative to today, so the check-ins, occasions and
promises they show are always current: Maya's son turns 7 within the week, José owes an
article, Siobhán was born on 29 February, Greg is archived, Nadia snoozed, Chad in the trash.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta

from rjournal.domain.dates import YearlyDate
from rjournal.domain.model import Channel, NewPerson
from rjournal.domain.rhythms import Rhythm


def years_before(day: date, years: int) -> date:
    """The same day `years` earlier; 29 February becomes 28 February in a common year."""
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February in a common year
        return day.replace(year=day.year - years, day=28)


@dataclass
class Hero:
    """A hand-written person and what the journal knows about them; dates as ISO text."""

    person: NewPerson
    # (name, birthday, notes)
    kids: list[tuple[str, str | None, str | None]] = field(default_factory=list)
    # (name, species, birthday, passed away)
    pets: list[tuple[str, str, str | None, str | None]] = field(default_factory=list)
    # (label, yearly date)
    occasions: list[tuple[str, str]] = field(default_factory=list)
    # (text, due, done, created)
    promises: list[tuple[str, str | None, str | None, str]] = field(default_factory=list)
    # (days ago, channel or None for a note, from them, text, other hero indexes)
    entries: list[tuple[int, Channel | None, bool, str, tuple[int, ...]]] = field(
        default_factory=list
    )
    history_every: int = 0  # regular earlier contacts every N days (0: none)
    one_sided_days: int = 0  # within this many days, only you reached out
    deleted: bool = False


def heroes(today: date) -> list[Hero]:
    """The people screenshots are about; dates are relative to today."""

    def ago(days: int) -> date:
        return today - timedelta(days=days)

    def ahead(days: int) -> date:
        return today + timedelta(days=days)

    def yearly(day: date, years: int | None) -> YearlyDate:
        born = years_before(day, years) if years is not None else day
        return YearlyDate(born.month, born.day, born.year if years is not None else None)

    friday = ahead((4 - today.weekday()) % 7 or 7)
    maya = Hero(
        NewPerson(
            name="Maya Okafor-Lindqvist",
            nickname="Maya",
            company="Northwind Studio",
            role="Design Director",
            emails=("maya@northwind.example", "maya.okafor@mail.example"),
            phones=("+44 7700 900123",),
            city="London",
            birthday=YearlyDate(3, 14, 1987),
            partner="Sam",
            met="At a design conference in Lisbon, 2019",
            about="Runs the Thursday sketch club; mentoring two juniors this year.",
            likes="trail running, Studio Ghibli films, good espresso",
            dislikes="not a fan of LinkedIn: message her directly",
            channel=Channel.MESSAGE,
            reach="text, never before 10",
            tags=("client", "friend"),
            rhythm=Rhythm(1, "m"),
            added_on=ago(1000),
        ),
        kids=[
            ("Leo", yearly(ahead(6), 7).iso(), "started school this autumn"),
            ("Mia", "--05-02", ""),
        ],
        pets=[
            ("Rex", "dog", yearly(friday, 5).iso(), None),
            ("Tom", "cat", None, ago(400).isoformat()),
        ],
        occasions=[("Wedding anniversary", yearly(ahead(40), 9).iso())],
        promises=[
            (
                "send her the article on design systems",
                ago(5).isoformat(),
                None,
                ago(47).isoformat(),
            )
        ],
        entries=[
            (
                47,
                Channel.COFFEE,
                False,
                "Coffee at Flat White. Leo just started school; she's nervous about it.\n"
                "Asked me for the design systems article.",
                (),
            ),
            (80, Channel.MEETING, True, "Kick-off for the rebrand with José.", (1,)),
            (30, None, False, "Sam's new job starts in January.", ()),
        ],
        history_every=31,
    )
    jose = Hero(
        NewPerson(
            name="José Álvarez",
            company="Álvarez & Hijos Logística",
            role="Head of Operations",
            emails=("jose@alvarez.example",),
            phones=("+34 612 555 019",),
            city="Sevilla",
            birthday=YearlyDate(7, 2, 1975),
            partner="Carmen",
            about="Third generation running the family logistics firm.",
            likes="flamenco guitar, Betis, long lunches",
            dislikes="hates phone calls",
            channel=Channel.EMAIL,
            tags=("client",),
            added_on=ago(900),
        ),
        kids=[("Lucía", "2011-09-15", ""), ("Pablo", "2014-01-20", "plays in a youth band")],
        occasions=[
            ("Work anniversary at Álvarez & Hijos", yearly(ahead(9), 20).iso()),
            ("Álvarez & Hijos founding day", "1952-03-01"),
        ],
        promises=[
            (
                "send the article on warehouse robotics",
                ago(4).isoformat(),
                None,
                ago(20).isoformat(),
            ),
            (
                "intro to Priya about bookkeeping",
                ago(60).isoformat(),
                ago(58).isoformat(),
                ago(70).isoformat(),
            ),
        ],
        entries=[(40, Channel.VIDEO, False, "Video call on the Q1 volumes; robots are next.", ())],
        history_every=33,
    )
    misaki = Hero(
        NewPerson(
            name="田中 美咲",
            nickname="Misaki",
            company="Hoshizora Robotics",
            role="CTO",
            emails=("misaki.tanaka@hoshizora.example",),
            phones=("+81 90 5555 0142",),
            city="東京",
            birthday=yearly(ahead(10), 38),
            met="Robotics meetup in Osaka, 2024",
            likes="bouldering, mechanical keyboards",
            channel=Channel.EMAIL,
            reach="email first; video calls after 9 am JST",
            tags=("prospect",),
            added_on=ago(400),
        ),
        promises=[("send the pilot proposal", ahead(3).isoformat(), None, ago(12).isoformat())],
        entries=[(12, Channel.VIDEO, True, "She asked for a pilot proposal for Q1.", ())],
        history_every=60,
    )
    oleg = Hero(
        NewPerson(
            name="Олег Петров",
            nickname="Oleg",
            company="Kestrel Works",
            role="Senior Engineer",
            emails=("oleg@kestrel.example",),
            city="Tallinn",
            birthday=YearlyDate(10, 3, 1990),
            partner="Ирина",
            about="On my own team; leads the sync engine.",
            likes="chess, sauna, Tarkovsky",
            channel=Channel.VIDEO,
            tags=("team",),
            added_on=ago(800),
        ),
        pets=[("Барсик", "cat", "--06-01", None)],
        entries=[(16, Channel.MEETING, False, "1:1: wants to grow into a tech lead role.", ())],
        history_every=8,
    )
    fatima = Hero(
        NewPerson(
            name="فاطمة الزهراء",
            nickname="Fatima",
            company="Saffron Health",
            role="Head of People",
            emails=("fatima@saffron.example",),
            city="دبي",
            birthday=yearly(ahead(3), None),
            partner="Karim",
            met="Neighbours in Amsterdam, 2016",
            likes="calligraphy, hiking, cardamom coffee",
            channel=Channel.MESSAGE,
            tags=("friend",),
            added_on=ago(1090),
        ),
        pets=[("Simsim", "parrot", "--09-09", None)],
        entries=[(100, Channel.MESSAGE, False, "Sent photos from the hike; no reply yet.", ())],
        history_every=45,
        one_sided_days=330,
    )
    siobhan = Hero(
        NewPerson(
            name="Siobhán Ní Bhriain",
            company="Juniper Schools",
            role="Teacher",
            city="Galway",
            birthday=YearlyDate(2, 29, 1992),
            partner="Ciarán",
            about="My sister-in-law.",
            likes="sea swimming, trad sessions",
            channel=Channel.CALL,
            tags=("family",),
            added_on=ago(1095),
        ),
        kids=[("Aoife", yearly(ahead(12), 4).iso(), ""), ("Cian", "--12-24", "")],
        pets=[
            ("Biscuit", "dog", "2012-05-05", ago(200).isoformat()),
            ("Pepper", "cat", None, None),
        ],
        occasions=[("Wedding anniversary", yearly(ahead(5), 6).iso())],
        entries=[(9, Channel.CALL, True, "Long call; Aoife loves her new swimming class.", ())],
        history_every=16,
    )
    priya = Hero(
        NewPerson(
            name="Priya Raghunathan",
            company="Lotus Ledger",
            role="Founder",
            emails=("priya@lotus.example",),
            phones=("+91 98450 55501",),
            city="Bengaluru",
            birthday=YearlyDate(8, 19, 1983),
            met="She mentored me at an accelerator, 2018",
            about="Founded Lotus Ledger; my mentor.",
            likes="Carnatic music, cricket",
            tags=("mentor",),
            added_on=ago(1090),
        ),
        occasions=[
            ("Lotus Ledger founding day", yearly(ahead(20), 8).iso()),
            ("Work anniversary", "2016-06-01"),
        ],
        history_every=42,
    )
    greg = Hero(
        NewPerson(
            name="Greg Hollis",
            company="Atlas Freight",
            role="CFO",
            city="Denver",
            about="Former client; retired to Patagonia.",
            tags=("client",),
            archived=True,
            added_on=ago(1000),
        ),
        entries=[(500, Channel.EMAIL, True, "Farewell email: retiring, moving to Patagonia.", ())],
    )
    nadia = Hero(
        NewPerson(
            name="Nadia Benali",
            company="Bluefin Analytics",
            role="Data Scientist",
            city="Lyon",
            about="On parental leave.",
            tags=("client",),
            snoozed_until=ahead(12),
            added_on=ago(700),
        ),
        entries=[(90, Channel.EMAIL, True, "Out of office until December: new baby!", ())],
        history_every=35,
    )
    chad = Hero(
        NewPerson(
            name="Chad Brightwell",
            company="Rocket Recruiting",
            role="Recruiter",
            about="Cold outreach; not a relationship.",
            added_on=ago(30),
        ),
        entries=[(29, Channel.EMAIL, True, "Unsolicited recruiter pitch.", ())],
        deleted=True,
    )
    return [maya, jose, misaki, oleg, fatima, siobhan, priya, greg, nadia, chad]
