"""The store handles paths as plain strings (quick-add never imports pathlib), yet names and
treats every file exactly as pathlib did: the same text in messages, the same answers to "is it
there?", the same directories made or refused."""

from __future__ import annotations

import os
import stat
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from rjournal.store import connection

pytestmark = pytest.mark.skipif(os.name == "nt", reason="Windows hands paths to pathlib itself")

TYPED = [
    "",
    ".",
    "./",
    "..",
    "../x.db",
    "a",
    "a/",
    "a//b",
    "./a/./b/",
    "a/../b",
    "/",
    "//",
    "///",
    "//a/b",
    "///a//b/",
    "/a/./b",
    "~",
    "~/",
    "~/x.db",
    "~//x/./y.db",
    "~root/x.db",
    "a/~/b",
    "./~/b",
    "~rj-no-such-user-8d1f/x.db",
    "weird name\n.db",
]
HOMES = ["/home/ana", "/home/ana/", "//srv/ana", "/", "", "relative/home"]


def outcome(action: Callable[..., Any], *args: Any, **kwargs: Any) -> tuple[str, Any]:
    """What action(*args, **kwargs) gave: its value, or its error's kind and errno (or text)."""
    try:
        return "ok", action(*args, **kwargs)
    except Exception as error:
        return type(error).__name__, getattr(error, "errno", None) or str(error)


@pytest.mark.parametrize("home", HOMES)
@pytest.mark.parametrize("typed", TYPED)
def test_paths_read_as_pathlib_reads_them(
    typed: str, home: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("HOME", home)
    assert connection.normal_path(typed) == str(Path(typed))
    assert connection.parent_of(typed) == str(Path(typed).parent)
    assert outcome(lambda: connection.expand_user(typed)) == outcome(
        lambda: str(Path(typed).expanduser())
    )
    if typed:
        assert outcome(lambda: connection.journal_path(typed)) == outcome(
            lambda: connection.journal_path(None, {"RJOURNAL_DB": typed})
        )
        assert outcome(lambda: connection.journal_path(typed)) == outcome(
            lambda: str(Path(typed).expanduser())
        )


def test_is_there_as_pathlib_says(tmp_path: Path) -> None:
    (tmp_path / "file").write_text("x")
    (tmp_path / "dir").mkdir()
    (tmp_path / "loop").symlink_to(tmp_path / "loop")
    (tmp_path / "dangling").symlink_to(tmp_path / "nowhere")
    names = ["file", "dir", "missing", "file/child", "loop", "loop/x", "dangling", "nul\0byte"]
    for name in names:
        path = tmp_path / name
        for mine, theirs in [(connection.exists, Path.exists), (connection.is_dir, Path.is_dir)]:
            assert outcome(mine, str(path)) == outcome(theirs, path), name
    assert connection.is_dir(str(tmp_path / "dir")) and connection.exists(str(tmp_path / "file"))
    assert not connection.exists(str(tmp_path / "loop"))


@pytest.mark.parametrize(
    ("where", "mode", "parents", "exist_ok"),
    [
        ("new", 0o700, False, False),
        ("deep/er/new", 0o700, False, False),
        ("deep/er/new", 0o700, True, False),
        ("deep/er/new", 0o750, True, True),
        ("there", 0o700, False, False),
        ("there", 0o700, True, True),
        ("file", 0o700, True, True),
        ("file/under", 0o700, True, False),
        ("file/under/deeper", 0o700, True, True),
        (".", 0o700, True, True),
    ],
)
def test_directories_made_as_pathlib_makes_them(
    tmp_path: Path, where: str, mode: int, parents: bool, exist_ok: bool
) -> None:
    old = os.umask(0o022)
    try:
        results = []
        trees = []
        for side in ("pathlib", "mine"):
            base = tmp_path / side
            base.mkdir()
            (base / "there").mkdir()
            (base / "file").write_text("x")
            target = base / where
            if side == "pathlib":
                results.append(outcome(target.mkdir, mode, parents, exist_ok))
            else:
                made = outcome(
                    connection.make_dir, str(target), mode, parents=parents, exist_ok=exist_ok
                )
                results.append(made)
            trees.append(
                sorted(
                    (str(p.relative_to(base)), stat.S_IMODE(p.stat().st_mode))
                    for p in base.rglob("*")
                )
            )
    finally:
        os.umask(old)
    assert results[0] == results[1]
    assert trees[0] == trees[1]
