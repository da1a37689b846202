"""The configuration file: read strictly (file, line, key named), merged flags > environment >
file > defaults, rewritten privately keeping what the user wrote."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from rjournal.store.config import (
    DEFAULTS,
    Config,
    ConfigError,
    config_path,
    default_config_dir,
    effective_config,
    journal_from_config,
    read_config,
    set_value,
    shown_value,
    unset_value,
)


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_the_file_lives_in_the_platform_config_directory(tmp_path: Path) -> None:
    # conftest points XDG_CONFIG_HOME into tmp_path.
    assert config_path({}) == tmp_path / "xdg-config" / "rjournal" / "config.toml"
    assert config_path({"RJOURNAL_CONFIG": "~/rj.toml"}) == Path.home() / "rj.toml"
    assert default_config_dir() == tmp_path / "xdg-config" / "rjournal"


def test_a_missing_file_is_the_defaults(tmp_path: Path) -> None:
    config = read_config(tmp_path / "nothing.toml")
    assert config == DEFAULTS
    assert (config.lookahead_days, config.plan_per_day, config.week_start) == (14, 3, "monday")
    assert config.origin("plan_per_day") == "default"


def test_reads_every_key(tmp_path: Path) -> None:
    path = write(
        tmp_path / "config.toml",
        """# mine
journal = "~/notes/journal.db"
my_emails = ["Me@Example.com", "me@work.example", "me@example.com"]
lookahead_days = 21
plan_per_day = 5
week_start = "Sunday"
theme = "gruvbox"
""",
    )
    config = read_config(path)
    assert config == Config(
        journal=Path.home() / "notes" / "journal.db",
        my_emails=("me@example.com", "me@work.example"),
        lookahead_days=21,
        plan_per_day=5,
        week_start="sunday",
        theme="gruvbox",
    )
    assert config.week_start_day == 6
    assert config.origin("theme") == str(path)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (
            'theme = "x"\nlookahead_days = "two weeks"\n',
            'line 2, lookahead_days: must be a whole number of days from 1 to 366, not "two weeks"',
        ),
        ("lookahead_days = 0\n", "line 1, lookahead_days: must be a whole number of days"),
        ("plan_per_day = true\n", "line 1, plan_per_day: must be a whole number of people"),
        ("plan_per_day = 3.5\n", "line 1, plan_per_day: must be a whole number of people"),
        (
            '\n\nweek_start = "mon"\n',
            'line 3, week_start: must be a day of the week, monday to sunday, not "mon"',
        ),
        ('my_emails = "me@example.com"\n', "line 1, my_emails: must be a list of addresses"),
        (
            'my_emails = ["me at example.com"]\n',
            'line 1, my_emails: "me at example.com" is not an email address',
        ),
        (
            'journal = "notes/journal.db"\n',
            "line 1, journal: must be an absolute path or start with ~",
        ),
        ('journal = ""\n', "line 1, journal: must be the path of a journal file in quotes"),
        ('theme = ""\n', "line 1, theme: must be the name of a theme"),
        ('colour = "red"\n', "line 1, colour: not a setting (the settings are journal, my_emails,"),
        (
            "[journal]\npath = 1\n",
            "line 1, journal: must be the path of a journal file in quotes, not a table",
        ),
        ("plan_per_day = \n", "line 1, plan_per_day: not valid TOML: invalid value"),
        ('theme = "a"\nweek_start = monday\n', "line 2, week_start: not valid TOML: invalid value"),
        (
            "plan_per_day = 3\nplan_per_day = 4\n",
            "line 2, plan_per_day: not valid TOML: cannot overwrite a value",
        ),
        ("[x\n", "line 1, x: not valid TOML: expected ']' at the end of a table declaration"),
    ],
)
def test_a_bad_file_is_refused_naming_file_line_and_key(
    tmp_path: Path, text: str, message: str
) -> None:
    path = write(tmp_path / "config.toml", text)
    with pytest.raises(ConfigError) as caught:
        read_config(path)
    assert str(caught.value).startswith(f"{path} {message}")
    assert "\n" not in str(caught.value)


def test_a_file_that_is_not_text_or_not_readable_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    path.write_bytes(b'theme = "a"\ntheme2 = "\xff"\n')
    with pytest.raises(ConfigError, match=r"config.toml line 2: not UTF-8 text"):
        read_config(path)
    with pytest.raises(ConfigError, match=r"can't read the configuration"):
        read_config(tmp_path)  # a folder


def test_precedence_is_flags_then_environment_then_file_then_defaults(tmp_path: Path) -> None:
    path = write(tmp_path / "config.toml", 'plan_per_day = 4\nlookahead_days = 20\ntheme = "a"\n')
    file = read_config(path)
    env = {
        "RJOURNAL_PLAN_PER_DAY": "6",
        "RJOURNAL_THEME": "",
        "RJOURNAL_MY_EMAILS": "a@x.org, B@y.org",
    }
    config = effective_config(file, env, {"plan_per_day": 2, "lookahead_days": None})
    assert config.plan_per_day == 2 and config.origin("plan_per_day") == "--plan-per-day"
    assert config.my_emails == ("a@x.org", "b@y.org")
    assert config.origin("my_emails") == "$RJOURNAL_MY_EMAILS"
    assert config.lookahead_days == 20 and config.origin("lookahead_days") == str(path)
    assert config.theme == "a"  # an empty variable counts as unset
    assert config.week_start == "monday" and config.origin("week_start") == "default"
    assert effective_config(file, env).plan_per_day == 6


def test_the_journal_comes_from_the_environment_as_rj_db_and_may_be_relative(
    tmp_path: Path,
) -> None:
    file = read_config(write(tmp_path / "c.toml", 'journal = "/srv/j.db"\n'))
    assert effective_config(file, {}).journal == Path("/srv/j.db")
    assert effective_config(file, {"RJOURNAL_DB": "here.db"}).journal == Path("here.db")
    assert effective_config(file, {}, {"journal": "x.db"}).journal == Path("x.db")


@pytest.mark.parametrize(
    ("env", "flags", "message"),
    [
        (
            {"RJOURNAL_LOOKAHEAD_DAYS": "soon"},
            {},
            "$RJOURNAL_LOOKAHEAD_DAYS: must be a whole number",
        ),
        ({"RJOURNAL_WEEK_START": "someday"}, {}, "$RJOURNAL_WEEK_START: must be a day of the week"),
        (
            {},
            {"plan_per_day": 0},
            "--plan-per-day: must be a whole number of people from 1 to 50, not 0",
        ),
        ({}, {"plan_per_day": "many"}, "--plan-per-day: must be a whole number"),
        ({}, {"colour": "red"}, '"colour": not a setting'),
    ],
)
def test_a_bad_variable_or_flag_is_refused_by_name(
    env: dict[str, str], flags: dict[str, object], message: str
) -> None:
    with pytest.raises(ConfigError) as caught:
        effective_config(DEFAULTS, env, flags)
    assert str(caught.value).startswith(message)


def test_journal_from_config(tmp_path: Path) -> None:
    env = {"RJOURNAL_CONFIG": str(tmp_path / "c.toml")}
    assert journal_from_config(env) is None  # no file
    write(tmp_path / "c.toml", 'theme = "a"\n')
    assert journal_from_config(env) is None  # no key
    write(tmp_path / "c.toml", 'journal = "~/j.db"\n')
    assert journal_from_config(env) == Path.home() / "j.db"
    write(tmp_path / "c.toml", 'journal = "j.db"\n')
    with pytest.raises(ConfigError, match="line 1, journal: must be an absolute path"):
        journal_from_config(env)


def test_set_creates_a_private_file_in_a_private_folder(tmp_path: Path) -> None:
    path = config_path({})
    set_value(path, "plan_per_day", "4")
    set_value(path, "my_emails", "Me@Example.com me@work.example")
    set_value(path, "journal", "~/notes/j.db")
    assert mode(path) == 0o600
    assert mode(path.parent) == 0o700
    assert path.read_text() == (
        'plan_per_day = 4\nmy_emails = ["me@example.com", "me@work.example"]\n'
        'journal = "~/notes/j.db"\n'
    )
    config = read_config(path)
    assert config.plan_per_day == 4 and config.journal == Path.home() / "notes" / "j.db"
    assert [p.name for p in path.parent.iterdir()] == ["config.toml"]  # no temporary left


def test_set_keeps_the_other_keys_comments_and_layout(tmp_path: Path) -> None:
    path = write(
        tmp_path / "config.toml",
        '# my settings\ntheme = "gruvbox"   # dark\n\nplan_per_day = 3 # a few\n',
    )
    os.chmod(path, 0o644)
    set_value(path, "plan_per_day", "5")
    set_value(path, "week_start", "Sunday")
    assert path.read_text() == (
        '# my settings\ntheme = "gruvbox"   # dark\n\nplan_per_day = 5 # a few\n'
        'week_start = "sunday"\n'
    )
    assert mode(path) == 0o600
    unset_value(path, "theme")
    assert read_config(path).theme is None
    assert "# my settings" in path.read_text()


def test_set_writes_through_a_symlink(tmp_path: Path) -> None:
    real = write(tmp_path / "dotfiles" / "rjournal.toml", 'theme = "a"\n')
    link = tmp_path / "config.toml"
    link.symlink_to(real)
    set_value(link, "theme", "b")
    assert link.is_symlink()
    assert read_config(real).theme == "b"


def test_set_refuses_a_bad_value_or_key_and_a_bad_file_changing_nothing(tmp_path: Path) -> None:
    path = write(tmp_path / "config.toml", "plan_per_day = 3\n")
    with pytest.raises(ConfigError, match=r"^plan_per_day: must be a whole number of people"):
        set_value(path, "plan_per_day", "lots")
    with pytest.raises(
        ConfigError, match=r'^journal: must be an absolute path or start with ~, not "j.db"'
    ):
        set_value(path, "journal", "j.db")
    with pytest.raises(ConfigError, match=r'^"colour": not a setting'):
        set_value(path, "colour", "red")
    with pytest.raises(ConfigError, match=r'^"colour": not a setting'):
        unset_value(path, "colour")
    assert path.read_text() == "plan_per_day = 3\n"
    broken = write(tmp_path / "broken.toml", "plan_per_day = [\n")
    with pytest.raises(ConfigError, match=r"broken.toml line 1, plan_per_day: not valid TOML"):
        set_value(broken, "theme", "a")
    assert broken.read_text() == "plan_per_day = [\n"


def test_shown_values() -> None:
    config = Config(my_emails=("a@x.org",), theme=None, week_start="friday")
    assert [
        shown_value(config, k) for k in ("my_emails", "theme", "week_start", "plan_per_day")
    ] == [
        '["a@x.org"]',
        "(none)",
        '"friday"',
        "3",
    ]
