"""Reading Maildirs and mbox files: headers only, robust to what real mail holds."""

from __future__ import annotations

import email.utils
import io
from datetime import UTC, date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st

from rjournal.ingest.mail import (
    _PLAIN_LIST,
    Address,
    MailMessage,
    MailSkipped,
    _header_block,
    _pairs,
    clean_text,
    decode_words,
    path_problems,
    read_mail,
)
from tests.ingest.mailfiles import maildir, mbox, message

BERLIN = ZoneInfo("Europe/Berlin")
LOS_ANGELES = ZoneInfo("America/Los_Angeles")


def read(*paths: Path, zone: ZoneInfo = BERLIN, subjects: bool = False) -> list[MailMessage]:
    found = list(read_mail(paths, zone, subjects=subjects))
    assert all(isinstance(m, MailMessage) for m in found), found
    return [m for m in found if isinstance(m, MailMessage)]


def only(path: Path, raw: bytes, *, zone: ZoneInfo = BERLIN, subjects: bool = False) -> MailMessage:
    (found,) = read(maildir(path, raw), zone=zone, subjects=subjects)
    return found


def test_reads_what_a_touch_needs_and_no_subject_unless_asked(tmp_path: Path) -> None:
    raw = message(
        sender='"Kim, Dana" <Dana@Example.COM>',
        to="Me <me@example.org>, eli@example.net",
        cc="Fay <fay@example.net>",
    )
    found = only(tmp_path / "Mail", raw)
    assert found == MailMessage(
        message_id="<m1@example.com>",
        sent_at=datetime(2026, 11, 27, 8, 15, tzinfo=UTC),
        day=date(2026, 11, 27),
        sender=(Address("dana@example.com", "Kim, Dana"),),
        to=(Address("me@example.org", "Me"), Address("eli@example.net", "")),
        cc=(Address("fay@example.net", "Fay"),),
        thread="<m1@example.com>",
        subject=None,
    )
    assert only(tmp_path / "Other", raw, subjects=True).subject == "Lunch?"


def test_the_day_is_the_users_day(tmp_path: Path) -> None:
    raw = message(date="Mon, 30 Nov 2026 23:30:00 -0800")
    assert only(tmp_path / "a", raw, zone=BERLIN).day == date(2026, 12, 1)
    assert only(tmp_path / "b", raw, zone=LOS_ANGELES).day == date(2026, 11, 30)
    utc = message(date="Mon, 30 Nov 2026 23:30:00 -0000")  # no zone known: UTC
    assert only(tmp_path / "c", utc, zone=BERLIN).day == date(2026, 12, 1)


def test_reads_maildir_folders_subfolders_and_mbox_files_under_a_folder(tmp_path: Path) -> None:
    mail = tmp_path / "Mail"
    maildir(mail / "work" / "INBOX", message(message_id="<a@x>"))
    maildir(mail / "work" / "INBOX", message(message_id="<b@x>"), folder="Sent")
    mbox(mail / "old" / "archive.mbox", message(message_id="<c@x>"), message(message_id="<d@x>"))
    (mail / "notes.txt").write_text("not mail\n")
    assert sorted(m.message_id for m in read(mail)) == ["<a@x>", "<b@x>", "<c@x>", "<d@x>"]
    assert [m.message_id for m in read(mail / "old" / "archive.mbox")] == ["<c@x>", "<d@x>"]


def test_decodes_encoded_words_and_eight_bit_names(tmp_path: Path) -> None:
    raw = message(
        sender="=?utf-8?q?Zo=C3=AB_K?= <zoe@example.com>",
        to="=?iso-8859-1?b?Suly9G1l?= <jerome@example.com>, =?x-nonsense?q?Ab=FFc?= <x@y.org>",
        subject="=?utf-8?b?Q2Fmw6k/?=",
    )
    found = only(tmp_path / "a", raw, subjects=True)
    assert found.sender == (Address("zoe@example.com", "Zoë K"),)
    assert found.to[0] == Address("jerome@example.com", "Jérôme")
    assert found.to[1].address == "x@y.org"  # an unknown charset: replaced, never raised
    assert found.subject == "Café?"
    latin1 = b"From: J\xe9r\xf4me <jerome@example.com>\nTo: me@example.org\n" + (
        b"Date: Fri, 27 Nov 2026 09:15:00 +0100\nMessage-ID: <l1@x>\nSubject: \xe0 bient\xf4t\n\nhi"
    )
    found = only(tmp_path / "b", latin1, subjects=True)
    assert found.sender == (Address("jerome@example.com", "Jérôme"),)
    assert found.subject == "à bientôt"


def test_folded_headers_crlf_and_junk_lines(tmp_path: Path) -> None:
    raw = (
        b"From: Dana <dana@example.com>\r\nTo: me@example.org,\r\n\teli@example.net\r\n"
        b"a line without a colon\r\n  and its continuation\r\n"
        b"Date: Fri, 27 Nov 2026\r\n 09:15:00 +0100\r\nMessage-ID:\r\n <fold@x>\r\n\r\n"
        b"From: body@example.com\r\n"
    )
    found = only(tmp_path / "a", raw)
    assert [a.address for a in found.to] == ["me@example.org", "eli@example.net"]
    assert found.message_id == "<fold@x>"
    assert found.sender == (Address("dana@example.com", "Dana"),)  # the body is never read
    assert found.day == date(2026, 11, 27)


def test_skips_what_has_no_usable_date_with_the_reason(tmp_path: Path) -> None:
    box = maildir(
        tmp_path / "a",
        message(date=None, message_id="<n@x>"),
        message(date="sometime last week", message_id="<s@x>"),
        message(message_id="<ok@x>"),
    )
    found = list(read_mail([box], BERLIN))
    reasons = sorted(s.reason for s in found if isinstance(s, MailSkipped))
    assert reasons == ['can\'t read its Date header "sometime last week"', "no Date header"]
    assert [m.message_id for m in found if isinstance(m, MailMessage)] == ["<ok@x>"]
    assert all(str(box) in s.source for s in found if isinstance(s, MailSkipped))


def test_a_message_without_message_id_gets_a_stable_stand_in(tmp_path: Path) -> None:
    first = message(message_id=None, subject="One")
    second = message(message_id=None, subject="Two")
    ids = [m.message_id for m in read(maildir(tmp_path / "a", first, second))]
    again = [m.message_id for m in read(maildir(tmp_path / "b", second, first))]
    assert len(set(ids)) == 2 and sorted(ids) == sorted(again)
    assert all(i.startswith("<sha256-") and i.endswith("@rjournal.invalid>") for i in ids)


def test_thread_keys(tmp_path: Path) -> None:
    root = message(message_id="<root@x>", subject="Lunch?")
    reply = message(
        message_id="<r2@x>",
        subject="Re: Lunch?",
        references="<root@x> <r1@x>",
        in_reply_to="<r1@x>",
    )
    only_irt = message(message_id="<r3@x>", subject="Re: Lunch?", in_reply_to="<root@x>")
    bare = message(message_id=None, subject="RE: [team] Fwd: Plans  for   Friday")
    bare_reply = message(
        message_id=None, subject="Re: AW: Plans for friday", date="Sat, 28 Nov 2026 10:00 +0100"
    )
    found = {m.message_id: m.thread for m in read(maildir(tmp_path / "a", root, reply, only_irt))}
    assert found == {"<root@x>": "<root@x>", "<r2@x>": "<root@x>", "<r3@x>": "<root@x>"}
    threads = {m.thread for m in read(maildir(tmp_path / "b", bare, bare_reply))}
    assert threads == {"subject:plans for friday"}


def test_a_broken_address_list_still_gives_its_addresses(tmp_path: Path) -> None:
    raw = message(to='"unclosed <me@example.org>, ,,, @, <>, eli@example.net')
    addresses = [a.address for a in only(tmp_path / "a", raw).to]
    assert "eli@example.net" in addresses
    assert all("@" in a and not a.startswith("@") for a in addresses)


def test_reads_headers_only() -> None:
    body = b"x" * (5 * 1024 * 1024)
    handle = io.BytesIO(b"From: a@b.c\nSubject: hi\n\n" + body)
    assert _header_block(handle) == b"From: a@b.c\nSubject: hi"
    assert handle.tell() <= 64 * 1024
    assert _header_block(io.BytesIO(b"\nFrom: body@x\n")) == b""


def test_decode_words_never_raises_on_junk() -> None:
    assert decode_words("=?utf-8?b?not base64!!?=") in ("=?utf-8?b?not base64!!?=", "")
    assert decode_words("=?utf-8?q?caf=C3?=") == "caf\ufffd"
    assert decode_words("plain") == "plain"


def test_path_problems(tmp_path: Path) -> None:
    box = maildir(tmp_path / "box", message())
    (tmp_path / "text.txt").write_text("hello\n")
    (tmp_path / "empty").mkdir()
    assert path_problems(
        [box, tmp_path / "missing", tmp_path / "text.txt", tmp_path / "empty"]
    ) == [
        f"{tmp_path / 'missing'}: no such file or folder",
        f"{tmp_path / 'text.txt'}: no Maildir or mbox file there",
        f"{tmp_path / 'empty'}: no Maildir or mbox file there",
    ]


@pytest.mark.parametrize(
    "date_text",
    [
        "Fri, 27 Nov 2026 09:15:00 +9999",
        "Fri, 32 Nov 2026 09:15:00 +0100",
        "Fri, 27 Nov 99999 09:15",
    ],
)
def test_impossible_dates_are_skipped_not_raised(tmp_path: Path, date_text: str) -> None:
    found = list(read_mail([maildir(tmp_path / "a", message(date=date_text))], BERLIN))
    assert len(found) == 1
    if isinstance(found[0], MailSkipped):
        assert found[0].reason.startswith("can't read its Date header")


# -- the fast reading of plain address lists, held equal to getaddresses ------------------------

LOCAL = st.from_regex(r"[A-Za-z0-9][A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]{0,8}", fullmatch=True)
DOMAIN = st.from_regex(r"[A-Za-z0-9][A-Za-z0-9.-]{0,8}", fullmatch=True)
NAME = st.text(alphabet=st.sampled_from(list("abcXYZ .-'=?_éß0\t")) | st.characters(), max_size=12)


@st.composite
def address_items(draw: st.DrawFn) -> str:
    address = f"{draw(LOCAL)}@{draw(DOMAIN)}"
    name = draw(NAME)
    shape = draw(st.sampled_from(["bare", "angle", "named", "quoted"]))
    space = draw(st.sampled_from(["", " ", "  "]))
    if shape == "bare":
        return f"{space}{address}{space}"
    if shape == "angle":
        return f"{space}<{address}>"
    if shape == "named":
        return f"{space}{name}{space}<{address}>{space}"
    return f'{space}"{name}"{space}<{address}>'


@given(st.lists(address_items(), min_size=1, max_size=4).map(",".join))
def test_plain_address_lists_read_as_getaddresses_reads_them(value: str) -> None:
    fast = [(clean_text(n), a.lower()) for n, a in _pairs(value)]
    slow = [(clean_text(n), a.lower()) for n, a in email.utils.getaddresses([value])]
    assert fast == slow


def test_the_usual_shapes_take_the_fast_reading() -> None:
    usual = '"Kim, Dana" <Dana@example.com>, Eli Ortiz <eli@example.net>, <a@b.c>, fay@example.net'
    assert _PLAIN_LIST.fullmatch(usual)
    assert not _PLAIN_LIST.fullmatch("team: a@b.c, d@e.f;")  # a group: getaddresses reads it
