"""Mail and calendar files written by the tests themselves, as mail clients and khal write them."""

from __future__ import annotations

import mailbox
from pathlib import Path


def maildir(path: Path, *messages: bytes, folder: str | None = None) -> Path:
    """A Maildir at `path` holding `messages` (a Maildir++ subfolder when `folder` is given)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    box = mailbox.Maildir(path, create=True)
    if folder is not None:
        box = box.add_folder(folder)
    for raw in messages:
        box.add(raw)
    return path


def mbox(path: Path, *messages: bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    box = mailbox.mbox(path, create=True)
    for raw in messages:
        box.add(raw)
    box.close()
    return path


def message(
    *,
    sender: str = "Dana Kim <dana@example.com>",
    to: str = "me@example.org",
    cc: str | None = None,
    date: str | None = "Fri, 27 Nov 2026 09:15:00 +0100",
    message_id: str | None = "<m1@example.com>",
    subject: str = "Lunch?",
    references: str | None = None,
    in_reply_to: str | None = None,
    body: str = "Hi!\n",
    extra: str = "",
) -> bytes:
    """One message as a mail client stores it (LF line ends)."""
    lines = [f"From: {sender}", f"To: {to}"]
    if cc is not None:
        lines.append(f"Cc: {cc}")
    if date is not None:
        lines.append(f"Date: {date}")
    if message_id is not None:
        lines.append(f"Message-ID: {message_id}")
    if references is not None:
        lines.append(f"References: {references}")
    if in_reply_to is not None:
        lines.append(f"In-Reply-To: {in_reply_to}")
    lines.append(f"Subject: {subject}")
    if extra:
        lines.append(extra)
    return ("\n".join(lines) + "\n\n" + body).encode("utf-8")
