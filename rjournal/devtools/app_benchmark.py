"""How the app copes with a big journal: `python -m rjournal.devtools.app_benchmark [--people N]`.

1. First screen: `rj --db FILE` and a one-line Textual app, each spawned in a pty (100x30,
   xterm-256color), timed from spawn until a word of the first frame shows up in the output;
   medians over several runs, and their ratio. Peak RSS (VmHWM) of the app before it quits.
2. In process (App.run_test): `end` on the people list, and each keystroke of a filter, timed
   until the list has painted the new rows.
Prints a Markdown table with PASS/FAIL against the goals.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import fcntl
import os
import select
import signal
import statistics
import struct
import sys
import tempfile
import termios
import time
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
            os.write(fd, b"\x03")  # ctrl+c quits a Textual app
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
    from rjournal.app.app import build_app
    from rjournal.app.widgets.people_list import PeopleList

    app = build_app(db, today=TODAY)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await app.workers.wait_for_complete()
        await pilot.pause()
        people = app.screen.query_one(PeopleList)

        async def painted(version: int) -> float:
            start = time.perf_counter()
            while people.painted_version < version:
                await pilot.pause()
            return (time.perf_counter() - start) * 1000

        people.focus()
        await pilot.pause()
        start = time.perf_counter()
        version = people.version
        people.painted_version = -1
        await pilot.press("end")
        while people.painted_version < version or people.cursor != people.count - 1:
            await pilot.pause()
        end_ms = (time.perf_counter() - start) * 1000
        app.screen.query_one("#people-filter").focus()
        await pilot.pause()
        keys: list[tuple[str, float, int]] = []
        for key in FILTER_KEYS:
            start = time.perf_counter()
            await pilot.press("space" if key == " " else key)
            await painted(people.version)
            keys.append((people.filter_text, (time.perf_counter() - start) * 1000, people.count))
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
        launch(hello_argv, HELLO_MARKER)  # warm the disk cache for both
        launch(app_argv, APP_MARKER)
        for _ in range(args.runs):
            hello_times.append(launch(hello_argv, HELLO_MARKER).seconds)
            run = launch(app_argv, APP_MARKER)
            app_times.append(run.seconds)
            if run.peak_mib is not None:
                peaks.append(run.peak_mib)
        end_ms, keys = asyncio.run(in_process(db))

    app_median = statistics.median(app_times)
    hello_median = statistics.median(hello_times)
    ratio = app_median / hello_median
    peak = max(peaks) if peaks else float("nan")

    def verdict(ok: bool) -> str:
        return "PASS" if ok else "FAIL"

    rows = [
        ("one-line Textual app, first screen (median)", f"{hello_median * 1000:.0f} ms", "", ""),
        ("rjournal home, first screen (median)", f"{app_median * 1000:.0f} ms", "", ""),
        ("ratio", f"{ratio:.2f}x", f"<= {RATIO_GOAL}x", verdict(ratio <= RATIO_GOAL)),
        (
            "peak memory (VmHWM)",
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
    return 0 if all(r[3] != "FAIL" for r in rows) else 1


if __name__ == "__main__":
    sys.exit(main())
