"""Full-text search (FTS5) over names, companies, profiles, notes and interactions."""

from __future__ import annotations

import re
import unicodedata
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


def search(journal: Journal, text: str, limit: int = MAX_RESULTS) -> list[SearchHit]:
    """People first, then entries (best match first); at most `limit` hits in all (a page:
    the app asks for more as the user scrolls)."""
    query = fts_query(text)
    if query is None:
        return []
    limit = max(1, limit)
    hits: list[SearchHit] = []
    with journal.snapshot() as conn:
        for person_id, name, snippet in conn.execute(
            "SELECT p.id, p.name, snippet(people_fts, -1, '', '', '…', 10) "
            "FROM people_fts JOIN people p ON p.id = people_fts.rowid "
            "WHERE people_fts MATCH ? AND p.deleted_at IS NULL ORDER BY rank LIMIT ?",
            (query, limit),
        ):
            hits.append(
                SearchHit(person_id=person_id, person_name=name, kind="person", snippet=snippet)
            )
        room = limit - len(hits)
        if room > 0:
            for entry_id, kind, on_date, snippet, person_id, name in conn.execute(
                "SELECT e.id, e.kind, e.on_date, snippet(entries_fts, 0, '', '', '…', 12), "
                "p.id, p.name FROM entries_fts JOIN entries e ON e.id = entries_fts.rowid "
                "JOIN people p ON p.id = (SELECT min(ep.person_id) FROM entry_people ep "
                "JOIN people q ON q.id = ep.person_id "
                "WHERE ep.entry_id = e.id AND q.deleted_at IS NULL) "
                "WHERE entries_fts MATCH ? ORDER BY rank LIMIT ?",
                (query, room),
            ):
                hits.append(
                    SearchHit(
                        person_id=person_id,
                        person_name=name,
                        kind=kind,
                        snippet=snippet,
                        entry_id=entry_id,
                        on=date.fromisoformat(on_date),
                    )
                )
    return hits
