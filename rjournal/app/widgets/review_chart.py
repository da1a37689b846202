"""Interactions per week as horizontal bars stacked by channel, with a legend of counts."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date

from textual.content import Content
from textual.geometry import Size
from textual.widget import Widget

from rjournal.domain.model import Channel

# One color per channel, distinct on dark and light themes; the legend names them.
CHANNEL_COLORS: dict[str, str] = {
    Channel.CALL: "#4ea1ff",
    Channel.VIDEO: "#a78bfa",
    Channel.MEETING: "#f59e0b",
    Channel.COFFEE: "#c08457",
    Channel.MEAL: "#f97316",
    Channel.EMAIL: "#22d3ee",
    Channel.MESSAGE: "#34d399",
    Channel.LETTER: "#f472b6",
    Channel.GIFT: "#ef4444",
    Channel.SOCIAL: "#a3e635",
    Channel.EVENT: "#facc15",
    Channel.OTHER: "#9ca3af",
}
_CHANNEL_ORDER = [c.value for c in Channel]
_BLOCK = "█"
_LABEL_WIDTH = 7  # "Nov 16 "
_COUNT_WIDTH = 5  # " 123"

Weeks = Sequence[tuple[date, Mapping[str, int]]]


def channel_color(channel: str) -> str:
    return CHANNEL_COLORS.get(channel, CHANNEL_COLORS[Channel.OTHER])


def _ordered(channels: Mapping[str, int], order: Sequence[str]) -> list[tuple[str, int]]:
    """Channels in the given order (others after, in the enum's order), zero counts left out."""
    rank: dict[str, int] = {}
    for name in [*order, *_CHANNEL_ORDER]:
        rank.setdefault(name, len(rank))
    return sorted(
        ((str(c), n) for c, n in channels.items() if n > 0),
        key=lambda item: (rank.get(item[0], len(rank)), item[0]),
    )


def bar(channels: Mapping[str, int], cells_per_unit: float, order: Sequence[str] = ()) -> Content:
    """One stacked bar: each channel's share in its color, rounded so the total stays true."""
    parts: list[tuple[str, str]] = []
    running = 0
    drawn = 0
    for channel, count in _ordered(channels, order):
        running += count
        end = round(running * cells_per_unit)
        width = max(end - drawn, 1)
        drawn += width
        parts.append((_BLOCK * width, channel_color(channel)))
    return Content.assemble(*parts)


def chart_lines(weeks: Weeks, by_channel: Mapping[str, int], width: int) -> list[Content]:
    """The chart laid out for a width: one line per week, a blank, then the legend.

    Bars stack channels in the legend's order: the month's most used first.
    """
    order = [str(c) for c, n in sorted(by_channel.items(), key=lambda kv: (-kv[1], str(kv[0])))]
    totals = [sum(channels.values()) for _, channels in weeks]
    most = max(totals, default=0)
    lines: list[Content] = []
    if most == 0:
        lines.append(Content.styled("no interactions this month", "dim"))
    else:
        room = max(width - _LABEL_WIDTH - _COUNT_WIDTH, 1)
        # Whole cells per interaction when they fit, so small months read as countable blocks.
        cells_per_unit = float(min(room // most, 4)) if most <= room else room / most
        for (monday, channels), total in zip(weeks, totals, strict=True):
            label = f"{monday:%b} {monday.day:>2} "
            lines.append(
                Content.assemble(
                    (label, "dim"),
                    bar(channels, cells_per_unit, order),
                    (f" {total}" if total else " ·", "bold" if total else "dim"),
                )
            )
    lines.append(Content(""))
    lines.extend(legend_lines(by_channel, width, order))
    return lines


def legend_lines(
    by_channel: Mapping[str, int], width: int, order: Sequence[str] = ()
) -> list[Content]:
    """ "█ call 12   █ email 4 ..." wrapped to the width."""
    items = [
        Content.assemble((_BLOCK, channel_color(channel)), f" {channel} {count}")
        for channel, count in _ordered(by_channel, order)
    ]
    if not items:
        return []
    lines: list[Content] = []
    current = Content("")
    for item in items:
        gap = "   " if current.cell_length else ""
        if current.cell_length and current.cell_length + len(gap) + item.cell_length > width:
            lines.append(current)
            current, gap = Content(""), ""
        current = current + gap + item
    lines.append(current)
    return lines


class ReviewChart(Widget):
    """A month's interactions per week (monday label), stacked by channel."""

    DEFAULT_CSS = """
    ReviewChart {
        width: 1fr;
        height: auto;
        padding: 0 1;
    }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.weeks: list[tuple[date, dict[str, int]]] = []
        self.by_channel: dict[str, int] = {}
        self.loaded = False

    def show(self, weeks: Weeks, by_channel: Mapping[str, int]) -> None:
        self.weeks = [(monday, {str(c): n for c, n in chans.items()}) for monday, chans in weeks]
        self.by_channel = {str(c): n for c, n in by_channel.items()}
        self.loaded = True
        self.refresh(layout=True)

    def _lines(self, width: int) -> list[Content]:
        if not self.loaded:
            return [Content("")]
        return chart_lines(self.weeks, self.by_channel, max(width, 20))

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        return len(self._lines(width))

    def render(self) -> Content:
        return Content("\n").join(self._lines(self.content_size.width))
