"""Import contacts from the welcome screen: a file or folder, read by `rj import` itself.

The app runs the command line's import (the same reader, rules and all-or-nothing write) in a
worker and shows what it said: its summary when it worked, each of its error lines when not.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from textual import work
from textual.app import ComposeResult
from textual.content import Content
from textual.message import Message

from rjournal.app.modals.form import FormModal, row, text_input

# The import's format by the file's suffix; a folder is a vdir of vCards.
FORMATS = {".vcf": "vcard", ".vcard": "vcard", ".csv": "csv", ".json": "json"}


def import_command(db_path: Path, source: Path) -> list[str] | None:
    """The `rj import` command line for a file or folder, or None for an unknown kind."""
    kind = "vcard" if source.is_dir() else FORMATS.get(source.suffix.lower())
    if kind is None:
        return None
    return [sys.executable, "-m", "rjournal", "--db", str(db_path), "import", kind, str(source)]


class ImportFinished(Message):
    """`rj import` ended: its exit code and what it printed."""

    def __init__(self, code: int, said: str) -> None:
        super().__init__()
        self.code = code
        self.said = said


class ImportFormModal(FormModal):
    """The path of a vCard file, a folder of them, or a CSV export; dismisses with 1 once the
    contacts are in (None when cancelled)."""

    def form_title(self) -> Content:
        return Content("Import contacts")

    def compose_fields(self) -> ComposeResult:
        yield row(
            "File or folder",
            text_input("", "source", "contacts.vcf, a vdir folder, or export.csv"),
            field_id="source",
        )

    def save(self) -> int | None:
        typed = self.required("source", "A file or folder")
        if typed is None:
            return None
        source = Path(typed).expanduser()
        if not source.exists():
            self.field_error("source", f"nothing at {source}")
            return None
        command = import_command(self.context.db_path, source)
        if command is None:
            self.field_error("source", "give a .vcf, .csv or .json file, or a folder of vCards")
            return None
        self.form_error("Importing…")
        self._run(command)
        return None  # the worker's message finishes the form

    @work(thread=True, exclusive=True, exit_on_error=False, group="import")
    def _run(self, command: list[str]) -> None:
        done = subprocess.run(command, capture_output=True, text=True, stdin=subprocess.DEVNULL)
        said = (done.stdout + done.stderr).strip()
        self.post_message(ImportFinished(done.returncode, said))

    def on_import_finished(self, message: ImportFinished) -> None:
        self.clear_errors()
        if message.code != 0:
            self.form_error(message.said or "the import failed")
            return
        if message.said:
            self.notify(message.said.splitlines()[-1], markup=False)
        self.context.journal_written()
        self.dismiss(1)
