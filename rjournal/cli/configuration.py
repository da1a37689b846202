"""`rj config path|show|set|unset`: the configuration file (store.config has its keys and rules).

`show` prints the settings in force and where each comes from (a flag, a variable, the file,
or the default), so what a command will do is never a guess. A file that cannot be read is
refused with one line naming the file, the line and the key, and never replaced.
"""

from __future__ import annotations

import os

import click

from rjournal.cli.digest_out import config_in_force
from rjournal.cli.errors import UserError


@click.group()
def config() -> None:
    """The configuration file: your journal, your addresses, the look-ahead, the plan."""


@config.command(short_help="Where the configuration file is.")
def path() -> None:
    """Print the configuration file's path ($RJOURNAL_CONFIG, else config.toml in the
    platform's user config directory); it need not exist yet."""
    from rjournal.store.config import config_path

    click.echo(str(config_path()))


@config.command(short_help="The settings in force, and where each comes from.")
def show() -> None:
    """Every setting in force, as the file would spell it, and where it comes from."""
    from rjournal.store.config import KEYS, config_path, shown_value

    settings = config_in_force()
    click.echo(f"# {config_path()}")
    for key in KEYS:
        origin = settings.origin(key)
        where = "default" if origin == "default" else f"from {origin}"
        click.echo(f"{key} = {shown_value(settings, key)}  # {where}")


@config.command(name="set", short_help="Set one setting in the file.")
@click.argument("key")
@click.argument("value")
def set_(key: str, value: str) -> None:
    """Set KEY to VALUE in the file (created if missing, private), keeping its other settings,
    comments and layout. Keys: journal, my_emails (comma-separated), lookahead_days,
    plan_per_day, week_start, theme."""
    from rjournal.store.config import ConfigError, config_path, parse_value, set_value

    target = config_path()
    try:
        parse_value(key, value)
    except ConfigError as error:
        raise UserError(str(error)) from None  # what was typed: exit 2
    set_value(target, key, value)
    click.echo(f"Set {key} in {target}")
    _say_overridden(key)


@config.command(short_help="Take one setting out of the file.")
@click.argument("key")
def unset(key: str) -> None:
    """Take KEY out of the file: it goes back to its default."""
    from rjournal.store.config import ConfigError, config_path, unset_value

    target = config_path()
    try:
        unset_value(target, key)
    except ConfigError as error:
        if not target.exists() or "not a setting" not in str(error):
            raise
        raise UserError(str(error)) from None
    click.echo(f"Unset {key} in {target}")
    _say_overridden(key)


def _say_overridden(key: str) -> None:
    from rjournal.store.config import ENV_VARS

    var = ENV_VARS[key]
    if os.environ.get(var):
        click.echo(f"Note: ${var} is set, and overrides the file")
