"""The quick log's unsaved draft: a private file beside the journal, so a crash loses nothing."""

from __future__ import annotations

import contextlib
import json
import os
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from rjournal.store.connection import create_private_file


@dataclass(frozen=True)
class QuickLogDraft:
    """What the quick log held when last typed into."""

    kind: str = "interaction"
    person: str = ""
    others: str = ""
    channel: str = ""
    on: str = "today"
    from_them: bool = False
    text: str = ""


def draft_path(db_path: Path) -> Path:
    return db_path.with_name(f"{db_path.name}.draft.json")


def save_draft(db_path: Path, draft: QuickLogDraft) -> None:
    """Write the draft atomically (a private temporary file renamed over the old one)."""
    target = draft_path(db_path)
    temporary = target.with_name(f"{target.name}.tmp")
    with contextlib.suppress(FileNotFoundError):
        temporary.unlink()
    create_private_file(temporary)
    with open(temporary, "w", encoding="utf-8") as handle:
        json.dump(asdict(draft), handle, ensure_ascii=False)
        handle.flush()
        os.fsync(handle.fileno())
    os.replace(temporary, target)


def load_draft(db_path: Path) -> QuickLogDraft | None:
    """The draft left behind, or None (a missing or unreadable draft is no draft)."""
    try:
        raw: Any = json.loads(draft_path(db_path).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(raw, dict):
        return None
    defaults = QuickLogDraft()
    values: dict[str, Any] = {}
    for name, default in asdict(defaults).items():
        value = raw.get(name, default)
        values[name] = value if isinstance(value, type(default)) else default
    return QuickLogDraft(**values)


def clear_draft(db_path: Path) -> None:
    with contextlib.suppress(FileNotFoundError):
        draft_path(db_path).unlink()
