"""Care that reaches you, from the command line: rj today, rj remind and rj plan."""

from __future__ import annotations

import hashlib
import json
import os
import stat
import subprocess
import sys
from datetime import date, timedelta
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from hypothesis import given, settings
from hypothesis import strategies as st

import rjournal
from rjournal.cli.digest_out import cells, digest_lines
from rjournal.cli.main import main
from rjournal.domain.checkin import Suggestion
from rjournal.domain.digest import Digest, DuePromise
from rjournal.domain.model import Channel, Promise
from rjournal.domain.occasions import UpcomingDate
from rjournal.store.journal import Journal

SCRIPT = Path(sys.executable).with_name("rj")
COMMAND = [str(SCRIPT)] if SCRIPT.exists() else [sys.executable, "-m", "rjournal"]


def rj(*args: str, env: dict[str, str] | None = None) -> Result:
    return CliRunner().invoke(main, list(args), env=env)


def ok(*args: str) -> str:
    result = rj(*args)
    assert result.exit_code == 0, (result.stdout, result.stderr)
    return result.stdout


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture
def week(tmp_path: Path) -> Path:
    """Sunday 22 Nov 2026: Cy's promise is overdue, Bob's birthday is today, Dana wrote on
    Tuesday and waits, Ana is overdue, Eve's Leo turns 7 on Wednesday."""
    db = tmp_path / "week.db"
    d = ["--db", str(db)]
    ok(*d, "add", "Ana Lee", "--every", "monthly", "--channel", "coffee")
    ok(*d, "log", "ana", "coffee at the corner", "--on", "2026-10-01", "--via", "coffee")
    ok(*d, "add", "Bob Stone", "--birthday", "1980-11-22")
    ok(*d, "add", "Cy Park", "--reach", "weekends only")
    ok(*d, "promise", "cy", "send the deck", "--due", "2026-11-20")
    ok(*d, "add", "Dana Kim", "--nickname", "Dana", "--reach", "never before 10")
    ok(*d, "log", "dana", "asked about the move", "--on", "2026-11-17", "--via", "email",
       "--from-them")  # fmt: skip
    ok(*d, "add", "Eve Moss")
    ok(*d, "kid", "eve", "Leo", "--birthday", "2019-11-25")
    return db


# -- rj today -----------------------------------------------------------------------------


def test_today_says_who_needs_you_and_why_in_a_few_short_lines(week: Path) -> None:
    out = ok("--db", str(week), "today")
    assert out.splitlines() == [
        "Sun 22 Nov · 5 people need you · 1 promise due · 1 occasion today",
        "  Cy Park    Promise overdue since Fri 20 Nov: send the deck",
        "  Bob Stone  Bob Stone turns 46 today",
        "  Ana Lee    52 days since coffee; your rhythm with Ana Lee is monthly · coffee",
        "  Eve Moss   Leo turns 7 on Wed 25 Nov",
        "  Dana Kim   Dana wrote on Tue 17 Nov; you haven't answered · email",
        "Today: Bob Stone turns 46",
        "This week: Wed 25 Nov Leo turns 7 (Eve Moss)",
        "Promise due: send the deck (Cy Park, since Fri 20 Nov)",
    ]
    assert all(cells(line) <= 80 for line in out.splitlines())


def test_today_as_json(week: Path) -> None:
    shape = json.loads(ok("--db", str(week), "today", "--json"))
    assert set(shape) == {"day", "headline", "people", "occasions", "promises", "promises_due"}
    assert shape["day"] == "2026-11-22"
    names = [p["name"] for p in shape["people"]]
    assert names == ["Cy Park", "Bob Stone", "Ana Lee", "Eve Moss", "Dana Kim"]
    dana = shape["people"][4]
    assert dana["reason"] == "Dana wrote on Tue 17 Nov; you haven't answered"
    assert dana["channel"] == "email" and dana["due"] == "2026-11-17"
    assert [(o["on"], o["label"], o["whose"]) for o in shape["occasions"]] == [
        ("2026-11-22", "Bob Stone turns 46", "birthday"),
        ("2026-11-25", "Leo turns 7", "kid"),
    ]
    assert shape["promises"] == [
        {"promise_id": 1, "person_id": 3, "name": "Cy Park", "text": "send the deck",
         "due": "2026-11-20"},
    ]  # fmt: skip
    assert shape["promises_due"] == 1


def test_today_only_reads(week: Path) -> None:
    before = digest(week)
    ok("--db", str(week), "today")
    ok("--db", str(week), "today", "--json")
    assert digest(week) == before


def test_today_never_creates_a_journal(tmp_path: Path) -> None:
    missing = tmp_path / "none.db"
    result = rj("--db", str(missing), "today")
    assert result.exit_code == 1
    assert result.stderr.startswith("rj: no journal at")
    assert rj("--db", str(missing), "today", "--quiet-if-empty").stdout == ""
    assert rj("--db", str(missing), "today", "--quiet-if-empty").exit_code == 0
    assert not missing.exists()


def test_quiet_if_empty_prints_nothing_when_nothing_needs_you(tmp_path: Path) -> None:
    db = tmp_path / "calm.db"
    ok("--db", str(db), "add", "Ana Lee")  # no rhythm, nothing due, no occasion
    assert ok("--db", str(db), "today", "--quiet-if-empty") == ""
    assert ok("--db", str(db), "today") == "Sun 22 Nov · Nothing needs you today\n"


def _run(tmp_path: Path, *args: str, **env: str) -> subprocess.CompletedProcess[str]:
    base = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "HOME": str(tmp_path / "home"),
        "XDG_DATA_HOME": str(tmp_path / "xdg-data"),
        "XDG_CONFIG_HOME": str(tmp_path / "xdg-config"),
        "XDG_RUNTIME_DIR": str(tmp_path / "xdg-runtime"),
        "RJOURNAL_TODAY": "2026-11-22",
        "PYTHONPATH": str(Path(rjournal.__file__).parent.parent),
        "LANG": "C.UTF-8",
    }
    return subprocess.run(
        [*COMMAND, *args], capture_output=True, text=True, env=base | env, check=False, timeout=60
    )


def test_the_quick_path_says_what_the_click_command_says(week: Path, tmp_path: Path) -> None:
    """`rj today` from a shell answers without click, exactly as the click command does."""
    for args in (["today"], ["today", "--json"], ["today", "--quiet-if-empty"]):
        quick = _run(tmp_path, "--db", str(week), *args)
        assert (quick.returncode, quick.stderr) == (0, "")
        assert quick.stdout == ok("--db", str(week), *args)
    via_env = _run(tmp_path, "today", RJOURNAL_DB=str(week))
    assert via_env.stdout == ok("--db", str(week), "today")
    # An error goes through the click command and its one exit path.
    bad = _run(tmp_path, "--db", str(tmp_path / "none.db"), "today")
    assert (bad.returncode, bad.stdout) == (1, "")
    assert bad.stderr.startswith("rj: no journal at") and "Traceback" not in bad.stderr
    wrong_day = _run(tmp_path, "--db", str(week), "today", RJOURNAL_TODAY="22/11/2026")
    assert wrong_day.returncode == 2 and wrong_day.stderr.startswith("rj: RJOURNAL_TODAY")


def test_the_quick_path_does_not_load_click(week: Path, tmp_path: Path) -> None:
    probe = (
        "import sys; sys.argv = ['rj', '--db', sys.argv[1], 'today'];"
        "from rjournal.__main__ import main; main();"
        "print(sorted(m for m in ('click', 'textual', 'rich') if m in sys.modules),"
        " file=sys.stderr)"
    )
    done = subprocess.run(
        [sys.executable, "-c", probe, str(week)],
        capture_output=True,
        text=True,
        env={**os.environ, "RJOURNAL_TODAY": "2026-11-22"},
        check=True,
    )
    assert done.stderr.strip() == "[]"
    assert done.stdout.startswith("Sun 22 Nov · 5 people need you")


# -- rj remind ----------------------------------------------------------------------------


def test_remind_without_a_bus_prints_once_a_day(week: Path) -> None:
    first = rj("--db", str(week), "remind")
    assert first.exit_code == 0
    assert first.stdout == ok("--db", str(week), "today")
    assert rj("--db", str(week), "remind").stdout == ""  # once a day per journal
    with Journal.open(week, create=False) as journal:
        assert journal.setting("reminded_on") == "2026-11-22"
    forced = rj("--db", str(week), "remind", "--force")
    assert forced.stdout == first.stdout
    tomorrow = rj("--db", str(week), "remind", env={"RJOURNAL_TODAY": "2026-11-23"})
    assert tomorrow.stdout.startswith("Mon 23 Nov")


def test_remind_sends_nothing_and_remembers_nothing_when_nothing_needs_you(
    tmp_path: Path,
) -> None:
    db = tmp_path / "calm.db"
    ok("--db", str(db), "add", "Ana Lee")
    assert ok("--db", str(db), "remind") == ""
    with Journal.open(db, create=False) as journal:
        assert journal.setting("reminded_on") is None


def test_remind_install_prints_units_and_a_crontab_line(week: Path, tmp_path: Path) -> None:
    out = ok("--db", str(week), "remind", "--install", "--at", "07:45")
    units = tmp_path / "xdg-config" / "systemd" / "user"
    assert f"# {units / 'rjournal-remind.service'}" in out
    assert "Type=oneshot" in out and "OnCalendar=*-*-* 07:45:00" in out
    exec_line = next(line for line in out.splitlines() if line.startswith("ExecStart="))
    assert exec_line.endswith(f"--db {week} remind")
    cron = out.splitlines()[-1]
    assert cron.startswith("45 7 * * * ") and cron.endswith(f"--db {week} remind")
    assert not units.exists()  # printing writes nothing


def test_remind_install_write_writes_the_units(week: Path, tmp_path: Path) -> None:
    out = ok("--db", str(week), "remind", "--install", "--write")
    units = tmp_path / "xdg-config" / "systemd" / "user"
    service, timer = units / "rjournal-remind.service", units / "rjournal-remind.timer"
    assert f"Wrote {service}" in out and "systemctl --user enable --now" in out
    assert "OnCalendar=*-*-* 09:00:00" in timer.read_text()
    assert "ExecStart=" in service.read_text()
    assert stat.S_IMODE(timer.stat().st_mode) == 0o600


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["remind", "--write"], "rj: --write goes with --install"),
        (["remind", "--install", "--at", "25:00"], "rj: --at takes a time of day"),
    ],
)
def test_remind_refuses_what_it_cannot_do(week: Path, args: list[str], message: str) -> None:
    result = rj("--db", str(week), *args)
    assert result.exit_code == 2 and result.stderr.startswith(message)


# -- rj plan ------------------------------------------------------------------------------


def test_plan_spreads_the_week_by_the_rules(week: Path) -> None:
    out = ok("--db", str(week), "plan", "--days", "7", "--per-day", "1")
    assert out.splitlines() == [
        "Plan for Sun 22 Nov to Sat 28 Nov, 1 a day",
        "Sun 22 Nov",
        "  Bob Stone: Bob Stone turns 46 today",
        "Mon 23 Nov · a new week",
        "  Ana Lee: 52 days since coffee; your rhythm with Ana Lee is monthly (coffee)",
        "Tue 24 Nov",
        "  Dana Kim: Dana wrote on Tue 17 Nov; you haven't answered (email, after 10:00)",
        "Wed 25 Nov",
        "  Eve Moss: Leo turns 7 on Wed 25 Nov",
        "Thu 26 Nov: no one",
        "Fri 27 Nov: no one",
        "Sat 28 Nov",
        "  Cy Park: Promise overdue since Fri 20 Nov: send the deck",
    ]


def test_plan_as_to_dos(week: Path, tmp_path: Path) -> None:
    from icalendar import Calendar

    target = tmp_path / "plan.ics"
    out = ok("--db", str(week), "plan", "--per-day", "1", "--ics", str(target))
    assert out.endswith(f"Wrote 5 to-dos to {target}\n")
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    todos = Calendar.from_ical(target.read_bytes()).walk("VTODO")
    assert [(str(t["SUMMARY"]), str(t.decoded("DUE"))) for t in todos] == [
        ("Reach out to Bob Stone", "2026-11-22"),
        ("Reach out to Ana Lee", "2026-11-23"),
        ("Reach out to Dana Kim", "2026-11-24"),
        ("Reach out to Eve Moss", "2026-11-25"),
        ("Reach out to Cy Park", "2026-11-28"),
    ]
    assert "Reach: after 10:00" in str(todos[2]["DESCRIPTION"])
    # The same plan again: the same UIDs, so a calendar updates rather than doubles.
    again = tmp_path / "again.ics"
    ok("--db", str(week), "plan", "--per-day", "1", "--ics", str(again))
    assert [t["UID"] for t in Calendar.from_ical(again.read_bytes()).walk("VTODO")] == [
        t["UID"] for t in todos
    ]


def test_plan_per_day_comes_from_the_configuration_unless_given(week: Path) -> None:
    ok("config", "set", "plan_per_day", "2")
    assert "2 a day" in ok("--db", str(week), "plan").splitlines()[0]
    assert "1 a day" in ok("--db", str(week), "plan", "--per-day", "1").splitlines()[0]
    env = {"RJOURNAL_PLAN_PER_DAY": "4"}
    assert "4 a day" in rj("--db", str(week), "plan", env=env).stdout.splitlines()[0]


# -- the digest's lines, whatever the text ---------------------------------------------------

TEXT = st.text(st.characters(codec="utf-8"), min_size=1, max_size=90)


@st.composite
def digests(draw: st.DrawFn) -> Digest:
    day = date(2026, 11, 22)

    def suggestion(pid: int) -> Suggestion:
        channel = draw(st.sampled_from([None, *Channel]))
        return Suggestion(
            person_id=pid, name=draw(TEXT), score=1.0, due=day, terms=(),
            reasons=(draw(TEXT),), talking_points=(), channel=channel,
            rhythm=None, rhythm_source="none", last_contact=None, days_since=0,
        )  # fmt: skip

    def occasion(pid: int) -> UpcomingDate:
        on = day + timedelta(days=draw(st.integers(0, 6)))
        return UpcomingDate(
            on, draw(TEXT), pid, draw(TEXT), draw(st.sampled_from(["kid", "birthday"]))
        )

    people = tuple(suggestion(i) for i in range(draw(st.integers(0, 5))))
    occasions = tuple(
        sorted((occasion(i) for i in range(draw(st.integers(0, 12)))), key=lambda u: u.on)
    )
    promises = tuple(
        DuePromise(
            Promise(draw(TEXT), day, due=day - timedelta(days=i), id=i, person_id=i), draw(TEXT)
        )
        for i in range(draw(st.integers(0, 5)))
    )
    return Digest(
        day,
        people,
        occasions,
        promises,
        len(promises) + draw(st.integers(0, 3) if promises else st.just(0)),
    )


@settings(max_examples=200)
@given(digests())
def test_the_digest_fits_80_columns_and_nine_lines_whatever_the_text(d: Digest) -> None:
    lines = digest_lines(d)
    assert len(lines) <= 9
    for line in lines:
        assert cells(line) <= 80, line
        assert "\n" not in line and not any(ord(ch) < 32 or 0x7F <= ord(ch) < 0xA0 for ch in line)
