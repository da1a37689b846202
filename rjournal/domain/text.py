"""Text helpers: matching keys for names, and making user text safe for a terminal or a message."""

from __future__ import annotations

import unicodedata

# What quote_typed shows of a long input.
_QUOTE_WIDTH = 60
# C0 and C1 controls, DEL, and the bidi overrides that can disguise what a line says.
_BIDI = {0x202A, 0x202B, 0x202C, 0x202D, 0x202E, 0x2066, 0x2067, 0x2068, 0x2069}


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


def _is_unsafe(code: int) -> bool:
    return code < 0x20 or 0x7F <= code < 0xA0 or code in _BIDI


def neutralise(text: str, *, keep_newlines: bool = False) -> str:
    """Replace control characters with visible escapes so text can never drive the terminal.

    Tabs become a space; with keep_newlines, "\\n" survives for multi-line notes.
    """
    if not any(_is_unsafe(ord(ch)) for ch in text):
        return text
    out: list[str] = []
    for ch in text:
        code = ord(ch)
        if ch == "\n" and keep_newlines:
            out.append(ch)
        elif ch == "\t":
            out.append(" ")
        elif _is_unsafe(code):
            out.append(f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}")
        else:
            out.append(ch)
    return "".join(out)


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
