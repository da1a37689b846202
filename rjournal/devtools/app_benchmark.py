"""How the app copes with a big journal: `python -m rjournal.devtools.app_benchmark [--people N]`.

1. First screen: `python -m rjournal --db FILE` and a one-line Textual app, each spawned in a
   pty (100x30, TERM=xterm-256color, same interpreter and Textual), alternating, timed from
   spawn until a word of its first painted frame shows up in the output (the header's sub
   title; "hello"); medians over several runs, and their ratio. Peak RSS (VmHWM) of each,
   read 1.5 s after the first frame (the app's workers have finished by then).
2. In process (App.run_test, headless driver): `end` on the people list, and each keystroke
   of a filter, timed from posting the key event until the list has drawn the rows of the
   new state (its `painted_version`), median of three fresh apps; Pilot.press is not used
   for timing, since its idle waits add ~60 ms that are the harness's, not the app's. The
   cyclic collector is set up as `rj` sets it (run_built: off until the first frame, then
   what startup built is frozen), else a full pass over the harness's heap can land in any
   keystroke.
Prints a Markdown table with PASS/FAIL against the goals, and the load average.
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

SIZE = (100, 30)
TODAY = date(2026, 11, 22)
APP_MARKER = b"who needs you next"
HELLO_MARKER = b"hello"
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


@dataclass
class Launch:
    seconds: float
    peak_mib: float | None


def _vm_hwm_mib(pid: int) -> float | None:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        return None
    return None


def launch(argv: list[str], marker: bytes, *, timeout: float = 60.0) -> Launch:
    """Spawn argv in a pty and time it until `marker` is in what it wrote; then make it quit."""
    start = time.perf_counter()
    pid, fd = os.forkpty()
    if pid == 0:  # the child
        os.environ["TERM"] = "xterm-256color"
        os.environ["COLUMNS"], os.environ["LINES"] = str(SIZE[0]), str(SIZE[1])
        fcntl.ioctl(0, termios.TIOCSWINSZ, struct.pack("HHHH", SIZE[1], SIZE[0], 0, 0))
        os.execvp(argv[0], argv)
    fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack("HHHH", SIZE[1], SIZE[0], 0, 0))
    seen = b""
    elapsed: float | None = None
    try:
        while time.perf_counter() - start < timeout:
            ready, _, _ = select.select([fd], [], [], 0.05)
            if not ready:
                continue
            try:
                chunk = os.read(fd, 65536)
            except OSError:
                break
            if not chunk:
                break
            seen = (seen + chunk)[-65536:]
            if marker in seen:
                elapsed = time.perf_counter() - start
                break
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
    if elapsed is None:
        raise RuntimeError(f"{argv!r} never painted {marker!r}")
    return Launch(elapsed, peak)


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


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--people", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--db", type=Path, help="reuse this demo journal instead of building one")
    args = parser.parse_args(argv)

    with tempfile.TemporaryDirectory(prefix="rj-bench-") as tmp:
        db: Path = args.db or Path(tmp) / "bench.db"
        if args.db is None:
            from rjournal.demo import build_demo

            started = time.perf_counter()
            build_demo(db, people=args.people, today=TODAY, seed=7)
            print(f"built {args.people:,} people in {time.perf_counter() - started:.1f} s")
        hello = Path(tmp) / "hello.py"
        hello.write_text(HELLO_APP)
        app_argv = [sys.executable, "-m", "rjournal", "--db", str(db)]
        hello_argv = [sys.executable, str(hello)]
        app_times: list[float] = []
        hello_times: list[float] = []
        peaks: list[float] = []
        hello_peaks: list[float] = []
        load_before = os.getloadavg()
        launch(hello_argv, HELLO_MARKER)  # warm the disk cache for both
        launch(app_argv, APP_MARKER)
        for _ in range(args.runs):
            baseline = launch(hello_argv, HELLO_MARKER)
            hello_times.append(baseline.seconds)
            if baseline.peak_mib is not None:
                hello_peaks.append(baseline.peak_mib)
            run = launch(app_argv, APP_MARKER)
            app_times.append(run.seconds)
            if run.peak_mib is not None:
                peaks.append(run.peak_mib)
        # A fresh app per round (a filter seen before is served from the kept id lists).
        rounds = [asyncio.run(in_process(db)) for _ in range(IN_PROCESS_ROUNDS)]
        end_ms = statistics.median(r[0] for r in rounds)
        keys = [
            (text, statistics.median(r[1][i][1] for r in rounds), count)
            for i, (text, _, count) in enumerate(rounds[0][1])
        ]
        load_after = os.getloadavg()

    app_median = statistics.median(app_times)
    hello_median = statistics.median(hello_times)
    ratio = app_median / hello_median
    peak = max(peaks) if peaks else float("nan")
    hello_peak = max(hello_peaks) if hello_peaks else float("nan")

    def verdict(ok: bool) -> str:
        return "PASS" if ok else "FAIL"

    rows = [
        ("one-line Textual app, first screen (median)", f"{hello_median * 1000:.0f} ms", "", ""),
        ("rjournal home, first screen (median)", f"{app_median * 1000:.0f} ms", "", ""),
        ("ratio", f"{ratio:.2f}x", f"<= {RATIO_GOAL}x", verdict(ratio <= RATIO_GOAL)),
        ("one-line Textual app, peak memory (VmHWM, the floor)", f"{hello_peak:.1f} MiB", "", ""),
        (
            "rjournal peak memory (VmHWM, max of runs)",
            f"{peak:.1f} MiB",
            f"<= {MEMORY_GOAL_MIB:.0f} MiB",
            verdict(peak <= MEMORY_GOAL_MIB),
        ),
        (
            "`end` on the people list",
            f"{end_ms:.0f} ms",
            f"< {ACTION_GOAL_MS:.0f} ms",
            verdict(end_ms < ACTION_GOAL_MS),
        ),
    ]
    for text, ms, count in keys:
        rows.append(
            (
                f'filter "{text}" ({count:,} people)',
                f"{ms:.0f} ms",
                f"< {ACTION_GOAL_MS:.0f} ms",
                verdict(ms < ACTION_GOAL_MS),
            )
        )
    print(f"\n{args.people:,} people, {args.runs} runs, size {SIZE[0]}x{SIZE[1]}\n")
    print("| measure | value | goal | |")
    print("|---|---|---|---|")
    for row in rows:
        print("| " + " | ".join(row) + " |")
    print(
        "\nruns (s): app "
        + ", ".join(f"{t:.2f}" for t in app_times)
        + "; hello "
        + ", ".join(f"{t:.2f}" for t in hello_times)
    )
    print(
        f"load average ({os.cpu_count()} CPUs): before "
        + " ".join(f"{x:.2f}" for x in load_before)
        + ", after "
        + " ".join(f"{x:.2f}" for x in load_after)
    )
    return 0 if all(r[3] != "FAIL" for r in rows) else 1


if __name__ == "__main__":
    sys.exit(main())
