"""The fast writer of new journal entries gives exactly write_item's bytes (icalendar's)."""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime

from hypothesis import event, given, settings
from hypothesis import strategies as st

from rjournal.domain.model import Channel
from rjournal.sync.fast_ical import can_write, read_journal_item, write_journal_item
from rjournal.sync.items import JournalItem, PersonRef, read_item, write_item

STAMP = datetime(2026, 11, 22, 9, 30, 12, 345678, tzinfo=UTC)
# Text as people type it, and what trips escaping and folding: separators, backslashes and
# carets at a fold, line breaks of every kind, wide and combining characters.
TRICKY = st.sampled_from(
    ["\\", "^", ";", ",", ":", '"', "\n", "\r\n", "\r", "\\N", "é", "日本", "🦊", "e\u0301", " "]
)
TEXT = st.lists(st.one_of(st.text(max_size=12), TRICKY), max_size=30).map("".join)
NAMES = st.lists(st.one_of(st.text(max_size=8), TRICKY), max_size=6).map("".join)
PEOPLE = st.builds(
    PersonRef,
    uid=st.one_of(st.uuids().map(str), st.text(min_size=1, max_size=20)),
    email=st.one_of(st.none(), st.emails()),
    name=st.one_of(st.none(), NAMES.filter(bool)),
)
ENTRIES = st.builds(
    JournalItem,
    uid=st.uuids().map(str),
    on=st.one_of(st.none(), st.dates(min_value=date(1900, 1, 1))),
    text=TEXT,
    kind=st.sampled_from(["interaction", "note"]),
    channel=st.one_of(st.none(), st.sampled_from(list(Channel))),
    from_them=st.booleans(),
    people=st.lists(PEOPLE, max_size=3).map(tuple),
)


@settings(max_examples=300)
@given(ENTRIES)
def test_the_fast_writer_gives_write_items_bytes(item: JournalItem) -> None:
    assert can_write(item)
    assert write_journal_item(item, STAMP) == write_item(item, STAMP)


def test_it_takes_only_new_entries_with_plain_uids() -> None:
    entry = JournalItem(uid=str(uuid.uuid4()), on=date(2026, 11, 20), text="Coffee")
    assert can_write(entry)
    assert not can_write(JournalItem(uid="x@y.org", on=None, text=""))
    assert not can_write(JournalItem(uid=None, on=None, text=""))
    long = JournalItem(
        uid=entry.uid,
        on=date(2026, 11, 20),
        text="A long call about the move to Lisbon; the kids, the school, the flat\\" * 3,
        kind="interaction",
        channel=Channel.CALL,
        people=(PersonRef(str(uuid.uuid4()), "anna@example.com", "Anna Berg"),),
    )
    text = write_journal_item(long, STAMP)
    assert text == write_item(long, STAMP) and "\r\n " in text
    assert read_item(text) == long


@settings(max_examples=300)
@given(ENTRIES)
def test_the_fast_reader_reads_what_read_item_reads_or_declines(item: JournalItem) -> None:
    text = write_item(item, STAMP)
    fast = read_journal_item(text)
    event("fast" if fast is not None else "declined")
    assert fast is None or fast == read_item(text)


def test_the_fast_reader_takes_the_entries_rjournal_writes() -> None:
    anna = PersonRef(str(uuid.uuid4()), "anna@example.com", 'Anna "Nan" Berg, Jr.')
    bo = PersonRef(str(uuid.uuid4()), None, "Bo Ångström")
    for text in ("Coffee", "Call about the move;\nthe kids, school\\flat " * 4, ""):
        item = JournalItem(
            uid=str(uuid.uuid4()), on=date(2026, 11, 20), text=text, kind="interaction",
            channel=Channel.COFFEE, from_them=True, people=(anna, bo),
        )  # fmt: skip
        written = write_item(item, STAMP)
        assert read_journal_item(written) == read_item(written) == item


@given(ENTRIES, st.sampled_from(["SUMMARY", "DTSTART", "ATTENDEE", "UID", "X-RJOURNAL-KIND"]))
def test_a_file_changed_elsewhere_goes_to_read_item(item: JournalItem, name: str) -> None:
    """An edited file is not what the writer gives: the fast reader declines it."""
    text = write_item(item, STAMP)
    edited = text.replace("END:VJOURNAL", "LOCATION:Café\r\nEND:VJOURNAL")
    assert read_journal_item(edited) is None
    assert read_journal_item(text.replace("\r\n", "\n")) is None
    assert read_journal_item(text.replace(f"\r\n{name}", f"\r\nX-{name}", 1)) in (
        None,
        read_item(text.replace(f"\r\n{name}", f"\r\nX-{name}", 1)),
    )
