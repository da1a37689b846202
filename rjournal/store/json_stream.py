"""Reading a large JSON object a member at a time, the elements of its big arrays one by one,
so memory holds one element, not the document (a backup of 100,000 people is 170 MB of JSON,
and json.load makes about a gigabyte of it).

The text is read in chunks; each value is decoded by the json module's own decoder
(JSONDecoder.raw_decode) from a buffer that grows only when one value is larger than it.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterator
from typing import Any, TextIO

CHUNK = 1 << 20  # characters read at a time
_BLANK = re.compile(r"[ \t\n\r]*")
_NUMBER_GOES_ON = re.compile(r"[0-9.eE+-]*")


class JsonStream:
    """A JSON text read from `source` on demand."""

    def __init__(self, source: TextIO, *, chunk: int = CHUNK) -> None:
        self.source = source
        self.chunk = chunk
        self.buffer = ""
        self.at = 0  # position in the buffer
        self.lines_before = 0  # line breaks in the text dropped from the buffer's front
        self.ended = False
        self.decoder = json.JSONDecoder()

    def _more(self) -> bool:
        """Read on (dropping what was consumed): a chunk, or as much as the buffer holds when
        that is more, so a value of any size is decoded a few times at most; False at the
        end of the text."""
        if self.ended:
            return False
        text = self.source.read(max(self.chunk, len(self.buffer) - self.at))
        if not text:
            self.ended = True
            return False
        self.lines_before += self.buffer.count("\n", 0, self.at)
        self.buffer = self.buffer[self.at :] + text
        self.at = 0
        return True

    def _blank(self) -> None:
        while True:
            found = _BLANK.match(self.buffer, self.at)
            self.at = found.end() if found else self.at
            if self.at < len(self.buffer) or not self._more():
                return

    def peek(self) -> str:
        """The next character that is not a blank ("" at the end of the text)."""
        self._blank()
        return self.buffer[self.at] if self.at < len(self.buffer) else ""

    def error(self, message: str) -> json.JSONDecodeError:
        error = json.JSONDecodeError(message, self.buffer, self.at)
        error.lineno += self.lines_before
        return error

    def expect(self, char: str) -> None:
        if self.peek() != char:
            raise self.error(f"Expecting {char!r}")
        self.at += 1

    def value(self) -> Any:
        """The next whole value."""
        self._blank()
        while True:
            try:
                found, end = self.decoder.raw_decode(self.buffer, self.at)
            except json.JSONDecodeError as error:
                if self._more():
                    continue  # the value goes on past the buffer
                error.lineno += self.lines_before
                raise error from None
            # A number with nothing after it but what a number holds may go on in the next
            # chunk ("0" of "0.5", "1." of "1.5e3").
            number = isinstance(found, int | float) and not isinstance(found, bool)
            if number and _NUMBER_GOES_ON.fullmatch(self.buffer, end) and self._more():
                continue
            self.at = end
            return found

    def elements(self) -> Iterator[Any]:
        """The elements of the array that comes next, one at a time."""
        self.expect("[")
        if self.peek() == "]":
            self.at += 1
            return
        while True:
            yield self.value()
            if self.peek() == ",":
                self.at += 1
                continue
            self.expect("]")
            return

    def members(self, streamed: Callable[[str], bool]) -> Iterator[tuple[str, Any]]:
        """The members of the object that makes the whole text, in their order. A member whose
        key `streamed` accepts and whose value is an array comes as an iterator of its
        elements, to be read through before the next member."""
        self.expect("{")
        if self.peek() == "}":
            self.at += 1
        else:
            while True:
                key = self.value()
                if not isinstance(key, str):
                    raise self.error("Expecting a key")
                self.expect(":")
                if streamed(key) and self.peek() == "[":
                    yield key, self.elements()
                else:
                    yield key, self.value()
                if self.peek() == ",":
                    self.at += 1
                    continue
                self.expect("}")
                break
        if self.peek() != "":
            raise self.error("Extra data")
