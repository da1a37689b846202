"""Benchmark section "import": `rj import vcard` and `rj import csv`, time and peak memory,
against issue 9's goals (20,000 vCards in at most 10 s and 150 MiB, again in at most 10 s with
nothing changed, a 20,000-row Google CSV in at most 5 s) and issue 14's (rjournal's own CSV of
100,000 people in at most the time `sqlite-utils insert` takes for the same file, measured in
the same run, in at most 100 MiB, each tenfold step at most 11x).

The files are written here, into a scratch folder: the vCards by `rj export vcard` of a demo
journal of CARDS people (built with `rj demo`), the Google CSV (Google Contacts' current
header, `:::` multi-values, the `* myContacts` group) from that journal's people, and
rjournal's own CSV by `rj export csv` of each demo journal of the run. Each import runs as
users run it, whole process, into a fresh journal (a new --db file); so does each
`sqlite-utils insert DB TABLE FILE --csv`, into a fresh file. The reimport runs on the
journal the import just filled, and the journal file must come out of it byte for byte as it
went in. Peak memory is the child's own maximum resident set (wait4's ru_maxrss).

    python -m rjournal.devtools.benchmark --sections import --sizes 1000,10000,100000 --runs 3
"""

from __future__ import annotations

import csv
import hashlib
import re
import sqlite3
import statistics
import sys
import tempfile
import unicodedata
from collections.abc import Sequence
from pathlib import Path

from rjournal.devtools import measure
from rjournal.devtools.benchmark import Goal, Journals, Options, bench_env, rj_command
from rjournal.devtools.measure import Measured

CARDS = 20_000  # people in the demo journal whose vCards and Google CSV are imported
MAX_RUNS = 3  # an import of 100,000 rows takes seconds: a few runs give a fair median
CARD_SECONDS, CARD_MIB, AGAIN_SECONDS, GOOGLE_SECONDS = 10.0, 150.0, 10.0, 5.0
OWN_SIZE, OWN_MIB, STEP_LIMIT = 100_000, 100.0, 11.0
MIB = 1024 * 1024
SUMMARY = re.compile(
    r"Imported ([\d,]+) people: ([\d,]+) added, ([\d,]+) updated, ([\d,]+) unchanged"
)

# Google Contacts' current export, as it writes the header (values past these are empty).
GOOGLE_HEADER = [
    "First Name", "Middle Name", "Last Name", "Phonetic First Name", "Phonetic Middle Name",
    "Phonetic Last Name", "Name Prefix", "Name Suffix", "Nickname", "File As",
    "Organization Name", "Organization Title", "Organization Department", "Birthday", "Notes",
    "Photo", "Labels", "E-mail 1 - Label", "E-mail 1 - Value", "E-mail 2 - Label",
    "E-mail 2 - Value", "Phone 1 - Label", "Phone 1 - Value", "Address 1 - Label",
    "Address 1 - Formatted", "Address 1 - Street", "Address 1 - City", "Address 1 - PO Box",
    "Address 1 - Region", "Address 1 - Postal Code", "Address 1 - Country",
    "Address 1 - Extended Address",
]  # fmt: skip


def run_measured(argv: Sequence[str], env: dict[str, str]) -> Measured:
    """One whole process (devtools.measure), what it printed kept: imports say what they did."""
    return measure.run_measured(argv, env, keep_output=True)


def digest(path: Path) -> str:
    with path.open("rb") as f:
        return hashlib.file_digest(f, "sha256").hexdigest()  # in chunks: the benchmark stays small


def summary(output: str) -> tuple[int, int, int, int]:
    """(records, added, updated, unchanged) from an import's last line."""
    found = SUMMARY.search(output)
    if found is None:
        raise SystemExit(f"benchmark: an import said no summary: {output.strip()[-200:]!r}")
    read, added, updated, unchanged = (int(g.replace(",", "")) for g in found.groups())
    return read, added, updated, unchanged


def _ascii(text: str) -> str:
    bare = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", ".", bare.lower()).strip(".")


def google_csv(journal: Path, target: Path) -> int:
    """Every person of the journal (the trash included) as a row of Google Contacts' current
    CSV, each a different person; how many rows.

    The demo draws names from small pools (20,000 people have about 1,600 names) and shares
    some emails, so its people as they are would mostly match each other by name or email: an
    address book of that many is mostly different people. So a name already written takes
    another person's family name, and emails are made from the name written, at the person's
    own domain; a phone already written is left out."""
    conn = sqlite3.connect(f"file:{journal}?mode=ro", uri=True)
    people = conn.execute(
        "SELECT p.name, p.nickname, p.company, p.role, p.birthday, p.about, p.emails, p.phones, "
        "p.city, (SELECT group_concat(tag, char(10)) FROM tags t WHERE t.person_id = p.id) "
        "FROM people p ORDER BY p.id"
    ).fetchall()
    conn.close()
    families = [str(person[0]).rpartition(" ")[2] for person in people]
    names: set[tuple[str, str]] = set()
    mails: set[str] = set()
    phones_seen: set[str] = set()
    with target.open("w", encoding="utf-8", newline="") as out:
        writer = csv.writer(out)
        writer.writerow(GOOGLE_HEADER)
        for n, (
            name,
            nickname,
            company,
            role,
            birthday,
            about,
            emails,
            phones,
            city,
            tags,
        ) in enumerate(people):
            first, _, last = str(name).rpartition(" ") if " " in name else (name, "", "")
            for k in range(len(families)):
                if (first.casefold(), last.casefold()) not in names:
                    break
                last = families[(n + 7919 * (k + 1)) % len(families)]
            names.add((first.casefold(), last.casefold()))
            written = []
            for email in [e for e in str(emails).split("\n") if e][:2]:
                local = _ascii(f"{first} {last}") or f"person{n}"
                domain = email.rpartition("@")[2]
                address, again = f"{local}@{domain}", 1
                while address in mails:
                    again += 1
                    address = f"{local}{again}@{domain}"
                mails.add(address)
                written.append(address)
            numbers = [p for p in str(phones).split("\n") if p and p not in phones_seen]
            phones_seen.update(numbers)
            labels = " ::: ".join(["* myContacts", *(str(tags).split("\n") if tags else [])])
            row = [
                first, "", last, "", "", "", "", "", nickname or "", "",
                company or "", role or "", "", birthday or "", about or "", "", labels,
                *(part for i in range(2) for part in
                  (("* Home", written[i]) if i < len(written) else ("", ""))),
                "Mobile" if numbers else "", " ::: ".join(numbers),
                "Home" if city else "", city or "", "", city or "", "", "", "", "", "",
            ]  # fmt: skip
            writer.writerow(row)
    return len(people)


def _median(runs: Sequence[Measured]) -> float:
    return statistics.median(run.seconds for run in runs)


def _peak(runs: Sequence[Measured]) -> float:
    return max(run.peak_mib for run in runs)


def import_section(journals: Journals, options: Options) -> tuple[list[str], list[Goal]]:
    runs = max(1, min(options.runs, MAX_RUNS))
    env = bench_env(journals.today)
    rj = rj_command()
    utils = str(Path(sys.executable).with_name("sqlite-utils"))
    lines = [
        f"## Imports (whole process into a fresh journal, median of {runs} runs; peak memory "
        "of the process)",
        "",
        "| command | records | added | unchanged | median s | peak MiB |",
        "|---|---:|---:|---:|---:|---:|",
    ]
    goals: list[Goal] = []
    with tempfile.TemporaryDirectory(prefix="rj-bench-import-", dir=journals.directory) as temp:
        scratch = Path(temp)
        fresh = iter(range(1_000_000))

        def new_db() -> Path:
            return scratch / f"in-{next(fresh)}.db"

        # The files: vCards and a Google CSV of a CARDS-people demo, own CSVs of every journal.
        source = journals.paths.get(CARDS)
        if source is None:
            source = scratch / f"demo-{CARDS}.db"
            run_measured([*rj, "--db", str(source), "demo", "--people", str(CARDS),
                          "--no-open"], env)  # fmt: skip
        cards = scratch / "cards.vcf"
        run_measured([*rj, "--db", str(source), "export", "vcard", "--output", str(cards)], env)
        google = scratch / "google.csv"
        google_rows = google_csv(source, google)
        own: dict[int, Path] = {}
        for size, path in sorted(journals.paths.items()):
            own[size] = scratch / f"own-{size}.csv"
            run_measured([*rj, "--db", str(path), "export", "csv", "--output", str(own[size])],
                         env)  # fmt: skip

        # vCards, then the same file again into the journal it just filled.
        first: list[Measured] = []
        again: list[Measured] = []
        same = True
        for _ in range(runs):
            db = new_db()
            argv = [*rj, "--db", str(db), "import", "vcard", str(cards)]
            first.append(run_measured(argv, env))
            before = digest(db)
            again.append(run_measured(argv, env))
            _read, added, updated, _unchanged = summary(again[-1].output)
            same = same and added == 0 and updated == 0 and digest(db) == before
            db.unlink()
        vcard_read, vcard_added, _u, _c = summary(first[-1].output)
        again_read, _a, _u, again_unchanged = summary(again[-1].output)
        lines.append(
            f"| `rj import vcard` ({CARDS:,}-person demo) | {vcard_read:,} | {vcard_added:,} | "
            f"0 | {_median(first):.2f} | {_peak(first):.1f} |"
        )
        lines.append(
            f"| `rj import vcard` again, same journal | {again_read:,} | 0 | "
            f"{again_unchanged:,} | {_median(again):.2f} | {_peak(again):.1f} |"
        )

        # Google Contacts' CSV.
        google_runs: list[Measured] = []
        for _ in range(runs):
            db = new_db()
            google_runs.append(run_measured([*rj, "--db", str(db), "import", "csv",
                                             str(google)], env))  # fmt: skip
            db.unlink()
        google_read, google_added, _u, _c = summary(google_runs[-1].output)
        lines.append(
            f"| `rj import csv` (Google Contacts, current layout) | {google_read:,} | "
            f"{google_added:,} | 0 | {_median(google_runs):.2f} | {_peak(google_runs):.1f} |"
        )

        # rjournal's own CSV of each journal, interleaved with sqlite-utils on the same file.
        own_runs: dict[int, list[Measured]] = {}
        utils_runs: dict[int, list[Measured]] = {}
        own_read: dict[int, tuple[int, int]] = {}
        for size, path in own.items():
            own_runs[size], utils_runs[size] = [], []
            for _ in range(runs):
                db = new_db()
                own_runs[size].append(run_measured([*rj, "--db", str(db), "import", "csv",
                                                    str(path)], env))  # fmt: skip
                db.unlink()
                db = new_db()
                utils_runs[size].append(
                    run_measured([utils, "insert", str(db), "people", str(path), "--csv"], env)
                )
                db.unlink()
            read, added, _u, _c = summary(own_runs[size][-1].output)
            own_read[size] = (read, added)
            lines.append(
                f"| `rj import csv` (own export of the {size:,}-people demo) | {read:,} | "
                f"{added:,} | 0 | {_median(own_runs[size]):.2f} | {_peak(own_runs[size]):.1f} |"
            )
            lines.append(
                f"| `sqlite-utils insert DB people FILE --csv` (same file) | {read:,} | "
                f"{read:,} | 0 | {_median(utils_runs[size]):.2f} | "
                f"{_peak(utils_runs[size]):.1f} |"
            )
    lines.append("")
    lines.append(
        f"The Google CSV has {google_rows:,} rows (every person of the {CARDS:,}-people demo, "
        "the trash included); the vCard and own-CSV files have the demo's people outside the "
        "trash. Each tenfold step of the own-CSV import (time at 10x the people / time):"
        + "".join(
            f" {small:,} to {big:,}: x{_median(own_runs[big]) / _median(own_runs[small]):.1f};"
            for small, big in zip(sorted(own), sorted(own)[1:], strict=False)
        ).rstrip(";")
        + "."
    )
    lines.append("")

    def limit_goal(what: str, measured: float, limit: float, unit: str) -> Goal:
        return Goal(what, f"<= {limit:g}{unit}", f"{measured:.2f}{unit}", measured <= limit)

    goals += [
        limit_goal(f"`rj import vcard` of {vcard_read:,} cards", _median(first), CARD_SECONDS,
                   " s"),
        limit_goal(f"`rj import vcard` of {vcard_read:,} cards, peak", _peak(first), CARD_MIB,
                   " MiB"),
        limit_goal(f"`rj import vcard` of {again_read:,} cards again", _median(again),
                   AGAIN_SECONDS, " s"),
        Goal(f"`rj import vcard` of {again_read:,} cards again changes nothing",
             "0 added, 0 updated, file unchanged", "as said" if same else "changed", same),
        limit_goal(f"`rj import csv` of a {google_read:,}-row Google CSV", _median(google_runs),
                   GOOGLE_SECONDS, " s"),
    ]  # fmt: skip
    if OWN_SIZE in own:
        rows = own_read[OWN_SIZE][0]
        ratio = _median(own_runs[OWN_SIZE]) / _median(utils_runs[OWN_SIZE])
        goals.append(limit_goal(f"`rj import csv` of {rows:,} own rows, x `sqlite-utils insert`",
                                ratio, 1.0, "x"))  # fmt: skip
        goals.append(limit_goal(f"`rj import csv` of {rows:,} own rows, peak",
                                _peak(own_runs[OWN_SIZE]), OWN_MIB, " MiB"))  # fmt: skip
    else:
        goals.append(Goal(f"`rj import csv` of {OWN_SIZE:,} people, x `sqlite-utils insert`",
                          "<= 1x", "not measured", None))  # fmt: skip
        goals.append(Goal(f"`rj import csv` of {OWN_SIZE:,} people, peak",
                          f"<= {OWN_MIB:g} MiB", "not measured", None))  # fmt: skip
    steps = [(s, b) for s, b in zip(sorted(own), sorted(own)[1:], strict=False) if b == 10 * s]
    for small, big in steps:
        step = _median(own_runs[big]) / _median(own_runs[small])
        goals.append(limit_goal(f"`rj import csv`, {small:,} to {big:,} people", step,
                                STEP_LIMIT, "x"))  # fmt: skip
    if not steps:
        goals.append(Goal("`rj import csv`, each tenfold step", f"<= {STEP_LIMIT:g}x",
                          "not measured", None))  # fmt: skip
    return lines, goals
