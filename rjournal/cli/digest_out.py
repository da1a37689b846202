"""`rj today`'s words and JSON, and its quick path, without click.

`rj today` runs from a shell's rc file, so it must cost little more than starting Python:
``quick_today`` reads its few simple forms itself (``rj [--db PATH] today [--json]
[--quiet-if-empty]``) and answers without loading click; anything else, and any failure before
a byte is written, goes to the click command (cli/today.py), which does the same through the
one exit path and words the error.

The text: a headline, then the people who need you most (name, the one reason that matters,
the channel), today's occasions, the rest of this week's, and the promises due; each line at
most `width` cells (80), so at most 9 lines.

JSON (`rj today --json`), one object::

    {day: date, headline: str,
     people: [{person_id, name, reason, reasons: [str], channel, score, due}],
     occasions: [{on: date, label, person_id, name, whose}],
     promises: [{promise_id, person_id, name, text, due}],
     promises_due: int}

``people`` holds the first five of `rj next`, ``occasions`` today's and the next six days'
(at most eight), ``promises`` the five oldest due (``promises_due`` counts them all).
"""

from __future__ import annotations

import os
import sys
import unicodedata
from collections.abc import Mapping, Sequence
from datetime import date
from typing import TYPE_CHECKING, Any

from rjournal.domain.dates import short_day
from rjournal.domain.digest import Digest, headline, main_reason
from rjournal.domain.text import one_line
from rjournal.domain.wording import nearby_day

if TYPE_CHECKING:
    from rjournal.domain.checkin import CheckinSettings
    from rjournal.domain.occasions import UpcomingDate
    from rjournal.store.config import Config

WIDTH = 80
# A notification's lines are cut longer: the desktop wraps them.
NOTIFICATION_WIDTH = 160
# The widest a name's column gets; longer names are cut.
NAME_CELLS = 24
# RJOURNAL_TODAY=YYYY-MM-DD pretends today is that day (cli.base.today, which this mirrors
# without click: a bad value goes to the click command, which refuses it).
TODAY_VAR = "RJOURNAL_TODAY"


def cells(text: str) -> int:
    """The columns a line takes on a terminal: wide characters two, combining marks none."""
    if text.isascii():
        return len(text)
    return sum(
        0 if unicodedata.combining(ch) else 2 if unicodedata.east_asian_width(ch) in "WF" else 1
        for ch in text
    )


def fit(text: str, width: int) -> str:
    """One safe line of at most `width` cells, cut with an ellipsis."""
    return _cut(one_line(text), width)


def _cut(line: str, width: int) -> str:
    """A safe line cut to at most `width` cells, with an ellipsis."""
    if cells(line) <= width:
        return line
    out: list[str] = []
    used = 0
    for ch in line:
        size = cells(ch)
        if used + size > width - 1:
            break
        out.append(ch)
        used += size
    return "".join(out).rstrip() + "…"


def _padded(text: str, width: int) -> str:
    shown = fit(text, width)
    return shown + " " * (width - cells(shown))


def _joined(
    label: str, items: Sequence[str], width: int, total: int | None = None, more: bool = False
) -> str:
    """ "Label: a · b · +3 more": as many items as fit in `width` cells, the rest of `total`
    (default: all the items) counted; `more`: there are others beyond the items, uncounted."""
    head = f"{label}: "
    count = len(items) if total is None else total
    for shown in range(len(items), 0, -1):
        rest = count - shown
        tail = [f"+{rest}{'+' if more else ''} more"] if rest or more else []
        if more and not rest:
            tail = ["and more"]
        line = head + " · ".join([one_line(i) for i in items[:shown]] + tail)
        if cells(line) <= width:
            return line
    # Not even one whole: the first, cut to leave room for the count of the rest.
    others = f" · +{count - 1}{'+' if more else ''} more" if count > 1 or more else ""
    return head + fit(items[0], width - cells(head) - cells(others)) + others


def digest_lines(d: Digest, width: int = WIDTH) -> list[str]:
    """The digest as at most 9 lines of at most `width` cells."""
    lines = [fit(f"{short_day(d.day)} · {headline(d)}", width)]
    if d.people:
        name_cells = min(max(cells(one_line(s.name)) for s in d.people), NAME_CELLS)
        for s in d.people:
            channel = f" · {s.channel.value}" if s.channel is not None else ""
            reason = fit(main_reason(s), max(width - 2 - name_cells - 2 - cells(channel), 10))
            lines.append(_cut(f"  {_padded(s.name, name_cells)}  {reason}{channel}", width))
    today = [_occasion(u) for u in d.occasions if u.on == d.day]
    if today:
        lines.append(_joined("Today", today, width, more=d.more_today))
    week = [
        f"{nearby_day(u.on, d.day, with_year=False)} {_occasion(u)}"
        for u in d.occasions
        if u.on != d.day
    ]
    if week:
        lines.append(_joined("This week", week, width, more=d.more_this_week))
    if d.promises_due:
        due = [
            f"{p.promise.text} ({p.name}, {_due_words(p.promise.due, d.day)})" for p in d.promises
        ]
        label = "Promise due" if d.promises_due == 1 else "Promises due"
        lines.append(_joined(label, due, width, d.promises_due))
    return lines


def _occasion(u: UpcomingDate) -> str:
    """ "Leo turns 7 (Ana Lee)"; a person's own birthday names them already."""
    return u.label if u.whose == "birthday" else f"{u.label} ({u.person_name})"


def _due_words(due: date | None, today: date) -> str:
    if due is None or due >= today:
        return "today"
    return f"since {nearby_day(due, today, with_year=False)}"


def digest_json(d: Digest) -> dict[str, Any]:
    """The JSON shape of the module docstring."""
    return {
        "day": d.day.isoformat(),
        "headline": headline(d),
        "people": [
            {
                "person_id": s.person_id,
                "name": s.name,
                "reason": main_reason(s),
                "reasons": list(s.reasons),
                "channel": s.channel.value if s.channel is not None else None,
                "score": round(s.score, 2),
                "due": s.due.isoformat(),
            }
            for s in d.people
        ],
        "occasions": [
            {
                "on": u.on.isoformat(),
                "label": u.label,
                "person_id": u.person_id,
                "name": u.person_name,
                "whose": u.whose,
            }
            for u in d.occasions
        ],
        "promises": [
            {
                "promise_id": p.promise.id,
                "person_id": p.promise.person_id,
                "name": p.name,
                "text": p.promise.text,
                "due": p.promise.due.isoformat() if p.promise.due else None,
            }
            for p in d.promises
        ],
        "promises_due": d.promises_due,
    }


def notification(d: Digest) -> tuple[str, str]:
    """The digest as a notification: a summary line and a short body (plain text)."""
    summary = f"rjournal: {headline(d)}"
    body = [f"{s.name}: {main_reason(s)}" for s in d.people]
    today = [_occasion(u) for u in d.occasions if u.on == d.day]
    if today:
        body.append("Today: " + "; ".join(today))
    return summary, "\n".join(one_line(line, NOTIFICATION_WIDTH) for line in body)


def config_in_force(
    environ: Mapping[str, str] | None = None, flags: Mapping[str, object] | None = None
) -> Config:
    """The settings in force: flags > environment > the configuration file > defaults."""
    from rjournal.store.config import config_path, effective_config, read_config

    env = os.environ if environ is None else environ
    return effective_config(read_config(config_path(env)), env, flags)


def care_settings(config: Config) -> CheckinSettings:
    """The check-in engine's settings as the configuration has them (its look-ahead)."""
    from rjournal.domain.checkin import CheckinSettings

    return CheckinSettings(lookahead_days=config.lookahead_days)


def today_text(
    db: str | None, *, quiet: bool, as_json: bool, day: date, environ: Mapping[str, str]
) -> str:
    """What `rj today` prints (with its final newline), or "" when it stays quiet. Opens the
    chosen journal only to read it: a missing one is a JournalError, or, with `quiet`,
    nothing to say."""
    from rjournal.store.digest import gather_digest
    from rjournal.store.journal import Journal
    from rjournal.store.location import chosen_journal

    where = chosen_journal(db, environ)
    if quiet and not where.path.exists():
        return ""
    settings = care_settings(config_in_force(environ))
    with Journal.open(where.path, create=False, private_dir=where.private_dir) as journal:
        digest = gather_digest(journal, day, settings)
    if quiet and digest.is_empty:
        return ""
    if as_json:
        import json

        return json.dumps(digest_json(digest), ensure_ascii=False, indent=2) + "\n"
    return "".join(line + "\n" for line in digest_lines(digest))


def _simple_form(argv: Sequence[str]) -> tuple[str | None, bool, bool] | None:
    """(db, quiet, as_json) of `[--db PATH] today [--json] [--quiet-if-empty] [--db PATH]`,
    or None for anything else."""
    db: str | None = None
    quiet = as_json = seen = False
    i = 0
    while i < len(argv):
        word = argv[i]
        if word == "today" and not seen:
            seen = True
        elif word == "--quiet-if-empty" and seen:
            quiet = True
        elif word == "--json" and seen:
            as_json = True
        elif word == "--db" and i + 1 < len(argv) and db is None:
            db = argv[i + 1]
            i += 1
        elif word.startswith("--db=") and db is None:
            db = word[5:]
        else:
            return None
        i += 1
    return (db, quiet, as_json) if seen and db != "" else None


def quick_today(argv: Sequence[str]) -> bool:
    """Answer `rj today` in a simple form without click; False to let click run it."""
    form = _simple_form(argv)
    if form is None or os.environ.get("RJOURNAL_DEBUG"):
        return False
    db, quiet, as_json = form
    try:
        fixed = os.environ.get(TODAY_VAR)
        day = date.fromisoformat(fixed) if fixed else date.today()
        text = today_text(db, quiet=quiet, as_json=as_json, day=day, environ=os.environ)
    except Exception:
        return False  # click runs it again and words the error through the one exit path
    try:
        sys.stdout.write(text)
        sys.stdout.flush()
    except BrokenPipeError:  # `rj today | head -1`: the reader left, which is fine
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
    return True
