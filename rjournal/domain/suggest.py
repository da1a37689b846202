"""The nearest word to one mistyped, for "did you mean" in a message that refuses it."""

from __future__ import annotations

from collections.abc import Iterable

# How alike (difflib's ratio) a word must be to be suggested: "cofee" and "coffee" are 0.91,
# "fortnight" and "fortnightly" 0.9, "lgo" and "log" 0.67; "xyz" and "next" are 0.29.
CLOSE_ENOUGH = 0.6


def nearest(word: str, choices: Iterable[str]) -> str | None:
    """The choice most like `word` (case aside), or None when none is close enough."""
    from difflib import get_close_matches  # only on the way to an error message

    found = get_close_matches(word.strip().lower(), list(choices), n=1, cutoff=CLOSE_ENOUGH)
    return found[0] if found else None


def did_you_mean(word: str, choices: Iterable[str], *, quote: str = "") -> str:
    """ "; did you mean coffee?" to end a refusal with, or "" when nothing is close."""
    found = nearest(word, choices)
    return f"; did you mean {quote}{found}{quote}?" if found is not None else ""
