"""A text field that shows, under it, what its text reads as, or why it does not read."""

from __future__ import annotations

from typing import Generic, TypeVar

from textual import on
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.content import Content
from textual.widgets import Input, Label

from rjournal.app import safe
from rjournal.app.field_parsers import Parser
from rjournal.domain.dates import DateError

T = TypeVar("T")


class ParsedField(Vertical, Generic[T]):
    """An Input and, under it, what was understood ("→ Fri 20 Nov 2026") or why not, live."""

    DEFAULT_CSS = """
    ParsedField {
        height: auto;
    }
    ParsedField > .preview {
        width: 100%;
        color: $text-muted;
        padding: 0 1;
    }
    ParsedField > .preview.-error {
        color: $error;
    }
    ParsedField > .preview.-empty {
        display: none;
    }
    """

    def __init__(
        self,
        parser: Parser[T],
        value: str = "",
        *,
        field_id: str,
        optional: bool = True,
        placeholder: str = "",
        empty_hint: str = "",
    ) -> None:
        super().__init__(id=f"{field_id}-field")
        self.parser = parser
        self.field_id = field_id
        self.optional = optional
        self.empty_hint = empty_hint
        self._input = Input(value, placeholder=placeholder, id=field_id, compact=True)
        self._preview = Label("", id=f"{field_id}-preview", classes="preview")

    def compose(self) -> ComposeResult:
        yield self._input
        yield self._preview

    def on_mount(self) -> None:
        self.show_preview()

    @on(Input.Changed)
    def _changed(self, event: Input.Changed) -> None:
        self.show_preview()

    @property
    def text(self) -> str:
        return self._input.value

    def parsed(self) -> T | None:
        """The value, None when empty and optional; raises DateError with the reason."""
        if not self._input.value.strip():
            if self.optional:
                return None
            raise DateError("this is required")
        return self.parser(self._input.value)[0]

    def show_preview(self) -> bool:
        """Show how the text reads now; False when it does not read."""
        preview = self._preview
        preview.set_class(False, "-error")
        preview.set_class(False, "-empty")
        if not self._input.value.strip():
            if self.optional:
                preview.update(self.empty_hint)
                preview.set_class(not self.empty_hint, "-empty")
                return True
            preview.update("required")
            preview.set_class(True, "-error")
            return False
        try:
            _, shown = self.parser(self._input.value)
        except DateError as error:
            preview.update(safe.text(str(error)))
            preview.set_class(True, "-error")
            return False
        preview.update(Content.assemble("→ ", safe.text(shown)))
        return True
