"""Dates as exporters write them: read what is unambiguous, refuse the rest with a reason."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from rjournal.domain.dates import DateError, YearlyDate, month_days
from rjournal.interop.dates import read_exported_date


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1990-04-15", YearlyDate(4, 15, 1990)),
        ("19900415", YearlyDate(4, 15, 1990)),
        ("--0415", YearlyDate(4, 15)),
        ("--04-15", YearlyDate(4, 15)),
        ("1900-01-02T12:42:17", YearlyDate(1, 2, 1900)),
        ("19000102T124217Z", YearlyDate(1, 2, 1900)),
        ("1900-01-02T06:42:17-06:00", YearlyDate(1, 2, 1900)),  # the day as written
        ("1996-04-15T201243+04:00", YearlyDate(4, 15, 1996)),
        ("16040101", YearlyDate(1, 1)),  # 1604: Apple's and CardBook's "no year"
        ("0000-05-12", YearlyDate(5, 12)),
        ("09001231", YearlyDate(12, 31, 900)),
        ("--02-29", YearlyDate(2, 29)),
        ("  ", None),
        ("0/0/00", None),  # Outlook's empty date
        ("15/04/1990", YearlyDate(4, 15, 1990)),  # only day first is a date
        ("4/15/1990", YearlyDate(4, 15, 1990)),
        ("4/4/1990", YearlyDate(4, 4, 1990)),
    ],
)
def test_forms_exporters_write(text: str, expected: YearlyDate | None) -> None:
    assert read_exported_date(text) == expected


@pytest.mark.parametrize(
    ("text", "why"),
    [
        ("someday", "is not a date"),
        ("circa 1800", "is not a date"),
        ("19020229", "not a real date"),
        ("1990-04", "no day"),
        ("3/4/1990", "could be day/month or month/day"),
        ("3/4/90", "two-digit year"),
    ],
)
def test_what_is_not_unambiguous_is_refused_with_a_reason(text: str, why: str) -> None:
    with pytest.raises(DateError, match=why):
        read_exported_date(text)


def test_an_order_the_layout_documents_is_used_and_what_breaks_it_refused() -> None:
    assert read_exported_date("3/4/1990", order="mdy") == YearlyDate(3, 4, 1990)
    assert read_exported_date("3/4/1990", order="dmy") == YearlyDate(4, 3, 1990)
    assert read_exported_date("3.4.1990", order="dmy") == YearlyDate(4, 3, 1990)
    with pytest.raises(DateError, match="not a month/day/year date"):
        read_exported_date("13/4/1990", order="mdy")


def test_apple_omit_year_names_the_stand_in_year() -> None:
    assert read_exported_date("1900-04-15", omit_year=1900) == YearlyDate(4, 15)
    assert read_exported_date("1901-04-15", omit_year=1900) == YearlyDate(4, 15, 1901)


@st.composite
def yearly(draw: st.DrawFn) -> YearlyDate:
    month = draw(st.integers(1, 12))
    year = draw(st.one_of(st.none(), st.integers(1, 9999).filter(lambda y: y != 1604)))
    return YearlyDate(month, draw(st.integers(1, month_days(year or 2000, month))), year)


@given(yearly())
def test_every_form_of_every_date_reads_back(when: YearlyDate) -> None:
    m, d = when.month, when.day
    if when.year is None:
        forms = [f"--{m:02d}{d:02d}", f"--{m:02d}-{d:02d}", f"1604-{m:02d}-{d:02d}"]
    else:
        y = when.year
        forms = [f"{y:04d}-{m:02d}-{d:02d}", f"{y:04d}{m:02d}{d:02d}",
                 f"{y:04d}-{m:02d}-{d:02d}T23:59:59Z"]  # fmt: skip
        if y >= 1000:
            forms += [f"{m}/{d}/{y}"] if m == d or d > 12 else []
    for form in forms:
        assert read_exported_date(form) == when, form
