"""What the check-in list shows of each suggestion: a row of plain values.

`rj`'s child process sends the first page as rows (app.first_checkins), so the app's first
frame needs neither the check-in engine's modules nor the domain's model (~6 ms of imports
before the first frame); free of Textual and of both at import.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from rjournal.domain.checkin import Suggestion


@dataclass(frozen=True, slots=True)
class CheckinRow:
    """Who needs a check-in, how to reach them, why, and what to talk about (the first of
    each)."""

    person_id: int
    name: str
    channel: str | None  # None as well for "other", which tells the reader nothing
    reason: str | None
    talking_point: str | None


def rows_of(suggestions: Iterable[Suggestion]) -> list[CheckinRow]:
    """The rows of the check-in list for these suggestions, in their order."""
    # Here, not at the top: whoever ranks (a worker, the child) has the domain loaded already.
    from rjournal.domain.wording import channel_word

    return [
        CheckinRow(
            s.person_id,
            s.name,
            channel_word(s.channel) or None,
            s.reasons[0] if s.reasons else None,
            s.talking_points[0] if s.talking_points else None,
        )
        for s in suggestions
    ]
