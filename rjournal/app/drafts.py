"""What was typed and not yet saved, kept in private files so a crash or a failed save loses
nothing: the quick log's draft (restored when it opens again), and a form's fields when its
save failed.

Each file goes beside the journal when it can be written there; when it can't (a full disk,
a read-only folder), into this user's private folder of the system's temporary directory
(0700, checked to be ours). Files are 0600 and written whole (a temporary file renamed).
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import stat
import tempfile
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


def unsaved_path(db_path: Path, form: str) -> Path:
    """Where a form's fields go when its save failed."""
    return db_path.with_name(f"{db_path.name}.unsaved-{form}.json")


def private_temp_dir() -> Path | None:
    """This user's private folder in the system's temporary directory, or None when it can't
    be made (or is not a folder of ours: someone else's, or a link)."""
    uid = os.getuid() if hasattr(os, "getuid") else 0
    folder = Path(tempfile.gettempdir()) / f"rjournal-{uid}"
    try:
        with contextlib.suppress(FileExistsError):
            os.mkdir(folder, 0o700)
        st = os.lstat(folder)
        if not stat.S_ISDIR(st.st_mode) or (hasattr(os, "getuid") and st.st_uid != uid):
            return None
        if stat.S_IMODE(st.st_mode) != 0o700:
            os.chmod(folder, 0o700)
    except OSError:
        return None
    return folder


def fallback_path(path: Path) -> Path | None:
    """Where `path` (a file beside a journal) goes in the private temporary folder."""
    folder = private_temp_dir()
    if folder is None:
        return None
    journal = hashlib.sha256(str(path.parent.resolve()).encode()).hexdigest()[:12]
    return folder / f"{journal}-{path.name}"


def write_private(target: Path, data: Any) -> None:
    """JSON written whole, readable by its owner only (a private temporary file renamed)."""
    temporary = target.with_name(f"{target.name}.tmp")
    with contextlib.suppress(FileNotFoundError):
        temporary.unlink()
    create_private_file(temporary)
    try:
        with open(temporary, "w", encoding="utf-8") as handle:
            json.dump(data, handle, ensure_ascii=False)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temporary, target)
    except BaseException:
        with contextlib.suppress(OSError):
            temporary.unlink()
        raise


def keep(path: Path, data: Any) -> Path:
    """Write data at path, else at its place in the private temporary folder; returns where.
    OSError when neither can be written."""
    try:
        write_private(path, data)
    except OSError:
        elsewhere = fallback_path(path)
        if elsewhere is None:
            raise
        write_private(elsewhere, data)
        return elsewhere
    with contextlib.suppress(OSError):  # an older copy elsewhere is no longer the latest
        other = fallback_path(path)
        if other is not None:
            other.unlink()
    return path


def _read(path: Path) -> Any:
    """What a kept file holds, beside the journal or else in the private temporary folder."""
    for place in (path, fallback_path(path)):
        if place is None:
            continue
        try:
            return json.loads(place.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            continue
    return None


def _remove(path: Path) -> None:
    for place in (path, fallback_path(path)):
        if place is not None:
            with contextlib.suppress(OSError):
                place.unlink()


def save_draft(db_path: Path, draft: QuickLogDraft) -> Path:
    """Keep the quick log's draft (see keep); returns where it went."""
    return keep(draft_path(db_path), asdict(draft))


def load_draft(db_path: Path) -> QuickLogDraft | None:
    """The draft left behind, or None (a missing or unreadable draft is no draft)."""
    raw = _read(draft_path(db_path))
    if not isinstance(raw, dict):
        return None
    defaults = QuickLogDraft()
    values: dict[str, Any] = {}
    for name, default in asdict(defaults).items():
        value = raw.get(name, default)
        values[name] = value if isinstance(value, type(default)) else default
    return QuickLogDraft(**values)


def clear_draft(db_path: Path) -> None:
    _remove(draft_path(db_path))


def keep_unsaved(db_path: Path, form: str, fields: dict[str, Any]) -> Path | None:
    """Keep the fields of a form whose save failed; where they went, or None (nowhere could
    be written: they are still in the form)."""
    try:
        return keep(unsaved_path(db_path, form), {"form": form, "fields": fields})
    except OSError:
        return None


def clear_unsaved(db_path: Path, form: str) -> None:
    _remove(unsaved_path(db_path, form))
