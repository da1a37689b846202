"""`rj ingest mail|calendar` and `rj config`, end to end on real files and a real journal."""

from __future__ import annotations

import hashlib
import stat
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from rjournal.cli.main import main
from rjournal.store.facts import person_facts
from rjournal.store.journal import Journal
from tests.ingest.mailfiles import maildir, mbox, message

ME = "me@example.org"


def rj(*args: str, env: dict[str, str] | None = None) -> Result:
    return CliRunner().invoke(main, list(args), env=env)


def ok(*args: str, env: dict[str, str] | None = None) -> str:
    result = rj(*args, env=env)
    assert result.exit_code == 0, (result.stdout, result.stderr)
    return result.stdout


def sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture
def journal_file(tmp_path: Path) -> Path:
    db = tmp_path / "j.db"
    ok("--db", str(db), "add", "Dana Kim", "--nickname", "Dana", "--email", "DANA@example.com")
    ok("--db", str(db), "add", "Eli Ortiz", "--email", "eli@example.net")
    return db


@pytest.fixture
def mail(tmp_path: Path) -> Path:
    """Dana writes on Friday and you answer that evening; Eli writes on Saturday, unanswered;
    a list's message, and a stranger who writes a lot."""
    root = tmp_path / "Mail"
    maildir(
        root / "INBOX",
        message(message_id="<d1@x>", subject="Lunch?"),
        message(
            sender="Eli Ortiz <eli@example.net>",
            message_id="<e1@x>",
            date="Sat, 21 Nov 2026 10:00:00 +0100",
            subject="The move",
        ),
        message(sender="Eli Ortiz <eli@example.net>", to="team@lists.example", message_id="<l@x>"),
        *(
            message(
                sender="Zed Zee <zed@example.org>",
                message_id=f"<z{i}@x>",
                date=f"Thu, {10 + i} Nov 2026 10:00:00 +0100",
            )
            for i in range(3)
        ),
    )
    mbox(
        root / "Sent.mbox",
        message(
            sender=f"Me <{ME}>",
            to="Dana Kim <dana@example.com>",
            message_id="<d2@me>",
            date="Fri, 27 Nov 2026 19:00:00 +0100",
            references="<d1@x>",
            subject="Re: Lunch?",
        ).replace(b"27 Nov", b"20 Nov"),
    )
    # Dana's first message is on the 20th too, to make one thread-day with your answer.
    return root


def _redate(root: Path) -> None:
    for file in (root / "INBOX" / "new").iterdir():
        file.write_bytes(file.read_bytes().replace(b"Fri, 27 Nov 2026", b"Fri, 20 Nov 2026"))


def test_mail_refuses_without_your_own_addresses(journal_file: Path, mail: Path) -> None:
    before = sha(journal_file)
    result = rj("--db", str(journal_file), "ingest", "mail", str(mail))
    assert result.exit_code == 2
    assert result.stderr == (
        "rj: your own addresses are not set, so no mail can count as a touch: rj config set "
        'my_emails "you@example.com, you@work.example" (or --me ADDRESS)\n'
    )
    assert sha(journal_file) == before


def test_mail_logs_each_touch_once(journal_file: Path, mail: Path) -> None:
    _redate(mail)
    db = ["--db", str(journal_file)]
    ok("config", "set", "my_emails", ME)
    dry = ok(*db, "ingest", "mail", str(mail), "--dry-run")
    assert "Would log 2 email interactions with 2 people" in dry
    assert "Fri 20 Nov  Dana Kim (from them)" in dry
    before = sha(journal_file)
    assert sha(journal_file) == before  # a dry run writes nothing
    out = ok(*db, "ingest", "mail", str(mail))
    assert out.splitlines()[0].startswith("Logged 2 email interactions with 2 people")
    assert "Read 7 messages" in out
    with Journal.open(journal_file, create=False) as journal:
        dana = person_facts(journal, 1)
        eli = person_facts(journal, 2)
        # Dana wrote and you answered that day: from her, waiting on nothing.
        (entry,) = journal.timeline(1)
        assert (entry.from_them, entry.text) == (True, "2 emails, logged from your mail")
        assert not dana.awaiting_answer
        # Eli wrote on Saturday and waits.
        assert eli.awaiting_answer and eli.last_contact is not None
    again = ok(*db, "ingest", "mail", str(mail))
    assert again.splitlines()[0].startswith("Logged 0 email interactions")
    assert "2 were logged before" in again
    nxt = ok(*db, "next")
    assert "Eli Ortiz wrote yesterday; you haven't answered" in nxt
    assert "Dana wrote" not in nxt


def test_subjects_are_kept_only_when_asked(journal_file: Path, mail: Path) -> None:
    db = ["--db", str(journal_file)]
    ok(*db, "ingest", "mail", str(mail), "--me", ME, "--subjects")
    with Journal.open(journal_file, create=False) as journal:
        assert [e.text for e in journal.timeline(2)] == ["Email: The move"]


def test_unknown_lists_who_you_write_with_and_logs_nothing(journal_file: Path, mail: Path) -> None:
    before = sha(journal_file)
    out = ok("--db", str(journal_file), "ingest", "mail", str(mail), "--me", ME, "--unknown")
    assert out.splitlines() == [
        "Who you write with most who is not in the journal (rj add NAME --email ...):",
        "       3  Zed Zee <zed@example.org>",
    ]
    assert sha(journal_file) == before


def test_since_leaves_older_mail_and_events_for_a_later_run(
    journal_file: Path, mail: Path, tmp_path: Path
) -> None:
    _redate(mail)  # Dana's thread is on Fri 20 Nov, Eli's message on Sat 21 Nov
    db = ["--db", str(journal_file), "ingest"]
    out = ok(*db, "mail", str(mail), "--me", ME, "--since", "2026-11-21")
    assert "6 before --since" in out
    with Journal.open(journal_file, create=False) as journal:
        assert journal.timeline(1) == [] and len(journal.timeline(2)) == 1
    later = ok(*db, "mail", str(mail), "--me", ME)
    assert later.splitlines()[0].startswith("Logged 1 email interaction with 1 person")
    calendars = tmp_path / "cal.ics"
    calendars.write_text(CALENDAR.replace("\n", "\r\n"))
    env = {"RJOURNAL_MY_EMAILS": ME}
    # The Mondays 9 and 16 Nov and the lunch on the 20th; not Monday 2 Nov.
    assert "Logged 3 meetings" in ok(*db, "calendar", str(calendars), "--since", "9 Nov", env=env)
    with Journal.open(journal_file, create=False) as journal:
        assert "2026-11-02" not in {e.on.isoformat() for e in journal.timeline(1)}
    before = sha(journal_file)
    bad = rj(*db, "mail", str(mail), "--me", ME, "--since", "soonish")
    assert bad.exit_code == 2 and len(bad.stderr.splitlines()) == 1 and "soonish" in bad.stderr
    assert sha(journal_file) == before


def test_mail_paths_that_hold_no_mail_are_refused(journal_file: Path, tmp_path: Path) -> None:
    (tmp_path / "empty").mkdir()
    result = rj("--db", str(journal_file), "ingest", "mail", str(tmp_path / "empty"), "--me", ME)
    assert result.exit_code == 2
    assert result.stderr == f"rj: {tmp_path / 'empty'}: no Maildir or mbox file there\n"


CALENDAR = """BEGIN:VCALENDAR
VERSION:2.0
PRODID:-//test//EN
BEGIN:VEVENT
UID:weekly@x
SUMMARY:1:1 with Dana
DTSTART:20261102T090000Z
DTEND:20261102T093000Z
RRULE:FREQ=WEEKLY;BYDAY=MO
ORGANIZER:mailto:me@example.org
ATTENDEE:mailto:dana@example.com
END:VEVENT
BEGIN:VEVENT
UID:lunch@x
SUMMARY:Lunch
DTSTART:20261120T120000Z
DTEND:20261120T130000Z
ORGANIZER:mailto:eli@example.net
ATTENDEE:mailto:me@example.org
END:VEVENT
END:VCALENDAR
"""


def test_calendar_logs_each_occurrence_that_ended_once(journal_file: Path, tmp_path: Path) -> None:
    vdir = tmp_path / "calendars" / "work"
    vdir.mkdir(parents=True)
    (vdir / "events.ics").write_text(CALENDAR.replace("\n", "\r\n"))
    db = ["--db", str(journal_file)]
    env = {"RJOURNAL_MY_EMAILS": ME}
    out = ok(*db, "ingest", "calendar", str(tmp_path / "calendars"), env=env)
    # Mondays 2, 9 and 16 Nov have ended by Sunday 22 Nov; the 23rd has not.
    assert "Logged 4 meetings (0 logged before)" in out
    with Journal.open(journal_file, create=False) as journal:
        assert [(e.on.isoformat(), e.from_them) for e in journal.timeline(1)] == [
            ("2026-11-16", False), ("2026-11-09", False), ("2026-11-02", False),
        ]  # fmt: skip
        ((lunch),) = journal.timeline(2)
        assert (lunch.text, lunch.from_them) == ("Meeting: Lunch", True)  # Eli organised it
    again = ok(*db, "ingest", "calendar", str(vdir), env=env)
    assert "Logged 0 meetings (4 logged before)" in again


# -- rj config ------------------------------------------------------------------------------


def test_config_path_show_and_set(tmp_path: Path) -> None:
    where = tmp_path / "xdg-config" / "rjournal" / "config.toml"
    assert ok("config", "path") == f"{where}\n"
    assert "lookahead_days = 14  # default" in ok("config", "show")
    assert ok("config", "set", "lookahead_days", "21") == f"Set lookahead_days in {where}\n"
    assert stat.S_IMODE(where.stat().st_mode) == 0o600
    shown = ok("config", "show")
    assert f"lookahead_days = 21  # from {where}" in shown
    env_shown = ok("config", "show", env={"RJOURNAL_LOOKAHEAD_DAYS": "7"})
    assert "lookahead_days = 7  # from $RJOURNAL_LOOKAHEAD_DAYS" in env_shown
    assert ok("config", "unset", "lookahead_days") == f"Unset lookahead_days in {where}\n"
    assert "lookahead_days = 14  # default" in ok("config", "show")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["lookahead_days", "many"], "rj: lookahead_days: must be a whole number of days"),
        (["colour", "blue"], 'rj: "colour": not a setting'),
        (["week_start", "someday"], "rj: week_start: must be a day of the week"),
    ],
)
def test_config_set_refuses_a_bad_value(tmp_path: Path, args: list[str], message: str) -> None:
    result = rj("config", "set", *args)
    assert result.exit_code == 2
    assert result.stderr.startswith(message) and result.stderr.count("\n") == 1
    assert not (tmp_path / "xdg-config" / "rjournal" / "config.toml").exists()


def test_a_malformed_file_is_refused_by_every_command(journal_file: Path, tmp_path: Path) -> None:
    where = tmp_path / "xdg-config" / "rjournal" / "config.toml"
    where.parent.mkdir(parents=True)
    where.write_text('journal = "~/j.db"\nlookahead_days = "two weeks"\n')
    for args in (["next"], ["today"], ["config", "show"], ["plan"]):
        result = rj(*args)
        assert result.exit_code == 1, args
        assert result.stderr.startswith(f"rj: {where} line 2, lookahead_days: must be"), args
    where.write_text("lookahead_days = 14\nplan_per_day = [\n")
    broken = rj("config", "set", "theme", "nord")
    assert broken.exit_code == 1 and broken.stderr.startswith(f"rj: {where} line ")
    assert where.read_text() == "lookahead_days = 14\nplan_per_day = [\n"  # never replaced


def test_the_configured_journal_comes_after_db_and_the_variable(
    journal_file: Path, tmp_path: Path
) -> None:
    other = tmp_path / "other.db"
    ok("--db", str(other), "add", "Someone Else")
    ok("config", "set", "journal", str(journal_file))
    assert "Dana Kim" in ok("list")
    assert "Someone Else" in ok("--db", str(other), "list")
    assert "Someone Else" in ok("list", env={"RJOURNAL_DB": str(other)})


def test_the_configured_look_ahead_reaches_next_and_today(tmp_path: Path) -> None:
    db = tmp_path / "j.db"
    ok("--db", str(db), "add", "Ana Lee", "--birthday", "1990-12-01")  # in 9 days
    assert "Ana Lee" in ok("--db", str(db), "next")
    ok("config", "set", "lookahead_days", "7")
    assert ok("--db", str(db), "next") == "No one needs a check-in as of Sun 22 Nov.\n"
    assert ok("--db", str(db), "today").startswith("Sun 22 Nov · Nothing needs you today")
