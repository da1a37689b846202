"""The nearest word to one mistyped, for "did you mean" in a message that refuses it."""

from __future__ import annotations

from collections.abc import Iterable

# How alike (difflib's ratio) a word must be to be suggested: "cofee" and "coffee" are 0.91,
# "fortnight" and "fortnightly" 0.9, "lgo" and "log" 0.67; "xyz" and "next" are 0.29.
CLOSE_ENOUGH = 0.6


def nearest(word: str, choices: Iterable[str]) -> str | None:
    """The choice most like `word` (case aside), or None when none is close enough."""
    from difflib import SequenceMatcher  # only on the way to an error message

    typed = word.strip().lower()
    best: tuple[float, bool, str] | None = None
    for choice in choices:
        score = SequenceMatcher(None, typed, choice).ratio()
        if score < CLOSE_ENOUGH:
            continue
        # On a tie the choice that starts as typed wins ("cvs" is "csv", not "ics"), then
        # the first offered, so the answer never depends on how the letters sort.
        key = (score, choice[:1] == typed[:1], choice)
        if best is None or key[:2] > best[:2]:
            best = key
    return best[2] if best is not None else None


def did_you_mean(word: str, choices: Iterable[str], *, quote: str = "") -> str:
    """ "; did you mean coffee?" to end a refusal with, or "" when nothing is close."""
    found = nearest(word, choices)
    return f"; did you mean {quote}{found}{quote}?" if found is not None else ""
