"""Text measured in terminal cells, not characters: columns stay straight with 김민준 or 🎉.

A terminal gives a wide character (East Asian wide or fullwidth, most emoji) two cells, a
combining mark, a zero-width joiner or a variation selector none, and everything else one. An
emoji sequence shows as one glyph: a wide character after a zero-width joiner and a skin-tone
modifier after another character add nothing, and VS16 (U+FE0F) makes the character before it wide.
That is the rule of wcwidth's wcswidth, written here over unicodedata because importing wcwidth
costs about 36 ms, as much as the whole start-up floor of a command.

Text given here has already been made safe (domain.text.one_line): no control characters.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

ELLIPSIS = "…"
# Characters that are one cell each: ASCII, Latin, Greek, Cyrillic (not its combining marks),
# Vietnamese and punctuation. Most names are made of these alone, and skip the slow path.
_ONE_CELL_EACH = (
    "[ -~\u00a0-\u02ff\u0370-\u0482\u048a-\u052f\u1e00-\u1eff\u2010-\u2027\u2030-\u205e]*"
)
_ZWJ = "\u200d"
_VS16 = "\ufe0f"
_SKIN_TONES = range(0x1F3FB, 0x1F400)
_ZERO_CATEGORIES = {"Mn", "Me", "Cf"}


@lru_cache(maxsize=4096)
def char_cells(ch: str) -> int:
    """The cells one character takes on its own: 0, 1 or 2."""
    code = ord(ch)
    if 0x20 <= code < 0x7F:
        return 1
    if unicodedata.category(ch) in _ZERO_CATEGORIES or 0x1160 <= code <= 0x11FF:
        return 0  # combining marks, joiners, selectors; Hangul vowels and finals join
    return 2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1


def _widths(text: str) -> list[int]:
    """Each character's share of the text's cells (a sequence counts once, on its first)."""
    widths: list[int] = []
    last = -1  # the index of the last character that took cells
    joined = False
    for index, ch in enumerate(text):
        cells = char_cells(ch)
        if (joined and cells == 2) or (ord(ch) in _SKIN_TONES and last >= 0):
            cells = 0
        elif ch == _VS16 and last >= 0 and widths[last] == 1:
            cells = 1  # the character before it is shown wide
        joined = ch == _ZWJ and last >= 0
        if cells:
            last = index
        widths.append(cells)
    return widths


def cells(text: str) -> int:
    """How many terminal cells the text takes."""
    if text.isascii() or re.fullmatch(_ONE_CELL_EACH, text):
        return len(text)
    return sum(_widths(text))


def clip(text: str, width: int) -> str:
    """The text cut to at most `width` cells, ending in an ellipsis where it was cut."""
    if cells(text) <= width:
        return text
    if width <= 0:
        return ""
    room = width - 1  # the ellipsis takes one
    used = 0
    end = 0
    for index, share in enumerate(_widths(text)):
        if used + share > room:
            break
        used += share
        end = index + 1
    return text[:end] + ELLIPSIS


def pad(text: str, width: int) -> str:
    """The text cut to `width` cells and filled with spaces to exactly `width` (a column)."""
    if text.isascii() or re.fullmatch(_ONE_CELL_EACH, text):
        if len(text) <= width:
            return text + " " * (width - len(text))
        return text[: max(width - 1, 0)] + ELLIPSIS if width > 0 else ""
    # Each character's share worked out once, for the measure and the cut alike.
    shares = _widths(text)
    used = sum(shares)
    if used <= width:
        return text + " " * (width - used)
    if width <= 0:
        return ""
    used = end = 0
    for index, share in enumerate(shares):
        if used + share > width - 1:  # the ellipsis takes one
            break
        used += share
        end = index + 1
    return text[:end] + ELLIPSIS + " " * (width - 1 - used)


def pad_left(text: str, width: int) -> str:
    """The text right-aligned in `width` cells (never cut)."""
    return " " * (width - cells(text)) + text


def wrap(text: str, width: int) -> list[str]:
    """Lines of at most `width` cells, broken between words (a word longer than a line is
    broken inside it); no line for empty text."""
    width = max(width, 1)
    lines: list[str] = []
    line = ""
    for word in text.split():
        # Measured joined, not added up: a selector starting a word widens the space before it.
        if line and cells(f"{line} {word}") <= width:
            line += " " + word
            continue
        if line:
            lines.append(line)
        while cells(word) > width:  # a word wider than a line: cut it at the line's width
            head, rest = _split_at(word, width)
            lines.append(head)
            word = rest
        line = word
    if line:
        lines.append(line)
    return lines


def _split_at(word: str, width: int) -> tuple[str, str]:
    """The longest head of `word` within `width` cells (at least one character), and the rest."""
    used = 0
    for index, share in enumerate(_widths(word)):
        if used + share > width and index > 0:
            return word[:index], word[index:]
        used += share
    return word, ""
