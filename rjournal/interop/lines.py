"""Content lines as vCard (RFC 6350) and iCalendar (RFC 5545) both fold them."""

from __future__ import annotations

_FOLD_OCTETS = 75


def fold(line: str) -> str:
    """A content line folded at 75 octets, never inside a UTF-8 character, ending in CRLF."""
    data = line.encode("utf-8")
    if len(data) <= _FOLD_OCTETS:
        return line + "\r\n"
    pieces: list[bytes] = []
    start, width = 0, _FOLD_OCTETS
    while start < len(data):
        end = min(start + width, len(data))
        while end < len(data) and (data[end] & 0xC0) == 0x80:
            end -= 1  # back off a continuation byte
        pieces.append(data[start:end])
        start, width = end, _FOLD_OCTETS - 1  # a continuation line starts with a space
    return "\r\n ".join(piece.decode("utf-8") for piece in pieces) + "\r\n"
