"""This week: the plan of `rj plan` on the home screen, who to reach on which day.

The plan is worked out in a thread with its own connection (store.plan_data.week_plan, the
daily room from the configuration), after the check-ins are on screen, and considers at most
BOUND_LIMIT of the people an occasion or a promise binds to a day, nearest first, so a big
journal's thousands of birthdays a week cost neither seconds nor memory here (`rj plan` lists
them all). Each day shows its first few, then the first few the plan could not place and why;
option ids carry the person.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from typing import TYPE_CHECKING

from textual import work
from textual.content import Content
from textual.message import Message
from textual.widgets.option_list import Option

from rjournal.app import safe
from rjournal.app.widgets.wrapping_option_list import WrappingOptionList
from rjournal.domain.dates import short_day

if TYPE_CHECKING:
    from rjournal.domain.plan import Placement, Plan, Unplaced
    from rjournal.store.journal import Journal

DAYS = 7
BOUND_LIMIT = 200
# Beyond the day's room, how many more of a day's people are listed before "+N more".
EXTRA_SHOWN = 2
# How many of those the plan could not place are listed, after the days.
UNPLACED_SHOWN = 3


def placement_prompt(p: Placement, first_of_day: bool) -> Content:
    """ "Mon 23 Nov  Dana Kim · email, after 10:00" (the day only on a day's first line)."""
    # Here, not at the top: the wording loads the domain's model, which the home screen's
    # first frame does without (the plan comes after it).
    from rjournal.domain.wording import channel_word

    when = short_day(p.day) if first_of_day else ""
    s = p.suggestion
    parts: list[Content | tuple[str, str]] = [(f"{when:<11}", "$text-accent"), safe.line(s.name)]
    details = [word] if (word := channel_word(s.channel)) else []
    if p.earliest is not None and p.latest is not None:
        details.append(f"{p.earliest:%H:%M}-{p.latest:%H:%M}")
    elif p.earliest is not None:
        details.append(f"after {p.earliest:%H:%M}")
    elif p.latest is not None:
        details.append(f"until {p.latest:%H:%M}")
    if details:
        parts.append((" · " + ", ".join(details), "$text-muted"))
    for i, unread in enumerate(p.unread):  # shown, never guessed at
        parts += [("; " if i else " · reach not read: ", "$text-muted"), safe.line(unread)]
    return Content.assemble(*parts)


def unplaced_prompt(u: Unplaced) -> Content:
    """ "           Dana Kim · their reach allows none of these days"."""
    return Content.assemble(
        f"{'':<11}", safe.line(u.suggestion.name), (f" · {u.why}", "$text-muted")
    )


class ThisWeek(WrappingOptionList):
    """The coming days' plan, by day; loads itself in a worker when asked (`load`)."""

    class Planned(Message):
        """The worker worked out the plan."""

        def __init__(self, plan: Plan) -> None:
            super().__init__()
            self.plan = plan

    def __init__(
        self,
        open_journal: Callable[[], Journal],
        *,
        id: str | None = None,
        classes: str | None = None,
    ) -> None:
        super().__init__(id=id, classes=classes, markup=False)
        self.open_journal = open_journal
        self.person_ids: list[int | None] = []
        self.add_option(Option(Content("…"), disabled=True))

    def load(self, as_of: date) -> None:
        """Work the plan out again, from `as_of`."""
        self._plan(as_of)

    @work(thread=True, exclusive=True, exit_on_error=False, group="this-week")
    def _plan(self, as_of: date) -> None:
        from rjournal.domain.checkin import CheckinSettings
        from rjournal.store.config import (
            DEFAULTS,
            ConfigError,
            config_path,
            effective_config,
            read_config,
        )
        from rjournal.store.plan_data import week_plan

        try:
            config = effective_config(read_config(config_path()))
        except ConfigError:
            config = DEFAULTS  # the command line says what is wrong with the file
        settings = CheckinSettings(lookahead_days=config.lookahead_days)
        journal = self.open_journal()
        try:
            plan = week_plan(
                journal, as_of, DAYS, config.plan_per_day, settings, bound_limit=BOUND_LIMIT
            )
        finally:
            journal.close()
        self.post_message(self.Planned(plan))

    def on_this_week_planned(self, message: Planned) -> None:
        message.stop()
        self.show_plan(message.plan)

    def show_plan(self, plan: Plan) -> None:
        previous = self.highlighted_person_id
        self.clear_options()
        self.person_ids = []
        options: list[Option] = []
        for offset in range(plan.days):
            day = plan.start + timedelta(days=offset)
            placed = plan.on(day)
            shown = placed[: plan.per_day + EXTRA_SHOWN]
            for i, p in enumerate(shown):
                options.append(Option(placement_prompt(p, i == 0)))
                self.person_ids.append(p.suggestion.person_id)
            if len(placed) > len(shown):
                more = f"{'':<11}+{len(placed) - len(shown)} more (rj plan)"
                options.append(Option(Content.styled(more, "$text-muted"), disabled=True))
                self.person_ids.append(None)
        if not options:
            options.append(Option(Content("No one to plan for these days."), disabled=True))
            self.person_ids.append(None)
        if plan.unplaced:
            heading = f"Not placed ({len(plan.unplaced)})"
            options.append(Option(Content.styled(heading, "$text-muted"), disabled=True))
            self.person_ids.append(None)
            for u in plan.unplaced[:UNPLACED_SHOWN]:
                options.append(Option(unplaced_prompt(u)))
                self.person_ids.append(u.suggestion.person_id)
            if len(plan.unplaced) > UNPLACED_SHOWN:
                more = f"{'':<11}+{len(plan.unplaced) - UNPLACED_SHOWN} more (rj plan)"
                options.append(Option(Content.styled(more, "$text-muted"), disabled=True))
                self.person_ids.append(None)
        self.add_options(options)
        if previous is not None and previous in self.person_ids:
            self.highlighted = self.person_ids.index(previous)
        elif self.person_ids[0] is not None:
            self.highlighted = 0

    @property
    def highlighted_person_id(self) -> int | None:
        index = self.highlighted
        if index is None or index >= len(self.person_ids):
            return None
        return self.person_ids[index]
