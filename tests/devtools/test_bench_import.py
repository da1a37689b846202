"""The benchmark's "import" section on small journals: its rows measure what they name, and the
reimport changes nothing."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from rjournal.devtools import bench_import
from rjournal.devtools.benchmark import SECTIONS, Journals, Options, load_section
from rjournal.interop.csv_layouts import GOOGLE, LAYOUTS, column_key
from tests.conftest import TODAY


def row(lines: list[str], start: str) -> list[str]:
    found = [line for line in lines if line.startswith(start)]
    assert len(found) == 1, (start, lines)
    return [cell.strip() for cell in found[0].strip("|").split("|")]


def test_the_import_section_imports_every_file_into_fresh_journals(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from rjournal.demo import build_demo

    paths = {}
    for size in (4, 40):
        paths[size] = tmp_path / f"demo-{size}.db"
        build_demo(paths[size], people=size, today=TODAY, seed=7)
    built = {size: path.read_bytes() for size, path in paths.items()}
    monkeypatch.setattr(bench_import, "CARDS", 30)
    journals = Journals(tmp_path, TODAY, paths=paths)
    assert load_section("import") is bench_import.import_section
    assert SECTIONS["import"] == "rjournal.devtools.bench_import:import_section"

    lines, goals = bench_import.import_section(journals, Options(runs=1))

    vcard = row(lines, "| `rj import vcard` (30-person demo)")
    again = row(lines, "| `rj import vcard` again")
    assert int(vcard[1]) > 20 and vcard[2] == vcard[1]  # every card added to a fresh journal
    assert again[1] == vcard[1] and again[2] == "0" and again[3] == vcard[1]  # all unchanged
    google = row(lines, "| `rj import csv` (Google Contacts")
    assert google[1] == google[2] == "30"  # every person of the demo, the trash included
    for size in (4, 40):
        own = row(lines, f"| `rj import csv` (own export of the {size}-people demo)")
        assert own[1] == own[2] and 0 < int(own[1]) <= size
        utils = lines[lines.index("| " + " | ".join(own) + " |") + 1]
        assert utils.startswith("| `sqlite-utils insert") and f"| {own[1]} |" in utils
    assert float(vcard[5]) > 10  # a peak in MiB, as a Python process has
    by_what = {goal.what: goal for goal in goals}
    assert by_what[f"`rj import vcard` of {vcard[1]} cards again changes nothing"].passed is True
    assert by_what["`rj import csv` of a 30-row Google CSV"].passed is True
    assert by_what["`rj import csv` of 100,000 people, x `sqlite-utils insert`"].passed is None
    step = by_what["`rj import csv`, 4 to 40 people"]
    assert step.limit == "<= 11x" and step.passed is not None
    assert {size: path.read_bytes() for size, path in paths.items()} == built  # only read
    assert sorted(p.name for p in tmp_path.iterdir() if not p.name.startswith(".")) == [
        "demo-4.db",
        "demo-40.db",
    ]  # the scratch files are gone


def test_the_google_file_has_the_current_layouts_header(tmp_path: Path) -> None:
    from rjournal.demo import build_demo

    path = tmp_path / "demo.db"
    build_demo(path, people=12, today=TODAY, seed=7)
    target = tmp_path / "google.csv"
    assert bench_import.google_csv(path, target) == 12
    with target.open(encoding="utf-8", newline="") as f:
        header, *rows = list(csv.reader(f))
    assert all(GOOGLE.slot(column) is not None for column in header)
    assert all(column_key(name) in header_keys for name in GOOGLE.signature
               for header_keys in [{column_key(c) for c in header}])  # fmt: skip
    assert len(rows) == 12 and all(r[16].startswith("* myContacts") for r in rows)
    assert GOOGLE in LAYOUTS
