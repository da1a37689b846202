"""The command line's happy paths, each checked against what landed in the journal."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

import click
import pytest
from click.testing import CliRunner, Result

from rjournal.cli.main import main
from rjournal.domain.dates import YearlyDate
from rjournal.domain.model import Channel
from rjournal.domain.rhythms import Rhythm
from rjournal.store.journal import Journal

TODAY = date(2026, 11, 22)


class Rj:
    """`rj --db PATH ...` in-process, against a real journal file."""

    def __init__(self, db: Path) -> None:
        self.db = db
        self.runner = CliRunner()

    def __call__(self, *args: str, ok: bool = True) -> Result:
        result = self.runner.invoke(main, ["--db", str(self.db), *args])
        if ok:
            assert result.exit_code == 0, (result.stdout, result.stderr, result.exception)
            assert result.stderr == "" or args[:1] in (("export",), ("demo",))
        return result

    def json(self, *args: str) -> Any:
        return json.loads(self(*args, "--json").stdout)

    def journal(self) -> Journal:
        return Journal.open(self.db, create=False)


@pytest.fixture
def rj(tmp_path: Path) -> Rj:
    return Rj(tmp_path / "journal.db")


@pytest.fixture
def people(rj: Rj) -> Rj:
    """Ana (monthly, a kid, a pet, an occasion, a promise) and Bob, with a little history."""
    rj(
        "add",
        "Ana Lee",
        "--nickname",
        "Annie",
        "--company",
        "Acme",
        "--tag",
        "client",
        "--every",
        "monthly",
        "--birthday",
        "April 15",
        "--channel",
        "coffee",
    )
    rj("add", "Bob Stone", "--birthday", "1980-11-30", "--tag", "friend")
    rj("log", "ana", "coffee at the corner", "--on", "2026-10-01")
    rj("kid", "ana", "Leo", "--birthday", "2019-09-03")
    rj("pet", "ana", "Rex", "--species", "dog", "--birthday", "2021-11-27")
    rj("occasion", "bob", "wedding anniversary", "2015-06-12")
    return rj


def test_add_creates_the_journal_and_prints_the_id(rj: Rj) -> None:
    result = rj(
        "add",
        "Ana Lee",
        "--company",
        "Acme",
        "--email",
        "a@x.com",
        "--email",
        "ana@y.org",
        "--phone",
        "+1 555",
        "--tag",
        "Client",
        "--tag",
        "#friend",
        "--every",
        "monthly",
        "--birthday",
        "04-15",
        "--partner",
        "João",
        "--met",
        "at a conference",
        "--channel",
        "text",
        "--city",
        "Lisbon",
        "--about",
        "designer",
        "--likes",
        "jazz",
        "--dislikes",
        "platform X",
        "--reach",
        "text, never before 10",
        "--role",
        "CTO",
        "--nickname",
        "Annie",
    )
    assert result.stdout == "Added Ana Lee (id 1): birthday 15 Apr, next on Thu 15 Apr 2027\n"
    with rj.journal() as journal:
        ana = journal.person(1)
    assert ana.emails == ("a@x.com", "ana@y.org")
    assert ana.phones == ("+1 555",)
    assert ana.tags == ("client", "friend")
    assert ana.rhythm == Rhythm(1, "m")
    assert ana.birthday == YearlyDate(4, 15)
    assert ana.channel is Channel.MESSAGE
    assert (ana.city, ana.partner, ana.met, ana.role) == (
        "Lisbon",
        "João",
        "at a conference",
        "CTO",
    )
    assert (ana.about, ana.likes, ana.dislikes) == ("designer", "jazz", "platform X")
    assert ana.reach == "text, never before 10"
    assert ana.added_on == TODAY


def test_add_in_the_default_place_makes_a_private_data_dir(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["add", "Ana"])
    assert result.exit_code == 0, result.stderr
    path = tmp_path / "xdg-data" / "rjournal" / "journal.db"
    assert path.exists()
    assert path.stat().st_mode & 0o777 == 0o600
    assert path.parent.stat().st_mode & 0o777 == 0o700


def test_rjournal_db_environment_variable(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "elsewhere.db"
    monkeypatch.setenv("RJOURNAL_DB", str(target))
    assert CliRunner().invoke(main, ["add", "Ana"]).exit_code == 0
    assert target.exists()
    assert not (tmp_path / "xdg-data" / "rjournal" / "journal.db").exists()


def test_edit_replaces_fields(people: Rj) -> None:
    result = people(
        "edit",
        "ana",
        "--company",
        "Globex",
        "--every",
        "quarterly",
        "--tag",
        "vip",
        "--email",
        "new@x.com",
        "--name",
        "Ana Lee-Moss",
    )
    assert "Updated Ana Lee-Moss (id 1)" in result.stdout
    with people.journal() as journal:
        ana = journal.person(1)
    assert (ana.company, ana.rhythm, ana.tags) == ("Globex", Rhythm(3, "m"), ("vip",))
    assert ana.emails == ("new@x.com",)


def test_edit_add_drop_and_clear(people: Rj) -> None:
    people("edit", "ana", "--add-tag", "friend", "--drop-tag", "client")
    people("edit", "ana", "--clear", "birthday", "--clear", "every", "--clear", "company")
    with people.journal() as journal:
        ana = journal.person(1)
    assert ana.tags == ("friend",)
    assert (ana.birthday, ana.rhythm, ana.company) == (None, None, "")
    people("edit", "ana", "--every", "none")
    with people.journal() as journal:
        assert journal.person(1).rhythm == Rhythm(0)


def test_log_resets_the_clock_and_says_what_it_did(people: Rj) -> None:
    result = people(
        "log",
        "Bob",
        "call about the project",
        "--via",
        "call",
        "--with",
        "Annie",
        "--on",
        "yesterday",
        "--from-them",
    )
    assert result.stdout == (
        "Logged call with Bob Stone and Ana Lee (they reached out) on Sat 21 Nov\n"
    )
    with people.journal() as journal:
        entry = journal.timeline(2)[0]
        assert set(entry.people) == {1, 2}
        assert entry.channel is Channel.CALL and entry.from_them
        assert entry.on == date(2026, 11, 21)
        last = journal.conn.execute("SELECT last_contact FROM people WHERE id = 1").fetchone()
    assert last == ("2026-11-21",)


def test_log_defaults_to_the_preferred_channel_and_today(people: Rj) -> None:
    assert people("log", "ana", "hi").stdout == "Logged coffee with Ana Lee on Sun 22 Nov\n"
    assert people("log", "bob", "hi").stdout == "Logged contact with Bob Stone on Sun 22 Nov\n"
    with people.journal() as journal:
        assert journal.timeline(2)[0].channel is Channel.OTHER


def test_note_is_not_a_contact(people: Rj) -> None:
    out = people("note", "bob", "moving to Porto").stdout
    assert out == "Wrote a note about Bob Stone on Sun 22 Nov\n"
    with people.journal() as journal:
        assert journal.timeline(2)[0].kind == "note"
        last = journal.conn.execute("SELECT last_contact FROM people WHERE id = 2").fetchone()
    assert last == (None,)


def test_kid_and_pet_added_then_updated(people: Rj) -> None:
    out = people("kid", "ana", "Mia", "--birthday", "May 3").stdout
    assert out == "Added Mia (birthday 3 May), kid of Ana Lee\n"
    out = people("pet", "ana", "rex", "--passed", "2026-10-01").stdout
    assert out == "Updated Rex (in memory, 2021 – 1 Oct 2026), dog, pet of Ana Lee\n"
    out = people("kid", "ana", "Bea", "--birthday", "2026-10-02").stdout
    assert out == "Added Bea (under 1, born 2 Oct 2026), kid of Ana Lee\n"
    with people.journal() as journal:
        assert sorted(k.name for k in journal.kids(1)) == ["Bea", "Leo", "Mia"]
        (rex,) = journal.pets(1)
    assert rex.passed_on == date(2026, 10, 1) and rex.species == "dog"


def test_occasion(people: Rj) -> None:
    out = people("occasion", "ana", "founding day", "March 1").stdout
    assert out == "Added founding day (1 Mar) for Ana Lee: next on Mon 1 Mar 2027\n"
    out = people("occasion", "ana", "firm founded", "1865-05-12").stdout  # may be old
    assert out == "Added firm founded (12 May 1865) for Ana Lee: turns 162 on Wed 12 May 2027\n"
    with people.journal() as journal:
        labels = [o.label for o in journal.occasions(1)]
    assert labels == ["founding day", "firm founded"]


def test_promise_done_and_undo(people: Rj) -> None:
    out = people("promise", "ana", "send the article", "--due", "next friday").stdout
    assert out == "Promised Ana Lee: send the article (id 1, due Fri 27 Nov)\n"
    assert people("done", "1").stdout == "Done: send the article (to Ana Lee)\n"
    with people.journal() as journal:
        assert journal.promise(1).done_on == TODAY
    assert people("done", "#1", "--undo").stdout.startswith("Open again")
    with people.journal() as journal:
        assert journal.promise(1).done_on is None


def test_snooze_and_off(people: Rj) -> None:
    assert people("snooze", "ana", "Dec 20").stdout == "Snoozed Ana Lee until Sun 20 Dec\n"
    with people.journal() as journal:
        assert journal.person(1).snoozed_until == date(2026, 12, 20)
    assert "no longer snoozed" in people("snooze", "ana", "off").stdout
    with people.journal() as journal:
        assert journal.person(1).snoozed_until is None


def test_archive_unarchive(people: Rj) -> None:
    people("archive", "ana")
    assert [p["name"] for p in people.json("list")] == ["Bob Stone"]
    rows = people.json("list", "--archived")
    assert [(p["name"], p["archived"]) for p in rows] == [("Ana Lee", True), ("Bob Stone", False)]
    assert "[archived]" in people("list", "--archived").stdout
    assert all(s["name"] != "Ana Lee" for s in people.json("next"))
    people("unarchive", "ana")
    assert len(people.json("list")) == 2


def test_delete_trash_restore(people: Rj) -> None:
    assert "to the trash" in people("delete", "ana").stdout
    assert [p["name"] for p in people.json("list")] == ["Bob Stone"]
    assert "Ana Lee" in people("trash").stdout
    people("show", "ana", ok=False)
    assert people("restore", "ana").stdout == "Restored Ana Lee (id 1)\n"
    assert "The trash is empty." in people("trash").stdout


def test_merge_folds_a_duplicate_into_the_record_kept(people: Rj) -> None:
    people("add", "Ana Lee-Duplicate", "--company", "Other Co", "--email", "ana@home.example",
           "--tag", "friend", "--phone", "+1 555")  # fmt: skip
    people("log", "duplicate", "long call", "--on", "2026-11-10", "--via", "call")
    people("kid", "duplicate", "Leo", "--birthday", "2019-09-03")  # the same kid, twice
    people("promise", "duplicate", "send the photos")
    out = people("merge", "duplicate", "Ana Lee").stdout
    assert out.splitlines() == [
        "Merged Ana Lee-Duplicate (id 3) into Ana Lee (id 1); Ana Lee-Duplicate is in the trash",
        '  kept company "Acme", not "Other Co"',
    ]
    ana = people.json("show", "ana")
    assert ana["company"] == "Acme"
    assert ana["emails"] == ["ana@home.example"] and ana["phones"] == ["+1 555"]
    assert ana["tags"] == ["client", "friend"]
    assert ana["last_contact"] == "2026-11-10"
    assert [k["name"] for k in ana["kids"]] == ["Leo"]
    assert [p["text"] for p in ana["promises"]] == ["send the photos"]
    assert "Ana Lee-Duplicate" in people("trash").stdout


def test_tags_list_and_default_rhythm(people: Rj) -> None:
    out = people("tags").stdout
    assert "#client" in out and "#friend" in out and "no default rhythm" in out
    assert people("tags", "friend", "--every", "weekly").stdout == (
        "#friend now defaults to weekly\n"
    )
    assert "default rhythm weekly" in people("tags", "friend").stdout
    assert people.json("show", "bob")["rhythm_source"] == "tag"
    people("tags", "friend", "--every", "none")
    with people.journal() as journal:
        assert journal.tag_rhythms() == {}


def test_next_human_and_explain(people: Rj) -> None:
    out = people("next").stdout
    lines = out.splitlines()
    assert lines[0].startswith(" 1  Ana Lee")
    assert "due" in lines[0] and "coffee" in lines[0]
    assert all(len(line) <= 80 for line in lines)
    explained = people("next", "--explain").stdout
    assert "×" in explained and "=" in explained and "score" in explained
    assert "overdue" in explained


def test_next_json_shape(people: Rj) -> None:
    found = people.json("next", "--limit", "5")
    assert [s["name"] for s in found] == ["Ana Lee", "Bob Stone"]
    keys = {
        "person_id",
        "name",
        "score",
        "due",
        "channel",
        "rhythm",
        "rhythm_label",
        "rhythm_source",
        "last_contact",
        "days_since",
        "reasons",
        "talking_points",
        "terms",
    }
    for suggestion in found:
        assert set(suggestion) == keys
        date.fromisoformat(suggestion["due"])
        for term in suggestion["terms"]:
            assert set(term) == {"name", "value", "weight", "points", "detail"}
        total = sum(t["points"] for t in suggestion["terms"])
        assert abs(total - suggestion["score"]) < 0.05
    ana = found[0]
    assert (ana["rhythm"], ana["rhythm_source"], ana["channel"]) == ("1m", "own", "coffee")
    assert ana["last_contact"] == "2026-10-01" and ana["days_since"] == 52


def test_next_as_of_and_limit(people: Rj) -> None:
    assert len(people.json("next", "--limit", "1")) == 1
    assert people.json("next", "--as-of", "2026-10-02") == []
    assert "No one needs a check-in" in people("next", "--as-of", "2026-10-02").stdout


def test_show_human(people: Rj) -> None:
    people("pet", "ana", "Tom", "--species", "cat", "--passed", "2026-10-01")
    people("kid", "ana", "Bea", "--birthday", "2026-10-02")
    people("promise", "ana", "send the article", "--due", "2026-11-20")
    out = people("show", "annie").stdout
    assert out.startswith("Ana Lee (Annie)")
    assert "Leo (7, born 3 Sep 2019)" in out
    assert "Bea (under 1, born 2 Oct 2026)" in out
    assert "Rex (dog, 4, born 27 Nov 2021)" in out
    assert "Tom (cat, in memory, 1 Oct 2026)" in out
    assert "#1    send the article, due Fri 20 Nov (overdue)" in out
    assert "coffee at the corner" in out
    assert "Check-in: due" in out
    assert all(len(line) <= 80 for line in out.splitlines())


def test_show_json_shape(people: Rj) -> None:
    people("pet", "ana", "Tom", "--passed", "2026-10-01")
    people("promise", "ana", "send the article")
    shown = people.json("show", "ana")
    assert set(shown) >= {
        "id",
        "name",
        "nickname",
        "company",
        "role",
        "emails",
        "phones",
        "city",
        "birthday",
        "age",
        "partner",
        "met",
        "about",
        "likes",
        "dislikes",
        "channel",
        "reach",
        "tags",
        "rhythm",
        "effective_rhythm",
        "rhythm_source",
        "snoozed_until",
        "archived",
        "added_on",
        "last_contact",
        "kids",
        "pets",
        "occasions",
        "promises",
        "entries",
        "checkin",
    }
    assert shown["birthday"] == "--04-15" and shown["age"] is None
    assert shown["kids"] == [
        {"id": 1, "name": "Leo", "birthday": "2019-09-03", "age": 7, "notes": "", "passed_on": None}
    ]
    tom = next(p for p in shown["pets"] if p["name"] == "Tom")
    assert tom["passed_on"] == "2026-10-01" and tom["age"] is None
    assert shown["promises"][0]["text"] == "send the article"
    assert shown["entries"][0]["people"] == [{"id": 1, "name": "Ana Lee"}]
    assert shown["checkin"]["person_id"] == 1
    assert people.json("show", "bob")["occasions"][0]["next"] == "2027-06-12"


def test_show_json_checkin_null_when_nothing_needed(people: Rj) -> None:
    people("log", "ana", "lunch", "--via", "meal")
    people("snooze", "ana", "2027-01-10")
    assert people.json("show", "ana")["checkin"] is None


def test_list_and_tag_filter(people: Rj) -> None:
    out = people("list").stdout
    assert "Ana Lee (Annie)" in out and "Bob Stone" in out and out.endswith("2 people\n")
    rows = people.json("list", "--tag", "client")
    assert rows == [
        {
            "id": 1,
            "name": "Ana Lee",
            "nickname": "Annie",
            "company": "Acme",
            "tags": ["client"],
            "last_contact": "2026-10-01",
            "archived": False,
        }
    ]


def test_search(people: Rj) -> None:
    people("note", "bob", "moving to Porto in spring")
    out = people("search", "porto").stdout
    assert "Bob Stone (id 2)" in out and "note" in out
    (hit,) = people.json("search", "porto")
    assert set(hit) == {"person_id", "name", "kind", "snippet", "entry_id", "on"}
    assert hit["on"] == "2026-11-22"
    assert people("search", "zzz").stdout == "Nothing found.\n"


def test_review(people: Rj) -> None:
    people("log", "ana", "coffee", "--on", "2026-11-03")
    people("log", "bob", "call", "--via", "call", "--on", "2026-11-10", "--from-them")
    people("promise", "bob", "intro", "--due", "2026-11-05")
    out = people("review", "--month", "2026-11").stdout
    assert out.startswith("November 2026 (so far, as of Sun 22 Nov)")
    assert "2 check-ins with 2 people" in out
    assert "█" in out and "Promises: 0 kept, 1 missed" in out
    shape = people.json("review", "--month", "Nov 2026")
    assert shape["month"] == "2026-11" and shape["interactions"] == 2
    assert shape["by_channel"] == {"call": 1, "coffee": 1}
    assert shape["promises_missed"][0]["text"] == "intro"
    assert [u["name"] for u in shape["unreturned"]] == ["Bob Stone"]
    assert {"week_of", "total", "by_channel"} == set(shape["weeks"][0])
    assert people.json("review")["month"] == "2026-11"


def test_review_counts_a_promise_kept_late_as_kept_and_late(people: Rj) -> None:
    people("promise", "bob", "send the deck", "--due", "2026-11-19")
    people("done", "1", "--on", "2026-11-21")
    out = people("review", "--month", "2026-11").stdout
    assert "Promises: 1 kept (1 late), 0 missed" in out
    assert "✓ #1 send the deck (Bob Stone, 2 days late)" in out
    shape = people.json("review", "--month", "2026-11")
    assert shape["promises_kept"] == [
        {"promise_id": 1, "name": "Bob Stone", "text": "send the deck", "days_late": 2}
    ]
    assert shape["promises_missed"] == []


def test_a_year_the_user_did_not_type_is_said_in_the_echo(
    people: Rj, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("RJOURNAL_TODAY", "2026-12-06")
    out = people("promise", "ana", "call the school", "--due", "Nov 20").stdout
    assert out == "Promised Ana Lee: call the school (id 1, due Sat 20 Nov 2027 (next year))\n"
    out = people("promise", "ana", "book", "--due", "2026-12-20").stdout
    assert out == "Promised Ana Lee: book (id 2, due Sun 20 Dec)\n"
    out = people("log", "bob", "call", "--on", "Dec 20").stdout
    assert out == "Logged contact with Bob Stone on Sat 20 Dec 2025 (last year)\n"
    out = people("snooze", "bob", "Nov 20").stdout
    assert out == "Snoozed Bob Stone until Sat 20 Nov 2027 (next year)\n"
    out = people("edit", "bob", "--birthday", "13 Dec 1979", "--city", "Porto").stdout
    assert out == (
        "Updated Bob Stone (id 2): birthday (13 Dec 1979, turns 47 on Sun 13 Dec), city\n"
    )


def test_review_of_a_past_month_counts_up_to_its_end(people: Rj) -> None:
    people("log", "bob", "call", "--via", "call", "--on", "2026-10-20", "--from-them")
    people("log", "bob", "reply", "--via", "email", "--on", "2026-11-02")
    people("log", "ana", "coffee", "--on", "2026-11-03")
    october = people.json("review", "--month", "2026-10")
    assert october["as_of"] == "2026-10-31"
    assert october["interactions"] == 2
    # As of 31 Oct Bob's word was the last one; in November you answered.
    assert [u["name"] for u in october["unreturned"]] == ["Bob Stone"]
    assert people.json("review", "--month", "2026-11")["unreturned"] == []
    # Ana's monthly rhythm fell due on 1 Nov: not slipped in October, slipped by 2 Nov.
    assert october["slipped"] == []
    assert people.json("review", "--month", "2026-12")["interactions"] == 0
    assert "has not started yet" in people("review", "--month", "2026-12").stdout


def test_read_only_commands_never_create_a_journal(rj: Rj) -> None:
    for args in (
        ["list"],
        ["next"],
        ["show", "ana"],
        ["search", "x"],
        ["review"],
        ["tags"],
        ["trash"],
        ["log", "ana", "hi"],
    ):
        result = rj(*args, ok=False)
        assert result.exit_code == 1
        assert result.stderr.startswith("rj: no journal at ")
    assert not rj.db.exists()


def test_export_csv_to_stdout_and_file(people: Rj, tmp_path: Path) -> None:
    pytest.importorskip("rjournal.store.export")
    out = people("export", "csv").stdout
    assert "Ana Lee" in out
    target = tmp_path / "out.csv"
    result = people("export", "csv", "--output", str(target))
    assert "Exported 2 people" in result.stderr
    assert "Ana Lee" in target.read_text(encoding="utf-8")
    assert target.stat().st_mode & 0o777 == 0o600


def test_version_and_help() -> None:
    result = CliRunner().invoke(main, ["--version"])
    assert result.exit_code == 0 and "rjournal" in result.stdout
    result = CliRunner().invoke(main, ["--help"])
    assert result.exit_code == 0 and "log" in result.stdout


def _commands(group: click.Group, prefix: str = "rj") -> list[tuple[str, click.Command]]:
    out: list[tuple[str, click.Command]] = []
    ctx = click.Context(group)
    for name in group.list_commands(ctx):
        command = group.get_command(ctx, name)
        assert command is not None, name
        out.append((f"{prefix} {name}", command))
        if isinstance(command, click.Group):
            out += _commands(command, f"{prefix} {name}")
    return out


CONTRACT = {
    "add",
    "edit",
    "log",
    "note",
    "kid",
    "pet",
    "occasion",
    "promise",
    "done",
    "snooze",
    "archive",
    "unarchive",
    "delete",
    "restore",
    "next",
    "show",
    "list",
    "search",
    "review",
    "export",
    "demo",
    "tags",
    "trash",
}


def test_every_command_of_the_contract_exists_and_is_documented() -> None:
    assert isinstance(main, click.Group)
    ctx = click.Context(main)
    assert set(main.list_commands(ctx)) >= CONTRACT
    export = main.get_command(ctx, "export")
    assert isinstance(export, click.Group) and "csv" in export.commands
    for path, command in _commands(main):
        assert command.help and command.help.strip(), f"{path} has no help"
        assert command.get_short_help_str().strip(), path
        for param in command.params:
            if isinstance(param, click.Option) and param.name not in {"help"}:
                assert param.help, f"{path} {param.opts} has no help"
        help_text = CliRunner().invoke(main, [*path.split()[1:], "--help"])
        assert help_text.exit_code == 0, path
        assert "Usage:" in help_text.stdout


def test_bare_rj_opens_the_app(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import rjournal.app.app as app_module
    from rjournal.cli import launch

    calls: list[tuple[Path, date | None, bool]] = []

    def fake_run_app(
        db_path: Path,
        *,
        today: date | None = None,
        private_dir: bool = False,
        first_checkins: object = None,
    ) -> None:
        assert first_checkins is None  # no journal there yet: nothing to rank ahead
        calls.append((db_path, today, private_dir))

    monkeypatch.setattr(app_module, "run_app", fake_run_app)
    monkeypatch.setattr(launch, "at_a_terminal", lambda: True)  # not CliRunner's streams
    assert CliRunner().invoke(main, []).exit_code == 0
    default = tmp_path / "xdg-data" / "rjournal" / "journal.db"
    assert calls == [(default, TODAY, True)]
    assert CliRunner().invoke(main, ["--db", str(tmp_path / "x.db")]).exit_code == 0
    assert calls[-1] == (tmp_path / "x.db", TODAY, False)
    monkeypatch.delenv("RJOURNAL_TODAY")
    assert CliRunner().invoke(main, []).exit_code == 0
    assert calls[-1][1] is None
    assert CliRunner().invoke(main, [f"--db={tmp_path / 'y.db'}"]).exit_code == 0
    assert calls[-1] == (tmp_path / "y.db", None, False)


def test_bare_rj_without_a_terminal_opens_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import rjournal.app.app as app_module

    def never(*args: object, **kwargs: object) -> None:
        raise AssertionError("the app was opened")

    monkeypatch.setattr(app_module, "run_app", never)
    for args in ([], ["--db", str(tmp_path / "x.db")], ["demo", "--db", str(tmp_path / "d.db")]):
        result = CliRunner().invoke(main, args)
        assert result.exit_code == 2
        assert result.stderr.startswith("rj: the app opens only in a terminal; `rj ")
        assert result.stderr.count("\n") == 1 and result.stdout == ""
    assert not (tmp_path / "xdg-data").exists()
    assert not (tmp_path / "x.db").exists() and not (tmp_path / "d.db").exists()
