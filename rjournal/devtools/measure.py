"""One process measured as the benchmark sections measure it: seconds from spawn to exit and
its own peak resident memory.

Linux hands a child the resident high-water mark of the process it was forked from: at exec
the kernel keeps the old (copied) address space's peak in the child's rusage, so a child of
a 200 MiB benchmark reports at least 200 MiB through wait4, whatever it used itself. So the
command is started by a small spawner, a fresh interpreter without site (a few MiB), which
times its child's spawn and exit and passes on that child's own rusage. The spawner's
start-up is outside the time measured.
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Sequence
from dataclasses import dataclass

MIB = 1024 * 1024

# Run as `python -c SPAWNER FD ARGV...`: spawns ARGV (on PATH), waits, writes
# "seconds peak-KiB" to FD, and exits with ARGV's status.
_SPAWNER = """
import os, sys, time
fd, argv = int(sys.argv[1]), sys.argv[2:]
start = time.perf_counter()
pid = os.posix_spawnp(argv[0], argv, os.environ)
_, status, usage = os.wait4(pid, 0)
seconds = time.perf_counter() - start
os.write(fd, f"{seconds} {usage.ru_maxrss}".encode())
sys.exit(os.waitstatus_to_exitcode(status))
"""


@dataclass(frozen=True)
class Measured:
    seconds: float
    peak_mib: float
    output: str = ""  # what the command printed, when asked to keep it


def run_measured(
    argv: Sequence[str],
    env: dict[str, str],
    *,
    cwd: str | None = None,
    stdin: int | None = subprocess.DEVNULL,
    keep_output: bool = False,
) -> Measured:
    """Run argv to its end: its standard output discarded unless `keep_output`, stderr kept
    for a failure's last line."""
    read_end, write_end = os.pipe()
    try:
        child = subprocess.run(
            [sys.executable, "-S", "-c", _SPAWNER, str(write_end), *argv],
            env=env,
            cwd=cwd,
            stdin=stdin,
            stdout=subprocess.PIPE if keep_output else subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            pass_fds=(write_end,),
            check=False,
        )
        os.close(write_end)
        write_end = -1
        with os.fdopen(read_end, "rb") as said:
            read_end = -1
            report = said.read().decode()
    finally:
        for fd in (read_end, write_end):
            if fd >= 0:
                os.close(fd)
    if child.returncode != 0 or not report:
        lines = child.stderr.decode(errors="replace").strip().splitlines()
        raise SystemExit(f"benchmark: {' '.join(argv)} failed: {lines[-1] if lines else '?'}")
    seconds, kib = report.split()
    output = child.stdout.decode(errors="replace") if keep_output else ""
    return Measured(float(seconds), int(kib) / 1024, output)  # Linux gives KiB
