"""`rj ingest mail|calendar PATH...`: log the touches your mail and calendar files show.

Reading is rjournal.ingest's (headers only for mail; ended occurrences, recurring events
expanded, for calendars); what is logged, once, is store.ingest_state's. Mail counts as a
touch only between you and someone, so your own addresses must be known: `my_emails` in the
configuration (`rj config set my_emails ...`), $RJOURNAL_MY_EMAILS, or `--me`.
"""

from __future__ import annotations

import os
from collections import Counter
from collections.abc import Iterable, Iterator
from datetime import date, datetime, time, tzinfo
from pathlib import Path

import click

from rjournal.cli.base import TODAY_VAR, opened, today
from rjournal.cli.digest_out import config_in_force
from rjournal.cli.errors import UserError
from rjournal.domain.date_parser import parse_date
from rjournal.domain.text import one_line
from rjournal.domain.wording import day_label

# How many of the correspondents not in the journal --unknown lists, and of each list shown.
UNKNOWN_LIMIT = 20
SHOWN = 20


def local_zone() -> tzinfo:
    """The user's time zone: $TZ, else /etc/localtime, else the system's current offset."""
    from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

    name = os.environ.get("TZ", "").lstrip(":")
    if name:
        try:
            return ZoneInfo(name)
        except (ZoneInfoNotFoundError, ValueError, OSError):
            pass
    try:
        with open("/etc/localtime", "rb") as handle:
            return ZoneInfo.from_file(handle)
    except (OSError, ValueError):
        zone = datetime.now().astimezone().tzinfo
        assert zone is not None
        return zone


def _now(day: date, zone: tzinfo) -> datetime:
    """This moment, on the pretended day when RJOURNAL_TODAY is set (its end, so that day's
    events have all ended)."""
    if os.environ.get(TODAY_VAR):
        return datetime.combine(day, time(23, 59, 59), zone)
    return datetime.now(zone)


@click.group()
def ingest() -> None:
    """Log the touches your mail and calendar files show."""


@ingest.command(short_help="Email interactions from Maildir folders and mbox files.")
@click.argument("paths", nargs=-1, required=True, metavar="PATH...")
@click.option("--since", metavar="DATE", help="Only messages sent on DATE or later.")
@click.option("--dry-run", is_flag=True, help="Say what would be logged; write nothing.")
@click.option("--subjects", is_flag=True, help="Keep each thread's subject in its interaction.")
@click.option(
    "--unknown",
    is_flag=True,
    help="List who you write with most who is not in the journal (logs nothing).",
)
@click.option(
    "--me",
    "my_emails",
    multiple=True,
    metavar="ADDRESS",
    help="Your own address (repeatable); default: my_emails of the configuration.",
)
def mail(
    paths: tuple[str, ...],
    since: str | None,
    dry_run: bool,
    subjects: bool,
    unknown: bool,
    my_emails: tuple[str, ...],
) -> None:
    """Log one email interaction per person per thread per day from Maildir folders and mbox
    files: mail you sent (from your own addresses) is you reaching out, mail they sent is from
    them. A message is logged once however often it is read. Bodies are never read; subjects
    are kept only with --subjects."""
    from rjournal.ingest.mail import MailMessage, MailSkipped, path_problems, read_mail
    from rjournal.ingest.touches import mail_touches
    from rjournal.store.ingest_state import address_book, log_mail, plan_mail

    now_day = today()
    first = parse_date(since, now_day) if since is not None else None
    config = config_in_force(flags={"my_emails": ",".join(my_emails) if my_emails else None})
    if not config.my_emails:
        raise UserError(
            "your own addresses are not set, so no mail can count as a touch: "
            'rj config set my_emails "you@example.com, you@work.example" (or --me ADDRESS)'
        )
    folders = [Path(p).expanduser() for p in paths]
    problems = path_problems(folders)
    if problems:
        raise UserError("; ".join(problems))
    zone = local_zone()
    future = Counter[str]()

    def up_to_today(
        found: Iterable[MailMessage | MailSkipped],
    ) -> Iterator[MailMessage | MailSkipped]:
        for message in found:
            if isinstance(message, MailMessage) and message.day > now_day:
                future["after today"] += 1
                continue
            yield message

    with opened() as journal:
        book = address_book(journal)
        messages = up_to_today(read_mail(folders, zone, subjects=subjects))
        result = mail_touches(
            messages, config.my_emails, book.people, since=first, unknown_limit=UNKNOWN_LIMIT
        )
        if unknown:
            _unknown_lines(result.unknown)
            return
        if dry_run:
            plan = plan_mail(journal, result.touches)
        else:
            plan = log_mail(journal, result.touches, created_at=datetime.now())
    for address, ids in book.shared:
        who = ", ".join(one_line(book.names.get(i, str(i))) for i in ids)
        click.echo(f"Note: {one_line(address)} belongs to {who}; counted for the first")
    new = [(t, fate) for t, fate, _, _ in plan.fates if fate == "new"]
    verb = "Would log" if dry_run else "Logged"
    if dry_run:
        for touch, _ in new[:SHOWN]:
            who = one_line(book.names.get(touch.person_id, str(touch.person_id)))
            side = "from them" if touch.from_them else "you wrote"
            click.echo(f"  {day_label(touch.day, now_day)}  {who} ({side})")
        if len(new) > SHOWN:
            click.echo(f"  and {len(new) - SHOWN} more")
    people = len({t.person_id for t, _ in new})
    click.echo(
        f"{verb} {len(new)} email interaction{'s' if len(new) != 1 else ''} with {people} "
        f"{'person' if people == 1 else 'people'}; "
        f"{plan.count('linked')} already logged got new messages, "
        f"{plan.count('seen')} were logged before"
    )
    skipped = len(result.skipped) + sum(future.values())
    click.echo(
        f"Read {result.messages:,} messages ({result.duplicates:,} read twice, "
        f"{result.before_since:,} before --since, {skipped:,} skipped)"
    )
    reasons = Counter(s.reason for s in result.skipped) + future
    for reason, count in reasons.most_common(5):
        click.echo(f"  skipped {count:,}: {one_line(reason)}")


def _unknown_lines(found: Iterable[object]) -> None:
    from rjournal.ingest.touches import Correspondent

    rows = [c for c in found if isinstance(c, Correspondent)]
    if not rows:
        click.echo("Everyone you write with is in the journal.")
        return
    click.echo("Who you write with most who is not in the journal (rj add NAME --email ...):")
    for c in rows:
        name = f"{one_line(c.name)} " if c.name else ""
        click.echo(f"  {c.count:>6,}  {name}<{one_line(c.address)}>")


@ingest.command(short_help="Meetings from .ics files and vdirs (khal's folders).")
@click.argument("paths", nargs=-1, required=True, metavar="PATH...")
@click.option("--since", metavar="DATE", help="Only events on DATE or later.")
@click.option("--dry-run", is_flag=True, help="Say what would be logged; write nothing.")
def calendar(paths: tuple[str, ...], since: str | None, dry_run: bool) -> None:
    """Log a meeting with every attendee who is in the journal, for events that have ended;
    recurring events count each time they happened. Each occurrence is logged once (by its
    UID and day)."""
    from rjournal.ingest.calendar import CalendarEvent, path_problems, read_calendars
    from rjournal.ingest.touches import calendar_meetings
    from rjournal.store.ingest_state import address_book, log_meetings, new_meetings

    now_day = today()
    first = parse_date(since, now_day) if since is not None else None
    files = [Path(p).expanduser() for p in paths]
    problems = path_problems(files)
    if problems:
        raise UserError("; ".join(problems))
    zone = local_zone()
    config = config_in_force()
    with opened() as journal:
        book = address_book(journal)
        found = list(read_calendars(files, _now(now_day, zone), zone, since=first))
        events = [e for e in found if isinstance(e, CalendarEvent)]
        meetings = calendar_meetings(events, config.my_emails, book.people)
        if dry_run:
            fresh = new_meetings(journal, meetings)
            logged = len(fresh)
        else:
            fresh = []
            logged = log_meetings(journal, meetings, created_at=datetime.now())
    for meeting in fresh[:SHOWN]:
        who = ", ".join(one_line(book.names.get(i, str(i))) for i in meeting.person_ids)
        click.echo(f"  {day_label(meeting.day, now_day)}  {one_line(meeting.summary)}: {who}")
    if len(fresh) > SHOWN:
        click.echo(f"  and {len(fresh) - SHOWN} more")
    verb = "Would log" if dry_run else "Logged"
    skipped = [s for s in found if not isinstance(s, CalendarEvent)]
    with_people = {(m.day, m.uid) for m in meetings}
    alone = sum(1 for e in events if (e.day, e.uid) not in with_people)
    click.echo(
        f"{verb} {logged} meeting{'s' if logged != 1 else ''} ({len(meetings) - logged} logged "
        f"before); read {len(events):,} ended events, {alone:,} with no one from the journal"
    )
    for problem in skipped[:5]:
        source = one_line(getattr(problem, "source", ""))
        click.echo(f"  skipped {source}: {one_line(getattr(problem, 'reason', ''))}")
