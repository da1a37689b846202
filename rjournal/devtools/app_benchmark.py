"""How the app copes with a big journal: `python -m rjournal.devtools.app_benchmark
[--sizes 300,10000,100000] [--runs 5] [--write docs/performance.md]`.

1. Start-up, at each size: `python -m rjournal --db FILE` and a one-line Textual app, each
   spawned in a pty (100x30, TERM=xterm-256color, same interpreter and Textual, today fixed
   by RJOURNAL_TODAY), alternating, timed from spawn until a word of what they draw shows up
   in their output: for the one-line app its first frame ("hello"); for rjournal its first
   frame (the header's sub title) and, what the user opens it for, the check-ins on screen
   (the name of a person the check-in list shows at its top, and nothing else on the first
   screen does). Medians over `--runs`, and their ratio to the one-line app's. Both load
   their modules' bytecode from a cache in the run's temporary folder, filled by one warm-up
   launch each (as an installed package's, which pip compiles), whatever
   PYTHONDONTWRITEBYTECODE says. Peak RSS (VmHWM) of each, read 1.5 s after the check-ins
   showed (the app's workers have finished by then).
2. In process, at the largest size (App.run_test, headless driver): `end` on the people list,
   and each keystroke of a filter, timed from posting the key event until the list has drawn
   the rows of the new state (its `painted_version`), median of three fresh apps;
   Pilot.press is not used for timing, since its idle waits add ~60 ms that are the
   harness's, not the app's. The cyclic collector is set up as `rj` sets it (run_built: off
   until the first frame, then what startup built is frozen), else a full pass over the
   harness's heap can land in any keystroke.
3. At 10,000 people (when measured): the person screen for someone with 20,000 interactions
   against the same person with 30 (devtools/app_person.py).
Prints a Markdown report with PASS/FAIL against the goals, and the load average; `--write
FILE` puts it into FILE between `<!-- app_benchmark -->` and `<!-- /app_benchmark -->`.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import fcntl
import gc
import os
import select
import signal
import statistics
import struct
import sys
import tempfile
import termios
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from rjournal.devtools.app_person import OPENS, ROUNDS, PersonScreenRun, measure_person_screen

SIZE = (100, 30)
SIZES = (300, 10_000, 100_000)
TODAY = date(2026, 11, 22)
APP_MARKER = b"who needs you next"
HELLO_MARKER = b"hello"
MARK_START = "<!-- app_benchmark -->"
MARK_END = "<!-- /app_benchmark -->"
HELLO_APP = (
    "from textual.app import App\n"
    "from textual.widgets import Static\n"
    "class Hello(App):\n"
    "    def compose(self):\n"
    "        yield Static('hello')\n"
    "Hello().run()\n"
)
RATIO_GOAL = 1.3
ACTION_GOAL_MS = 100.0
MEMORY_GOAL_MIB = 80.0
FILTER_KEYS = "anna b"
IN_PROCESS_ROUNDS = 3
PERSON_SCREEN_SIZE = 10_000  # the size the benchmark's flat section compares histories at
PERSON_SCREEN_GOAL = 1.2


@dataclass
class Launch:
    seconds: list[float]  # until each marker, in the order given
    peak_mib: float | None
    cpu: list[float]  # CPU seconds the process had used by each marker (all threads)


def _cpu_seconds(pid: int) -> float:
    """User and system CPU time of a live process so far: unlike wall time, about the same
    on a busy machine as on a quiet one."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return float("nan")
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _vm_hwm_mib(pid: int) -> float | None:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        return None
    return None


def launch(
    argv: list[str],
    markers: list[bytes],
    *,
    env: dict[str, str] | None = None,
    timeout: float = 60.0,
) -> Launch:
    """Spawn argv in a pty and time it until each marker is in what it wrote; then make it
    quit."""
    start = time.perf_counter()
    pid, fd = os.forkpty()
    if pid == 0:  # the child
        os.environ["TERM"] = "xterm-256color"
        os.environ["COLUMNS"], os.environ["LINES"] = str(SIZE[0]), str(SIZE[1])
        os.environ.update(env or {})
        fcntl.ioctl(0, termios.TIOCSWINSZ, struct.pack("HHHH", SIZE[1], SIZE[0], 0, 0))
        os.execvp(argv[0], argv)
    fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack("HHHH", SIZE[1], SIZE[0], 0, 0))
    seen = b""
    found: dict[bytes, float] = {}
    cpu: dict[bytes, float] = {}
    try:
        while time.perf_counter() - start < timeout and len(found) < len(markers):
            ready, _, _ = select.select([fd], [], [], 0.01)
            if not ready:
                continue
            try:
                chunk = os.read(fd, 65536)
            except OSError:
                break
            if not chunk:
                break
            seen = (seen + chunk)[-262144:]
            now = time.perf_counter() - start
            for marker in markers:
                if marker not in found and marker in seen:
                    found[marker] = now
                    cpu[marker] = _cpu_seconds(pid)
        # Let it settle (workers after the first paint), then read its peak memory.
        settle_until = time.perf_counter() + 1.5
        while time.perf_counter() < settle_until:
            ready, _, _ = select.select([fd], [], [], 0.05)
            if ready:
                try:
                    os.read(fd, 65536)
                except OSError:
                    break
        peak = _vm_hwm_mib(pid)
    finally:
        try:
            os.write(fd, b"\x11")  # ctrl+q quits a Textual app
            deadline = time.perf_counter() + 3
            while time.perf_counter() < deadline:
                done, _ = os.waitpid(pid, os.WNOHANG)
                if done:
                    break
                ready, _, _ = select.select([fd], [], [], 0.05)
                if ready:
                    with contextlib.suppress(OSError):
                        os.read(fd, 65536)
            else:
                os.kill(pid, signal.SIGKILL)
                os.waitpid(pid, 0)
        except (OSError, ChildProcessError):
            pass
        os.close(fd)
    missing = [m for m in markers if m not in found]
    if missing:
        raise RuntimeError(f"{argv!r} never painted {missing!r}")
    return Launch([found[m] for m in markers], peak, [cpu[m] for m in markers])


def checkin_marker(db: Path, today: date) -> bytes:
    """The name of someone at the top of the check-in list who is nowhere else on the first
    screen (the people list's first rows, the occasions): seen, it means the check-ins are."""
    from rjournal.store.facts import next_checkins
    from rjournal.store.journal import Journal
    from rjournal.store.upcoming import upcoming_occasions

    with Journal.open(db) as journal:
        top = next_checkins(journal, today, limit=3)
        elsewhere = [row.name for row in journal.people_page("", 0, SIZE[1])]
        for item in upcoming_occasions(journal, today, 30, limit=SIZE[1]):
            elsewhere += [item.person_name, item.label]
    for suggestion in top:
        name = suggestion.name
        if not any(name in other for other in elsewhere):
            return name.encode()
    raise RuntimeError("no check-in name is only in the check-in list")


async def in_process(db: Path) -> tuple[float, list[tuple[str, float, int]]]:
    """Milliseconds for `end` on the people list, and for each filter keystroke."""
    from textual import events

    from rjournal.app.app import build_app
    from rjournal.app.widgets.people_list import PeopleList

    app = build_app(db, today=TODAY)
    # As run_built does for `rj`: JournalApp.on_ready freezes and turns the collector back on.
    gc.disable()
    app.hold_collections = True
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await app.workers.wait_for_complete()
        await pilot.pause()
        people = app.screen.query_one(PeopleList)

        async def press(key: str, character: str | None, shown: Callable[[], bool]) -> float:
            """From the key event to the frame in which the list drew its new state."""
            people.painted_version = -1
            start = time.perf_counter()
            app.post_message(events.Key(key, character))
            while not (shown() and people.painted_version == people.version):
                await asyncio.sleep(0.0005)
            elapsed = (time.perf_counter() - start) * 1000
            await pilot.pause()
            return elapsed

        people.focus()
        await pilot.pause()
        end_ms = await press("end", None, lambda: people.cursor == people.count - 1)
        app.screen.query_one("#people-filter").focus()
        await pilot.pause()
        keys: list[tuple[str, float, int]] = []
        typed = ""
        for character in FILTER_KEYS:
            typed += character
            key = "space" if character == " " else character
            wanted = typed

            def shown(wanted: str = wanted) -> bool:
                return people.filter_text == wanted and people.shown_filter == wanted

            keys.append((typed, await press(key, character, shown), people.count))
        await app.workers.wait_for_complete()
    return end_ms, keys


@dataclass
class SizeRun:
    """Start-up figures at one size: medians in seconds, peaks in MiB."""

    people: int
    hello: float
    first_frame: float
    checkins: float
    peak: float
    hello_peak: float
    runs: list[tuple[float, float, float]]  # (hello, first frame, check-ins) per run

    @property
    def checkin_ratio(self) -> float:
        return self.checkins / self.hello


def measure_size(db: Path, people: int, runs: int, hello: Path) -> SizeRun:
    """The one-line app and rjournal, alternately, `runs` times after one warm-up each (which
    also compiles both into the bytecode cache next to `hello`)."""
    from rjournal.devtools.benchmark import bytecode_env

    compiled = bytecode_env(hello.parent / "bytecode")
    env = {"RJOURNAL_TODAY": TODAY.isoformat(), **compiled}
    name = checkin_marker(db, TODAY)
    app_argv = [sys.executable, "-m", "rjournal", "--db", str(db)]
    hello_argv = [sys.executable, str(hello)]
    launch(hello_argv, [HELLO_MARKER], env=compiled)  # warm the disk cache for both
    launch(app_argv, [APP_MARKER, name], env=env)
    measured: list[tuple[float, float, float]] = []
    peaks: list[float] = []
    hello_peaks: list[float] = []
    for _ in range(runs):
        baseline = launch(hello_argv, [HELLO_MARKER], env=compiled)
        run = launch(app_argv, [APP_MARKER, name], env=env)
        measured.append((baseline.seconds[0], run.seconds[0], run.seconds[1]))
        if baseline.peak_mib is not None:
            hello_peaks.append(baseline.peak_mib)
        if run.peak_mib is not None:
            peaks.append(run.peak_mib)
    return SizeRun(
        people,
        statistics.median(m[0] for m in measured),
        statistics.median(m[1] for m in measured),
        statistics.median(m[2] for m in measured),
        max(peaks) if peaks else float("nan"),
        max(hello_peaks) if hello_peaks else float("nan"),
        measured,
    )


def _verdict(ok: bool) -> str:
    return "PASS" if ok else "FAIL"


def report_lines(
    sizes: list[SizeRun], runs: int, end_ms: float, keys: list[tuple[str, float, int]]
) -> list[str]:
    """The report in Markdown, with a verdict per goal."""
    largest = sizes[-1]
    lines = [
        "## The app",
        "",
        f"`python -m rjournal.devtools.app_benchmark` (100x30 in a pty, {runs} runs a size,"
        " alternating with a one-line Textual app; medians; × is the ratio to that app's"
        " first frame, measured in the same run).",
        "",
        "| people | one-line app, first frame | rjournal, first frame | × "
        "| rjournal, check-ins on screen | × | goal | |",
        "|---:|---:|---:|---:|---:|---:|---|---|",
    ]
    for run in sizes:
        lines.append(
            f"| {run.people:,} | {run.hello * 1000:.0f} ms | {run.first_frame * 1000:.0f} ms "
            f"| {run.first_frame / run.hello:.2f} | {run.checkins * 1000:.0f} ms "
            f"| {run.checkin_ratio:.2f} | <= {RATIO_GOAL} "
            f"| {_verdict(run.checkin_ratio <= RATIO_GOAL)} |"
        )
    lines += [
        "",
        f"At {largest.people:,} people:",
        "",
        "| measure | value | goal | |",
        "|---|---|---|---|",
        f"| one-line Textual app, peak memory (VmHWM, the floor) "
        f"| {largest.hello_peak:.1f} MiB | | |",
        f"| rjournal peak memory (VmHWM, max of runs) | {largest.peak:.1f} MiB "
        f"| <= {MEMORY_GOAL_MIB:.0f} MiB | {_verdict(largest.peak <= MEMORY_GOAL_MIB)} |",
        f"| `end` on the people list | {end_ms:.0f} ms | < {ACTION_GOAL_MS:.0f} ms "
        f"| {_verdict(end_ms < ACTION_GOAL_MS)} |",
    ]
    for text, ms, count in keys:
        lines.append(
            f'| filter "{text}" ({count:,} people) | {ms:.0f} ms | < {ACTION_GOAL_MS:.0f} ms '
            f"| {_verdict(ms < ACTION_GOAL_MS)} |"
        )
    lines.append("")
    for run in sizes:
        lines.append(
            f"- runs at {run.people:,} (s, one-line app / first frame / check-ins): "
            + "; ".join(f"{h:.2f} / {f:.2f} / {c:.2f}" for h, f, c in run.runs)
        )
    return lines


def person_screen_lines(run: PersonScreenRun) -> list[str]:
    """The person screen's row: someone with a long history against someone with a short."""
    ok = run.ratio <= PERSON_SCREEN_GOAL
    return [
        "",
        f"The person screen at {PERSON_SCREEN_SIZE:,} people (in process, from asking for it "
        "until the frame after its data is filled in; medians of "
        f"{ROUNDS * (OPENS - 1)} opens over {ROUNDS} fresh apps each, the two copies alternating):",
        "",
        "| person | median ms | × | goal | |",
        "|---|---:|---:|---|---|",
        f"| with {run.short:,} interactions | {run.short_ms:.0f} ms | | | |",
        f"| with {run.long:,} interactions | {run.long_ms:.0f} ms | {run.ratio:.2f} "
        f"| <= {PERSON_SCREEN_GOAL} | {_verdict(ok)} |",
    ]


def main(argv: list[str] | None = None) -> int:
    from rjournal.devtools.benchmark import machine, parse_sizes, write_report

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument(
        "--sizes",
        type=parse_sizes,
        default=list(SIZES),
        help="demo journal sizes, comma-separated (default 300,10000,100000)",
    )
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument(
        "--db", type=Path, help="reuse this demo journal (built for today 2026-11-22), one size"
    )
    parser.add_argument("--write", type=Path, help="put the report into this Markdown file")
    args = parser.parse_args(argv)
    sizes: list[int] = args.sizes

    load_before = os.getloadavg()
    with tempfile.TemporaryDirectory(prefix="rj-bench-") as tmp:
        hello = Path(tmp) / "hello.py"
        hello.write_text(HELLO_APP)
        measured: list[SizeRun] = []
        db = args.db
        person_screen: PersonScreenRun | None = None
        for people in sizes:
            if args.db is None:
                from rjournal.demo import build_demo

                db = Path(tmp) / f"bench{people}.db"
                started = time.perf_counter()
                build_demo(db, people=people, today=TODAY, seed=7)
                print(f"built {people:,} people in {time.perf_counter() - started:.1f} s")
            assert db is not None
            measured.append(measure_size(db, people, args.runs, hello))
            if people == PERSON_SCREEN_SIZE:
                person_screen = measure_person_screen(db, TODAY)
        # A fresh app per round (a filter seen before is served from the kept id lists).
        assert db is not None
        rounds = [asyncio.run(in_process(db)) for _ in range(IN_PROCESS_ROUNDS)]
    load_after = os.getloadavg()
    end_ms = statistics.median(r[0] for r in rounds)
    keys = [
        (text, statistics.median(r[1][i][1] for r in rounds), count)
        for i, (text, _, count) in enumerate(rounds[0][1])
    ]
    lines = report_lines(measured, args.runs, end_ms, keys)
    if person_screen is not None:
        lines += person_screen_lines(person_screen)
    lines += [
        "",
        f"Load average ({os.cpu_count()} CPUs): before "
        + " ".join(f"{x:.2f}" for x in load_before)
        + ", after "
        + " ".join(f"{x:.2f}" for x in load_after),
        "",
        *machine(),
    ]
    report = "\n".join(lines)
    print(report)
    if args.write is not None:
        write_report(args.write, report, mark_start=MARK_START, mark_end=MARK_END)
    return 0 if "| FAIL |" not in report else 1


if __name__ == "__main__":
    sys.exit(main())
