"""The benchmark's synthetic Maildir is real mail to the reader (a small one, read whole)."""

from __future__ import annotations

from pathlib import Path
from zoneinfo import ZoneInfo

from rjournal.ingest.benchmark import ME, people, write_maildir
from rjournal.ingest.mail import MailMessage, MailSkipped, read_mail
from rjournal.ingest.touches import mail_touches


def test_the_synthetic_maildir_reads_whole(tmp_path: Path) -> None:
    root = write_maildir(tmp_path / "Maildir", 600, seed=3)
    found = list(read_mail([root], ZoneInfo("UTC")))
    assert len(found) == 600
    messages = [m for m in found if isinstance(m, MailMessage)]
    assert all(
        isinstance(m, MailSkipped) and m.reason == "no Date header"
        for m in found
        if m not in messages
    )
    assert any(m.sender[0].address == ME for m in messages)  # the .Sent folder is read
    assert any(any(ord(c) > 127 for c in a.name) for m in messages for a in m.sender)
    result = mail_touches(found, [ME], people())
    assert result.touches and result.unknown
    assert result.messages == len(messages)
    assert all(t.person_id in people().values() for t in result.touches)
