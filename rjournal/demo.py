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
from rjournal.store.connection import create_private_file
from rjournal.store.journal import Journal, _person_values, refresh_rhythms

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

_PEOPLE_COLUMNS = (
    "id",
    *_person_values(Person(name="x", added_on=date(2000, 1, 1))).keys(),
    "deleted_at",
)
_ENTRY_SQL = (
    "INSERT INTO entries (id, kind, on_date, channel, from_them, text, created_at) "
    "VALUES (?, ?, ?, ?, ?, ?, ?)"
)


class _Random(random.Random):
    """random.Random with cheaper choice and randrange: the builder makes millions of draws."""

    def choice(self, seq: Sequence[Any]) -> Any:  # type: ignore[override]
        return seq[int(self.random() * len(seq))]

    def randrange(self, start: int, stop: int | None = None, step: int = 1) -> int:
        if stop is None:
            start, stop = 0, start
        return start + int(self.random() * (stop - start))


def _parse_pool(text: str) -> list[tuple[str, str]]:
    """ "Native|latin" words (or plain words) as (shown, ascii-ish) pairs."""
    out = []
    for word in text.split():
        shown, _, latin = word.replace("_", " ").partition("|")
        out.append((shown, latin or shown))
    return out


@dataclass(frozen=True)
class _Culture:
    given: list[tuple[str, str]]
    surnames: list[tuple[str, str]]
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
    def __init__(self, conn: sqlite3.Connection, people: int, today: date, seed: int) -> None:
        self.conn = conn
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
        self.texts = {
            channel: [
                t.format(topic=topic, place=place)
                for t in templates
                for topic in _TOPICS
                for place in _PLACES
            ]
            for channel, templates in _TEXTS.items()
        }
        self.notes = [n.format(topic=topic) for n in _NOTES for topic in _TOPICS]
        self.company_people: dict[str, list[int]] = {}
        self.company_of: dict[int, str] = {}
        self.tags: list[tuple[int, str]] = []
        self.channels_by_person: dict[int, tuple[Channel, ...]] = {}
        self.cadence: dict[int, int] = {}
        self.added: dict[int, date] = {}

    # -- people -------------------------------------------------------------------------

    def person_rows(self, heroes: Sequence[_Hero]) -> Iterator[tuple[Any, ...]]:
        deleted_at = datetime.combine(self.today - timedelta(days=2), time(18, 30))
        for pid, hero in enumerate(heroes, start=1):
            self._remember(pid, hero.person, hero.history_every or 60)
            values = _person_values(hero.person)
            yield (pid, *values.values(), deleted_at.isoformat() if hero.deleted else None)
        for pid in range(len(heroes) + 1, self.total + 1):
            person, deleted = self._random_person()
            values = _person_values(person)
            stamp = None
            if deleted:
                stamp = (deleted_at - timedelta(days=self.rng.randrange(60))).isoformat()
            yield (pid, *values.values(), stamp)
            self._remember(pid, person, self._cadence_of(person))

    def _remember(self, pid: int, person: Person, cadence: int) -> None:
        self.company_people.setdefault(person.company, []).append(pid)
        self.company_of[pid] = person.company
        self.tags += [(pid, tag) for tag in sorted(set(person.tags))]
        tag = next((t for t in person.tags if t in _CHANNELS), "other")
        self.channels_by_person[pid] = _CHANNELS[tag]
        self.cadence[pid] = cadence
        self.added[pid] = person.added_on

    def _cadence_of(self, person: Person) -> int:
        rng = self.rng
        if person.rhythm is not None and not person.rhythm.is_none:
            base = person.rhythm.approx_days()
        else:
            found = [TAG_RHYTHMS[t].approx_days() for t in person.tags if t in TAG_RHYTHMS]
            base = min(found) if found else rng.choice((20, 45, 60, 90, 120, 180, 365))
        return max(2, int(base * rng.uniform(0.6, 1.5)))

    def _random_person(self) -> tuple[Person, bool]:
        rng = self.rng
        r = rng.random
        culture = self.cultures[bisect.bisect(self.culture_cumulative, r())]
        given, given_latin = rng.choice(culture.given)
        surname, surname_latin = rng.choice(culture.surnames)
        if culture.script in ("Jpan", "Hans", "Hang"):
            name = f"{surname}{given}" if culture.script != "Jpan" else f"{surname} {given}"
        elif culture.script == "Viet":
            name = given
        else:
            name = f"{given} {surname}"
        nickname = ""
        if given in _NICKNAMES and r() < 0.6:
            nickname = _NICKNAMES[given]
        elif culture.script in ("Jpan", "Hans", "Hang", "Arab", "Cyrl", "Grek") and r() < 0.3:
            nickname = given_latin.capitalize()
        company = rng.choice(_COMPANIES) if r() < 0.85 else ""
        role = rng.choice(_ROLES) if company else rng.choice(("", "Freelancer", "Student"))
        handle = (
            f"{_ascii(given_latin)}.{_ascii(surname_latin)}"
            if surname_latin
            else (_ascii(given_latin))
        )
        emails: tuple[str, ...] = ()
        if r() < 0.8:
            emails = (f"{handle}@{_domain(company) if company else 'mail.example'}",)
            if r() < 0.15:
                emails += (f"{handle}{rng.randrange(10, 99)}@mail.example",)
        phones: tuple[str, ...] = ()
        if r() < 0.6:
            phones = (
                f"{culture.phone_prefix} {rng.randrange(100, 999)} {rng.randrange(1000, 9999)}",
            )
        city = rng.choice(culture.cities)
        birthday = None
        if r() < 0.6:
            born = self.today - timedelta(days=rng.randrange(20 * 365, 70 * 365))
            birthday = YearlyDate(born.month, born.day, born.year if r() < 0.8 else None)
        partner = ""
        if r() < 0.45:
            partner = rng.choice(rng.choice(self.cultures).given)[0]
        tags = rng.choice(_TAG_SETS)
        rhythm = rng.choice(_OWN_RHYTHMS) if r() < 0.15 else None
        added = self.today - timedelta(days=rng.randrange(10, HISTORY_DAYS + 400))
        person = Person(
            name=name,
            nickname=nickname,
            company=company,
            role=role,
            emails=emails,
            phones=phones,
            city=city,
            birthday=birthday,
            partner=partner,
            met=rng.choice(_MET).format(city=city) if r() < 0.4 else "",
            about=f"Working on {rng.choice(_TOPICS)}." if r() < 0.3 else "",
            likes=", ".join(rng.sample(_LIKES, 2)) if r() < 0.4 else "",
            dislikes=rng.choice(_DISLIKES) if r() < 0.15 else "",
            channel=rng.choice(tuple(Channel)) if r() < 0.3 else None,
            reach=rng.choice(_REACH) if r() < 0.12 else "",
            tags=tags,
            rhythm=rhythm,
            snoozed_until=self.today + timedelta(days=rng.randrange(3, 40))
            if r() < 0.015
            else None,
            archived=r() < 0.02,
            added_on=added,
        )
        return person, r() < 0.01

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
        for pid in range(len(heroes) + 1, self.total + 1):
            if r() < 0.3:
                for _ in range(rng.choice((1, 1, 2, 2, 3))):
                    born = today - timedelta(days=rng.randrange(200, 25 * 365))
                    bday = YearlyDate(born.month, born.day, born.year if r() < 0.85 else None)
                    kids.append(
                        (pid, rng.choice(_KID_NAMES), bday.iso() if r() < 0.9 else None, "", None)
                    )
            if r() < 0.2:
                for _ in range(rng.choice((1, 1, 1, 2))):
                    born = today - timedelta(days=rng.randrange(100, 15 * 365))
                    bday = YearlyDate(born.month, born.day, born.year if r() < 0.6 else None)
                    passed = None
                    if r() < 0.05:
                        passed = (today - timedelta(days=rng.randrange(10, 900))).isoformat()
                    pets.append(
                        (
                            pid,
                            rng.choice(_PET_NAMES),
                            rng.choice(_SPECIES),
                            bday.iso() if r() < 0.8 else None,
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
        self, on: date, channel: Channel | None, from_them: bool, text: str
    ) -> tuple[Any, ...]:
        self.entry_id += 1
        stamp = f"{on.isoformat()}T{9 + self.entry_id % 10:02d}:{self.entry_id * 7 % 60:02d}:00"
        kind = "note" if channel is None else "interaction"
        return (
            self.entry_id,
            kind,
            on.isoformat(),
            channel.value if channel else None,
            int(from_them),
            text,
            stamp,
        )

    def _link(
        self, links: list[tuple[int, int]], pid: int, on: date, channel: Channel | None
    ) -> None:
        links.append((self.entry_id, pid))
        if channel is not None:
            contact = (on.toordinal(), self.entry_id, channel.value)
            self.contacts.setdefault(pid, []).append(contact)

    def contact_updates(self) -> Iterator[tuple[str, str, int | None, int]]:
        """(last_contact, last_channel, learned_days, id) as Journal._refresh_contact has them:
        the latest interaction by (day, entry id), and the rhythm learned from every day."""
        fromordinal = date.fromordinal
        for pid, contacts in self.contacts.items():
            last_on, _entry_id, last_channel = max(contacts)
            learned = None
            days = {c[0] for c in contacts}
            if len(days) > LEARN_MIN_GAPS:  # fewer days give too few gaps: nothing learned
                learned = learn_rhythm([fromordinal(d) for d in days])
            yield (self.iso_of[last_on], last_channel, learned.count if learned else None, pid)

    def hero_entries(
        self, heroes: Sequence[_Hero]
    ) -> tuple[list[tuple[Any, ...]], list[tuple[int, int]]]:
        entries: list[tuple[Any, ...]] = []
        links: list[tuple[int, int]] = []
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
                    channel = rng.choice(channels)
                    text = rng.choice(_TEXTS[channel]).format(
                        topic=rng.choice(_TOPICS), place=rng.choice(_PLACES)
                    )
                    from_them = rng.random() < 0.4 and days > hero.one_sided_days
                    entries.append(self._entry(on, channel, from_them, text))
                    self._link(links, pid, on, channel)
                    days += max(2, hero.history_every + rng.randrange(-4, 5))
            for days, channel, from_them, text, others in hero.entries:
                on = self.today - timedelta(days=days)
                entries.append(self._entry(on, channel, from_them, text))
                for linked in (pid, *(o + 1 for o in others if o < len(heroes))):
                    self._link(links, linked, on, channel)
        return entries, links

    def random_entries(
        self, first: int, last: int
    ) -> tuple[list[tuple[Any, ...]], list[tuple[int, int]]]:
        """Interactions and notes for people first..last (ids), with some group entries."""
        entries: list[tuple[Any, ...]] = []
        links: list[tuple[int, int]] = []
        rng = self.rng
        r = rng.random
        iso_of = self.iso_of
        texts = self.texts
        notes = self.notes
        today = self.today.toordinal()
        start = self.start.toordinal()
        entry_id = self.entry_id
        add_entry = entries.append
        add_link = links.append
        contacts = self.contacts
        for pid in range(first, last + 1):
            floor = max(self.added[pid].toordinal(), start)
            if r() < 0.07:
                continue  # never contacted: counts from the day they were added
            count = int(rng.expovariate(1.0 / self.mean_entries)) + 1
            cadence = self.cadence[pid]
            on = today - int(cadence * r() * 2.0)
            channels = self.channels_by_person[pid]
            n_channels = len(channels)
            reply_odds = 0.0 if r() < 0.1 else 0.35  # a tenth only ever hear from you
            company_ids: list[int] | None = None
            for _ in range(count):
                if on < floor:
                    break
                entry_id += 1
                day = iso_of[on]
                stamp = f"{day}T{9 + entry_id % 10:02d}:{entry_id * 7 % 60:02d}:00"
                if r() < 0.08:
                    add_entry((entry_id, "note", day, None, 0, notes[int(r() * len(notes))], stamp))
                    add_link((entry_id, pid))
                else:
                    channel = channels[int(r() * n_channels)]
                    pool = texts[channel]
                    add_entry(
                        (
                            entry_id,
                            "interaction",
                            day,
                            channel.value,
                            int(r() < reply_odds),
                            pool[int(r() * len(pool))],
                            stamp,
                        )
                    )
                    add_link((entry_id, pid))
                    contact = (on, entry_id, channel.value)
                    contacts.setdefault(pid, []).append(contact)
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
    heroes = _heroes(today)[:people]
    builder = _Builder(conn, people, today, seed)
    conn.execute("BEGIN")
    triggers = _drop_fts_triggers(conn)
    indexes = _drop_indexes(conn)
    marks = ", ".join("?" for _ in _PEOPLE_COLUMNS)
    conn.executemany(
        f"INSERT INTO people ({', '.join(_PEOPLE_COLUMNS)}) VALUES ({marks})",
        builder.person_rows(heroes),
    )
    _load_small_tables(conn, builder, heroes)
    entries, links = builder.hero_entries(heroes)
    _insert_entries(conn, entries, links)
    chunk = 5_000
    for first in range(len(heroes) + 1, people + 1, chunk):
        entries, links = builder.random_entries(first, min(people, first + chunk - 1))
        _insert_entries(conn, entries, links)
    _derive_contact(conn, builder)
    # The rhythm in force, exactly as the store keeps it after every write.
    refresh_rhythms(conn, "1")
    _create_indexes(conn, indexes)
    _rebuild_fts(conn, triggers)
    conn.execute("COMMIT")
    conn.execute("PRAGMA journal_mode = DELETE")


def _load_small_tables(
    conn: sqlite3.Connection, builder: _Builder, heroes: Sequence[_Hero]
) -> None:
    """Tags, tag rhythms, kids, pets, occasions and promises (a fraction of the rows)."""
    import sqlite_utils

    db = sqlite_utils.Database(conn, recursive_triggers=False, execute_plugins=False)
    db.table("tag_rhythms").insert_all(
        (
            {
                "tag": tag,
                "rhythm": rhythm.code(),
                "rhythm_days": rhythm.min_days(),
                "rhythm_avg": rhythm.approx_days(),
            }
            for tag, rhythm in TAG_RHYTHMS.items()
        ),
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


def _insert_entries(
    conn: sqlite3.Connection, entries: list[tuple[Any, ...]], links: list[tuple[int, int]]
) -> None:
    conn.executemany(_ENTRY_SQL, entries)
    conn.executemany("INSERT INTO entry_people (entry_id, person_id) VALUES (?, ?)", links)


def _derive_contact(conn: sqlite3.Connection, builder: _Builder) -> None:
    """people.last_contact / last_channel / learned_days, from what the builder generated.

    Computed in Python from the generated interactions rather than by one query over the
    loaded tables: the query needs a sort of every link and took several times longer.
    """
    conn.executemany(
        "UPDATE people SET last_contact = ?, last_channel = ?, learned_days = ? WHERE id = ?",
        builder.contact_updates(),
    )


def _drop_fts_triggers(conn: sqlite3.Connection) -> list[str]:
    """Drop the FTS insert triggers for the bulk load; returns their SQL to recreate them."""
    rows = conn.execute(
        "SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND name LIKE '%_fts_insert'"
    ).fetchall()
    for name, _sql in rows:
        conn.execute(f'DROP TRIGGER "{name}"')
    return [sql for _name, sql in rows]


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


def _rebuild_fts(conn: sqlite3.Connection, triggers: list[str]) -> None:
    conn.execute("INSERT INTO people_fts (people_fts) VALUES ('rebuild')")
    conn.execute("INSERT INTO entries_fts (entries_fts) VALUES ('rebuild')")
    for sql in triggers:
        conn.execute(sql)
