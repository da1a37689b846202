"""The demo's name and word pools, read from the package data files data/*.toml."""

from __future__ import annotations

import functools
import tomllib
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import Any

DATA = Path(__file__).with_name("data")


@dataclass(frozen=True)
class Culture:
    """Names, cities and a phone prefix of one culture (data/cultures.toml)."""

    given: list[tuple[str, str, str]]  # (shown, latin, ascii for emails)
    surnames: list[tuple[str, str, str]]
    cities: list[str]
    phone_prefix: str
    script: str
    weight: int


@dataclass(frozen=True)
class Pools:
    """Everything else the demo draws words from (data/pools.toml)."""

    companies: tuple[str, ...]
    roles: tuple[str, ...]
    kid_names: tuple[str, ...]
    pet_names: tuple[str, ...]
    species: tuple[str, ...]
    topics: tuple[str, ...]
    places: tuple[str, ...]
    notes: tuple[str, ...]
    likes: tuple[str, ...]
    dislikes: tuple[str, ...]
    reach: tuple[str, ...]
    met: tuple[str, ...]
    promises: tuple[str, ...]
    nicknames: dict[str, str]
    texts: dict[str, tuple[str, ...]]  # by channel value


def _load(name: str) -> dict[str, Any]:
    with open(DATA / name, "rb") as handle:
        return tomllib.load(handle)


@functools.cache
def ascii_word(text: str) -> str:
    """Lower-case ASCII letters and digits of a word (accents dropped), for email addresses."""
    decomposed = unicodedata.normalize("NFKD", text)
    kept = "".join(ch for ch in decomposed if ch.isascii() and (ch.isalnum()))
    return kept.lower() or "x"


def _words(text: str) -> list[tuple[str, str, str]]:
    """ "Native|latin" words (or plain words) as (shown, latin, ascii for emails) triples."""
    out = []
    for word in text.split():
        shown, _, latin = word.replace("_", " ").partition("|")
        latin = latin or shown
        out.append((shown, latin, ascii_word(latin)))
    return out


def cultures() -> list[Culture]:
    return [
        Culture(
            given=_words(c["given"]),
            surnames=_words(c["surnames"]),
            cities=[city.replace("_", " ") for city in c["cities"].split()],
            phone_prefix=c["phone_prefix"],
            script=c["script"],
            weight=c["weight"],
        )
        for c in _load("cultures.toml")["culture"]
    ]


@functools.cache
def pools() -> Pools:
    data = _load("pools.toml")

    def words(name: str) -> tuple[str, ...]:
        return tuple(data[name])

    return Pools(
        companies=words("companies"),
        roles=words("roles"),
        kid_names=words("kid_names"),
        pet_names=words("pet_names"),
        species=words("species"),
        topics=words("topics"),
        places=words("places"),
        notes=words("notes"),
        likes=words("likes"),
        dislikes=words("dislikes"),
        reach=words("reach"),
        met=words("met"),
        promises=words("promises"),
        nicknames=dict(data["nicknames"]),
        texts={channel: tuple(texts) for channel, texts in data["texts"].items()},
    )
