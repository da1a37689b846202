"""The benchmark puts its report into docs/performance.md between its markers, nowhere else."""

from __future__ import annotations

from pathlib import Path

import pytest

from rjournal.devtools.benchmark import MARK_END, MARK_START, SECTIONS, parse_sections, write_report


def test_the_report_replaces_only_what_is_between_the_markers(tmp_path: Path) -> None:
    doc = tmp_path / "performance.md"
    doc.write_text(f"# Speed\n\nWhere the time goes.\n\n{MARK_START}\nold\n{MARK_END}\n\nAfter.\n")
    write_report(doc, "| new | table |\n")
    assert doc.read_text() == (
        f"# Speed\n\nWhere the time goes.\n\n{MARK_START}\n| new | table |\n{MARK_END}\n\nAfter.\n"
    )


def test_a_file_without_markers_gets_them_appended(tmp_path: Path) -> None:
    doc = tmp_path / "performance.md"
    doc.write_text("# Speed\n")
    write_report(doc, "figures")
    assert doc.read_text() == f"# Speed\n\n{MARK_START}\nfigures\n{MARK_END}\n"
    missing = tmp_path / "new.md"
    write_report(missing, "figures")
    assert missing.read_text() == f"{MARK_START}\nfigures\n{MARK_END}\n"


def test_every_section_loads_and_unknown_ones_are_refused() -> None:
    from rjournal.devtools.benchmark import load_section

    for name in SECTIONS:
        assert callable(load_section(name))
    assert parse_sections("cli") == ["cli"]
    with pytest.raises(Exception, match="not nope"):
        parse_sections("cli,nope")
