"""How sync's state is worded, for `rj sync --status` and the app: when it last ran, what
that run did, and the files it left alone. Reads the journal only (sync_settings, sync_held),
never the folders, so the app can ask whenever the journal changed."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from itertools import islice

from rjournal.store import sync_state
from rjournal.sync.report import Report

SETUP_HINT = "`rj sync --setup --contacts DIR --calendar DIR` says where"
NOT_SET_UP = f"Never synced: sync is not set up ({SETUP_HINT} the vdirs are)"
NOT_RUN = "Never synced: `rj sync` runs the first"


@dataclass(frozen=True)
class LastSync:
    """What the app's header says about sync: one small query (last_sync)."""

    set_up: bool
    when: str | None  # ISO time of the last run
    conflicts: int  # fields the last run kept both values of
    held: int  # files left alone now (unreadable, or naming no one in the journal)


def last_sync(conn: sqlite3.Connection) -> LastSync:
    """One row: the report is counted by SQLite, never parsed here (it can be long)."""
    row = conn.execute(
        "SELECT last_run, json_array_length(last_report, '$.conflicts'), "
        "(SELECT count(*) FROM sync_held) FROM sync_settings WHERE id = 1"
    ).fetchone()
    if row is None:
        return LastSync(set_up=False, when=None, conflicts=0, held=0)
    return LastSync(True, row[0], int(row[1] or 0), int(row[2] or 0))


def headline(last: LastSync, today: date) -> str | None:
    """`synced today at 09:14 · 1 conflict, 2 left alone` (short: it shares the header with
    the screen's title); None before set-up (a journal that does not sync hears nothing)."""
    if not last.set_up:
        return None
    said = f"synced {when_said(last.when, today)}" if last.when else "not synced yet"
    trouble = [_count(last.conflicts, "conflict", "conflicts")] if last.conflicts else []
    if last.held:
        trouble.append(f"{last.held} left alone")
    return " · ".join([said, ", ".join(trouble)] if trouble else [said])


def moment(iso: str) -> str:
    """The time of a run in the local zone, as `rj sync --status` prints it."""
    try:
        return datetime.fromisoformat(iso).astimezone().strftime("%Y-%m-%d %H:%M")
    except ValueError:
        return iso


def when_said(iso: str, today: date) -> str:
    """`today at 09:14`, `yesterday at 09:14`, `on 2026-12-01 at 09:14` (local time)."""
    try:
        local = datetime.fromisoformat(iso).astimezone()
    except ValueError:
        return iso
    clock = local.strftime("%H:%M")
    if local.date() == today:
        return f"today at {clock}"
    if local.date() == today - timedelta(days=1):
        return f"yesterday at {clock}"
    return f"on {local.date().isoformat()} at {clock}"


def run_lines(settings: sync_state.SyncSettings, *, held: bool = True) -> list[str]:
    """What the last run changed on each side, kept both of, left alone ([] if none ran)."""
    if not (settings.last_run and settings.last_report):
        return []
    return Report.from_json(settings.last_report).lines(held=held)


def held_line(vdir: str, href: str, held: sync_state.Held) -> str:
    what = f" ({held.what})" if held.what else ""
    return f"Left alone: {vdir}/{href}: {held.reason}{what}"


def status_lines(conn: sqlite3.Connection, today: date, *, limit: int = 40) -> list[str]:
    """The app's sync status: when, the last run's report, and the files left alone now, at
    most `limit` lines of each (the rest counted: `rj sync --status` lists them)."""
    settings = sync_state.settings(conn)
    if settings is None:
        return [NOT_SET_UP]
    if not settings.last_run:
        out = [NOT_RUN]
    else:
        out = [f"Synced {when_said(settings.last_run, today)}"]
        out += _capped([f"  {line}" for line in run_lines(settings, held=False)], limit)
    held = [held_line(*row) for row in islice(sync_state.every_held(conn), limit)]
    out += held
    more = sync_state.held_count(conn) - len(held)
    if more > 0:
        out.append(f"… {more} more left alone: `rj sync --status` lists them all")
    return out


def _capped(lines: list[str], limit: int) -> list[str]:
    if len(lines) <= limit:
        return lines
    return [*lines[:limit], f"  … {len(lines) - limit} more: `rj sync --status` lists them all"]


def _count(n: int, one: str, many: str) -> str:
    return f"{n} {one if n == 1 else many}"
