"""Reading a JSON object member by member, its big arrays element by element, in small chunks:
the same values json.loads gives, and its errors with their line."""

from __future__ import annotations

import io
import json
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from rjournal.store.json_stream import JsonStream

_SCALARS = (
    st.none() | st.booleans() | st.integers(-(2**70), 2**70)
    | st.floats(allow_nan=False, allow_infinity=False) | st.text(max_size=30)
)  # fmt: skip
_VALUES = st.recursive(
    _SCALARS,
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=5), inner, max_size=4)
    ),
    max_leaves=12,
)


def read_all(text: str, chunk: int) -> dict[str, Any]:
    stream = JsonStream(io.StringIO(text), chunk=chunk)
    found: dict[str, Any] = {}
    for key, value in stream.members(lambda key: key.startswith("big")):
        found[key] = list(value) if key.startswith("big") and not isinstance(value, list) else value
    return found


@given(
    document=st.dictionaries(st.text(max_size=6), _VALUES, max_size=5),
    big=st.lists(_VALUES, max_size=6),
    chunk=st.integers(1, 40),
    indent=st.sampled_from([None, 0, 2]),
)
def test_members_and_elements_are_what_json_loads_gives(
    document: dict[str, Any], big: list[Any], chunk: int, indent: int | None
) -> None:
    whole = {**document, "big": big}
    text = json.dumps(whole, indent=indent, ensure_ascii=False)
    assert read_all(text, chunk) == json.loads(text)


def test_a_value_bigger_than_the_chunk_comes_whole() -> None:
    note = "x" * 100_000 + "é\n" * 1000
    text = json.dumps({"big": [{"note": note}, 12345678901234567890]})
    assert read_all(text, 64) == {"big": [{"note": note}, 12345678901234567890]}


@pytest.mark.parametrize(
    ("text", "line"),
    [
        ('{\n"a": 1,\n"big": [1, 2,\n oops]\n}', 4),
        ('{"a": 1}\n\n{"b": 2}', 3),
        ('{"a": 1,\n\n"b": }', 3),
        ('{\n"big": [1, 2\n', 3),
        ("[1, 2]", 1),
    ],
)
def test_bad_json_says_on_which_line(text: str, line: int) -> None:
    with pytest.raises(json.JSONDecodeError) as raised:
        read_all(text, 4)
    assert raised.value.lineno == line
