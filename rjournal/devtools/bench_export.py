"""Benchmark section "exports": `rj export vcard|ics|json` of each demo journal, time and peak
memory, against issue 9's goals (100,000 people in at most 10 s each, in constant memory).

Each export runs as users run it (`rj --db DEMO export KIND --output FILE`), whole process, the
median of a few runs; its peak memory is the child's own maximum resident set (devtools.measure's
ru_maxrss), so one export's peak is never mixed with another's. Constant memory means the
peak at the largest size is within 10 MiB of the peak at the smallest.

    python -m rjournal.devtools.benchmark --sections exports --sizes 1000,10000,100000
"""

from __future__ import annotations

import statistics
import tempfile
from pathlib import Path

from rjournal.devtools.benchmark import Goal, Journals, Options, bench_env, rj_command
from rjournal.devtools.measure import run_measured

KINDS = ("vcard", "ics", "json")
SECONDS_LIMIT = 10.0
GROWTH_LIMIT_MIB = 10.0
MAX_RUNS = 3  # each export of 100,000 people takes seconds: a few runs give a fair median


def exports_section(journals: Journals, options: Options) -> tuple[list[str], list[Goal]]:
    runs = max(1, min(options.runs, MAX_RUNS))
    env = bench_env(journals.today)
    rj = rj_command()
    lines = [
        f"## Exports (whole process, median of {runs} runs; peak memory of the process)",
        "",
        "| command | people | median s | peak MiB |",
        "|---|---:|---:|---:|",
    ]
    seconds: dict[tuple[str, int], float] = {}
    peaks: dict[tuple[str, int], float] = {}
    with tempfile.TemporaryDirectory(prefix="rj-bench-export-") as scratch:
        for size, path in journals.paths.items():
            for kind in KINDS:
                target = Path(scratch) / f"out.{kind}"
                argv = [*rj, "--db", str(path), "export", kind, "--output", str(target)]
                samples = [run_measured(argv, env) for _ in range(runs)]
                seconds[(kind, size)] = statistics.median(s.seconds for s in samples)
                peaks[(kind, size)] = max(s.peak_mib for s in samples)
                lines.append(
                    f"| `rj export {kind}` | {size:,} | {seconds[(kind, size)]:.2f} | "
                    f"{peaks[(kind, size)]:.1f} |"
                )
    lines.append("")
    sizes = sorted(journals.paths)
    goals: list[Goal] = []
    for kind in KINDS:
        if 100_000 in sizes:
            took = seconds[(kind, 100_000)]
            goals.append(Goal(f"`rj export {kind}` of 100,000 people", f"<= {SECONDS_LIMIT:g} s",
                              f"{took:.2f} s", took <= SECONDS_LIMIT))  # fmt: skip
        else:
            goals.append(Goal(f"`rj export {kind}` of 100,000 people",
                              f"<= {SECONDS_LIMIT:g} s", "not measured", None))  # fmt: skip
        if len(sizes) > 1:
            small, big = peaks[(kind, sizes[0])], peaks[(kind, sizes[-1])]
            goals.append(
                Goal(
                    f"`rj export {kind}` memory, {sizes[0]:,} to {sizes[-1]:,} people",
                    f"grows <= {GROWTH_LIMIT_MIB:g} MiB",
                    f"{small:.1f} to {big:.1f} MiB",
                    big - small <= GROWTH_LIMIT_MIB,
                )
            )
    return lines, goals
