"""The conformance script: a small corpus written here, and the shared one when it is beside
the repository (it is never copied into it)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from rjournal.devtools import conformance

ROOT = Path(__file__).resolve().parents[2]
# The repository sits at /work/main, a worktree at /work/wt/<branch>: the corpus is in
# ../shared of the one or of the other.
CANDIDATES = [ROOT / "../shared/interop-corpus", ROOT / "../../shared/interop-corpus"]
REAL_CORPUS = next((path.resolve() for path in CANDIDATES if path.is_dir()), None)

TWO_CARDS = (
    "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Maya Lindqvist\r\nN:Lindqvist;Maya;;;\r\n"
    "EMAIL:maya@example.org\r\nBDAY:1990-04-15\r\nEND:VCARD\r\n"
    "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Tom Okafor\r\nTEL:+44 20 7946 0000\r\nEND:VCARD\r\n"
)
# An unended card: refused, and vobject can't parse it either.
BROKEN_CARD = "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Half Written\r\n"
# vobject parses it, but there is no one in it: refused, and no failure.
EMPTY_CARD = "BEGIN:VCARD\r\nVERSION:3.0\r\nNOTE:nothing else\r\nEND:VCARD\r\n"
GOOGLE_CSV = (
    "First Name,Last Name,E-mail 1 - Value,Birthday\r\n"
    "Ana,Souza,ana@example.org,1985-02-03\r\n"
    "Ben,Ito,ben@example.org,\r\n"
    "Cleo,Marsh,cleo@example.org,--07-01\r\n"
)
DATE_HEADER = "input\troute\ttoday\tmeant\tsource\tnote\n"
DATE_ROWS = [
    "1990-04-15\tbday\t2026-12-06\t1990-04-15\ttest\t",  # right
    "--0415\tbday\t2026-12-06\t--04-15\ttest\t",  # right
    "someday\tbday\t2026-12-06\tNOT-A-DATE\ttest\t",  # refused
    "2026-11-20\tlog\t2026-12-06\t2026-11-20\ttest\t",  # right
    "10:04am\tlog\t2026-12-06\t2026-12-06\ttest\t",  # refused, though it means a day
    "friday\tdue\t2026-12-06\t2026-12-11\ttest\t",  # right: 6 Dec 2026 is a Sunday
]


def small_corpus(root: Path, *, date_rows: list[str] | None = None) -> Path:
    (root / "vcard").mkdir(parents=True)
    (root / "csv").mkdir()
    (root / "dates").mkdir()
    (root / "ics").mkdir()
    (root / "vcard" / "two.vcf").write_text(TWO_CARDS, encoding="utf-8", newline="")
    (root / "vcard" / "broken.vcf").write_text(BROKEN_CARD, encoding="utf-8", newline="")
    (root / "vcard" / "empty.vcf").write_text(EMPTY_CARD, encoding="utf-8", newline="")
    (root / "csv" / "google.csv").write_text(GOOGLE_CSV, encoding="utf-8", newline="")
    rows = DATE_ROWS if date_rows is None else date_rows
    table = DATE_HEADER + "".join(row + "\n" for row in rows)
    (root / "dates" / "date_strings.tsv").write_text(table, encoding="utf-8")
    (root / "ics" / "birthdays.ics").write_text("BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n")
    (root / "SOURCES.md").write_text("# where these came from\n")
    return root


def by_path(result: conformance.Conformance) -> dict[str, conformance.FileResult]:
    return {f.path: f for f in result.files}


def test_every_file_is_imported_into_its_own_journal_and_counted(tmp_path: Path) -> None:
    result = conformance.run(small_corpus(tmp_path / "corpus"))
    files = by_path(result)
    assert sorted(files) == [
        "csv/google.csv", "ics/birthdays.ics", "vcard/broken.vcf", "vcard/empty.vcf",
        "vcard/two.vcf",
    ]  # fmt: skip
    two = files["vcard/two.vcf"]
    assert (two.kind, two.read, two.vobject, two.added, two.refused) == ("vCard", 2, 2, 2, 0)
    broken = files["vcard/broken.vcf"]
    assert (broken.read, broken.vobject, broken.added, broken.refused) == (1, 0, 0, 1)
    assert "never ends" in broken.first_reason
    empty = files["vcard/empty.vcf"]
    assert (empty.read, empty.vobject, empty.refused, empty.empty) == (1, 1, 1, 1)
    assert "names no one" in empty.first_reason
    google = files["csv/google.csv"]
    assert google.kind == "CSV: Google Contacts (current)"
    assert (google.read, google.added, google.refused) == (3, 3, 0)
    assert not files["ics/birthdays.ics"].imported
    assert result.failures == []


def test_the_date_table_is_read_by_the_reader_of_each_route(tmp_path: Path) -> None:
    result = conformance.run(small_corpus(tmp_path / "corpus"))
    (dates,) = result.dates
    assert dates.routes == {"bday": [3, 2, 1, 0], "log": [2, 1, 1, 1], "due": [1, 1, 0, 0]}
    assert (dates.right, dates.refused, dates.wrong) == (4, 2, [])


def test_a_date_read_as_another_day_is_wrong_and_fails_the_run(tmp_path: Path) -> None:
    rows = [*DATE_ROWS, "friday\tlog\t2026-12-06\t2026-11-27\ttest\t"]  # rjournal: 4 Dec
    corpus = small_corpus(tmp_path / "corpus", date_rows=rows)
    out = tmp_path / "report.md"
    assert conformance.main([str(corpus), "--write", str(out)]) == 1
    text = out.read_text(encoding="utf-8")
    assert "**Dates:** 4 read rightly, 2 refused, 1 read wrongly." in text
    assert "- log 'friday' (today 2026-12-06) read as 2026-12-04, meant 2026-11-27" in text
    assert "1 failure:" in text


def test_where_the_sources_disagree_a_reading_that_follows_one_of_them_is_right(
    tmp_path: Path,
) -> None:
    rows = [
        "Sunday\tlog\t2026-12-06\t2026-11-29\ttest\tstrictly before today",
        "Sunday\tlog\t2026-12-06\t2026-12-06\ttest\ttoday included",
    ]
    result = conformance.run(small_corpus(tmp_path / "corpus", date_rows=rows))
    (dates,) = result.dates
    assert (dates.right, dates.wrong) == (2, [])
    (disputed,) = dates.disputed
    assert "this row means 2026-11-29 (strictly before today)" in disputed


def test_a_csv_no_layout_knows_is_not_read_and_fails_the_run(tmp_path: Path) -> None:
    corpus = small_corpus(tmp_path / "corpus")
    (corpus / "csv" / "odd.csv").write_text("Colour,Shape\nred,round\n", encoding="utf-8")
    result = conformance.run(corpus)
    odd = by_path(result)["csv/odd.csv"]
    assert odd.kind == "CSV" and odd.read == 0 and odd.refused == 1
    assert result.failures == [f"csv/odd.csv: not read: {odd.first_reason}"]


def test_vobject_is_the_judge_of_which_cards_hold_someone() -> None:
    assert conformance.vobject_reading(TWO_CARDS.split("END:VCARD\r\n")[0] + "END:VCARD\r\n")
    only_org = "BEGIN:VCARD\r\nVERSION:3.0\r\nORG:Acme;Sales\r\nEND:VCARD\r\n"
    assert conformance.vobject_reading(only_org) is True
    blank_n = "BEGIN:VCARD\r\nVERSION:3.0\r\nN:;;;;\r\nEND:VCARD\r\n"
    assert conformance.vobject_reading(blank_n) is False
    assert conformance.vobject_reading(EMPTY_CARD) is False
    assert conformance.vobject_reading(BROKEN_CARD) is None


def test_the_command_prints_the_report_writes_it_and_leaves_the_users_files_alone(
    tmp_path: Path,
) -> None:
    corpus = small_corpus(tmp_path / "corpus")
    home = tmp_path / "home"
    target = tmp_path / "docs" / "interop-conformance.md"
    target.parent.mkdir()
    env = {
        **os.environ,
        "XDG_DATA_HOME": str(home / "data"),
        "XDG_CONFIG_HOME": str(home / "config"),
        "RJOURNAL_DB": str(home / "journal.db"),
    }
    done = subprocess.run(
        [sys.executable, "-m", "rjournal.devtools.conformance", str(corpus), "--write",
         str(target)],
        capture_output=True, text=True, env=env, cwd=tmp_path, check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    written = target.read_text(encoding="utf-8")
    assert written == done.stdout
    assert written.startswith(
        f"<!-- Written by `python -m rjournal.devtools.conformance {corpus.as_posix()} "
        f"--write {target.as_posix()}`"
    )
    assert "| vcard/two.vcf | vCard | 2 | 2 | 2 | 0 | 0 |  |" in written
    assert "**Summary:** 3 vCard files: 4 cards, 3 parsed by vobject, 2 imported" in written
    assert "**Dates:** 4 read rightly, 2 refused, 0 read wrongly." in written
    assert not home.exists()
    assert not list(tmp_path.glob("rj-import-refused-*"))


def test_a_missing_folder_is_one_line_and_status_2(tmp_path: Path) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "rjournal.devtools.conformance", str(tmp_path / "nowhere")],
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert done.returncode == 2
    assert done.stdout == ""
    assert done.stderr.startswith("rj: ") and done.stderr.count("\n") == 1


@pytest.mark.skipif(REAL_CORPUS is None, reason="no ../shared/interop-corpus beside the repository")
def test_the_shared_corpus_conforms() -> None:
    assert REAL_CORPUS is not None
    result = conformance.run(REAL_CORPUS)
    assert result.failures == []
    vcards = [f for f in result.files if f.kind == "vCard"]
    csvs = [f for f in result.files if f.kind.startswith("CSV")]
    assert sum(f.read for f in vcards) >= 136
    assert all(f.read > 0 and f.refused == 0 for f in csvs)
    (dates,) = result.dates
    assert dates.wrong == [] and dates.right >= 90
    # The committed report is this run's, below its header (which names the command's paths).
    committed = (ROOT / "docs" / "interop-conformance.md").read_text(encoding="utf-8")
    fresh = conformance.report(result, command="")
    assert committed.split("\n", 1)[1] == fresh.split("\n", 1)[1]
