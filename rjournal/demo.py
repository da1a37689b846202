"""A realistic demo journal, deterministic for (people, today, seed), built fast enough to bench.

A few hand-written "hero" people with rich profiles come first (ids 1..), so screenshots tell a
story; the rest are generated from name pools of many cultures. Everything is written into a
private temporary file beside the target and moved onto it at the end, so a half-built demo
never exists under the real name.
"""

from __future__ import annotations

import bisect
import functools
import itertools
import os
import random
import sqlite3
import unicodedata
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import Any

from rjournal.domain.dates import YearlyDate
from rjournal.domain.model import Channel, Person
from rjournal.domain.rhythms import LEARN_MIN_GAPS, Rhythm, learn_rhythm
from rjournal.domain.text import fold
from rjournal.store.connection import create_private_file
from rjournal.store.export_rows import rebuild_rows
from rjournal.store.derived import day_number
from rjournal.store.journal import Journal
from rjournal.store.rhythm_sql import shortest_tag_default
from rjournal.store.rows import folded_filter_key as _filter_key
from rjournal.store.rows import person_values as _person_values

HISTORY_DAYS = 3 * 365

# Default rhythms of tags; tags not listed here (mentor, neighbor, press, ...) have none.
TAG_RHYTHMS: dict[str, Rhythm] = {
    "team": Rhythm(1, "w"),
    "family": Rhythm(2, "w"),
    "client": Rhythm(1, "m"),
    "prospect": Rhythm(2, "m"),
    "friend": Rhythm(3, "m"),
    "investor": Rhythm(3, "m"),
}

# Culture pools: given names, surnames, cities, phone prefix. "Native|latin" gives a name in
# its own script with the transliteration used for email addresses.
_CULTURES: tuple[tuple[str, str, str, str, str], ...] = (
    (
        "Emma James Olivia Noah Ava Liam Grace Ethan Chloe Mason Harper Lucas Robert Elizabeth",
        "Smith Johnson Carter Bennett Hughes Morgan Foster Reed Turner Walsh Brooks Hayes",
        "Boston Chicago Denver Portland Austin Seattle Brooklyn",
        "+1 555",
        "Latn",
    ),
    (
        "Oliver Amelia George Isla Harry Poppy Alfie Imogen Freddie Florence",
        "Whitaker Ashworth Pemberton Clarke Holloway Fairbairn Thornton Okoro",
        "London Manchester Bristol Edinburgh Leeds",
        "+44 7700",
        "Latn",
    ),
    (
        "Siobhán Aoife Niamh Caoimhe Seán Oisín Pádraig Róisín Ciarán Éabha",
        "Ó_Briain Mac_Cárthaigh Ní_Dhonnchadha Kavanagh Ó_Súilleabháin Byrne",
        "Dublin Galway Cork Limerick",
        "+353 85",
        "Latn",
    ),
    (
        "Élodie François Anaïs Benoît Céline Jérôme Maëlle Thérèse Hélène Gaël Noémie",
        "Lefèvre Dubois Moreau Girard Rousseau Fontaine Mercier Chevalier Lemaître",
        "Paris Lyon Marseille Nantes Bordeaux Lille",
        "+33 6",
        "Latn",
    ),
    (
        "Jürgen Lena Jörg Käthe Lukas Marie Maximilian Sophie Björn Anja Uwe",
        "Müller Schäfer Groß Köhler Weiß Bäcker Hoffmann Krüger Schröder",
        "Berlin München Hamburg Köln Leipzig",
        "+49 151",
        "Latn",
    ),
    (
        "José María Begoña Iñaki Lucía Álvaro Inés Sofía Martín Nuria Ramón",
        "García Álvarez Muñoz Pérez Ibáñez Gómez Ortega Núñez Castaño",
        "Madrid Sevilla Bilbao Valencia Barcelona Málaga",
        "+34 612",
        "Latn",
    ),
    (
        "João Conceição Thiago Luíza Gonçalo Ana Beatriz Caio Fernanda Raí",
        "Araújo Gonçalves Conceição Magalhães Simões Brandão Oliveira",
        "São_Paulo Lisboa Porto Recife Curitiba",
        "+55 11",
        "Latn",
    ),
    (
        "Łukasz Małgorzata Wojciech Zofia Paweł Agnieszka Michał Kasia Grzegorz",
        "Wiśniewski Kowalczyk Wójcik Zieliński Dąbrowska Lewandowski",
        "Warszawa Kraków Gdańsk Wrocław Łódź",
        "+48 512",
        "Latn",
    ),
    (
        "Çağla Gökhan Şükrü Elif Emre Özlem Burak Zeynep Ümit Ayşe",
        "Yılmaz Öztürk Çelik Şahin Aydın Doğan Kılıç Arslan",
        "İstanbul Ankara İzmir Bursa",
        "+90 532",
        "Latn",
    ),
    (
        "Chinedu Ngozi Oluwaseun Adaeze Tunde Folake Emeka Chiamaka Kelechi",
        "Okafor Adeyemi Nwosu Balogun Eze Okonkwo Abiodun",
        "Lagos Abuja Ibadan Enugu",
        "+234 803",
        "Latn",
    ),
    (
        "Wanjiru Kamau Achieng Otieno Njeri Kiprono Amani Baraka",
        "Mwangi Ochieng Kariuki Wambui Kiptoo Njoroge",
        "Nairobi Mombasa Kisumu",
        "+254 712",
        "Latn",
    ),
    (
        "Priya Arjun Ananya Rohan Kavya Vikram Meera Aditya Lakshmi Siddharth",
        "Raghunathan Iyer Sharma Chatterjee Reddy Menon Kulkarni Banerjee",
        "Bengaluru Mumbai Chennai Pune Kolkata",
        "+91 98",
        "Latn",
    ),
    (
        "美咲|misaki 健太|kenta 陽菜|hina 翔太|shota 結衣|yui 大輔|daisuke さくら|sakura 蓮|ren",
        "田中|tanaka 佐藤|sato 鈴木|suzuki 高橋|takahashi 渡辺|watanabe 山本|yamamoto",
        "東京 大阪 京都 福岡 札幌",
        "+81 90",
        "Jpan",
    ),
    (
        "Haruto Aoi Yuto Mei Sota Rin Kaito Akari",
        "Nakamura Kobayashi Inoue Kimura Hayashi Shimizu",
        "Yokohama Nagoya Kobe Sendai",
        "+81 80",
        "Latn",
    ),
    (
        "芳|fang 伟|wei 静|jing 磊|lei 婷|ting 洋|yang 敏|min 杰|jie",
        "王|wang 李|li 张|zhang 刘|liu 陈|chen 杨|yang 赵|zhao",
        "北京 上海 深圳 杭州 成都",
        "+86 139",
        "Hans",
    ),
    (
        "Xiaoling Zhiwei Meilin Haoran Yutong Junjie",
        "Huang Zhou Wu Xu Sun Ma",
        "Taipei Singapore Hong_Kong",
        "+65 9",
        "Latn",
    ),
    (
        "민준|minjun 서연|seoyeon 지훈|jihoon 하은|haeun 도윤|doyun 지우|jiwoo",
        "김|kim 이|lee 박|park 최|choi 정|jung 강|kang",
        "서울 부산 인천 대구",
        "+82 10",
        "Hang",
    ),
    (
        "Анна|anna Дмитрий|dmitry Ольга|olga Сергей|sergey Наталья|natalya Алексей|aleksey "
        "Екатерина|ekaterina Иван|ivan",
        "Иванова|ivanova Петров|petrov Смирнова|smirnova Кузнецов|kuznetsov Соколова|sokolova "
        "Волков|volkov",
        "Москва Санкт-Петербург Казань Новосибирск",
        "+7 916",
        "Cyrl",
    ),
    (
        "Dmitri Svetlana Aleksandr Yulia Mikhail Tatiana Nikolai Irina",
        "Volkov Morozova Lebedev Novikova Kozlov Pavlova",
        "Tbilisi Almaty Riga Tallinn",
        "+7 925",
        "Latn",
    ),
    (
        "محمد|mohammed فاطمة|fatima أحمد|ahmed ليلى|layla عمر|omar نور|nour "
        "يوسف|youssef مريم|maryam",
        "العلي|alali الحسن|alhassan المصري|almasri الخطيب|alkhatib حداد|haddad",
        "القاهرة الرياض دبي عمّان بيروت",
        "+971 50",
        "Arab",
    ),
    (
        "Omar Yasmin Karim Rania Tarek Salma Hassan Dina",
        "Haddad Khoury Nassar Saleh Mansour Aziz",
        "Cairo Beirut Amman Casablanca Tunis",
        "+20 100",
        "Latn",
    ),
    (
        "Γιώργος|giorgos Ελένη|eleni Νίκος|nikos Μαρία|maria Κώστας|kostas Δήμητρα|dimitra",
        "Παπαδόπουλος|papadopoulos Οικονόμου|oikonomou Γεωργίου|georgiou Νικολάου|nikolaou",
        "Αθήνα Θεσσαλονίκη Πάτρα",
        "+30 69",
        "Grek",
    ),
    (
        "Nguyễn_Thị_Lan|lan Trần_Văn_Minh|minh Phạm_Thu_Hà|ha Lê_Quang_Huy|huy",
        "|",
        "Hà_Nội Hồ_Chí_Minh Đà_Nẵng",
        "+84 91",
        "Viet",
    ),
    (
        "Åsa Søren Ingrid Mikael Sigrid Lars Freja Øystein Linnea Henrik",
        "Lindqvist Sørensen Håkansson Johansson Nyström Ødegård Bergström",
        "Stockholm København Oslo Göteborg Malmö Helsinki",
        "+46 70",
        "Latn",
    ),
    (
        "Tomás Valentina Mateo Camila Santiago Florencia Joaquín Renata",
        "Fernández Rodríguez Díaz Herrera Rojas Vargas",
        "Buenos_Aires Santiago Bogotá Lima Ciudad_de_México",
        "+52 55",
        "Latn",
    ),
    (
        "Noa Yael Itai Tamar Eitan Shira",
        "Cohen Levi Mizrahi Peretz Friedman",
        "Tel_Aviv Haifa",
        "+972 52",
        "Latn",
    ),
)
# How often each culture is drawn (the first few are the journal owner's own surroundings).
_CULTURE_WEIGHTS = (10, 7, 3, 5, 5, 5, 4, 3, 3, 4, 2, 5, 3, 2, 3, 2, 2, 2, 2, 2, 2, 2, 2, 5, 3, 2)

_NICKNAMES = {
    "Robert": "Bob", "Elizabeth": "Liz", "James": "Jim", "Alfie": "Alf", "Maximilian": "Max",
    "Aleksandr": "Sasha", "Dmitri": "Dima", "Ekaterina": "Katya", "Екатерина": "Катя",
    "Александр": "Саша", "Małgorzata": "Gosia", "Grzegorz": "Grzesiek", "Oluwaseun": "Seun",
    "Chiamaka": "Amaka", "Siddharth": "Sid", "Lakshmi": "Lux", "Santiago": "Santi",
    "Florencia": "Flor", "Valentina": "Vale", "Gonçalo": "Gonça", "Wojciech": "Wojtek",
    "Γιώργος": "Γιωργάκης", "Νίκος": "Nick", "Joaquín": "Joaco", "Iñaki": "Iñaki",
    "Maëlle": "Mama", "Benoît": "Ben", "Thérèse": "Théa", "Imogen": "Immy", "Freddie": "Fred",
    "Mason": "Mace", "Ethan": "E", "Yulia": "Yulka", "Nikolai": "Kolya",
}  # fmt: skip

_COMPANIES = (
    "Northwind Studio", "Kestrel Works", "Bluefin Analytics", "Lotus Ledger", "Tannery & Co.",
    "Hoshizora Robotics", "Müller Maschinenbau", "Café Lumière", "Orbital Bakery",
    "Fjord Legal", "Saffron Health", "Atlas Freight", "Pinecone Labs", "Verdant Energy",
    "Quill & Anchor", "Blue Heron Clinic", "Marlowe Capital", "Red Kite Media",
    "Ostrava Steelworks", "Copperleaf Architects", "Nimbus Cloud", "Sable Security",
    "Juniper Schools", "Ironbark Construction", "Gold Coast Hotels", "Meridian Shipping",
    "Paper Lantern Games", "Helix Biotech", "Harbourside Dental", "Wildflower Events",
    "Sunbeam Solar", "Crane & Finch", "Obsidian Consulting", "Mapleview Foods",
    "Zenith Aerospace", "Tidewater Fisheries", "Cobalt Ventures", "Larkspur Publishing",
)  # fmt: skip
_ROLES = (
    "CEO", "CTO", "Founder", "Head of Operations", "Product Manager", "Designer",
    "Engineering Manager", "Senior Engineer", "Sales Director", "Account Manager",
    "Marketing Lead", "Data Scientist", "Head of People", "CFO", "Architect", "Editor",
    "Procurement Lead", "Partner", "Consultant", "Chef", "Teacher", "Doctor", "Researcher",
)  # fmt: skip
_KID_NAMES = (
    "Leo", "Mia", "Noah", "Emma", "Aiko", "Yuki", "Omar", "Sofia", "Luca", "Ines", "Mateo",
    "Zoe", "Ivan", "Lina", "Kai", "Nora", "Elif", "Arjun", "Maya", "Finn", "Hana", "Ada",
    "Theo", "Lucía", "Søren", "Chidi", "Amara", "Jonas", "Freya", "Ravi", "Ana", "Tomás",
    "Ayla", "Emil",
)  # fmt: skip
_PET_NAMES = (
    "Rex", "Tom", "Luna", "Biscuit", "Mochi", "Pepper", "Simba", "Nala", "Oscar", "Kiwi",
    "Pixel", "Bruno", "Coco", "Loki", "Miso", "Ziggy", "Olive", "Tofu", "Bamse", "Kuro",
    "Baloo", "Frida",
)  # fmt: skip
_SPECIES = ("dog", "dog", "dog", "cat", "cat", "cat", "rabbit", "parrot", "tortoise", "horse")
_TOPICS = (
    "the Q3 roadmap", "their move to a new flat", "marathon training", "the hiring plan",
    "a new espresso machine", "the conference in Lisbon", "pricing for next year",
    "their sabbatical", "the kids' school", "sourdough", "the board meeting", "a book on habits",
    "the product launch", "their garden", "climbing", "the office move", "a podcast idea",
    "the migration to Postgres", "a trip to Japan", "the budget", "learning Spanish",
    "the new puppy", "jazz festivals", "a side project", "the merger rumours",
)  # fmt: skip
_PLACES = (
    "Flat White", "the Anchor", "Café Central", "Blue Bottle", "the office", "Brew Lab",
    "Monmouth", "the market", "their place", "Dishoom", "the park",
)  # fmt: skip
_TEXTS: dict[Channel, tuple[str, ...]] = {
    Channel.CALL: ("Call about {topic}.", "Quick call: caught up on {topic}.",
                   "Phoned to say hi; we talked about {topic}."),
    Channel.VIDEO: ("Video call on {topic}.", "Zoom catch-up, mostly {topic}."),
    Channel.MEETING: ("Meeting on {topic}.", "1:1 about {topic}.",
                      "Workshop on {topic}; good energy."),
    Channel.COFFEE: ("Coffee at {place}; talked about {topic}.", "Coffee at {place}."),
    Channel.MEAL: ("Lunch at {place}: {topic}.", "Dinner at {place}, talked {topic}."),
    Channel.EMAIL: ("Email about {topic}.", "Sent notes on {topic}.",
                    "Long email thread on {topic}."),
    Channel.MESSAGE: ("Messages about {topic}.", "Texted about {topic}.",
                      "WhatsApp: photos and {topic}."),
    Channel.LETTER: ("Sent a handwritten card.", "Letter with news about {topic}."),
    Channel.GIFT: ("Sent a small gift for {topic}.", "Dropped off a book about {topic}."),
    Channel.SOCIAL: ("Commented on their post about {topic}.", "DM'd about {topic}."),
    Channel.EVENT: ("Met at a meetup on {topic}.", "Saw them at a conference talk on {topic}."),
    Channel.OTHER: ("Bumped into each other; chatted about {topic}.",),
}  # fmt: skip
_NOTES = (
    "Note: prefers mornings for calls.", "Note: is thinking about {topic}.",
    "Note: ask about {topic} next time.", "Note: mentioned {topic} twice, seems to matter.",
    "Note: on holiday most of August.",
)  # fmt: skip
# Channels by tag: who you meet how.
_CHANNELS: dict[str, tuple[Channel, ...]] = {
    "team": (Channel.MEETING, Channel.MEETING, Channel.MESSAGE, Channel.VIDEO, Channel.CALL,
             Channel.MEAL),
    "client": (Channel.EMAIL, Channel.VIDEO, Channel.MEETING, Channel.CALL, Channel.MEAL,
               Channel.GIFT, Channel.EVENT),
    "prospect": (Channel.EMAIL, Channel.VIDEO, Channel.EVENT, Channel.COFFEE, Channel.SOCIAL),
    "friend": (Channel.MESSAGE, Channel.COFFEE, Channel.MEAL, Channel.CALL, Channel.SOCIAL,
               Channel.GIFT, Channel.OTHER),
    "family": (Channel.CALL, Channel.MESSAGE, Channel.MEAL, Channel.VIDEO, Channel.LETTER,
               Channel.GIFT),
    "other": tuple(Channel),
}  # fmt: skip
_TAG_SETS = (
    ("client",), ("client",), ("client", "friend"), ("prospect",), ("prospect",), ("team",),
    ("friend",), ("friend",), ("family",), ("mentor",), ("former-colleague",), ("neighbor",),
    ("press",), ("investor",), ("conference",), (),
)  # fmt: skip
# Days between contacts of someone with neither an own rhythm nor a tag default.
_BASE_CADENCES = (20, 45, 60, 90, 120, 180, 365)
_OWN_RHYTHMS = (
    Rhythm(1, "w"), Rhythm(2, "w"), Rhythm(1, "m"), Rhythm(6, "w"), Rhythm(3, "m"),
    Rhythm(1, "y"), Rhythm(0), Rhythm(10, "d"),
)  # fmt: skip
_LIKES = (
    "trail running", "jazz", "Studio Ghibli films", "natural wine", "board games", "chess",
    "birdwatching", "F1", "ceramics", "sci-fi novels", "cycling", "football", "gardening",
)  # fmt: skip
_DISLIKES = (
    "not a fan of LinkedIn", "hates phone calls", "no meetings on Fridays",
    "not a fan of Slack huddles", "dislikes small talk about work", "vegetarian: no steakhouses",
)  # fmt: skip
_REACH = (
    "text, never before 10", "email only", "mornings are best", "WhatsApp voice notes",
    "not on Fridays", "call after 6 pm",
)  # fmt: skip
_MET = (
    "at a conference in {city}", "through a mutual friend", "at university", "on a project",
    "at a meetup in {city}", "neighbours in {city}", "introduced by a client",
)  # fmt: skip
_PROMISES = (
    "send the article on {topic}", "intro to someone who knows {topic}",
    "return the book on {topic}", "share the deck on {topic}", "send photos from {place}",
    "recommend a good place near {place}",
)  # fmt: skip

# The columns of a person's row, in the order the builder makes them: what the store's
# _person_values writes (tests check every one), then what it derives from the entries and
# rhythms (_refresh_contact and refresh_rhythms).
_PERSON_COLUMNS = (
    "id", "name", "nickname", "company", "role", "emails", "phones", "city", "birthday",
    "partner", "met", "about", "likes", "dislikes", "channel", "reach", "rhythm", "rhythm_days",
    "rhythm_avg", "snoozed_until", "archived", "added_on", "name_key", "sort_key", "nick_key",
    "filter_key", "deleted_at",
)  # fmt: skip
_DERIVED_COLUMNS = (
    "last_contact", "last_channel", "learned_days", "eff_min", "eff_avg", "start_day",
    "due_from",
)  # fmt: skip
_ENTRY_COLUMNS = ("id", "kind", "on_date", "channel", "from_them", "text", "created_at")
# Birthdays reach back 70 years; every generated "N days ago" is shorter.
_OLDEST_DAYS = 70 * 365
# Bound values per multi-row INSERT (within SQLite's oldest limit of 999).
_VALUES_PER_INSERT = 960
# The time of day of entry n's created_at depends on n % 60 only.
_STAMPS = tuple(f"T{9 + n % 10:02d}:{n * 7 % 60:02d}:00" for n in range(60))


class _Random(random.Random):
    """random.Random with cheaper choice and randrange: the builder makes millions of draws."""

    def choice(self, seq: Sequence[Any]) -> Any:  # type: ignore[override]
        return seq[int(self.random() * len(seq))]

    def randrange(self, start: int, stop: int | None = None, step: int = 1) -> int:
        if stop is None:
            start, stop = 0, start
        return start + int(self.random() * (stop - start))


def _parse_pool(text: str) -> list[tuple[str, str, str]]:
    """ "Native|latin" words (or plain words) as (shown, latin, ascii for emails) triples."""
    out = []
    for word in text.split():
        shown, _, latin = word.replace("_", " ").partition("|")
        latin = latin or shown
        out.append((shown, latin, _ascii(latin)))
    return out


@dataclass(frozen=True)
class _Culture:
    given: list[tuple[str, str, str]]
    surnames: list[tuple[str, str, str]]
    cities: list[str]
    phone_prefix: str
    script: str


def _cultures() -> list[_Culture]:
    return [
        _Culture(
            _parse_pool(given),
            _parse_pool(surnames),
            [c.replace("_", " ") for c in cities.split()],
            prefix,
            script,
        )
        for given, surnames, cities, prefix, script in _CULTURES
    ]


@functools.cache
def _ascii(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    kept = "".join(ch for ch in decomposed if ch.isascii() and (ch.isalnum()))
    return kept.lower() or "x"


def _years_before(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February in a common year
        return day.replace(year=day.year - years, day=28)


def _domain(company: str) -> str:
    return f"{_ascii(company.split(' ')[0])}.example"


def _yearless(iso: str) -> str:
    """YearlyDate.iso() of a day without its year: "--MM-DD"."""
    return f"--{iso[5:]}"


@dataclass(frozen=True)
class _TagSet:
    """What a set of tags decides, worked out once per set: the rows, how you meet, the
    default rhythm (min days, avg days) in force and the base cadence of generated contact."""

    rows: tuple[str, ...]
    channels: tuple[str, ...]
    default: tuple[int, float] | None
    cadence: float | None


def _tag_set(tags: tuple[str, ...]) -> _TagSet:
    tag = next((t for t in tags if t in _CHANNELS), "other")
    default = shortest_tag_default(tags, TAG_RHYTHMS)
    found = [TAG_RHYTHMS[t].approx_days() for t in tags if t in TAG_RHYTHMS]
    return _TagSet(
        tuple(sorted(set(tags))),
        tuple(c.value for c in _CHANNELS[tag]),
        (default[1].min_days(), default[1].approx_days()) if default else None,
        min(found) if found else None,
    )


@dataclass
class _Hero:
    person: Person
    kids: list[tuple[str, str | None, str | None]] = field(default_factory=list)
    pets: list[tuple[str, str, str | None, str | None]] = field(default_factory=list)
    occasions: list[tuple[str, str]] = field(default_factory=list)
    promises: list[tuple[str, str | None, str | None, str]] = field(default_factory=list)
    # (days ago, channel or None for a note, from them, text, other hero indexes)
    entries: list[tuple[int, Channel | None, bool, str, tuple[int, ...]]] = field(
        default_factory=list
    )
    history_every: int = 0  # regular earlier contacts every N days (0: none)
    one_sided_days: int = 0  # within this many days, only you reached out
    deleted: bool = False


def _heroes(today: date) -> list[_Hero]:
    """The people screenshots are about; dates are relative to today."""

    def ago(days: int) -> date:
        return today - timedelta(days=days)

    def ahead(days: int) -> date:
        return today + timedelta(days=days)

    def yearly(day: date, years: int | None) -> YearlyDate:
        born = _years_before(day, years) if years is not None else day
        return YearlyDate(born.month, born.day, born.year if years is not None else None)

    friday = ahead((4 - today.weekday()) % 7 or 7)
    maya = _Hero(
        Person(
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
            (30, None, False, "Note: Sam's new job starts in January.", ()),
        ],
        history_every=31,
    )
    jose = _Hero(
        Person(
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
    misaki = _Hero(
        Person(
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
    oleg = _Hero(
        Person(
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
    fatima = _Hero(
        Person(
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
    siobhan = _Hero(
        Person(
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
    priya = _Hero(
        Person(
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
    greg = _Hero(
        Person(
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
    nadia = _Hero(
        Person(
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
    chad = _Hero(
        Person(
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


class _Builder:
    """Generates the demo's rows in one deterministic stream of random draws.

    Rows are plain tuples (flat lists for the big tables) built from pools worked out once:
    no domain objects per generated person or entry, whose validation and enum look-ups
    cost as much as the rest of the generation.
    """

    def __init__(self, people: int, today: date, seed: int) -> None:
        self.total = people
        self.today = today
        self.rng = _Random(f"rjournal-demo:{seed}:{people}:{today.isoformat()}")
        self.start = today - timedelta(days=HISTORY_DAYS)
        self.entry_id = 0
        self.cultures = _cultures()
        total_weight = sum(_CULTURE_WEIGHTS)
        self.culture_cumulative = [
            w / total_weight for w in itertools.accumulate(_CULTURE_WEIGHTS[:-1])
        ]
        # Interactions per person as (day ordinal, entry id, channel), for the derived columns.
        self.contacts: dict[int, list[tuple[int, int, str]]] = {}
        # Average entries per person: rich for small journals, 6-10 for the benchmark sizes.
        self.mean_entries = 14.0 if people <= 5_000 else 9.0
        # Every day of the history as ISO text, by ordinal, and ready-made texts per channel.
        first_day = self.start - timedelta(days=400)
        self.iso_of = {
            first_day.toordinal() + n: (first_day + timedelta(days=n)).isoformat()
            for n in range((today - first_day).days + 1)
        }
        # The day n days before today as ISO text, by n.
        self.iso_ago = [(today - timedelta(days=n)).isoformat() for n in range(_OLDEST_DAYS)]
        self.texts = {
            channel.value: [
                t.format(topic=topic, place=place)
                for t in templates
                for topic in _TOPICS
                for place in _PLACES
            ]
            for channel, templates in _TEXTS.items()
        }
        self.notes = [n.format(topic=topic) for n in _NOTES for topic in _TOPICS]
        self.company_people: dict[str, list[int]] = {}
        self.tags: list[tuple[int, str]] = []
        # By person id (index 0 unused): the person's row, company, channels, contact
        # cadence in days, the ordinal of the day added, and the rhythm in force that does not
        # depend on the history (own, else tag default; None: the learned one, if any).
        self.rows: list[tuple[Any, ...]] = [()]
        self.company_of: list[str] = [""]
        self.channels_by_person: list[tuple[str, ...]] = [()]
        self.cadence: list[int] = [0]
        self.added: list[int] = [0]
        self.fixed_rhythm: list[tuple[int, float] | None] = [None]

    # -- people -------------------------------------------------------------------------

    def add_people(self, heroes: Sequence[_Hero]) -> None:
        """Rows for the heroes, then for generated people up to the total."""
        deleted_at = datetime.combine(self.today - timedelta(days=2), time(18, 30))
        for pid, hero in enumerate(heroes, start=1):
            person = hero.person
            values = _person_values(person)
            stamp = deleted_at.isoformat() if hero.deleted else None
            self.rows.append((pid, *(values[c] for c in _PERSON_COLUMNS[1:-1]), stamp))
            fixed = None
            if person.rhythm is not None:
                fixed = (values["rhythm_days"], values["rhythm_avg"])
            self._remember(
                pid, person.company, _tag_set(person.tags), person.added_on, fixed,
                hero.history_every or 60,
            )  # fmt: skip
        self._random_people(len(heroes) + 1, deleted_at)

    def _remember(
        self,
        pid: int,
        company: str,
        tags: _TagSet,
        added: date,
        fixed: tuple[int, float] | None,
        cadence: int,
    ) -> None:
        self.company_people.setdefault(company, []).append(pid)
        self.company_of.append(company)
        self.tags += [(pid, tag) for tag in tags.rows]
        self.channels_by_person.append(tags.channels)
        self.cadence.append(cadence)
        self.added.append(added.toordinal())
        self.fixed_rhythm.append(fixed if fixed is not None else tags.default)

    def _random_people(self, first: int, deleted_at: datetime) -> None:
        """Generated people first..total: each column as _person_values would write it."""
        rng = self.rng
        r = rng.random
        iso_ago = self.iso_ago
        today = self.today
        cultures = self.cultures
        cumulative = self.culture_cumulative
        tag_sets = {tags: _tag_set(tags) for tags in _TAG_SETS}
        rhythms = [
            (rhythm, rhythm.code(), rhythm.min_days(), rhythm.approx_days())
            for rhythm in _OWN_RHYTHMS
        ]
        domains = {company: _domain(company) for company in _COMPANIES}
        channels = tuple(c.value for c in Channel)
        folded = functools.cache(fold)
        for pid in range(first, self.total + 1):
            culture = cultures[bisect.bisect(cumulative, r())]
            given, given_latin, given_ascii = rng.choice(culture.given)
            surname, surname_latin, surname_ascii = rng.choice(culture.surnames)
            script = culture.script
            if script in ("Jpan", "Hans", "Hang"):
                name = f"{surname}{given}" if script != "Jpan" else f"{surname} {given}"
            elif script == "Viet":
                name = given
            else:
                name = f"{given} {surname}"
            nickname = ""
            if given in _NICKNAMES and r() < 0.6:
                nickname = _NICKNAMES[given]
            elif script in ("Jpan", "Hans", "Hang", "Arab", "Cyrl", "Grek") and r() < 0.3:
                nickname = given_latin.capitalize()
            company = rng.choice(_COMPANIES) if r() < 0.85 else ""
            role = rng.choice(_ROLES) if company else rng.choice(("", "Freelancer", "Student"))
            handle = f"{given_ascii}.{surname_ascii}" if surname_latin else given_ascii
            emails = ""
            if r() < 0.8:
                emails = f"{handle}@{domains[company] if company else 'mail.example'}"
                if r() < 0.15:
                    emails += f"\n{handle}{rng.randrange(10, 99)}@mail.example"
            phones = ""
            if r() < 0.6:
                phones = (
                    f"{culture.phone_prefix} {rng.randrange(100, 999)} {rng.randrange(1000, 9999)}"
                )
            city = rng.choice(culture.cities)
            birthday = None
            if r() < 0.6:
                born = iso_ago[rng.randrange(20 * 365, 70 * 365)]
                birthday = born if r() < 0.8 else _yearless(born)
            partner = ""
            if r() < 0.45:
                partner = rng.choice(rng.choice(cultures).given)[0]
            tags = tag_sets[rng.choice(_TAG_SETS)]
            rhythm = rng.choice(rhythms) if r() < 0.15 else None
            added = rng.randrange(10, HISTORY_DAYS + 400)
            met = rng.choice(_MET).format(city=city) if r() < 0.4 else ""
            about = f"Working on {rng.choice(_TOPICS)}." if r() < 0.3 else ""
            likes = ", ".join(rng.sample(_LIKES, 2)) if r() < 0.4 else ""
            dislikes = rng.choice(_DISLIKES) if r() < 0.15 else ""
            channel = rng.choice(channels) if r() < 0.3 else None
            reach = rng.choice(_REACH) if r() < 0.12 else ""
            snoozed = None
            if r() < 0.015:
                snoozed = (today + timedelta(days=rng.randrange(3, 40))).isoformat()
            archived = int(r() < 0.02)
            stamp = None
            if r() < 0.01:  # in the trash
                stamp = (deleted_at - timedelta(days=rng.randrange(60))).isoformat()
            name_folded, nick_folded = folded(name), folded(nickname)
            self.rows.append(
                (
                    pid, name.strip(), nickname.strip(), company, role, emails, phones, city,
                    birthday, partner, met, about, likes, dislikes, channel, reach,
                    *(rhythm[1:] if rhythm else (None, None, None)),
                    snoozed, archived, iso_ago[added], f"{name_folded}\n{nick_folded}",
                    name_folded, nick_folded,
                    _filter_key(name_folded, nick_folded, company, tags.rows), stamp,
                )
            )  # fmt: skip
            if rhythm is not None and not rhythm[0].is_none:
                base = rhythm[3]
            else:
                base = tags.cadence if tags.cadence is not None else rng.choice(_BASE_CADENCES)
            self._remember(
                pid, company, tags, today - timedelta(days=added),
                (rhythm[2], rhythm[3]) if rhythm else None,
                max(2, int(base * rng.uniform(0.6, 1.5))),
            )  # fmt: skip

    # -- kids, pets, occasions, promises --------------------------------------------------

    def extras(
        self, heroes: Sequence[_Hero]
    ) -> tuple[
        list[tuple[Any, ...]], list[tuple[Any, ...]], list[tuple[Any, ...]], list[tuple[Any, ...]]
    ]:
        kids: list[tuple[Any, ...]] = []
        pets: list[tuple[Any, ...]] = []
        occasions: list[tuple[Any, ...]] = []
        promises: list[tuple[Any, ...]] = []
        for pid, hero in enumerate(heroes, start=1):
            kids += [(pid, n, b, notes, None) for n, b, notes in hero.kids]
            pets += [(pid, n, s, b, "", passed) for n, s, b, passed in hero.pets]
            occasions += [(pid, label, d) for label, d in hero.occasions]
            promises += [
                (pid, text, due, done, created) for text, due, done, created in hero.promises
            ]
        rng = self.rng
        r = rng.random
        today = self.today
        iso_ago = self.iso_ago
        for pid in range(len(heroes) + 1, self.total + 1):
            if r() < 0.3:
                for _ in range(rng.choice((1, 1, 2, 2, 3))):
                    born = iso_ago[rng.randrange(200, 25 * 365)]
                    bday = born if r() < 0.85 else _yearless(born)
                    kids.append(
                        (pid, rng.choice(_KID_NAMES), bday if r() < 0.9 else None, "", None)
                    )
            if r() < 0.2:
                for _ in range(rng.choice((1, 1, 1, 2))):
                    born = iso_ago[rng.randrange(100, 15 * 365)]
                    bday = born if r() < 0.6 else _yearless(born)
                    passed = iso_ago[rng.randrange(10, 900)] if r() < 0.05 else None
                    pets.append(
                        (
                            pid,
                            rng.choice(_PET_NAMES),
                            rng.choice(_SPECIES),
                            bday if r() < 0.8 else None,
                            "",
                            passed,
                        )
                    )
            if r() < 0.1:
                label, years = rng.choice(
                    (
                        ("Wedding anniversary", rng.randrange(1, 40)),
                        ("Work anniversary", rng.randrange(1, 25)),
                        ("Company founding day", rng.randrange(2, 80)),
                        ("Name day", None),
                        ("Moved to the city", rng.randrange(1, 15)),
                    )
                )
                day = today + timedelta(days=rng.randrange(365))
                when = _years_before(day, years) if years else day
                occasions.append(
                    (
                        pid,
                        label,
                        YearlyDate(when.month, when.day, when.year if years else None).iso(),
                    )
                )
            if r() < 0.1:
                text = rng.choice(_PROMISES).format(
                    topic=rng.choice(_TOPICS), place=rng.choice(_PLACES)
                )
                created = today - timedelta(days=rng.randrange(3, 200))
                kind = r()
                due: date | None = created + timedelta(days=rng.randrange(3, 60))
                done: date | None = None
                if kind < 0.4:
                    done = min(today, (due or created) + timedelta(days=rng.randrange(-5, 5)))
                elif kind < 0.6:
                    due = today + timedelta(days=rng.randrange(0, 10))
                elif kind < 0.75:
                    due = None
                promises.append(
                    (
                        pid,
                        text,
                        due.isoformat() if due else None,
                        done.isoformat() if done else None,
                        created.isoformat(),
                    )
                )
        return kids, pets, occasions, promises

    # -- entries ------------------------------------------------------------------------

    def _entry(
        self, entries: list[Any], on: date, channel: Channel | None, from_them: bool, text: str
    ) -> None:
        self.entry_id += 1
        day = on.isoformat()
        kind = "note" if channel is None else "interaction"
        value = channel.value if channel else None
        entries += (
            self.entry_id,
            kind,
            day,
            value,
            int(from_them),
            text,
            day + _STAMPS[self.entry_id % 60],
        )

    def _link(self, links: list[int], pid: int, on: date, channel: Channel | None) -> None:
        links += (self.entry_id, pid)
        if channel is not None:
            contact = (on.toordinal(), self.entry_id, channel.value)
            self.contacts.setdefault(pid, []).append(contact)

    def hero_entries(self, heroes: Sequence[_Hero]) -> tuple[list[Any], list[int]]:
        """The heroes' entries and links, flat (see random_entries)."""
        entries: list[Any] = []
        links: list[int] = []
        rng = self.rng
        for pid, hero in enumerate(heroes, start=1):
            channels = self.channels_by_person[pid]
            if hero.history_every:
                newest = min(
                    (d for d, channel, *_ in hero.entries if channel is not None), default=0
                )
                days = newest + hero.history_every
                while self.today - timedelta(days=days) >= max(self.start, hero.person.added_on):
                    on = self.today - timedelta(days=days)
                    usual = Channel(rng.choice(channels))
                    text = rng.choice(_TEXTS[usual]).format(
                        topic=rng.choice(_TOPICS), place=rng.choice(_PLACES)
                    )
                    from_them = rng.random() < 0.4 and days > hero.one_sided_days
                    self._entry(entries, on, usual, from_them, text)
                    self._link(links, pid, on, usual)
                    days += max(2, hero.history_every + rng.randrange(-4, 5))
            for days, channel, from_them, text, others in hero.entries:
                on = self.today - timedelta(days=days)
                self._entry(entries, on, channel, from_them, text)
                for linked in (pid, *(o + 1 for o in others if o < len(heroes))):
                    self._link(links, linked, on, channel)
        return entries, links

    def random_entries(self, first: int, last: int) -> tuple[list[Any], list[int]]:
        """Interactions and notes for people first..last (ids), with some group entries.

        Flat lists: seven values an entry (_ENTRY_COLUMNS), two a link (entry id, person id).
        """
        entries: list[Any] = []
        links: list[int] = []
        rng = self.rng
        r = rng.random
        iso_of = self.iso_of
        texts = self.texts
        notes = self.notes
        n_notes = len(notes)
        today = self.today.toordinal()
        start = self.start.toordinal()
        entry_id = self.entry_id
        add_entry = entries.extend
        add_link = links.extend
        contacts = self.contacts
        added = self.added
        lambd = 1.0 / self.mean_entries
        for pid in range(first, last + 1):
            floor = max(added[pid], start)
            if r() < 0.07:
                continue  # never contacted: counts from the day they were added
            count = int(rng.expovariate(lambd)) + 1
            cadence = self.cadence[pid]
            on = today - int(cadence * r() * 2.0)
            channels = self.channels_by_person[pid]
            n_channels = len(channels)
            reply_odds = 0.0 if r() < 0.1 else 0.35  # a tenth only ever hear from you
            company_ids: list[int] | None = None
            mine = contacts.setdefault(pid, [])
            for _ in range(count):
                if on < floor:
                    break
                entry_id += 1
                day = iso_of[on]
                if r() < 0.08:
                    note = notes[int(r() * n_notes)]
                    add_entry((entry_id, "note", day, None, 0, note, day + _STAMPS[entry_id % 60]))
                    add_link((entry_id, pid))
                else:
                    channel = channels[int(r() * n_channels)]
                    pool = texts[channel]
                    add_entry(
                        (
                            entry_id,
                            "interaction",
                            day,
                            channel,
                            int(r() < reply_odds),
                            pool[int(r() * len(pool))],
                            day + _STAMPS[entry_id % 60],
                        )
                    )
                    add_link((entry_id, pid))
                    contact = (on, entry_id, channel)
                    mine.append(contact)
                    if r() < 0.06:
                        if company_ids is None:
                            company_ids = self._colleagues(pid)
                        for other in {rng.choice(company_ids) for _ in range(1 + int(r() * 3))}:
                            if other != pid:
                                add_link((entry_id, other))
                                contacts.setdefault(other, []).append(contact)
                on -= max(1, int(cadence * (0.6 + 0.8 * r())))
        self.entry_id = entry_id
        return entries, links

    def _colleagues(self, pid: int) -> list[int]:
        """People of the same company, else people added around the same time."""
        company = self.company_of[pid]
        same = self.company_people.get(company, []) if company else []
        if len(same) > 1:
            return same
        return [p for p in range(max(1, pid - 20), min(self.total, pid + 20) + 1)]

    # -- derived columns ----------------------------------------------------------------

    def people_rows(self) -> Iterator[tuple[Any, ...]]:
        """Every person's row with its derived columns (_DERIVED_COLUMNS) as the store's
        _refresh_contact and refresh_rhythms write them: the latest interaction by (day,
        entry id), the rhythm learned from every day, the rhythm in force (own, else the
        shortest tag default, else learned) and its clock."""
        fromordinal = date.fromordinal
        iso_of = self.iso_of
        # day_number counts from 1970-01-01; ordinals from 0001-01-01.
        epoch = self.today.toordinal() - day_number(self.today)
        for pid in range(1, len(self.rows)):
            contacts = self.contacts.get(pid)
            last_on = last_channel = learned_days = None
            clock = self.added[pid]
            if contacts:
                clock, _entry_id, last_channel = max(contacts)
                last_on = iso_of[clock]
                days = {c[0] for c in contacts}
                if len(days) > LEARN_MIN_GAPS:  # fewer days give too few gaps: nothing learned
                    learned = learn_rhythm([fromordinal(d) for d in days])
                    learned_days = learned.count if learned else None
            in_force = self.fixed_rhythm[pid]
            if in_force is None:
                in_force = (
                    (learned_days, float(learned_days)) if learned_days is not None else (0, 0.0)
                )
            eff_min, eff_avg = in_force
            start_day = clock - epoch
            due_from = start_day + eff_min if eff_min > 0 else None
            yield (
                *self.rows[pid],
                last_on, last_channel, learned_days, eff_min, eff_avg, start_day, due_from,
            )  # fmt: skip


def build_demo(path: Path, *, people: int = 300, today: date, seed: int = 7) -> None:
    """Build a realistic demo journal at path (replacing it), deterministic for the arguments."""
    if people < 1:
        raise ValueError("a demo journal needs at least one person")
    path = Path(path)
    tmp = path.with_name(f".{path.name}.building-{os.getpid()}")
    if tmp.exists():
        tmp.unlink()
    create_private_file(tmp)
    try:
        journal = Journal.open(tmp)
        try:
            _fill(journal.conn, people, today, seed)
        finally:
            journal.close()
        with open(tmp, "rb+") as handle:
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    _fsync_dir(path.parent)


def _fsync_dir(directory: Path) -> None:
    try:
        fd = os.open(directory, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def _fill(conn: sqlite3.Connection, people: int, today: date, seed: int) -> None:
    # The file is a private temporary that is thrown away on any failure, so no rollback
    # journal and no syncing while loading; build_demo fsyncs the finished file once.
    conn.execute("PRAGMA journal_mode = OFF")
    conn.execute("PRAGMA synchronous = OFF")
    conn.execute("PRAGMA cache_size = -262144")
    conn.execute("PRAGMA temp_store = MEMORY")
    # The builder links only ids it made, and a look-up of both parents per link row cost
    # as much as inserting it. (Outside the transaction: SQLite ignores it inside one.)
    conn.execute("PRAGMA foreign_keys = OFF")
    heroes = _heroes(today)[:people]
    builder = _Builder(people, today, seed)
    builder.add_people(heroes)
    conn.execute("BEGIN")
    triggers = _drop_triggers(conn)
    indexes = _drop_indexes(conn)
    _load_small_tables(conn, builder, heroes)
    entries, links = builder.hero_entries(heroes)
    _insert_entries(conn, entries, links)
    chunk = 5_000
    for first in range(len(heroes) + 1, people + 1, chunk):
        entries, links = builder.random_entries(first, min(people, first + chunk - 1))
        _insert_entries(conn, entries, links)
    _derive_contact(conn, builder)
    _create_indexes(conn, indexes)
    _rebuild_fts(conn)
    _create_triggers(conn, triggers)
    rebuild_rows(conn)  # what the export triggers would have written, at once
    conn.execute("COMMIT")
    conn.execute("PRAGMA foreign_keys = ON")
    conn.execute("PRAGMA journal_mode = DELETE")


def _load_small_tables(
    conn: sqlite3.Connection, builder: _Builder, heroes: Sequence[_Hero]
) -> None:
    """Tags, tag rhythms, kids, pets, occasions and promises (a fraction of the rows)."""
    import sqlite_utils

    db = sqlite_utils.Database(conn, recursive_triggers=False, execute_plugins=False)
    db.table("tag_rhythms").insert_all(
        {"tag": t, "rhythm": r.code(), "rhythm_days": r.min_days(), "rhythm_avg": r.approx_days()}
        for t, r in TAG_RHYTHMS.items()
    )
    conn.executemany("INSERT INTO tags (person_id, tag) VALUES (?, ?)", builder.tags)
    kids, pets, occasions, promises = builder.extras(heroes)
    conn.executemany(
        "INSERT INTO kids (person_id, name, birthday, notes, passed_on) VALUES (?, ?, ?, ?, ?)",
        kids,
    )
    conn.executemany(
        "INSERT INTO pets (person_id, name, species, birthday, notes, passed_on) "
        "VALUES (?, ?, ?, ?, ?, ?)",
        pets,
    )
    conn.executemany("INSERT INTO occasions (person_id, label, date) VALUES (?, ?, ?)", occasions)
    conn.executemany(
        "INSERT INTO promises (person_id, text, due, done_on, created_on) VALUES (?, ?, ?, ?, ?)",
        promises,
    )


def _insert_flat(
    conn: sqlite3.Connection, table: str, columns: Sequence[str], values: list[Any]
) -> None:
    """Insert rows given as one flat list (len(columns) values a row), in order.

    Many rows a statement: executemany's cost per statement (stepping, resetting) is most of
    the cost of a two-column row.
    """
    width = len(columns)
    row = f"({', '.join('?' * width)})"
    head = f"INSERT INTO {table} ({', '.join(columns)}) VALUES "
    per = max(1, _VALUES_PER_INSERT // width)
    step = width * per
    whole = len(values) - len(values) % step
    if whole:
        conn.executemany(
            head + ", ".join([row] * per), (values[i : i + step] for i in range(0, whole, step))
        )
    conn.executemany(head + row, (values[i : i + width] for i in range(whole, len(values), width)))


def _insert_entries(conn: sqlite3.Connection, entries: list[Any], links: list[int]) -> None:
    _insert_flat(conn, "entries", _ENTRY_COLUMNS, entries)
    _insert_flat(conn, "entry_people", ("entry_id", "person_id"), links)


def _derive_contact(conn: sqlite3.Connection, builder: _Builder) -> None:
    """Insert the people, last, with their derived columns worked out from what the builder
    generated (see _Builder.people_rows): cheaper than deriving them by SQL, which rewrites
    every loaded row once per pass."""
    columns = (*_PERSON_COLUMNS, *_DERIVED_COLUMNS)
    conn.executemany(
        f"INSERT INTO people ({', '.join(columns)}) VALUES ({', '.join('?' * len(columns))})",
        builder.people_rows(),
    )


def _drop_triggers(conn: sqlite3.Connection) -> list[str]:
    """Drop every trigger for the bulk load (one firing per row costs more than deriving
    afterwards); returns their SQL, in the order they were created, to recreate them."""
    rows = conn.execute(
        "SELECT name, sql FROM sqlite_master WHERE type = 'trigger' ORDER BY rowid"
    ).fetchall()
    for name, _sql in rows:
        conn.execute(f'DROP TRIGGER "{name}"')
    return [sql for _name, sql in rows]


def _create_triggers(conn: sqlite3.Connection, triggers: list[str]) -> None:
    for sql in triggers:
        conn.execute(sql)


def _drop_indexes(conn: sqlite3.Connection) -> list[str]:
    """Drop the secondary indexes for the bulk load (building them after is a sort, not a
    random insert per row); returns their SQL to recreate them exactly."""
    rows = conn.execute(
        "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL "
        "AND tbl_name IN ('people', 'entries', 'entry_people', 'kids', 'pets', 'tags')"
    ).fetchall()
    for name, _sql in rows:
        conn.execute(f'DROP INDEX "{name}"')
    return [sql for _name, sql in rows]


def _create_indexes(conn: sqlite3.Connection, indexes: list[str]) -> None:
    for sql in indexes:
        conn.execute(sql)


def _rebuild_fts(conn: sqlite3.Connection) -> None:
    conn.execute("INSERT INTO people_fts (people_fts) VALUES ('rebuild')")
    conn.execute("INSERT INTO entries_fts (entries_fts) VALUES ('rebuild')")
