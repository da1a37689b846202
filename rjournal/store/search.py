"""Search: full text (FTS5) over names, companies, profiles, notes and interactions, and the
words of promises.

Each kind of hit gets its share of the results, so a common word shows entries too, not only
the many people whose profile holds it."""

from __future__ import annotations

import re
import sqlite3
import unicodedata
from collections.abc import Sequence
from datetime import date

from rjournal.store.journal import Journal
from rjournal.store.records import SearchHit

MAX_RESULTS = 50
_WORD = re.compile(r"\w+", re.UNICODE)


def fts_query(text: str) -> str | None:
    """Any user text as a safe FTS5 query: each word quoted, as a prefix, all required.

    Quoting every word means no user input can be an FTS5 syntax error or an operator.
    """
    # NFC first: typed or pasted NFD ("A" + combining ring) would split into "A" and "ngstrom".
    words = _WORD.findall(unicodedata.normalize("NFC", text))
    if not words:
        return None
    return " ".join('"' + w.replace('"', '""') + '"*' for w in words)


def shares(found: Sequence[int], limit: int) -> list[int]:
    """How many hits of each kind are shown, of how many were found (each up to `limit`):
    turn about, one each, so every kind found gets its share and room one leaves goes to
    the others."""
    shown = [0] * len(found)
    left = limit
    while left > 0:
        given = 0
        for kind, count in enumerate(found):
            if left > 0 and shown[kind] < count:
                shown[kind] += 1
                left -= 1
                given += 1
        if given == 0:
            break
    return shown


# People matching, best first.
_PEOPLE = (
    "SELECT p.id, p.name, snippet(people_fts, -1, '', '', '…', 10) "
    "FROM people_fts JOIN people p ON p.id = people_fts.rowid "
    "WHERE people_fts MATCH ? AND p.deleted_at IS NULL ORDER BY rank LIMIT ?"
)
# Entries matching, best first, the newest first among equal matches; each under the first of
# its people not in the trash (None when all are: such an entry is not shown). Ranking every
# match (bm25) is the cost that cannot be avoided; the rest is done for few rows: only the
# entries ranked at least as well as the ?2-th best are dated and ordered, and only the first
# ?2 of those are given their person.
_ENTRIES = """
WITH matched AS MATERIALIZED (
    SELECT rowid AS id, rank FROM entries_fts WHERE entries_fts MATCH ?1
), best AS (
    SELECT m.id, m.rank, e.kind, e.on_date FROM matched m JOIN entries e ON e.id = m.id
    WHERE m.rank <= (SELECT max(rank) FROM (SELECT rank FROM matched ORDER BY rank LIMIT ?2))
    ORDER BY m.rank, e.on_date DESC, e.id DESC LIMIT ?2
)
SELECT b.id, b.kind, b.on_date, p.id, p.name FROM best b
LEFT JOIN people p ON p.id = (SELECT min(ep.person_id) FROM entry_people ep
    JOIN people q ON q.id = ep.person_id WHERE ep.entry_id = b.id AND q.deleted_at IS NULL)
ORDER BY b.rank, b.on_date DESC, b.id DESC
"""
# The snippets of the entries shown (a JSON array of their ids), in one pass over the matches:
# `+rowid` keeps the ids from being looked up one at a time, each a new FTS5 query.
_SNIPPETS = (
    "SELECT rowid, snippet(entries_fts, 0, '', '', '…', 12) FROM entries_fts "
    "WHERE entries_fts MATCH ? AND +rowid IN (SELECT value FROM json_each(?))"
)
# Promises holding a word (LIKE: few enough rows to scan), the latest made first; the other
# words are looked for in Python (any number of them, any case).
_PROMISES = (
    "SELECT pr.text, pr.due, p.id, p.name FROM promises pr "
    "JOIN people p ON p.id = pr.person_id WHERE p.deleted_at IS NULL "
    "AND pr.text LIKE ? ESCAPE '\\' ORDER BY pr.created_on DESC, pr.id DESC"
)


def _like(word: str) -> str:
    """A LIKE pattern for text holding `word` (its own % and _ taken literally)."""
    return "%" + word.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"


def search(journal: Journal, text: str, limit: int = MAX_RESULTS) -> list[SearchHit]:
    """People, then entries, then promises, best match first within each, each kind its share
    of at most `limit` hits in all (see shares): a page, the app asks for more as the user
    scrolls."""
    query = fts_query(text)
    if query is None:
        return []
    words = _WORD.findall(unicodedata.normalize("NFC", text))
    limit = max(1, limit)
    with journal.snapshot() as conn:
        people = [
            SearchHit(person_id=person_id, person_name=name, kind="person", snippet=snippet)
            for person_id, name, snippet in conn.execute(_PEOPLE, (query, limit))
        ]
        entries = _entries(conn, query, limit)
        promises: list[SearchHit] = []
        folded = [word.casefold() for word in words]
        for promise, due, person_id, name in conn.execute(_PROMISES, (_like(max(words, key=len)),)):
            if len(promises) == limit:
                break
            held = unicodedata.normalize("NFC", promise).casefold()
            if all(word in held for word in folded):
                on = date.fromisoformat(due) if due else None
                hit = SearchHit(person_id, name, kind="promise", snippet=promise, on=on)
                promises.append(hit)
    found = (people, entries, promises)
    shown = shares([len(hits) for hits in found], limit)
    return [hit for hits, n in zip(found, shown, strict=True) for hit in hits[:n]]


def _entries(conn: sqlite3.Connection, query: str, limit: int) -> list[SearchHit]:
    """The best `limit` entries matching (see _ENTRIES), with their snippets."""
    # Asking for twice as many leaves room for entries whose people are all in the trash; when
    # they take more than that, ask again for many more (each asking ranks every match again,
    # which costs far more than placing a few hundred more rows).
    fetch = 2 * limit
    while True:
        rows = conn.execute(_ENTRIES, (query, fetch)).fetchall()
        placed = [row for row in rows if row[3] is not None]
        if len(placed) >= limit or len(rows) < fetch:
            break
        fetch *= 16
    placed = placed[:limit]
    ids = "[" + ",".join(str(row[0]) for row in placed) + "]"  # JSON, without loading json
    snippets = dict(conn.execute(_SNIPPETS, (query, ids)).fetchall())
    return [
        SearchHit(
            person_id=person_id,
            person_name=name,
            kind=kind,
            snippet=snippets[entry_id],
            entry_id=entry_id,
            on=date.fromisoformat(on_date),
        )
        for entry_id, kind, on_date, person_id, name in placed
    ]
