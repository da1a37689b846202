"""Likely duplicates: pairs of people in the journal who may be one person, and why.

A pair is listed when the two (neither in the trash) share an email or a phone (as
domain.merge's keys compare them), have the same name up to case and accents, have the same
name once a nickname stands for a first name ("Bob Lee" and "Robert Lee" called Bob), or have
close names (one or two letters apart) at the same company. Each pair names the record to keep
(the older one, added first) and the one to fold into it, for `rj merge`. A value shared by
many people (an office's switchboard number) pairs each of them with the oldest only, so the
list stays as long as the journal, never its square.
"""

from __future__ import annotations

import sqlite3
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from rjournal.domain.merge import email_key, phone_key
from rjournal.domain.text import fold


@dataclass(frozen=True)
class LikelyPair:
    """Two people who may be one: `keep` (id, name) is the older record, `fold` the other."""

    keep: tuple[int, str]
    fold: tuple[int, str]
    why: tuple[str, ...]


def close(a: str, b: str, limit: int = 2) -> bool:
    """Whether two texts are at most `limit` single-letter edits apart (Levenshtein)."""
    if abs(len(a) - len(b)) > limit:
        return False
    previous = list(range(len(b) + 1))
    for i, ch in enumerate(a, start=1):
        current = [i]
        for j, other in enumerate(b, start=1):
            current.append(
                min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (ch != other))
            )
        if min(current) > limit:
            return False
        previous = current
    return previous[-1] <= limit


def likely_duplicates(conn: sqlite3.Connection) -> list[LikelyPair]:
    """Every likely pair, the most telling first (shared emails and phones, then names)."""
    names: dict[int, str] = {}
    groups: dict[str, defaultdict[str, list[int]]] = {
        why: defaultdict(list) for why in ("email", "phone", "name", "nickname", "company")
    }
    rows = conn.execute(
        "SELECT id, name, sort_key, nickname, company, emails, phones FROM people "
        "WHERE deleted_at IS NULL ORDER BY added_on, id"
    )
    for pid, name, key, nickname, company, emails, phones in rows:
        names[pid] = name
        for email in emails.split("\n") if emails else ():
            groups["email"][email_key(email)].append(pid)
        for phone in phones.split("\n") if phones else ():
            if phone_key(phone):
                groups["phone"][phone_key(phone)].append(pid)
        groups["name"][key].append(pid)
        words = key.split()
        if len(words) >= 2:
            groups["nickname"][f"{words[0]} {words[-1]}"].append(pid)
            nick = fold(nickname)
            if nick and nick != words[0]:
                groups["nickname"][f"{nick} {words[-1]}"].append(pid)
        if company.strip():
            groups["company"][fold(company)].append(pid)
    found: dict[tuple[int, int], list[str]] = defaultdict(list)
    for value, ids in groups["email"].items():
        _pairs(found, ids, f"both have the email {value}")
    for value, ids in groups["phone"].items():
        _pairs(found, ids, f"both have the phone {value}")
    for ids in groups["name"].values():
        for a, b in _pair_ids(ids):
            same = names[a] == names[b]
            found[(a, b)].append(
                "the same name" if same else "the same name up to case and accents"
            )
    for ids in groups["nickname"].values():
        for a, b in _pair_ids(ids):
            if fold(names[a]) != fold(names[b]):
                found[(a, b)].append("the same name once a nickname stands for the first name")
    for company, ids in groups["company"].items():
        for a, b in _close_names(ids, names):
            found[(a, b)].append(f"close names at {company}")
    order = {pid: n for n, pid in enumerate(names)}
    pairs = [
        LikelyPair((a, names[a]), (b, names[b]), tuple(dict.fromkeys(why)))
        for (a, b), why in found.items()
    ]
    pairs.sort(key=lambda p: (not p.why[0].startswith("both"), order[p.keep[0]], order[p.fold[0]]))
    return pairs


_FEW = 10  # a group larger than this pairs everyone with its oldest only


def _pair_ids(ids: list[int]) -> Iterable[tuple[int, int]]:
    """Pairs (older, newer) of a group in the order people were added."""
    unique = list(dict.fromkeys(ids))
    if len(unique) > _FEW:
        return [(unique[0], other) for other in unique[1:]]
    return [(a, b) for i, a in enumerate(unique) for b in unique[i + 1 :]]


def _pairs(found: dict[tuple[int, int], list[str]], ids: list[int], why: str) -> None:
    for pair in _pair_ids(ids):
        found[pair].append(why)


def _close_names(ids: list[int], names: dict[int, str]) -> Iterable[tuple[int, int]]:
    """Pairs at one company whose names are close but not the same: compared only within
    blocks that share the name's first or last three letters (a typo rarely hits both)."""
    blocks: defaultdict[str, list[int]] = defaultdict(list)
    for pid in dict.fromkeys(ids):
        key = fold(names[pid])
        blocks[f"<{key[:3]}"].append(pid)
        blocks[f">{key[-3:]}"].append(pid)
    seen: set[tuple[int, int]] = set()
    for block in blocks.values():
        for i, a in enumerate(block):
            for b in block[i + 1 :]:
                if (a, b) in seen:
                    continue
                seen.add((a, b))
                first, second = fold(names[a]), fold(names[b])
                if first != second and close(first, second):
                    yield a, b


def already_there(
    conn: sqlite3.Connection, name: str, emails: Iterable[str]
) -> list[tuple[int, str, str]]:
    """People (not in the trash) a new person would duplicate: the same name up to case and
    accents, or one of these emails; (id, name, why) each, oldest first."""
    found: dict[int, tuple[str, str]] = {}
    for pid, their_name in conn.execute(
        "SELECT id, name FROM people WHERE sort_key = ? AND deleted_at IS NULL ORDER BY id",
        (fold(name),),
    ):
        found.setdefault(pid, (their_name, "the same name"))
    for email in dict.fromkeys(email_key(e) for e in emails if email_key(e)):
        # LIKE narrows (ASCII case aside, % and _ as wildcards); email_key decides.
        for pid, their_name, theirs in conn.execute(
            "SELECT id, name, emails FROM people WHERE deleted_at IS NULL "
            "AND emails LIKE '%' || ? || '%' ORDER BY id",
            (email,),
        ):
            if email in {email_key(e) for e in theirs.split("\n")}:
                found.setdefault(pid, (their_name, f"the email {email}"))
    return [(pid, found[pid][0], found[pid][1]) for pid in sorted(found)]
