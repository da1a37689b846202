"""The help screen: every key binding of the app and of the screen below, from the bindings."""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.dom import DOMNode
from textual.screen import ModalScreen, Screen
from textual.widgets import DataTable, Static


@dataclass(frozen=True)
class HelpLine:
    keys: str
    description: str
    where: str


def _where(node: DOMNode) -> str:
    from textual.app import App

    if isinstance(node, App):
        return "Everywhere"
    if isinstance(node, Screen):
        return (node.__class__.__name__.removesuffix("Screen") or "Screen") + " screen"
    label = node.__class__.__name__
    return "".join(f" {c.lower()}" if c.isupper() and i else c for i, c in enumerate(label))


def binding_lines(screen: Screen[object]) -> list[HelpLine]:
    """The bindings active on a screen (focused widget, the screen, the app), one per action."""
    app = screen.app
    by_action: dict[tuple[int, str], HelpLine] = {}
    order: list[tuple[int, str]] = []
    for key, active in screen.active_bindings.items():
        binding = active.binding
        description = binding.description or binding.tooltip or binding.action
        ident = (id(active.node), binding.action)
        shown = app.get_key_display(Binding(key, binding.action, key_display=binding.key_display))
        if ident in by_action:
            line = by_action[ident]
            if shown not in line.keys.split(" / "):
                by_action[ident] = HelpLine(f"{line.keys} / {shown}", line.description, line.where)
            continue
        tip = f" ({binding.tooltip})" if binding.tooltip and binding.description else ""
        by_action[ident] = HelpLine(shown, description + tip, _where(active.node))
        order.append(ident)
    lines = [by_action[i] for i in order]
    lines.sort(key=lambda h: h.where == "Everywhere")
    return lines


class HelpScreen(ModalScreen[None]):
    """Keys for the screen it was opened over, and the app's own."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,q,question_mark", "dismiss", "Close", id="help.close"),
    ]

    def __init__(self, under: Screen[object]) -> None:
        super().__init__(id="help")
        self.lines = binding_lines(under)
        self.under_name = _where(under)

    def compose(self) -> ComposeResult:
        with Vertical(id="help-box"):
            yield Static(
                f"Keys on the {self.under_name.lower()} (escape closes)",
                id="help-title",
                markup=False,
            )
            table: DataTable[Text] = DataTable(
                id="help-table", cursor_type="row", zebra_stripes=True
            )
            table.add_columns("Key", "What it does", "Where")
            for line in self.lines:
                table.add_row(
                    Text(line.keys, style="bold"), Text(line.description), Text(line.where)
                )
            yield table

    def on_mount(self) -> None:
        self.query_one("#help-box").border_title = "Help"

    async def action_dismiss(self, result: None = None) -> None:
        self.dismiss(result)
