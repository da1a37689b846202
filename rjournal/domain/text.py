"""Text helpers: matching keys for names, and making user text safe for a terminal or a message.

The control-character guard (`neutralise`, `one_line`, `is_clean`) is one compiled search:
every list the command line and the app show passes each name and note through it, and
almost all of them are clean, so clean text costs one scan in C and comes back as it was.
"""

from __future__ import annotations

import re
import unicodedata

# What quote_typed shows of a long input.
_QUOTE_WIDTH = 60
# C0 and C1 controls, DEL, and the bidi overrides that can disguise what a line says.
_UNSAFE = re.compile(r"[\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def fold(text: str) -> str:
    """Case- and accent-insensitive key: "Zoë  Ångström" -> "zoe angstrom"."""
    if text.isascii():  # most names: NFKD and casefold change nothing but the case
        return " ".join(text.lower().split())
    decomposed = unicodedata.normalize("NFKD", text)
    stripped = "".join([ch for ch in decomposed if not unicodedata.combining(ch)])
    return " ".join(stripped.casefold().split())


def nfc(text: str) -> str:
    """A name in one Unicode form (NFC), so "Zoë" typed composed or decomposed is one name."""
    return text if text.isascii() else unicodedata.normalize("NFC", text)


def is_clean(text: str) -> bool:
    """True when the text holds nothing `neutralise` would change."""
    return _UNSAFE.search(text) is None


def _escape(match: re.Match[str]) -> str:
    ch = match.group()
    if ch == "\t":
        return " "
    code = ord(ch)
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def _escape_keeping_newlines(match: re.Match[str]) -> str:
    return "\n" if match.group() == "\n" else _escape(match)


def neutralise(text: str, *, keep_newlines: bool = False) -> str:
    """Replace control characters with visible escapes so text can never drive the terminal.

    Tabs become a space; with keep_newlines, "\\n" survives for multi-line notes.
    """
    if _UNSAFE.search(text) is None:
        return text
    return _UNSAFE.sub(_escape_keeping_newlines if keep_newlines else _escape, text)


def one_line(text: str, width: int | None = None) -> str:
    """A single safe line: newlines folded to spaces, optionally cut to width with an ellipsis."""
    line = neutralise(" ".join(text.split()))
    if width is not None and len(line) > width:
        return line[: max(width - 1, 0)] + "…"
    return line


def quote_typed(text: str) -> str:
    """What the user typed, in double quotes, safe for a one-line message.

    Control, format and line-separator characters become visible escapes; long text is cut.
    """
    shown = neutralise(text.strip())
    if not shown.isascii():
        # neutralise leaves U+2028/U+2029 (which split lines), zero-width and unassigned ones.
        shown = "".join(ch if ch.isprintable() or ch == " " else ascii(ch)[1:-1] for ch in shown)
    if len(shown) > _QUOTE_WIDTH:
        shown = shown[: _QUOTE_WIDTH - 1] + "…"
    return f'"{shown}"'
