"""The benchmark's measure of one process: its own peak memory, not its parent's."""

from __future__ import annotations

import os
import sys

import pytest

from rjournal.devtools.measure import run_measured


def test_a_small_child_of_a_big_parent_reports_its_own_peak() -> None:
    ballast = bytearray(160 * 1024 * 1024)
    for at in range(0, len(ballast), 4096):
        ballast[at] = 1  # resident, so a forked child would inherit the high-water mark
    small = run_measured([sys.executable, "-c", "pass"], dict(os.environ))
    grown = run_measured(
        [
            sys.executable,
            "-c",
            "b = bytearray(64 * 1024 * 1024); b[::4096] = b'x' * len(b[::4096])",
        ],
        dict(os.environ),
    )
    assert ballast[0] == 1
    assert 0 < small.seconds < 5
    assert small.peak_mib < 60  # a bare interpreter, not the 160 MiB of this test's process
    assert grown.peak_mib - small.peak_mib > 50  # what the child itself used is seen


def test_a_failing_command_stops_the_benchmark_with_its_last_line() -> None:
    with pytest.raises(SystemExit, match="failed: boom"):
        run_measured([sys.executable, "-c", "import sys; sys.exit('boom')"], dict(os.environ))
