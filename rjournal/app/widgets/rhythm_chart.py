"""The rhythm of contact: interactions per month over the last twelve months, as small bars."""

from __future__ import annotations

import calendar
from datetime import date

from rich.text import Text
from textual.geometry import Size
from textual.reactive import reactive
from textual.widget import Widget

from rjournal.store.journal import Journal

MONTHS = 12
# Rows of bar; each row is split in eighths by the block characters.
BAR_ROWS = 3
_EIGHTHS = " ▁▂▃▄▅▆▇█"
_COLUMN = 3  # characters per month ("Nov")


def last_months(today: date, count: int = MONTHS) -> list[date]:
    """The first days of the last `count` months, oldest first, today's month last."""
    months: list[date] = []
    year, month = today.year, today.month
    for _ in range(count):
        months.append(date(year, month, 1))
        year, month = (year, month - 1) if month > 1 else (year - 1, 12)
    return months[::-1]


def contacts_per_month(journal: Journal, person_id: int, today: date) -> list[tuple[date, int]]:
    """Interactions (not notes) with a person in each of the last twelve months."""
    months = last_months(today)
    counts = journal.interactions_by_month(person_id, months[0], today)
    return [(m, counts.get(m.isoformat()[:7], 0)) for m in months]


class RhythmChart(Widget):
    """Twelve columns: the count over each bar, the month under it."""

    DEFAULT_CSS = """
    RhythmChart {
        height: 5;
        width: auto;
        color: $accent;
    }
    """

    data: reactive[tuple[tuple[date, int], ...]] = reactive(())

    def __init__(
        self, data: list[tuple[date, int]] | None = None, *, id: str | None = None
    ) -> None:
        super().__init__(id=id)
        self.set_reactive(RhythmChart.data, tuple(data or ()))

    def get_content_width(self, container: Size, viewport: Size) -> int:
        return max(len(self.data), MONTHS) * (_COLUMN + 1) - 1

    def render(self) -> Text:
        data = self.data
        peak = max((n for _, n in data), default=0)
        out = Text(no_wrap=True, overflow="crop")
        muted = "dim"
        counts = " ".join(f"{n:^{_COLUMN}}" if n else f"{'·':^{_COLUMN}}" for _, n in data)
        out.append(counts + "\n", style=muted)
        levels = BAR_ROWS * 8
        heights = [round(n / peak * levels) if peak else 0 for _, n in data]
        heights = [max(h, 1) if n else 0 for h, (_, n) in zip(heights, data, strict=True)]
        for row in range(BAR_ROWS, 0, -1):
            floor = (row - 1) * 8
            cells = []
            for height in heights:
                fill = min(max(height - floor, 0), 8)
                cells.append(_EIGHTHS[fill] * _COLUMN)
            out.append(" ".join(cells) + "\n")
        labels = " ".join(calendar.month_abbr[m.month][:_COLUMN].ljust(_COLUMN) for m, _ in data)
        out.append(labels, style=muted)
        return out
