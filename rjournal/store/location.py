"""Which journal file a command or the app uses: `--db`, else $RJOURNAL_DB, else the
configuration file's `journal`, else the default.

The one home of that rule. It imports nothing else of rjournal at load; the configuration
file (store.config) is read only when neither --db nor $RJOURNAL_DB chose.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

ENV_VAR = "RJOURNAL_DB"


def default_data_dir() -> Path:
    """The platform's user data directory for rjournal (~/.local/share/rjournal on Linux)."""
    # platformdirs only when needed: it is not free to import and --db skips it.
    from platformdirs import user_data_path

    return user_data_path("rjournal", appauthor=False)


@dataclass(frozen=True)
class JournalLocation:
    """A journal file, and whether its folder is our own data directory (kept 0700)."""

    path: Path
    private_dir: bool


def chosen_journal(db: str | None, environ: Mapping[str, str] | None = None) -> JournalLocation:
    """--db, else $RJOURNAL_DB, else the configuration file's `journal`, else journal.db in the
    platform's user data directory. A configuration file that cannot be read is refused
    (store.config.ConfigError), never passed over for the default."""
    env = os.environ if environ is None else environ
    if db:
        return JournalLocation(Path(db).expanduser(), private_dir=False)
    if env.get(ENV_VAR):
        return JournalLocation(Path(env[ENV_VAR]).expanduser(), private_dir=False)
    from rjournal.store.config import journal_from_config

    configured = journal_from_config(env)
    if configured is not None:
        return JournalLocation(configured, private_dir=False)
    return JournalLocation(default_data_dir() / "journal.db", private_dir=True)


def demo_journal(db: str | None) -> JournalLocation:
    """The demo's file: --db when given, else a demo.db of its own ($RJOURNAL_DB is ignored:
    it names the real journal)."""
    if db:
        return JournalLocation(Path(db).expanduser(), private_dir=False)
    return JournalLocation(default_data_dir() / "demo.db", private_dir=True)
