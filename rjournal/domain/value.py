"""Value objects: immutable dataclasses that cost one compiled function each, not six.

A `@dataclass(frozen=True)` compiles __init__, __repr__, __eq__, __hash__, __setattr__ and
__delattr__ from source for every class when its module is imported: at start-up that was most
of what importing the model cost, and `rj log` pays it on every run. `@frozen` on a subclass of
`Value` makes the same dataclass (dataclasses.fields, replace and asdict work, and type checkers
treat it as a frozen dataclass through `dataclass_transform`) but compiles only __init__;
`Value` supplies the rest, meaning what the generated ones mean: equal when of the same class
with equal fields, hashed on the fields, shown as `Name(field=value, ...)`, and assigning or
deleting an attribute raises dataclasses.FrozenInstanceError.

Supported: plain fields with or without a default, keyword-only fields (after `_: KW_ONLY`, as
a record read from the journal adds its `id` to the fields of a new one), and __post_init__ (no
default_factory or init=False fields: `frozen` refuses them rather than get them subtly wrong).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import MISSING, Field, FrozenInstanceError, dataclass, fields
from operator import attrgetter
from typing import TYPE_CHECKING, Any, ClassVar, TypeVar, dataclass_transform

_T = TypeVar("_T")
_Key = Callable[[Any], tuple[Any, ...]]
_KEYS: dict[type, _Key] = {}


@dataclass_transform(frozen_default=True)
def frozen(cls: type[_T]) -> type[_T]:
    """Make `cls` (a subclass of Value) a frozen dataclass, compiling only its __init__."""
    dataclass(init=False, repr=False, eq=False)(cls)  # the fields; nothing compiled
    names: list[str] = []
    defaults: list[object] = []
    keywords: list[str] = []
    keyword_defaults: dict[str, object] = {}
    for f in fields(cls):  # type: ignore[arg-type]
        if f.default_factory is not MISSING or not f.init:
            raise TypeError(f"{cls.__name__}.{f.name}: @frozen supports plain fields only")
        if f.kw_only is True:
            keywords.append(f.name)
            if f.default is not MISSING:
                keyword_defaults[f.name] = f.default
            continue
        if f.default is not MISSING:
            defaults.append(f.default)
        elif defaults:
            raise TypeError(f"{cls.__name__}.{f.name}: a field without a default follows one")
        names.append(f.name)
    # The body a frozen dataclass's __init__ has: object.__setattr__ for every field.
    body = "".join(f"    _set(self, {name!r}, {name})\n" for name in (*names, *keywords))
    if hasattr(cls, "__post_init__"):
        body += "    self.__post_init__()\n"
    parameters = ", ".join([*names, *(["*", *keywords] if keywords else [])])
    scope: dict[str, Any] = {}
    exec(  # the source is built above from field names only
        f"def __init__(self, {parameters}):\n{body or '    pass'}\n",
        {"_set": object.__setattr__},
        scope,
    )
    init = scope["__init__"]
    init.__defaults__ = tuple(defaults) or None
    init.__kwdefaults__ = keyword_defaults or None
    init.__qualname__ = f"{cls.__qualname__}.__init__"
    init.__module__ = cls.__module__
    init.__annotations__ = {f.name: f.type for f in fields(cls)} | {"return": None}  # type: ignore[arg-type]
    type.__setattr__(cls, "__init__", init)
    return cls


def _key(cls: type) -> _Key:
    """The fields that == and hash compare, as one tuple (the getter is built once a class)."""
    key = _KEYS.get(cls)
    if key is None:
        names = [f.name for f in fields(cls) if f.compare]
        # attrgetter of two or more names returns a tuple; the class makes sure there are two.
        getter = attrgetter("__class__", *names)
        key = _KEYS[cls] = lambda obj: getter(obj)[1:]
    return key


class Value:
    """The shared methods of `@frozen` classes (see the module docstring)."""

    __slots__ = ()
    __dataclass_fields__: ClassVar[dict[str, Field[Any]]]

    def __eq__(self, other: object) -> bool:
        if other.__class__ is not self.__class__:
            return NotImplemented
        key = _key(self.__class__)
        return key(self) == key(other)

    def __hash__(self) -> int:
        return hash(_key(self.__class__)(self))

    def __repr__(self) -> str:
        cls: type = self.__class__
        shown = ", ".join(f"{f.name}={getattr(self, f.name)!r}" for f in fields(cls) if f.repr)
        return f"{cls.__qualname__}({shown})"

    if not TYPE_CHECKING:  # hidden from type checkers, which already know the fields are frozen

        def __setattr__(self, name, value):
            raise FrozenInstanceError(f"cannot assign to field {name!r}")

        def __delattr__(self, name):
            raise FrozenInstanceError(f"cannot delete field {name!r}")
