"""Tags with their default rhythms, and the journal's settings."""

from __future__ import annotations

from collections.abc import Mapping

from rjournal.domain.rhythms import Rhythm
from rjournal.store.core import JournalCore
from rjournal.store.derived import refresh_rhythms
from rjournal.store.records import TagInfo
from rjournal.store.rows import clean_tag


class TagQueries(JournalCore):
    """Tags and settings (a part of store.journal.Journal)."""

    def tag_rhythms(self) -> dict[str, Rhythm]:
        return {
            tag: Rhythm.from_code(code)
            for tag, code in self.conn.execute("SELECT tag, rhythm FROM tag_rhythms")
        }

    def set_tag_rhythm(self, tag: str, rhythm: Rhythm | None) -> None:
        """The default rhythm of people with this tag and no rhythm of their own."""
        tag = clean_tag(tag)
        with self.write() as conn:
            if rhythm is None or rhythm.is_none:
                conn.execute("DELETE FROM tag_rhythms WHERE tag = ?", (tag,))
            else:
                conn.execute(
                    "INSERT INTO tag_rhythms (tag, rhythm, rhythm_days, rhythm_avg) "
                    "VALUES (?, ?, ?, ?) ON CONFLICT (tag) DO UPDATE SET rhythm = excluded.rhythm, "
                    "rhythm_days = excluded.rhythm_days, rhythm_avg = excluded.rhythm_avg",
                    (tag, rhythm.code(), rhythm.min_days(), rhythm.approx_days()),
                )
            refresh_rhythms(conn, "id IN (SELECT person_id FROM tags WHERE tag = ?)", (tag,))

    def tags(self) -> list[TagInfo]:
        rhythms = self.tag_rhythms()
        rows = self.conn.execute(
            "SELECT t.tag, count(*) FROM tags t JOIN people p ON p.id = t.person_id "
            "WHERE p.deleted_at IS NULL GROUP BY t.tag ORDER BY t.tag"
        ).fetchall()
        known = {r[0] for r in rows}
        out = [TagInfo(tag, count, rhythms.get(tag)) for tag, count in rows]
        out += [TagInfo(tag, 0, r) for tag, r in sorted(rhythms.items()) if tag not in known]
        return out

    def setting(self, key: str) -> str | None:
        row = self.conn.execute("SELECT value FROM settings WHERE key = ?", (key,)).fetchone()
        return None if row is None else str(row[0])

    def set_setting(self, key: str, value: str) -> None:
        self.set_settings({key: value})

    def set_settings(self, values: Mapping[str, str]) -> None:
        """Several settings in one change."""
        with self.write() as conn:
            conn.executemany(
                "INSERT INTO settings (key, value) VALUES (?, ?) "
                "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                list(values.items()),
            )
