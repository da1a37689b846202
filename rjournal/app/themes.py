"""Which theme the app opens in: the configuration's, else the one the journal remembers.
Free of Textual, so that `rj`'s child process can read both while the app loads
(app.first_checkins)."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from rjournal.store.journal import Journal

# The journal's setting that remembers the theme last chosen in the app.
THEME_SETTING = "theme"


def configured_theme() -> str | None:
    """The configuration's theme ($RJOURNAL_THEME, else the file's): it wins over the theme the
    journal remembers. A file the command line would refuse counts as none here."""
    from rjournal.store.config import ConfigError, config_path, effective_config, read_config

    try:
        return effective_config(read_config(config_path())).theme
    except ConfigError:
        return None


def saved_theme(journal: Journal) -> str | None:
    """The theme the journal remembers (None: none chosen yet)."""
    return journal.setting(THEME_SETTING)
