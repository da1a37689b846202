"""`rj plan`: who to reach on which day of the coming days (domain.plan's rules), and as to-dos.

`--ics FILE` writes the plan as an iCalendar of to-dos (interop.ics), one per person and day,
due that day, each with a UID made from the person's uid and the day, so a calendar that
imports the file again updates the to-dos rather than doubling them.
"""

from __future__ import annotations

import os
import uuid
from datetime import UTC, date, datetime, time
from pathlib import Path

import click

from rjournal.cli.base import TODAY_VAR, opened, today
from rjournal.cli.digest_out import care_settings, cells, config_in_force, fit
from rjournal.cli.errors import UserError
from rjournal.domain.dates import short_day
from rjournal.domain.digest import main_reason
from rjournal.domain.plan import Placement, Plan
from rjournal.domain.text import one_line

# To-do UIDs are made in this namespace from the person's uid and the day.
_PLAN_NAMESPACE = uuid.UUID("0b5c8f4e-3d2a-4f61-9e7b-5a1c2d3e4f60")
# How many of those a plan could not place are listed by name.
UNPLACED_SHOWN = 10
WIDTH = 80


@click.command(short_help="Who to reach on which day of the coming days.")
@click.option(
    "--days",
    default=7,
    show_default=True,
    type=click.IntRange(1, 366),
    metavar="N",
    help="How many days, from today.",
)
@click.option(
    "--per-day",
    type=click.IntRange(1, 50),
    metavar="N",
    help="How many people a day (default: plan_per_day of the configuration, else 3).",
)
@click.option(
    "--ics",
    "ics_file",
    metavar="FILE",
    help="Also write the plan as to-dos to FILE (.ics, readable by you only).",
)
def plan(days: int, per_day: int | None, ics_file: str | None) -> None:
    """Spread the people who need you over the coming days: occasions on their day, promises
    before their due day, the rest by urgency within a daily capacity, each on a day and at a
    time their reach allows where it names days or times ("never before 10", "weekends
    only"); what their reach says that cannot be read is shown, not guessed."""
    from rjournal.store.plan_data import people_uids, week_plan

    config = config_in_force(flags={"plan_per_day": per_day})
    start = today()
    target = Path(ics_file).expanduser() if ics_file else None
    if target is not None and target.is_dir():
        raise UserError(f"{target} is a directory: give a file name for the .ics")
    with opened() as journal:
        result = week_plan(journal, start, days, config.plan_per_day, care_settings(config))
        uids = people_uids(journal, [p.suggestion.person_id for p in result.placements])
    for line in plan_lines(result, config.week_start_day):
        click.echo(line)
    if target is not None:
        _write_ics(target, result, uids, start)
        click.echo(f"Wrote {len(result.placements)} to-dos to {target}")


def window_words(p: Placement) -> str:
    """ "after 10:00", "until 17:00", "10:00-17:00", or "" when the reach names no time."""
    if p.earliest is not None and p.latest is not None:
        return f"{p.earliest:%H:%M}-{p.latest:%H:%M}"
    if p.earliest is not None:
        return f"after {p.earliest:%H:%M}"
    if p.latest is not None:
        return f"until {p.latest:%H:%M}"
    return ""


def plan_lines(result: Plan, week_start: int = 0, width: int = WIDTH) -> list[str]:
    """The plan by day, then who could not be placed and why."""
    end = result.start.toordinal() + result.days - 1
    lines = [
        f"Plan for {short_day(result.start)} to {short_day(date.fromordinal(end))}, "
        f"{result.per_day} a day"
    ]
    for offset in range(result.days):
        day = date.fromordinal(result.start.toordinal() + offset)
        placed = result.on(day)
        new_week = " · a new week" if offset and day.weekday() == week_start else ""
        lines.append(f"{short_day(day)}{new_week}" + ("" if placed else ": no one"))
        for p in placed:
            s = p.suggestion
            when = ", ".join(
                part for part in (s.channel.value if s.channel else "", window_words(p)) if part
            )
            tail = f" ({when})" if when else ""
            head = f"  {one_line(s.name)}: "
            room = width - cells(head) - cells(tail)
            lines.append(head + fit(main_reason(s), max(room, 12)) + tail)
            for unread in p.unread:
                lines.append("    " + fit(f"reach not read: {unread}", width - 4))
    if result.unplaced:
        lines.append(f"Not placed ({len(result.unplaced)}):")
        for u in result.unplaced[:UNPLACED_SHOWN]:
            lines.append("  " + fit(f"{u.suggestion.name}: {u.why}", width - 2))
        if len(result.unplaced) > UNPLACED_SHOWN:
            lines.append(f"  and {len(result.unplaced) - UNPLACED_SHOWN} more")
    return lines


def _stamp(start: date) -> datetime:
    """The to-dos' DTSTAMP: now, or the start of a pretended today (reproducible files)."""
    if os.environ.get(TODAY_VAR):
        return datetime.combine(start, time(0), UTC)
    return datetime.now(UTC)


def _write_ics(target: Path, result: Plan, uids: dict[int, str], start: date) -> None:
    from rjournal.interop.ics import Todo, write_calendar
    from rjournal.store.config import write_private

    todos = []
    for p in result.placements:
        s = p.suggestion
        uid = str(uuid.uuid5(_PLAN_NAMESPACE, f"{uids.get(s.person_id, s.person_id)}/{p.day}"))
        window = window_words(p)
        details = [*s.reasons, *([f"Reach: {window}"] if window else [])]
        details += [f"Reach not read: {text}" for text in p.unread]
        details += [f"Talk about: {point}" for point in s.talking_points[:3]]
        todos.append(Todo(uid, f"Reach out to {s.name}", p.day, "\n".join(details)))
    data = write_calendar((), todos, stamp=_stamp(start), name="rjournal plan")
    write_private(target, data.decode("utf-8"))
