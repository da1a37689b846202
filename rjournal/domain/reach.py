"""How and when someone likes to be reached, read from the words of their "reach" field.

``read_reach("text, never before 10")`` gives the channel (message) and the earliest time
(10:00); ``read_reach("weekends only")`` the days (Saturday, Sunday). What it cannot read it
returns as typed, in ``unread``, to be shown beside the plan: it never guesses.

How a text is read
------------------
The text is cut into clauses at commas, semicolons, full stops and line ends. A clause is
applied only when every word in it is read; otherwise the whole clause goes to ``unread`` and
adds nothing ("sundays after church" forbids no day). Clauses add up: the days are those every
clause allows, the window runs from the latest "from" to the earliest "until".

Within a clause:

- days: ``monday`` .. ``sunday`` (``mon``, ``tue``, ``tues``, ``wed``, ``thu``, ``thur``,
  ``thurs``, ``fri``, ``sat``, ``sun``; plurals), ``weekdays``, ``weekends``, ranges
  (``mon-fri``, ``monday to friday``), lists joined by ``and``, ``or``, ``&``, ``/``;
- not those days: ``not``, ``never``, ``no`` or ``except`` before days (``not on Mondays``);
- times: ``before``, ``until``, ``till``, ``by`` T (the latest), ``after``, ``from`` T (the
  earliest), ``never before`` T / ``not after`` T, ``between`` T ``and`` T, T``-``T,
  T ``to`` T;
- T: ``10``, ``10am``, ``10 am``, ``10:30``, ``18:00``, ``18h``, ``6pm``, ``noon``. A bare hour
  from 1 to 12 is read with the clause's part of the day (``evenings after 7`` is 19:00),
  else as a waking hour: 7 to 11 in the morning, 12 noon, 1 to 6 in the afternoon or evening;
- parts of the day: ``mornings`` 08:00-12:00, ``afternoons`` 12:00-17:00, ``evenings``
  17:00-21:00, ``business hours`` (also office, working, work) weekdays 09:00-17:00;
  ``no mornings`` is from 12:00 and ``no evenings`` until 17:00;
- channels: the channel words of the command line (``text``, ``call``, ``email``...);
- words that add nothing: ``only``, ``on``, ``in``, ``the``, ``at``, ``me``, ``please``,
  ``preferably``, ``ideally``, ``prefers``, ``best``, ``via``, ``by`` before a channel,
  ``o'clock``; a clause may open
  with ``and`` or ``but``; ``anytime``, ``any time``, ``any day``, ``whenever`` say there is
  no limit.

Two things one set of days and one window cannot say are left unread rather than bent:
different kinds joined by ``and``/``or`` (``evenings and weekends`` means either one), and a
"never before" or "not after" beside days (``not before 10 on weekends`` is a rule for
weekends only, not a ban on weekdays).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import date, time

from rjournal.domain.model import CHANNEL_ALIASES, Channel
from rjournal.domain.value import Value, frozen

ALL_DAYS: tuple[int, ...] = (0, 1, 2, 3, 4, 5, 6)  # Monday is 0, as date.weekday() counts
_WEEKDAYS = frozenset(range(5))
_WEEKEND = frozenset((5, 6))


@frozen
class Reach(Value):
    """What a reach text says: allowed weekdays, a time window, channels, and what was unread."""

    days: tuple[int, ...] = ALL_DAYS  # allowed weekdays, Monday 0; all seven when unsaid
    earliest: time | None = None
    latest: time | None = None
    channels: tuple[Channel, ...] = ()
    unread: tuple[str, ...] = ()  # clauses not applied, as typed

    def allows(self, day: date) -> bool:
        return day.weekday() in self.days

    @property
    def has_time(self) -> bool:
        """Some time of the day is allowed (a "mornings, after 6pm" window allows none)."""
        return self.earliest is None or self.latest is None or self.earliest <= self.latest

    @property
    def limits(self) -> bool:
        """It limits the days or the times at all."""
        return self.days != ALL_DAYS or self.earliest is not None or self.latest is not None


NO_LIMITS = Reach()

_DAY_WORDS: dict[str, int] = {}
for _i, _name in enumerate(("monday", "tuesday", "wednesday", "thursday", "friday")):
    _DAY_WORDS[_name] = _DAY_WORDS[_name + "s"] = _DAY_WORDS[_name[:3]] = _i
for _i, _name in ((5, "saturday"), (6, "sunday")):
    _DAY_WORDS[_name] = _DAY_WORDS[_name + "s"] = _DAY_WORDS[_name[:3]] = _i
_DAY_WORDS.update(tues=1, thur=3, thurs=3)
_DAY_GROUPS = {
    "weekday": _WEEKDAYS,
    "weekdays": _WEEKDAYS,
    "weekend": _WEEKEND,
    "weekends": _WEEKEND,
}
# Parts of the day: (earliest, latest, how a bare hour in the same clause is read).
_PARTS: dict[str, tuple[time, time, str]] = {}
for _names, _part in (
    (("morning", "mornings"), (time(8), time(12), "am")),
    (("afternoon", "afternoons"), (time(12), time(17), "pm")),
    (("evening", "evenings"), (time(17), time(21), "pm")),
):
    for _word in _names:
        _PARTS[_word] = _part
_HOURS_WORDS = {"business", "office", "working", "work"}  # before "hours"
_CHANNEL_WORDS: dict[str, Channel] = {c.value: c for c in Channel} | CHANNEL_ALIASES
_FILLER = {
    "only", "on", "in", "the", "at", "me", "please", "preferably", "ideally", "prefers",
    "best", "via", "o'clock", "oclock",
}  # fmt: skip
_NOT = {"not", "never", "no", "except"}
_JOIN = {"and", "or", "&", "/", "+"}
_UNLIMITED = {"anytime", "whenever"}
_UNTIL = {"before", "until", "till", "by"}
_FROM = {"after", "from"}
_TIME = re.compile(r"(\d{1,2})(?:[:.h](\d{2}))?(am|pm|h)?")
# Clauses end at , ; and line ends, and at . ! ? before a space or the end (not "10.30", "a.m.").
_CLAUSES = re.compile(r"[,;\n]|(?<![ap]\.m)[.!?](?=\s|$)", re.IGNORECASE)
_SPACED = re.compile(r"([-–—&/+])")


def read_reach(text: str) -> Reach:
    """Read a reach text (see the module docstring); what cannot be read is returned unread."""
    days = set(ALL_DAYS)
    earliest: time | None = None
    latest: time | None = None
    channels: list[Channel] = []
    unread: list[str] = []
    for typed in _CLAUSES.split(text):
        if not typed.strip():
            continue
        clause = _Clause.read(_words(typed))
        if clause is None:
            unread.append(typed.strip())
            continue
        days &= clause.days
        if clause.earliest is not None and (earliest is None or clause.earliest > earliest):
            earliest = clause.earliest
        if clause.latest is not None and (latest is None or clause.latest < latest):
            latest = clause.latest
        channels.extend(c for c in clause.channels if c not in channels)
    return Reach(tuple(sorted(days)), earliest, latest, tuple(channels), tuple(unread))


def _words(clause: str) -> list[str]:
    """Lower-case words, with dashes, slashes and ampersands as words of their own."""
    text = clause.lower().replace("a.m.", "am").replace("p.m.", "pm").replace("e-mail", "email")
    words = (w.strip("\"'()[]!?.:") for w in _SPACED.sub(r" \1 ", text).split())
    return [("-" if w in "–—" else w) for w in words if w]


class _Clause:
    """One clause read whole: its days, window and channels; `read` gives None if a word is
    not understood."""

    def __init__(self, words: list[str]) -> None:
        self.words = words
        self.at = 0
        self.days: set[int] = set(ALL_DAYS)
        self.wanted_days: set[int] | None = None  # the days named, if any
        self.earliest: time | None = None
        self.latest: time | None = None
        self.channels: list[Channel] = []
        self.kinds: list[str] = []  # the kind of each term, with "join" between joined ones
        self.not_time = False  # a "never before" or "not after"
        self.meridiem = _meridiem(words)

    @classmethod
    def read(cls, words: list[str]) -> _Clause | None:
        clause = cls(words)
        if words and words[0] in ("and", "but"):
            clause.at = 1
        try:
            while clause.at < len(words):
                clause._term()
        except _Unread:
            return None
        if not clause._joins_alike() or (clause.not_time and clause.wanted_days is not None):
            return None
        if clause.wanted_days is not None:
            clause.days &= clause.wanted_days
        return clause

    def _peek(self, ahead: int = 0) -> str:
        i = self.at + ahead
        return self.words[i] if i < len(self.words) else ""

    def _take(self) -> str:
        word = self._peek()
        if not word:
            raise _Unread
        self.at += 1
        return word

    def _term(self) -> None:
        word = self._take()
        if word in _FILLER or (word == "by" and self._peek() in _CHANNEL_WORDS):
            return
        if word in _JOIN:
            self.kinds.append("join")
        elif word in _UNLIMITED:
            self.kinds.append("none")
        elif word in ("any", "every") and self._peek() in ("time", "day", "days"):
            self.at += 1
            self.kinds.append("none")
        elif word in _NOT:
            self._negated()
        elif word in _DAY_WORDS or word in _DAY_GROUPS:
            self.at -= 1
            named = self._days()
            self.wanted_days = named | (self.wanted_days or set())
            self.kinds.append("days")
        elif word in _PARTS:
            start, end, _ = _PARTS[word]
            self._window(start, end)
            self.kinds.append("part")
        elif word in _HOURS_WORDS and self._peek() == "hours":
            self.at += 1
            self.days &= _WEEKDAYS
            self._window(time(9), time(17))
            self.kinds.append("hours")
        elif word in _UNTIL:
            self._window(None, self._time())
            self.kinds.append("time")
        elif word in _FROM:
            self._window(self._time(), None)
            self.kinds.append("time")
        elif word == "between":
            start = self._time()
            if self._take() != "and":
                raise _Unread
            self._window(start, self._time())
            self.kinds.append("time")
        elif word in _CHANNEL_WORDS:
            self.channels.append(_CHANNEL_WORDS[word])
            self.kinds.append("channel")
        else:
            self.at -= 1
            start = self._time()  # "9-5", "9 to 5", else not read
            if self._take() not in ("-", "to"):
                raise _Unread
            self._window(start, self._time())
            self.kinds.append("time")

    def _negated(self) -> None:
        """What follows not/never/no/except: days, a time, or a part of the day."""
        while self._peek() in ("on", "the"):
            self.at += 1
        word = self._take()
        if word in _DAY_WORDS or word in _DAY_GROUPS:
            self.at -= 1
            self.days -= self._days()
            self.kinds.append("days")
        elif word in ("before", "after"):
            at = self._time()
            if word == "before":
                self._window(at, None)
            else:
                self._window(None, at)
            self.not_time = True
            self.kinds.append("time")
        elif word in ("morning", "mornings"):
            self._window(time(12), None)
            self.kinds.append("part")
        elif word in ("evening", "evenings"):
            self._window(None, time(17))
            self.kinds.append("part")
        else:
            raise _Unread

    def _days(self) -> set[int]:
        """Day words joined by and/or/&// and ranges (mon-fri, monday to friday)."""
        named: set[int] = set()
        while True:
            word = self._take()
            if word in _DAY_GROUPS:
                named |= _DAY_GROUPS[word]
            elif word in _DAY_WORDS:
                first = _DAY_WORDS[word]
                if self._peek() in ("-", "to") and self._peek(1) in _DAY_WORDS:
                    last = _DAY_WORDS[self.words[self.at + 1]]
                    self.at += 2
                    named |= {(first + i) % 7 for i in range((last - first) % 7 + 1)}
                else:
                    named.add(first)
            else:
                raise _Unread
            if self._peek() in _JOIN and (
                self._peek(1) in _DAY_WORDS or self._peek(1) in _DAY_GROUPS
            ):
                self.at += 1
                continue
            return named

    def _time(self) -> time:
        """A time of day: 10, 10am, 10 am, 10:30, 18:00, 18h, 6pm, noon."""
        word = self._take()
        if word == "noon":
            return time(12)
        match = _TIME.fullmatch(word)
        if match is None:
            raise _Unread
        hour, minute = int(match[1]), int(match[2] or 0)
        suffix = match[3]
        if suffix is None and self._peek() in ("am", "pm"):
            suffix = self._take()
        if self._peek() in ("o'clock", "oclock"):
            self.at += 1
        if minute > 59:
            raise _Unread
        if suffix in ("am", "pm"):
            if not 1 <= hour <= 12:
                raise _Unread
            return time(hour % 12 + (12 if suffix == "pm" else 0), minute)
        if suffix == "h" or hour == 0 or hour >= 13:
            if hour > 23:
                raise _Unread
            return time(hour, minute)
        return time(_bare_hour(hour, self.meridiem), minute)

    def _window(self, start: time | None, end: time | None) -> None:
        if start is not None and (self.earliest is None or start > self.earliest):
            self.earliest = start
        if end is not None and (self.latest is None or end < self.latest):
            self.latest = end

    def _joins_alike(self) -> bool:
        """and/or join only terms of one kind that union well: days, or channels."""
        for i, kind in enumerate(self.kinds):
            if kind != "join":
                continue
            before = self.kinds[i - 1] if i else ""
            after = self.kinds[i + 1] if i + 1 < len(self.kinds) else ""
            if before != after or before not in ("days", "channel"):
                return False
        return True


class _Unread(Exception):
    """A word the clause grammar does not read."""


def _meridiem(words: Iterable[str]) -> str:
    """The half of the day ("am", "pm") the clause's parts of the day name, if only one."""
    halves = {_PARTS[w][2] for w in words if w in _PARTS}
    return halves.pop() if len(halves) == 1 else ""


def _bare_hour(hour: int, meridiem: str) -> int:
    """An hour from 1 to 12 without am/pm, read as the clause's half of the day says, else as
    a waking hour (7-11 morning, 12 noon, 1-6 afternoon or evening)."""
    if meridiem == "am":
        return hour
    if meridiem == "pm" or hour <= 6:
        return hour % 12 + 12
    return hour
