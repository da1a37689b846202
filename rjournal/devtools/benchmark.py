"""Whole-process timings of the command line on demo journals, against the speed goals.

    python -m rjournal.devtools.benchmark [--sizes 1000,10000,100000] [--runs 7]
        [--rows log,next] [--sections cli,...] [--write docs/performance.md]

Builds a demo journal of each size in a temporary directory (timing each build, `rj demo`
as users run it), then, per size, runs every command `--runs` times, interleaved with the
floor (`python -c "import sqlite3"`) so a busy machine slows both alike, and prints a
Markdown table of medians and their ratio to the floor, the goals with PASS/FAIL, and the
machine. Commands run through the `rj` console script next to the interpreter (what users
run), else `python -m rjournal`. `--rows` measures only some commands of the cli section
(the floor always runs): log, next, next-few, show, search, export.

The report is a list of sections (`SECTIONS`, by name): each takes the built journals and
returns its Markdown lines and goal verdicts. A section lives in a module of its own and is
registered here with one line. `--write FILE` puts the report into FILE between the markers
`<!-- benchmark -->` and `<!-- /benchmark -->` (the rest of the file is left as it is), so
docs/performance.md always holds the figures of the last full run.
"""

from __future__ import annotations

import argparse
import importlib
import os
import platform
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

HERO = "Maya Okafor-Lindqvist"  # a demo person whose full name resolves at every size
SEARCH_WORD = "sourdough"
FLOOR = "python -c 'import sqlite3'"
NEXT_FEW = "rj next --limit 10, 3 due promises"
# The commands measured, by the short name --rows takes.
ROWS = {
    "log": "rj log PERSON TEXT",
    "next": "rj next --limit 10",
    "next-few": NEXT_FEW,
    "show": "rj show PERSON",
    "search": "rj search WORD",
    "export": "rj export csv",
}


@dataclass(frozen=True)
class Goal:
    what: str
    limit: str
    measured: str
    passed: bool | None  # None: not measured in this run


@dataclass
class Journals:
    """The demo journals of this run, by size, and how long each took to build."""

    directory: Path
    today: date
    paths: dict[int, Path] = field(default_factory=dict)
    build_seconds: dict[int, float] = field(default_factory=dict)


@dataclass(frozen=True)
class Options:
    """How much to measure: runs per command, and which commands (ROWS' names)."""

    runs: int
    rows: frozenset[str] = frozenset(ROWS)


Section = Callable[[Journals, Options], tuple[list[str], list[Goal]]]


def rj_command() -> list[str]:
    """The `rj` console script beside this interpreter, else `python -m rjournal`."""
    script = Path(sys.executable).with_name("rj")
    if script.exists() and os.access(script, os.X_OK):
        return [str(script)]
    return [sys.executable, "-m", "rjournal"]


def bytecode_env(cache: Path) -> dict[str, str]:
    """Python reads and writes compiled modules under `cache`, even where
    PYTHONDONTWRITEBYTECODE is set: as an installed package does, rjournal then loads compiled
    (without it every process would compile its modules from source, ~30 ms, while the
    standard library and the peers come compiled)."""
    return {"PYTHONDONTWRITEBYTECODE": "", "PYTHONPYCACHEPREFIX": str(cache)}


BYTECODE = Path(tempfile.gettempdir()) / f"rjournal-bench-bytecode-{os.getuid()}"


def bench_env(today: date) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k != "RJOURNAL_DB"}
    env["RJOURNAL_TODAY"] = today.isoformat()
    env.update(bytecode_env(BYTECODE))
    return env


def run_once(argv: Sequence[str], env: dict[str, str]) -> float:
    """Seconds from spawn to exit; a failing command stops the benchmark with its error."""
    start = time.perf_counter()
    done = subprocess.run(
        argv, env=env, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE, check=False,
    )  # fmt: skip
    elapsed = time.perf_counter() - start
    if done.returncode != 0:
        error = done.stderr.decode(errors="replace").strip().splitlines()
        raise SystemExit(f"benchmark: {' '.join(argv)} failed: {error[-1] if error else '?'}")
    return elapsed


def build_journals(sizes: Sequence[int], directory: Path, today: date) -> Journals:
    journals = Journals(directory, today)
    env = bench_env(today)
    for size in sizes:
        path = directory / f"demo-{size}.db"
        argv = [*rj_command(), "--db", str(path), "demo", "--people", str(size), "--no-open"]
        journals.build_seconds[size] = run_once(argv, env)
        journals.paths[size] = path
    return journals


def few_due_promises(path: Path, today: date) -> Path:
    """A copy of the journal where all but three due promises are done.

    The demo has thousands of overdue promises, and due promises outweigh every other term,
    so `rj next` there is decided by the promises table alone (store.facts' fast path). With
    fewer due promises than the limit, the general path ranks everyone due by rhythm: this
    copy measures that case too.
    """
    copy = path.with_name(f"{path.stem}-few.db")
    shutil.copyfile(path, copy)
    os.chmod(copy, 0o600)
    conn = sqlite3.connect(copy)
    with conn:
        conn.execute(
            "UPDATE promises SET done_on = due WHERE done_on IS NULL AND due <= ? AND id NOT IN "
            "(SELECT id FROM promises WHERE done_on IS NULL AND due <= ? ORDER BY id LIMIT 3)",
            (today.isoformat(), today.isoformat()),
        )
    conn.close()
    return copy


def cli_section(journals: Journals, options: Options) -> tuple[list[str], list[Goal]]:
    """The command line on each journal, interleaved with the floor."""
    runs = options.runs
    wanted = {FLOOR} | {ROWS[row] for row in options.rows}
    rj = rj_command()
    env = bench_env(journals.today)
    lines = [
        "## Command line (whole process, median of "
        f"{runs} runs; ratio to the floor, {FLOOR}, measured interleaved)",
        "",
        "| command | people | median ms | × floor |",
        "|---|---:|---:|---:|",
    ]
    medians: dict[tuple[str, int], float] = {}
    floors: dict[int, float] = {}
    for size, path in journals.paths.items():
        # Quick-add writes: it runs against a copy, so the measured journal stays as built.
        copy = path.with_name(f"{path.stem}-log.db")
        shutil.copyfile(path, copy)
        os.chmod(copy, 0o600)
        few = few_due_promises(path, journals.today)
        every: dict[str, list[str]] = {
            FLOOR: [sys.executable, "-c", "import sqlite3"],
            ROWS["log"]: [*rj, "--db", str(copy), "log", HERO,
                          "Coffee; asked about Leo's school", "--via", "coffee"],
            ROWS["next"]: [*rj, "--db", str(path), "next", "--limit", "10"],
            NEXT_FEW: [*rj, "--db", str(few), "next", "--limit", "10"],
            ROWS["show"]: [*rj, "--db", str(path), "show", HERO],
            ROWS["search"]: [*rj, "--db", str(path), "search", SEARCH_WORD],
            ROWS["export"]: [*rj, "--db", str(path), "export", "csv"],
        }  # fmt: skip
        commands = {name: argv for name, argv in every.items() if name in wanted}
        times: dict[str, list[float]] = {name: [] for name in commands}
        for argv in commands.values():
            run_once(argv, env)  # warm the page cache and bytecode once
        for _ in range(runs):
            for name, argv in commands.items():
                times[name].append(run_once(argv, env))
        floor = statistics.median(times[FLOOR])
        floors[size] = floor
        for name, samples in times.items():
            median = statistics.median(samples)
            medians[(name, size)] = median
            lines.append(f"| `{name}` | {size:,} | {median * 1000:.0f} | {median / floor:.1f} |")
        copy.unlink()
        few.unlink()
    lines.append("")
    lines += [
        "Demo builds (`rj demo --people N --no-open`, whole process, one run each):",
        "",
        "| people | seconds |",
        "|---:|---:|",
        *(f"| {size:,} | {secs:.1f} |" for size, secs in journals.build_seconds.items()),
        "",
    ]

    def ratio_goal(what: str, name: str, size: int, limit: float) -> Goal:
        if (name, size) not in medians:
            return Goal(what, f"<= {limit}x floor", "not measured", None)
        ratio = medians[(name, size)] / floors[size]
        return Goal(what, f"<= {limit}x floor", f"{ratio:.2f}x", ratio <= limit)

    def seconds_goal(what: str, value: float | None, limit: float) -> Goal:
        if value is None:
            return Goal(what, f"<= {limit:g} s", "not measured", None)
        return Goal(what, f"<= {limit:g} s", f"{value:.2f} s", value <= limit)

    goals = [
        ratio_goal("quick-add `rj log` at 10,000 people", ROWS["log"], 10_000, 4.0),
        ratio_goal("`rj next` at 100,000 people", "rj next --limit 10", 100_000, 6.0),
        ratio_goal("`rj next` at 100,000 people, 3 due promises", NEXT_FEW, 100_000, 6.0),
        seconds_goal("CSV export of 100,000 people", medians.get(("rj export csv", 100_000)),
                     1.5),
        seconds_goal("demo build of 100,000 people", journals.build_seconds.get(100_000), 30.0),
    ]  # fmt: skip
    return lines, goals


# Every section by name -> "module:function" (same signature as cli_section), run in this
# order. Add a section in a module of its own and one line here.
SECTIONS: dict[str, str] = {
    "cli": "rjournal.devtools.benchmark:cli_section",
    "exports": "rjournal.devtools.bench_export:exports_section",
    "care": "rjournal.devtools.bench_care:care_section",
    "sync": "rjournal.devtools.bench_sync:sync_section",
    "flat": "rjournal.devtools.bench_flat:flat_section",
    "import": "rjournal.devtools.bench_import:import_section",
}


def load_section(name: str) -> Section:
    module, _, function = SECTIONS[name].partition(":")
    section: Section = getattr(importlib.import_module(module), function)
    return section


MARK_START = "<!-- benchmark -->"
MARK_END = "<!-- /benchmark -->"


def write_report(
    path: Path, report: str, *, mark_start: str = MARK_START, mark_end: str = MARK_END
) -> None:
    """Put the report between the markers in path (appended, with markers, if none yet)."""
    text = path.read_text(encoding="utf-8") if path.exists() else ""
    block = f"{mark_start}\n{report.rstrip()}\n{mark_end}"
    start, end = text.find(mark_start), text.find(mark_end)
    if start != -1 and end > start:
        text = text[:start] + block + text[end + len(mark_end) :]
    else:
        text = f"{text.rstrip()}\n\n{block}\n" if text.strip() else f"{block}\n"
    path.write_text(text, encoding="utf-8")


def machine() -> list[str]:
    cpu = platform.processor() or "?"
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as info:
            for line in info:
                if line.startswith("model name"):
                    cpu = line.split(":", 1)[1].strip()
                    break
    except OSError:
        pass
    try:
        load = ", ".join(f"{v:.2f}" for v in os.getloadavg())
    except OSError:
        load = "?"
    return [
        "## Machine",
        "",
        f"- platform: {platform.platform()}",
        f"- CPU: {cpu}; cores: {os.cpu_count()}; load average at the end: {load}",
        f"- Python {platform.python_version()} ({sys.executable}); SQLite {sqlite3.sqlite_version}",
        "",
    ]


def goal_lines(goals: Sequence[Goal]) -> list[str]:
    lines = ["## Goals", "", "| goal | limit | measured | result |", "|---|---|---|---|"]
    for goal in goals:
        verdict = {True: "PASS", False: "FAIL", None: "not measured"}[goal.passed]
        lines.append(f"| {goal.what} | {goal.limit} | {goal.measured} | {verdict} |")
    return [*lines, ""]


def parse_sizes(text: str) -> list[int]:
    try:
        sizes = [int(part.replace("_", "")) for part in text.split(",") if part.strip()]
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a list of sizes: {text!r}") from None
    if not sizes or any(size < 1 for size in sizes):
        raise argparse.ArgumentTypeError("sizes must be positive")
    return sizes


def parse_sections(text: str) -> list[str]:
    names = [part.strip() for part in text.split(",") if part.strip()]
    unknown = sorted(set(names) - set(SECTIONS))
    if not names or unknown:
        raise argparse.ArgumentTypeError(
            f"sections are some of {', '.join(SECTIONS)}; not {', '.join(unknown) or 'nothing'}"
        )
    return names


def parse_rows(text: str) -> frozenset[str]:
    rows = frozenset(part.strip() for part in text.split(",") if part.strip())
    unknown = sorted(rows - set(ROWS))
    if not rows or unknown:
        raise argparse.ArgumentTypeError(
            f"rows are some of {', '.join(ROWS)}; not {', '.join(unknown) or 'nothing'}"
        )
    return rows


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m rjournal.devtools.benchmark")
    parser.add_argument(
        "--sizes",
        type=parse_sizes,
        default=[1_000, 10_000, 100_000],
        help="demo journal sizes, comma-separated (default 1000,10000,100000)",
    )
    parser.add_argument("--runs", type=int, default=7, help="runs per command (default 7)")
    parser.add_argument(
        "--rows",
        type=parse_rows,
        default=frozenset(ROWS),
        help=f"only these commands, comma-separated: {', '.join(ROWS)} (default: all)",
    )
    parser.add_argument(
        "--sections",
        type=parse_sections,
        default=list(SECTIONS),
        help=f"only these sections, comma-separated: {', '.join(SECTIONS)} (default: all)",
    )
    parser.add_argument(
        "--write",
        type=Path,
        metavar="FILE",
        help="also put the report into FILE between <!-- benchmark --> markers",
    )
    args = parser.parse_args(argv)
    options = Options(runs=max(1, args.runs), rows=args.rows)
    today = date.today()
    print("# rjournal benchmark", flush=True)
    print()
    with tempfile.TemporaryDirectory(prefix="rj-bench-") as temp:
        journals = build_journals(args.sizes, Path(temp), today)
        lines: list[str] = []
        goals: list[Goal] = []
        for name in args.sections:
            section_lines, section_goals = load_section(name)(journals, options)
            lines += section_lines
            goals += section_goals
    report = "\n".join([*lines, *goal_lines(goals), *machine()])
    print(report)
    if args.write is not None:
        write_report(args.write, report)
    return 1 if any(goal.passed is False for goal in goals) else 0


if __name__ == "__main__":
    raise SystemExit(main())
