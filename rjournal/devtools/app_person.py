"""The person screen for someone with a long history against someone with a short one (issue
14, point 4): two copies of one journal that differ only in that person having 20,000
interactions or 30 (made as the flat section of the benchmark makes them), each opened in the
real app (App.run_test, headless), timed from asking for the person's screen until the frame
after it has filled in its data (a callback Textual runs after that screen's next refresh).
Medians of fresh opens, the copies alternating.
"""

from __future__ import annotations

import asyncio
import gc
import statistics
import time
from dataclasses import dataclass
from datetime import date
from pathlib import Path

SIZE = (100, 30)
OPENS = 9  # a fresh app's first open is its warm-up, not counted
ROUNDS = 3


@dataclass(frozen=True)
class PersonScreenRun:
    long_ms: float
    short_ms: float
    long: int
    short: int

    @property
    def ratio(self) -> float:
        return self.long_ms / self.short_ms


def _resolve(future: asyncio.Future[None]) -> None:
    if not future.done():
        future.set_result(None)


async def _open_times(db: Path, person_id: int, today: date, opens: int) -> list[float]:
    """Milliseconds for each of `opens` openings of one person's screen in one app."""
    from rjournal.app.app import build_app
    from rjournal.app.screens.person import PersonScreen

    app = build_app(db, today=today)
    gc.disable()
    app.hold_collections = True
    times: list[float] = []
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await app.workers.wait_for_complete()
        await pilot.pause()
        home = app.screen
        for _ in range(opens):
            drawn = asyncio.get_running_loop().create_future()
            start = time.perf_counter()
            app.open_person(person_id)
            while not (isinstance(app.screen, PersonScreen) and app.screen.person is not None):
                await asyncio.sleep(0.0005)
            app.screen.call_after_refresh(_resolve, drawn)
            await drawn
            times.append((time.perf_counter() - start) * 1000)
            app.pop_screen()
            while app.screen is not home:
                await asyncio.sleep(0.001)
            await pilot.pause()
    return times


def measure_person_screen(
    db: Path,
    today: date,
    *,
    long: int = 20_000,
    short: int = 30,
    rounds: int = ROUNDS,
    opens: int = OPENS,
) -> PersonScreenRun:
    """The two copies of `db`, alternating, `rounds` fresh apps each, `opens` opens an app
    (the first open of each app is its warm-up and not counted); the copies are removed."""
    from rjournal.devtools.bench_flat import history_copy
    from rjournal.store.checks import mark_path

    long_copy, person_id = history_copy(db, long, today)
    short_copy, _ = history_copy(db, short, today)
    samples: dict[Path, list[float]] = {long_copy: [], short_copy: []}
    try:
        for _ in range(rounds):
            for copy in (long_copy, short_copy):
                samples[copy] += asyncio.run(_open_times(copy, person_id, today, opens))[1:]
    finally:
        for copy in (long_copy, short_copy):
            copy.unlink(missing_ok=True)
            mark_path(copy).unlink(missing_ok=True)
    return PersonScreenRun(
        statistics.median(samples[long_copy]), statistics.median(samples[short_copy]), long, short
    )
