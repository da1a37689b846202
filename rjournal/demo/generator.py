"""The demo's generated people, their families, promises and history, as plain rows.

One deterministic stream of random draws for (people, today, seed): the same arguments give the
same rows. Rows are plain tuples (flat lists for the big tables) built from pools worked out
once: no domain objects per generated person or entry, whose validation and enum look-ups
cost as much as the rest of the generation. Only what a person types is generated; what the
journal derives (last contact, rhythms in force, export rows) is left to the store.
"""

from __future__ import annotations

import bisect
import functools
import itertools
import random
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any

from rjournal.demo.heroes import Hero, years_before
from rjournal.demo.pools import ascii_word, cultures, pools
from rjournal.domain.dates import YearlyDate
from rjournal.domain.model import Channel
from rjournal.domain.rhythms import Rhythm
from rjournal.domain.text import fold
from rjournal.store.rows import folded_filter_key, person_values

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

# The columns of a person's row, in the order the builder makes them: what the store's
# person_values writes, then deleted_at.
PERSON_COLUMNS = (
    "id", "name", "nickname", "company", "role", "emails", "phones", "city", "birthday",
    "partner", "met", "about", "likes", "dislikes", "channel", "reach", "rhythm", "rhythm_days",
    "rhythm_avg", "snoozed_until", "archived", "added_on", "name_key", "sort_key", "nick_key",
    "filter_key", "deleted_at",
)  # fmt: skip
ENTRY_COLUMNS = ("id", "kind", "on_date", "channel", "from_them", "text", "created_at")
# Birthdays reach back 70 years; every generated "N days ago" is shorter.
_OLDEST_DAYS = 70 * 365
# The time of day of entry n's created_at depends on n % 60 only.
_STAMPS = tuple(f"T{9 + n % 10:02d}:{n * 7 % 60:02d}:00" for n in range(60))


class Random(random.Random):
    """random.Random with cheaper choice and randrange: the builder makes millions of draws."""

    def choice(self, seq: Sequence[Any]) -> Any:  # type: ignore[override]
        return seq[int(self.random() * len(seq))]

    def randrange(self, start: int, stop: int | None = None, step: int = 1) -> int:
        if stop is None:
            start, stop = 0, start
        return start + int(self.random() * (stop - start))


def _domain(company: str) -> str:
    return f"{ascii_word(company.split(' ')[0])}.example"


def _yearless(iso: str) -> str:
    """YearlyDate.iso() of a day without its year: "--MM-DD"."""
    return f"--{iso[5:]}"


@dataclass(frozen=True)
class _TagSet:
    """What a set of tags decides, worked out once per set: the rows, how you meet, and the
    base cadence of generated contact (the shortest tag default's length, if any)."""

    rows: tuple[str, ...]
    channels: tuple[str, ...]
    cadence: float | None


def _tag_set(tags: tuple[str, ...]) -> _TagSet:
    tag = next((t for t in tags if t in _CHANNELS), "other")
    found = [TAG_RHYTHMS[t].approx_days() for t in tags if t in TAG_RHYTHMS]
    return _TagSet(
        tuple(sorted(set(tags))),
        tuple(c.value for c in _CHANNELS[tag]),
        min(found) if found else None,
    )


Rows = list[tuple[Any, ...]]


class Builder:
    """Generates the demo's rows in one deterministic stream of random draws."""

    def __init__(self, people: int, today: date, seed: int) -> None:
        self.total = people
        self.today = today
        self.rng = Random(f"rjournal-demo:{seed}:{people}:{today.isoformat()}")
        self.start = today - timedelta(days=HISTORY_DAYS)
        self.entry_id = 0
        self.pools = pools()
        self.cultures = cultures()
        weights = [c.weight for c in self.cultures]
        total_weight = sum(weights)
        self.culture_cumulative = [w / total_weight for w in itertools.accumulate(weights[:-1])]
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
            channel: [
                t.format(topic=topic, place=place)
                for t in templates
                for topic in self.pools.topics
                for place in self.pools.places
            ]
            for channel, templates in self.pools.texts.items()
        }
        self.notes = [
            n.format(topic=topic) for n in self.pools.notes for topic in self.pools.topics
        ]
        self.company_people: dict[str, list[int]] = {}
        self.tags: list[tuple[int, str]] = []
        # By person id (index 0 unused): the person's row (PERSON_COLUMNS), company, channels,
        # contact cadence in days, and the ordinal of the day added.
        self.rows: Rows = [()]
        self.company_of: list[str] = [""]
        self.channels_by_person: list[tuple[str, ...]] = [()]
        self.cadence: list[int] = [0]
        self.added: list[int] = [0]

    # -- people -------------------------------------------------------------------------

    def add_people(self, heroes: Sequence[Hero]) -> None:
        """Rows for the heroes, then for generated people up to the total."""
        deleted_at = datetime.combine(self.today - timedelta(days=2), time(18, 30))
        for pid, hero in enumerate(heroes, start=1):
            person = hero.person
            values = person_values(person)
            stamp = deleted_at.isoformat() if hero.deleted else None
            self.rows.append((pid, *(values[c] for c in PERSON_COLUMNS[1:-1]), stamp))
            self._remember(
                pid, person.company, _tag_set(person.tags), person.added_on,
                hero.history_every or 60,
            )  # fmt: skip
        self._random_people(len(heroes) + 1, deleted_at)

    def _remember(self, pid: int, company: str, tags: _TagSet, added: date, cadence: int) -> None:
        self.company_people.setdefault(company, []).append(pid)
        self.company_of.append(company)
        self.tags += [(pid, tag) for tag in tags.rows]
        self.channels_by_person.append(tags.channels)
        self.cadence.append(cadence)
        self.added.append(added.toordinal())

    def _random_people(self, first: int, deleted_at: datetime) -> None:
        """Generated people first..total: each column as person_values would write it."""
        rng = self.rng
        r = rng.random
        iso_ago = self.iso_ago
        today = self.today
        cultures = self.cultures
        cumulative = self.culture_cumulative
        p = self.pools
        tag_sets = {tags: _tag_set(tags) for tags in _TAG_SETS}
        rhythms = [
            (rhythm, rhythm.code(), rhythm.min_days(), rhythm.approx_days())
            for rhythm in _OWN_RHYTHMS
        ]
        domains = {company: _domain(company) for company in p.companies}
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
            if given in p.nicknames and r() < 0.6:
                nickname = p.nicknames[given]
            elif script in ("Jpan", "Hans", "Hang", "Arab", "Cyrl", "Grek") and r() < 0.3:
                nickname = given_latin.capitalize()
            company = rng.choice(p.companies) if r() < 0.85 else ""
            role = rng.choice(p.roles) if company else rng.choice(("", "Freelancer", "Student"))
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
            met = rng.choice(p.met).format(city=city) if r() < 0.4 else ""
            about = f"Working on {rng.choice(p.topics)}." if r() < 0.3 else ""
            likes = ", ".join(rng.sample(p.likes, 2)) if r() < 0.4 else ""
            dislikes = rng.choice(p.dislikes) if r() < 0.15 else ""
            channel = rng.choice(channels) if r() < 0.3 else None
            reach = rng.choice(p.reach) if r() < 0.12 else ""
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
                    folded_filter_key(name_folded, nick_folded, company, tags.rows), stamp,
                )
            )  # fmt: skip
            if rhythm is not None and not rhythm[0].is_none:
                base = rhythm[3]
            else:
                base = tags.cadence if tags.cadence is not None else rng.choice(_BASE_CADENCES)
            self._remember(
                pid, company, tags, today - timedelta(days=added),
                max(2, int(base * rng.uniform(0.6, 1.5))),
            )  # fmt: skip

    def people_rows(self) -> Rows:
        """Every person's row (PERSON_COLUMNS), by id."""
        return self.rows[1:]

    # -- kids, pets, occasions, promises --------------------------------------------------

    def extras(self, heroes: Sequence[Hero]) -> tuple[Rows, Rows, Rows, Rows]:
        """Rows of kids (person_id, name, birthday, notes, passed_on), pets (person_id, name,
        species, birthday, notes, passed_on), occasions (person_id, label, date) and promises
        (person_id, text, due, done_on, created_on)."""
        kids: Rows = []
        pets: Rows = []
        occasions: Rows = []
        promises: Rows = []
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
        p = self.pools
        for pid in range(len(heroes) + 1, self.total + 1):
            if r() < 0.3:
                for _ in range(rng.choice((1, 1, 2, 2, 3))):
                    born = iso_ago[rng.randrange(200, 25 * 365)]
                    bday = born if r() < 0.85 else _yearless(born)
                    kids.append(
                        (pid, rng.choice(p.kid_names), bday if r() < 0.9 else None, "", None)
                    )
            if r() < 0.2:
                for _ in range(rng.choice((1, 1, 1, 2))):
                    born = iso_ago[rng.randrange(100, 15 * 365)]
                    bday = born if r() < 0.6 else _yearless(born)
                    passed = iso_ago[rng.randrange(10, 900)] if r() < 0.05 else None
                    pets.append(
                        (
                            pid,
                            rng.choice(p.pet_names),
                            rng.choice(p.species),
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
                when = years_before(day, years) if years else day
                occasions.append(
                    (
                        pid,
                        label,
                        YearlyDate(when.month, when.day, when.year if years else None).iso(),
                    )
                )
            if r() < 0.1:
                text = rng.choice(p.promises).format(
                    topic=rng.choice(p.topics), place=rng.choice(p.places)
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

    def hero_entries(self, heroes: Sequence[Hero]) -> tuple[list[Any], list[int]]:
        """The heroes' entries and links, flat (see random_entries)."""
        entries: list[Any] = []
        links: list[int] = []
        rng = self.rng
        p = self.pools
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
                    text = rng.choice(p.texts[usual.value]).format(
                        topic=rng.choice(p.topics), place=rng.choice(p.places)
                    )
                    from_them = rng.random() < 0.4 and days > hero.one_sided_days
                    self._entry(entries, on, usual, from_them, text)
                    links += (self.entry_id, pid)
                    days += max(2, hero.history_every + rng.randrange(-4, 5))
            for days, channel, from_them, text, others in hero.entries:
                on = self.today - timedelta(days=days)
                self._entry(entries, on, channel, from_them, text)
                for linked in (pid, *(o + 1 for o in others if o < len(heroes))):
                    links += (self.entry_id, linked)
        return entries, links

    def random_entries(self, first: int, last: int) -> tuple[list[Any], list[int]]:
        """Interactions and notes for people first..last (ids), with some group entries.

        Flat lists: seven values an entry (ENTRY_COLUMNS), two a link (entry id, person id).
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
                    if r() < 0.06:
                        if company_ids is None:
                            company_ids = self._colleagues(pid)
                        for other in {rng.choice(company_ids) for _ in range(1 + int(r() * 3))}:
                            if other != pid:
                                add_link((entry_id, other))
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
