"""The configuration file: one TOML file of settings, read strictly, written privately.

The file is ``config.toml`` in the platform's user config directory (``~/.config/rjournal`` on
Linux), or the file ``$RJOURNAL_CONFIG`` names. Every key is optional::

    journal = "~/notes/journal.db"   # the default journal (absolute, or from ~)
    my_emails = ["me@example.com"]   # your own addresses: mail from them is you reaching out
    lookahead_days = 14              # how far ahead occasions and promises count (1-366)
    plan_per_day = 3                 # how many people a day the plan gives you (1-50)
    week_start = "monday"            # the first day of a week, monday..sunday
    theme = "gruvbox"                # the app's theme

A missing file means the defaults. A file that cannot be read, is not TOML, or holds a key or
a value that is not one of these, is refused with one line naming the file, the line and the
key: a typo is never quietly replaced by a default.

Precedence is flags > environment > file > defaults (``effective_config``). The environment
variables are ``$RJOURNAL_DB`` for the journal (as before the file existed) and
``$RJOURNAL_MY_EMAILS`` (comma-separated), ``$RJOURNAL_LOOKAHEAD_DAYS``,
``$RJOURNAL_PLAN_PER_DAY``, ``$RJOURNAL_WEEK_START``, ``$RJOURNAL_THEME``; an empty one counts
as unset. ``set_value`` rewrites the file keeping its other keys, comments and layout (tomlkit),
whole or not at all, 0600 in a folder kept 0700 when it is our own.

This lives in the store because, like the journal, it is a private file of ours on disk; it
imports only the standard library and platformdirs at load (tomlkit only to write), so the
quick commands can ask it for the journal cheaply.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from rjournal.store.errors import JournalError

CONFIG_ENV = "RJOURNAL_CONFIG"
FILE_NAME = "config.toml"
WEEKDAY_NAMES = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
LOOKAHEAD_RANGE = (1, 366)
PER_DAY_RANGE = (1, 50)

# Each key's environment variable; `journal` keeps the name it had before the file existed.
ENV_VARS = {
    "journal": "RJOURNAL_DB",
    "my_emails": "RJOURNAL_MY_EMAILS",
    "lookahead_days": "RJOURNAL_LOOKAHEAD_DAYS",
    "plan_per_day": "RJOURNAL_PLAN_PER_DAY",
    "week_start": "RJOURNAL_WEEK_START",
    "theme": "RJOURNAL_THEME",
}
KEYS = tuple(ENV_VARS)


class ConfigError(JournalError):
    """The configuration file, a variable or a value cannot be used; nothing was changed."""


@dataclass(frozen=True)
class Config:
    """The settings in force, and where each came from ("default", the file, "$VAR", a flag)."""

    journal: Path | None = None
    my_emails: tuple[str, ...] = ()
    lookahead_days: int = 14
    plan_per_day: int = 3
    week_start: str = "monday"
    theme: str | None = None
    origins: Mapping[str, str] = field(default_factory=dict, compare=False)

    def origin(self, key: str) -> str:
        return self.origins.get(key, "default")

    @property
    def week_start_day(self) -> int:
        """The first day of a week as date.weekday() counts it (Monday is 0)."""
        return WEEKDAY_NAMES.index(self.week_start)


DEFAULTS = Config()


def config_path(environ: Mapping[str, str] | None = None) -> Path:
    """$RJOURNAL_CONFIG, else config.toml in the platform's user config directory."""
    env = os.environ if environ is None else environ
    if env.get(CONFIG_ENV):
        return Path(env[CONFIG_ENV]).expanduser()
    return default_config_dir() / FILE_NAME


def default_config_dir() -> Path:
    """The platform's user config directory for rjournal (~/.config/rjournal on Linux)."""
    from platformdirs import user_config_path

    return user_config_path("rjournal", appauthor=False)


def read_config(path: Path) -> Config:
    """The file's settings over the defaults; a missing file is the defaults, a bad one is
    refused (ConfigError naming the file, the line and the key)."""
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        return DEFAULTS
    except OSError as error:
        raise ConfigError(f"{path}: can't read the configuration: {error.strerror}") from None
    return _config_from_text(path, _decoded(path, raw))


def journal_from_config(environ: Mapping[str, str] | None = None) -> Path | None:
    """The journal the configuration file names, or None (no file, or no `journal` key).

    For the journal's location rule (store/location.py), after --db and $RJOURNAL_DB. It only
    stats a missing file; a file that is there is read whole and a bad one refused.
    """
    path = config_path(environ)
    if not path.exists():
        return None
    return read_config(path).journal


def effective_config(
    file: Config,
    environ: Mapping[str, str] | None = None,
    flags: Mapping[str, object] | None = None,
) -> Config:
    """The settings in force: flags > environment > file > defaults.

    `flags` maps a key to what a command-line option gave (None: not given); a string is read
    as `rj config set` reads one. A bad environment variable or flag value is a ConfigError
    naming it.
    """
    env = os.environ if environ is None else environ
    values: dict[str, Any] = {}
    origins = dict(file.origins)
    for key, var in ENV_VARS.items():
        if env.get(var):
            values[key] = _from_text(key, env[var], f"${var}", command_line=True)
            origins[key] = f"${var}"
    for key, given in (flags or {}).items():
        if given is None:
            continue
        if key not in ENV_VARS:
            raise ConfigError(_not_a_setting(key))
        flag = "--" + key.replace("_", "-")
        if isinstance(given, str):
            values[key] = _from_text(key, given, flag, command_line=True)
        else:
            try:
                values[key] = _CHECKS[key](given)
            except ValueError as error:
                raise ConfigError(f"{flag}: {error}") from None
        origins[key] = flag
    return replace(file, **values, origins=origins)


def parse_value(key: str, text: str) -> object:
    """A value as `rj config set KEY VALUE` reads it, as the file stores it (ConfigError if it
    is not a setting or not a good value)."""
    if key not in ENV_VARS:
        raise ConfigError(_not_a_setting(key))
    value = _from_text(key, text, key, command_line=False)
    if key == "journal":
        return text.strip()  # as typed ("~/notes/journal.db" stays so), once checked
    if isinstance(value, tuple):
        return list(value)
    return value


def set_value(path: Path, key: str, text: str) -> None:
    """Set one key in the file, keeping the other keys, comments and layout; a file that is
    bad already is refused, not rewritten."""
    value = parse_value(key, text)
    _rewrite(path, lambda doc: doc.__setitem__(key, value))


def unset_value(path: Path, key: str) -> None:
    """Take one key out of the file (it goes back to its default)."""
    if key not in ENV_VARS:
        raise ConfigError(_not_a_setting(key))
    _rewrite(path, lambda doc: doc.pop(key, None))


def shown_value(config: Config, key: str) -> str:
    """A setting as `rj config show` prints it (TOML's spelling; "(none)" where unset)."""
    value = getattr(config, key)
    if value is None:
        return "(none)"
    if isinstance(value, tuple):
        return "[" + ", ".join(f'"{v}"' for v in value) + "]"
    if isinstance(value, int):
        return str(value)
    return f'"{value}"'


# -- reading and checking ---------------------------------------------------------------------


def _config_from_text(path: Path, text: str) -> Config:
    import tomllib

    try:
        table = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise ConfigError(_syntax_error(path, text, str(error))) from None
    values: dict[str, Any] = {}
    for key, value in table.items():
        where = _where(path, text, key)
        if key not in ENV_VARS:
            raise ConfigError(_not_a_setting(key, where))
        try:
            values[key] = _CHECKS[key](value)
        except ValueError as error:
            raise ConfigError(f"{where}: {error}") from None
    return replace(DEFAULTS, **values, origins=dict.fromkeys(values, str(path)))


def _decoded(path: Path, raw: bytes) -> str:
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        raise ConfigError(f"{path} line {line}: not UTF-8 text") from None


_TOML_POSITION = re.compile(r"^(.*) \(at (?:line (\d+), column \d+|end of document)\)$")
_KEY_AT_START = re.compile(r"""^\s*\[*\s*["']?([A-Za-z0-9_-]+)""")


def _syntax_error(path: Path, text: str, message: str) -> str:
    """tomllib's message, reworded as "FILE line N, KEY: what is wrong" (the key when the line
    starts with one)."""
    match = _TOML_POSITION.match(message)
    if match is None:
        return f"{path}: not valid TOML: {message}"
    lines = text.splitlines()
    what, line = match[1], int(match[2] or len(lines))
    if what.startswith("Cannot overwrite"):
        line = _repeated_key_line(lines) or line
    key = _KEY_AT_START.match(lines[line - 1]) if 0 < line <= len(lines) else None
    named = f", {key[1]}" if key else ""
    return f"{path} line {line}{named}: not valid TOML: {what[:1].lower()}{what[1:]}"


def _repeated_key_line(lines: list[str]) -> int | None:
    """The line of the first top-level key given twice (tomllib names the end of the file)."""
    seen: set[str] = set()
    for number, line in enumerate(lines, start=1):
        if line.lstrip().startswith("["):
            return None  # past the top level: tables are not settings anyway
        key = re.match(r"""^\s*["']?([A-Za-z0-9_-]+)["']?\s*=""", line)
        if key and key[1] in seen:
            return number
        if key:
            seen.add(key[1])
    return None


def _where(path: Path, text: str, key: str) -> str:
    """'FILE line N, KEY' for a top-level key (its first line in the file)."""
    pattern = re.compile(rf"""^\s*\[*\s*["']?{re.escape(key)}["']?\s*[=.\]]""")
    for number, line in enumerate(text.splitlines(), start=1):
        if pattern.match(line):
            return f"{path} line {number}, {key}"
    return f"{path}, {key}"


def _check_journal(value: object) -> Path:
    if not isinstance(value, str) or not value.strip():
        raise ValueError(f"must be the path of a journal file in quotes, not {_shown(value)}")
    path = Path(value.strip()).expanduser()
    if not path.is_absolute():
        raise ValueError(f"must be an absolute path or start with ~, not {_shown(value)}")
    return path


def _check_emails(value: object) -> tuple[str, ...]:
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ValueError(
            f'must be a list of addresses like ["me@example.com"], not {_shown(value)}'
        )
    emails: list[str] = []
    for item in value:
        email = item.strip().lower()
        if email.count("@") != 1 or " " in email or email.startswith("@") or email.endswith("@"):
            raise ValueError(f"{_shown(item)} is not an email address")
        if email not in emails:
            emails.append(email)
    return tuple(emails)


def _whole_number(low: int, high: int, unit: str) -> Callable[[object], int]:
    def check(value: object) -> int:
        if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
            raise ValueError(
                f"must be a whole number of {unit} from {low} to {high}, not {_shown(value)}"
            )
        return value

    return check


def _check_week_start(value: object) -> str:
    if not isinstance(value, str) or value.strip().lower() not in WEEKDAY_NAMES:
        raise ValueError(f"must be a day of the week, monday to sunday, not {_shown(value)}")
    return value.strip().lower()


def _check_theme(value: object) -> str:
    if not isinstance(value, str) or not value.strip():
        raise ValueError(f"must be the name of a theme in quotes, not {_shown(value)}")
    return value.strip()


_CHECKS: dict[str, Callable[[object], Any]] = {
    "journal": _check_journal,
    "my_emails": _check_emails,
    "lookahead_days": _whole_number(*LOOKAHEAD_RANGE, "days"),
    "plan_per_day": _whole_number(*PER_DAY_RANGE, "people"),
    "week_start": _check_week_start,
    "theme": _check_theme,
}


def _from_text(key: str, text: str, where: str, *, command_line: bool) -> object:
    """A value typed as text (an environment variable, a flag, `rj config set`), checked.

    A journal typed on a command line may be relative (to the current folder, as --db is);
    one written into the file must not be, since the file is read from anywhere.
    """
    typed: object = text
    if key == "my_emails":
        typed = [part for part in re.split(r"[,\s]+", text) if part]
    elif key in ("lookahead_days", "plan_per_day"):
        typed = int(text) if re.fullmatch(r"\s*[0-9]{1,9}\s*", text) else text
    try:
        if key == "journal" and command_line:
            if not text.strip():
                raise ValueError("must be the path of a journal file")
            return Path(text.strip()).expanduser()
        return _CHECKS[key](typed)
    except ValueError as error:
        raise ConfigError(f"{where}: {error}") from None


def _not_a_setting(key: str, where: str = "") -> str:
    return f"{where or _shown(key)}: not a setting (the settings are {', '.join(KEYS)})"


def _shown(value: object) -> str:
    """A value as the error quotes it: TOML-ish, short, control characters escaped."""
    if isinstance(value, str):
        text = value if len(value) <= 40 else value[:39] + "…"
        return '"' + text.encode("unicode_escape").decode("ascii", "replace") + '"'
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dict):
        return "a table"
    return repr(value) if isinstance(value, (int, float)) else type(value).__name__


# -- writing ----------------------------------------------------------------------------------


def _rewrite(path: Path, change: Callable[[Any], object]) -> None:
    """Read, change and write the file whole: a private temporary file, fsync, rename."""
    import tomlkit

    target = Path(os.path.realpath(path))  # write through a symlink (dotfiles), not over it
    read_config(target)  # a bad file is refused here, before anything is written
    try:
        text = target.read_text(encoding="utf-8")
    except FileNotFoundError:
        text = ""
    document = tomlkit.parse(text)
    change(document)
    new_text = tomlkit.dumps(document)
    _config_from_text(target, new_text)  # what is written must read back
    folder = target.parent
    own_folder = folder == Path(os.path.realpath(default_config_dir()))
    if not folder.exists():
        from rjournal.store.connection import make_dirs

        make_dirs(folder)
    if own_folder:
        os.chmod(folder, 0o700)
    write_private(target, new_text)


def write_private(target: Path, text: str) -> None:
    """Write a text file only its owner can read, whole or not at all (temp file, fsync,
    rename)."""
    import tempfile

    fd, temp = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(temp, 0o600)
        os.replace(temp, target)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise
    folder_fd = os.open(target.parent, os.O_RDONLY)
    try:
        os.fsync(folder_fd)
    finally:
        os.close(folder_fd)
