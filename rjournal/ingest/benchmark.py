"""How fast mail is read: write a Maildir of N synthetic messages, then time reading it.

    python -m rjournal.ingest.benchmark [--messages 50000] [--dir DIR] [--keep]

The Maildir mimics a real account: an INBOX and a Maildir++ ``.Sent`` folder (a third of the
mail is yours), threads with References and In-Reply-To, long Received and DKIM headers,
encoded names, mailing-list mail, a few messages without a Message-ID or a Date, bodies of a
few KiB and now and then an attachment of 200 KiB (never read: only headers are). Each
measure runs in a fresh interpreter, so its peak memory (ru_maxrss) is its own: reading alone
(``read_mail``), and reading with the touch rule (``mail_touches``), which is what
``rj ingest mail`` adds to the journal's writes. The files are in the page cache, as they are
for a mail folder in daily use.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

ME = "me@example.org"
KNOWN_PEOPLE = 300  # addresses the journal knows: person1@example.com ...
STRANGERS = 2_000
_FIRST = ("Dana", "Eli", "Fay", "Zoë", "Jérôme", "Ann", "Bob", "Chloé", "Kenji", "Małgorzata")
_LAST = ("Kim", "Ortiz", "Nguyen", "Søndergaard", "Weiß", "Smith", "O'Neil", "Dupont")


def write_maildir(root: Path, messages: int, *, seed: int = 7) -> Path:
    """A Maildir at `root` (INBOX, with a .Sent subfolder) of `messages` synthetic messages."""
    rnd = random.Random(seed)
    inbox, sent = root, root / ".Sent"
    for box in (inbox, sent):
        for sub in ("cur", "new", "tmp"):
            (box / sub).mkdir(parents=True, exist_ok=True)
    start = datetime(2024, 1, 1, tzinfo=UTC)
    threads: list[str] = []
    for i in range(messages):
        mine = rnd.random() < 0.33
        when = start + timedelta(seconds=i * 1800 + rnd.randrange(1800))
        raw = _message(rnd, i, mine, when, threads)
        box = sent if mine else inbox
        folder = "cur" if rnd.random() < 0.9 else "new"
        flags = ":2,S" if folder == "cur" else ""
        (box / folder / f"{int(when.timestamp())}.M{i}P7.bench{flags}").write_bytes(raw)
    return root


def _message(rnd: random.Random, i: int, mine: bool, when: datetime, threads: list[str]) -> bytes:
    other = _someone(rnd)
    sender, to = (f"Me <{ME}>", other) if mine else (other, f"Me <{ME}>")
    if not mine and rnd.random() < 0.1:
        to = "team@lists.example.net"  # a list's mail: not between you and them
    message_id = f"<{i}.{rnd.getrandbits(40):x}@mail.example.org>"
    lines = [
        *(
            f"Received: from mx{n}.example.net (mx{n}.example.net [192.0.2.{n}])\n"
            f"\tby mail.example.org with ESMTPS id {rnd.getrandbits(64):x}\n"
            f"\tfor <{ME}>; {when:%a, %d %b %Y %H:%M:%S} +0000"
            for n in range(rnd.randint(1, 4))
        ),
        "DKIM-Signature: v=1; a=rsa-sha256; c=relaxed/relaxed; d=example.net; s=2024;\n"
        "\th=from:to:subject:date:message-id;\n\tb=" + "A" * 340,
        f"From: {sender}",
        f"To: {to}",
    ]
    if rnd.random() < 0.3:
        lines.append(f"Cc: {_someone(rnd)}, {_someone(rnd)}")
    if rnd.random() > 0.002:
        lines.append(f"Date: {when:%a, %d %b %Y %H:%M:%S} +0000")
    if rnd.random() > 0.01:
        lines.append(f"Message-ID: {message_id}")
    subject = f"Project {rnd.randrange(500)}"
    if threads and rnd.random() < 0.6:
        root = rnd.choice(threads[-200:])
        lines += [f"References: {root}", f"In-Reply-To: {root}"]
        subject = "Re: " + subject
    else:
        threads.append(message_id)
    lines += [
        f"Subject: {subject}",
        "MIME-Version: 1.0",
        'Content-Type: text/plain; charset="utf-8"',
        "Content-Transfer-Encoding: 8bit",
    ]
    body = "Hello,\n" + "Some words about the project and the week ahead.\n" * rnd.randint(5, 60)
    if rnd.random() < 0.005:
        body += "\n" + "QUJDREVGR0hJSktMTU5PUFFSU1RVVldYWVo=" * 5800 + "\n"  # ~200 KiB
    return ("\n".join(lines) + "\n\n" + body).encode("utf-8")


def _someone(rnd: random.Random) -> str:
    if rnd.random() < 0.6:
        number = rnd.randrange(KNOWN_PEOPLE)
        address = f"person{number}@example.com"
    else:
        address = f"stranger{rnd.randrange(STRANGERS)}@example.net"
    name = f"{rnd.choice(_FIRST)} {rnd.choice(_LAST)}"
    if any(ord(c) > 127 for c in name):
        encoded = name.encode("utf-8").hex("=").upper()
        return f"=?utf-8?q?={encoded}?= <{address}>"
    return f'"{name}" <{address}>'


def people() -> dict[str, int]:
    """The journal the benchmark pretends to have: one address per known person."""
    return {f"person{n}@example.com": n + 1 for n in range(KNOWN_PEOPLE)}


def _measure(root: Path, with_rule: bool) -> dict[str, float]:
    """Run in a fresh interpreter: time reading (and grouping), report peak memory."""
    from rjournal.ingest.mail import MailMessage, read_mail
    from rjournal.ingest.touches import mail_touches

    zone = ZoneInfo("Europe/Berlin")
    began = time.perf_counter()
    messages = read_mail([root], zone)
    if with_rule:
        result = mail_touches(messages, [ME], people())
        counts = {"messages": result.messages, "touches": len(result.touches)}
    else:
        read = sum(1 for m in messages if isinstance(m, MailMessage))
        counts = {"messages": read, "touches": 0}
    seconds = time.perf_counter() - began
    peak_kib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return {"seconds": seconds, "peak_mib": peak_kib / 1024, **counts}


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("--messages", type=int, default=50_000)
    parser.add_argument("--dir", type=Path, help="where to write the Maildir (default: a temp dir)")
    parser.add_argument("--keep", action="store_true", help="keep the Maildir afterwards")
    parser.add_argument("--measure", choices=["read", "rule"], help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.measure:
        print(json.dumps(_measure(args.dir, args.measure == "rule")))
        return
    base = args.dir or Path(tempfile.mkdtemp(prefix="rjournal-mail-"))
    root = base / "Maildir"
    try:
        began = time.perf_counter()
        write_maildir(root, args.messages)
        size = sum(f.stat().st_size for f in root.rglob("*") if f.is_file())
        print(
            f"wrote {args.messages:,} messages ({size / 2**20:.0f} MiB) "
            f"in {time.perf_counter() - began:.1f} s"
        )
        print(f"{'measure':<28}{'messages':>10}{'touches':>10}{'seconds':>10}{'peak MiB':>10}")
        for kind, label in (("read", "reading alone"), ("rule", "reading + touch rule")):
            out = subprocess.run(
                [sys.executable, "-m", "rjournal.ingest.benchmark", "--measure", kind,
                 "--dir", str(root)],
                capture_output=True, text=True, check=True, env=os.environ.copy(),
            ).stdout  # fmt: skip
            r = json.loads(out)
            print(
                f"{label:<28}{r['messages']:>10,}{r['touches']:>10,}"
                f"{r['seconds']:>10.2f}{r['peak_mib']:>10.1f}"
            )
    finally:
        if not args.keep:
            shutil.rmtree(root if args.dir else base, ignore_errors=True)


if __name__ == "__main__":
    main()
