"""`rj demo`: build the demo journal once, then open it as it was left (`--fresh` rebuilds)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import click

from rjournal.cli.base import State, today
from rjournal.cli.errors import UserError
from rjournal.domain.text import one_line
from rjournal.store.errors import JournalError
from rjournal.store.journal import Journal

DEMO_SETTING = "demo_built_on"  # set in every journal rj demo builds: only those it replaces
DEMO_PEOPLE = "demo_people"  # and what it was built with, so another size needs --fresh
DEMO_SEED = "demo_seed"
NO_TERMINAL = "`rj demo --no-open` only builds the demo"


def _built_demo(path: Path) -> dict[str, str] | None:
    """What rj demo noted in the demo it built at path (DEMO_SETTING and the arguments), or None
    when there is none yet. A journal of real people, or a stranger, is refused untouched."""
    if not path.exists() or (path.is_file() and path.stat().st_size == 0):
        return None
    with Journal.open(path, create=False) as journal:
        built_on = journal.setting(DEMO_SETTING)
        if built_on is None:
            raise JournalError(
                f"{path} is a journal rj demo did not build; left untouched (choose another --db)"
            )
        return {
            "built_on": built_on,
            "people": journal.setting(DEMO_PEOPLE) or "",
            "seed": journal.setting(DEMO_SEED) or "",
        }


@click.command(short_help="Open the demo journal (built the first time).")
@click.option(
    "--people",
    default=300,
    show_default=True,
    type=click.IntRange(1, 1_000_000),
    metavar="N",
    help="How many people (100000 builds the benchmark journal).",
)
@click.option(
    "--seed",
    default=7,
    show_default=True,
    metavar="N",
    help="The same seed builds the same journal.",
)
@click.option("--fresh", is_flag=True, help="Build it anew, replacing what was done in it.")
@click.option("--no-open", is_flag=True, help="Only build it; do not open the app.")
@click.pass_context
def demo(ctx: click.Context, people: int, seed: int, fresh: bool, no_open: bool) -> None:
    """Open the demo journal, a realistic made-up one, building it the first time.

    What you do in the demo stays until you ask for a new one with --fresh (or for another
    size or seed, which needs --fresh too). It never touches your journal: it uses --db when
    given, else a demo file of its own (RJOURNAL_DB is ignored), and replaces only a journal it
    built itself, never one of real people.
    """
    from rjournal.cli.launch import need_terminal, open_app
    from rjournal.demo import build_demo
    from rjournal.domain.wording import day_label
    from rjournal.store.connection import ensure_parent, make_private_dir
    from rjournal.store.location import demo_journal

    state = State.of()
    db = state.db
    where = demo_journal(db)
    path = where.path
    state.path = path
    now = today()
    if not no_open:
        need_terminal(NO_TERMINAL)  # before the build, so a pipe gets an answer, not a wait
    built = _built_demo(path)
    shown = one_line(str(path))
    if built is not None and not fresh:
        asked = {
            name: str(value)
            for name, value in (("people", people), ("seed", seed))
            if ctx.get_parameter_source(name) is not click.core.ParameterSource.DEFAULT
        }
        differs = {name: value for name, value in asked.items() if built[name] != value}
        if differs:
            had = f"{built['people']} people, seed {built['seed']}" if built["people"] else ""
            wanted = " ".join(f"--{name} {value}" for name, value in differs.items())
            raise UserError(
                f"the demo at {shown} was built {('with ' + had) if had else 'otherwise'}; "
                f"`rj demo --fresh {wanted}` builds a new one (what you did in it goes)"
            )
        since = day_label(date.fromisoformat(built["built_on"]), now)
        what = f"the demo journal at {shown}, built {since}"
        said = f"Opening {what}, as you left it" if not no_open else f"Kept {what} as it is"
        click.echo(f"{said} (rj demo --fresh builds a new one)", err=True)
    else:
        if db:
            ensure_parent(path, private=False)
        else:
            make_private_dir(path.parent)
        build_demo(path, people=people, today=now, seed=seed)
        with Journal.open(path) as journal:
            journal.set_settings(
                {DEMO_SETTING: now.isoformat(), DEMO_PEOPLE: str(people), DEMO_SEED: str(seed)}
            )
        again = " anew" if built is not None else ""
        click.echo(f"Built a demo journal of {people} people{again} at {shown}", err=True)
    if not no_open:
        open_app(state, where, refused=NO_TERMINAL)
