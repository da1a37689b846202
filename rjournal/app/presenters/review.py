"""The monthly review as text: the month's title, the summary, the dialog balance, and the
people lines (with what enter on each opens)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from textual.content import Content
from textual.widgets.option_list import Option

from rjournal.app import safe
from rjournal.domain.review import MonthReview

_NAME_WIDTH = 26


def month_title(year: int, month: int) -> str:
    """'November 2026', independent of the locale."""
    return f"{date(year, month, 1):%B} {year}"


def shift_month(year: int, month: int, by: int) -> tuple[int, int]:
    index = year * 12 + (month - 1) + by
    return index // 12, index % 12 + 1


def month_to_show(year: int | None, month: int | None, today: date) -> tuple[int, int]:
    """The month asked for (this month by default), never one after today's."""
    wanted = (year or today.year, month or today.month)
    return min(wanted, (today.year, today.month))


def _short(day: date, year: int) -> str:
    """'Tue 3 Nov', with the year when it is not the review's."""
    return f"{day:%a} {day.day} {day:%b}" + (f" {day.year}" if day.year != year else "")


def _plural(count: int, word: str) -> str:
    return f"{count} {word}{'' if count == 1 else 's'}"


@dataclass(frozen=True)
class LineTarget:
    """What enter on a review line opens: a person, or the person of a promise."""

    person_id: int | None = None
    promise_id: int | None = None


def _name_cell(name: str) -> Content:
    return safe.line(name).truncate(_NAME_WIDTH - 1, ellipsis=True, pad=True) + " "


def _heading(title: str, count: int) -> Option:
    label = f"{title} ({count})" if count else f"{title}: none"
    return Option(Content.styled(label, "bold"), disabled=True)


def review_options(review: MonthReview) -> tuple[list[Option], list[LineTarget | None]]:
    """The people part of the review as list lines; headings are disabled lines."""
    options: list[Option] = []
    targets: list[LineTarget | None] = []
    year = review.year

    def heading(title: str, count: int) -> None:
        if options:
            options.append(Option(Content(""), disabled=True))
            targets.append(None)
        options.append(_heading(title, count))
        targets.append(None)

    def person(person_id: int, name: str, detail: Content | str) -> None:
        options.append(Option(Content.assemble("  ", _name_cell(name), detail)))
        targets.append(LineTarget(person_id=person_id))

    heading("Promises missed", len(review.promises_missed))
    for promise_id, name, text, due in review.promises_missed:
        options.append(
            Option(
                Content.assemble(
                    "  ",
                    _name_cell(name),
                    Content.styled(f"due {_short(due, year)}  ", "dim"),
                    safe.line(text),
                )
            )
        )
        targets.append(LineTarget(promise_id=promise_id))
    heading("Not returned: their word was the last", len(review.unreturned))
    for person_id, name, last in review.unreturned:
        person(person_id, name, Content.styled(f"they reached out {_short(last, year)}", "dim"))
    heading("Only you reach out", len(review.only_you))
    for person_id, name, count in review.only_you:
        person(person_id, name, Content.styled(f"you reached out the last {count} times", "dim"))
    heading("Promises kept", len(review.promises_kept))
    for promise_id, name, text in review.promises_kept:
        options.append(Option(Content.assemble("  ", _name_cell(name), safe.line(text))))
        targets.append(LineTarget(promise_id=promise_id))
    heading("Slipped past their rhythm", len(review.slipped))
    for person_id, name, due in review.slipped:
        person(person_id, name, Content.styled(f"due since {_short(due, year)}", "dim"))
    return options, targets


def summary(review: MonthReview, today: date) -> Content:
    if review.interactions == 0 and review.notes == 0:
        return Content.styled(f"nothing logged in {month_title(review.year, review.month)}", "dim")
    so_far = " so far" if (review.year, review.month) == (today.year, today.month) else ""
    return Content.assemble(
        (_plural(review.interactions, "interaction"), "bold"),
        f", {_plural(review.notes, 'note')}{so_far}; ",
        (
            "1 person" if review.people_contacted == 1 else f"{review.people_contacted} people",
            "bold",
        ),
        " contacted",
    )


def balance(review: MonthReview, width: int = 40) -> Content:
    """'You reached out 30 times, they did 12' and a two-color bar of the same split."""
    you, them = review.you_reached_out, review.they_reached_out
    text = Content.assemble(
        "You reached out ",
        (_plural(you, "time"), "bold"),
        ", they did ",
        (_plural(them, "time"), "bold"),
    )
    if you + them == 0:
        return text
    you_cells = round(width * you / (you + them))
    return Content.assemble(
        text,
        "\n",
        ("█" * you_cells, "#4ea1ff"),
        ("█" * (width - you_cells), "#34d399"),
        "  ",
        ("█", "#4ea1ff"),
        (" you  ", "dim"),
        ("█", "#34d399"),
        (" them", "dim"),
    )
