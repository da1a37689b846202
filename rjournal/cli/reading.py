"""Commands that only read: next, show, list, search, review."""

from __future__ import annotations

import click

from rjournal.cli.base import (
    COUNT,
    clean_tag,
    complete_person,
    echo_json,
    opened,
    resolve,
    today,
)
from rjournal.domain.text import one_line

# --- reading ----------------------------------------------------------------------------


@click.command(name="next", short_help="Who needs a check-in next, and why.")
@click.option(
    "--limit",
    default=10,
    show_default=True,
    type=COUNT,
    metavar="N",
    help="How many people (0: everyone who needs you).",
)
@click.option("--as-of", "as_of", metavar="DATE", help="As of another day (the future is fine).")
@click.option("--json", "as_json", is_flag=True, help="JSON (see the README for the shape).")
@click.option("--explain", is_flag=True, help="Show each score's terms: value x weight = points.")
def next_(limit: int, as_of: str | None, as_json: bool, explain: bool) -> None:
    """Who needs a caring check-in next, and why."""
    from rjournal.cli.digest_out import care_settings, config_in_force
    from rjournal.domain.date_parser import parse_date
    from rjournal.store.facts import next_checkins

    now = today()
    day = parse_date(as_of, now, allow_future=True) if as_of is not None else now
    settings = care_settings(config_in_force())
    with opened() as journal:
        found = next_checkins(journal, day, limit=limit or None, settings=settings)
    if as_json:
        from rjournal.cli.jsonshape import suggestion_json

        echo_json([suggestion_json(s) for s in found])
        return
    from rjournal.cli import output

    output.suggestions(found, day, explain=explain, page=output.Page.here())


@click.command(short_help="Everything about one person.")
@click.argument("person", shell_complete=complete_person)
@click.option("--json", "as_json", is_flag=True, help="JSON (see the README for the shape).")
@click.option(
    "--entries",
    default=10,
    show_default=True,
    type=COUNT,
    metavar="N",
    help="How many recent entries.",
)
@click.option(
    "--full",
    is_flag=True,
    help="At a terminal, every text whole, wrapped (in a pipe it always is).",
)
def show(person: str, as_json: bool, entries: int, full: bool) -> None:
    """Everything about one person, and what the check-in engine says about them.

    At a terminal each entry takes one line of its width; --full shows every text whole.
    Piped or redirected, every text is whole, one line per item.
    """
    from rjournal.cli import output
    from rjournal.cli.profile import gather

    now = today()
    with opened() as journal:
        profile = gather(journal, resolve(journal, person), now, entries=entries)
    if as_json:
        from rjournal.cli.jsonshape import profile_json

        echo_json(profile_json(profile, now))
        return
    output.profile(profile, now, output.Page.here(full=full))


@click.command(name="list", short_help="Everyone, by name.")
@click.option("--tag", metavar="TAG", help="Only people with this tag.")
@click.option("--archived", is_flag=True, help="Include archived people (marked).")
@click.option("--json", "as_json", is_flag=True, help="JSON (see the README for the shape).")
def list_(tag: str | None, archived: bool, as_json: bool) -> None:
    """Everyone, by name."""
    from rjournal.cli import listing
    from rjournal.store.listing import list_pages, widest_id

    now = today()
    wanted = clean_tag(tag) if tag is not None else None
    with opened() as journal:
        pages = list_pages(journal, tag=wanted, archived=archived)
        if as_json:
            listing.write_json(pages)
            return
        id_width = len(str(widest_id(journal, tag=wanted, archived=archived)))
        empty = f"No one tagged #{one_line(wanted)}." if wanted else "No one yet: rj add NAME."
        listing.write_text(pages, now, id_width, empty=empty)


@click.command(short_help="Search names, profiles, notes, interactions, promises.")
@click.argument("text")
@click.option(
    "--limit",
    default=20,
    show_default=True,
    type=click.IntRange(1, 50),
    metavar="N",
    help="At most N hits, shared between people, entries and promises.",
)
@click.option("--json", "as_json", is_flag=True, help="JSON (see the README for the shape).")
def search(text: str, limit: int, as_json: bool) -> None:
    """Search names, companies, profiles, notes, interactions and promises: people, entries
    and promises each get their share of the hits; entries that match alike, newest first."""
    from rjournal.store.search import search as run_search

    now = today()
    with opened() as journal:
        hits = run_search(journal, text, limit=limit)
    if as_json:
        from rjournal.cli.jsonshape import search_hit_json

        echo_json([search_hit_json(h) for h in hits])
        return
    from rjournal.cli import output

    output.search_hits(hits, now, output.Page.here())


@click.command(short_help="The monthly review of your communication.")
@click.option(
    "--month", metavar="YYYY-MM", help="Which month (2026-11, Nov 2026). Default: this month."
)
@click.option("--json", "as_json", is_flag=True, help="JSON (see the README for the shape).")
def review(month: str | None, as_json: bool) -> None:
    """The monthly review: check-ins by channel and week, who slipped, promises kept."""
    from rjournal.domain.date_parser import parse_month
    from rjournal.store.review_data import month_review

    now = today()
    year, number = parse_month(month) if month is not None else (now.year, now.month)
    if as_json:
        from rjournal.cli.jsonshape import review_json

        with opened() as journal:
            result = month_review(journal, year, number, now)
        echo_json(review_json(result, now))
        return
    from rjournal.cli import output

    # The text shows the first few of each people list: only those are read in full.
    with opened() as journal:
        result = month_review(journal, year, number, now, output.REVIEW_LIST)
    output.review(result, now)
