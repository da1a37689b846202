"""The morning digest: who needs you most today, the week's occasions, the promises due.

``rj today`` prints it, ``rj remind`` sends it as one desktop notification; both take a
``Digest`` the store gathers (store.digest) and word it here or in the command line. What
counts: the first few of the check-in engine's ranking (each with the one reason that
matters: the first, which is the reason of the term worth the most), the occasions of today
and the six days after it, and the open promises due today or overdue.
"""

from __future__ import annotations

from datetime import date

from rjournal.domain.checkin import Suggestion
from rjournal.domain.model import Promise
from rjournal.domain.occasions import UpcomingDate
from rjournal.domain.value import Value, frozen

# How many of each the digest holds: a digest is read in a glance.
DIGEST_PEOPLE = 5
DIGEST_TODAY = 12  # occasions today
DIGEST_OCCASIONS = 8  # occasions in the six days after it
DIGEST_PROMISES = 5
# Today and the six days after it.
DIGEST_DAYS = 6


@frozen
class DuePromise(Value):
    """An open promise due today or overdue, and the name of the person it is to."""

    promise: Promise
    name: str


@frozen
class Digest(Value):
    """What `rj today` says, as of one day."""

    day: date
    people: tuple[Suggestion, ...]  # best first, at most DIGEST_PEOPLE
    occasions: tuple[UpcomingDate, ...]  # today and this week, by day
    promises: tuple[DuePromise, ...]  # due or overdue, the oldest first
    promises_due: int  # all of them (promises holds the first few)
    more_people: bool = False  # more people need you than `people` holds
    more_today: bool = False  # more occasions today than `occasions` holds
    more_this_week: bool = False  # more occasions in the six days after today

    @property
    def is_empty(self) -> bool:
        return not (self.people or self.occasions or self.promises_due)

    @property
    def occasions_today(self) -> tuple[UpcomingDate, ...]:
        return tuple(u for u in self.occasions if u.on == self.day)


def main_reason(s: Suggestion) -> str:
    """The one reason that matters: the engine orders reasons by the points of their term."""
    return s.reasons[0] if s.reasons else ""


def headline(d: Digest) -> str:
    """ "3 people need you · 2 promises due · 1 occasion today", or "Nothing needs you today"."""
    parts: list[str] = []
    if d.people:
        many = "people need" if len(d.people) != 1 else "person needs"
        parts.append(f"{len(d.people)}{'+' if d.more_people else ''} {many} you")
    if d.promises_due:
        parts.append(f"{d.promises_due} promise{'s' if d.promises_due != 1 else ''} due")
    today = len(d.occasions_today)
    if today:
        more = "+" if d.more_today else ""
        parts.append(f"{today}{more} occasion{'s' if today != 1 else ''} today")
    return " · ".join(parts) if parts else "Nothing needs you today"
