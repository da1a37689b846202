"""The help screen: the keys of the screen it was opened over, rjournal's own first.

Grouped by where they work: the focused part of the screen (the timeline, the people list),
the screen, everywhere; Textual's generic keys (scrolling, focus, copy) come last. Each key
is said once, in the words of its tooltip when that says more than its footer label.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from rich.cells import cell_len
from textual.app import App, ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.dom import DOMNode
from textual.screen import ModalScreen, Screen
from textual.widgets import Label, Static

from rjournal.app.stylesheets import SCREENS_CSS

KEY_WIDTH = 16
OWN_PACKAGE = "rjournal."
GENERIC_TITLE = "Moving around (Textual)"


@dataclass(frozen=True)
class HelpLine:
    keys: str
    description: str


@dataclass(frozen=True)
class HelpGroup:
    title: str
    lines: tuple[HelpLine, ...]


def where(node: DOMNode) -> str:
    """ "Everywhere", "Person screen", "Timeline", "People list"."""
    if isinstance(node, App):
        return "Everywhere"
    if isinstance(node, Screen):
        return (node.__class__.__name__.removesuffix("Screen") or "This") + " screen"
    label = node.__class__.__name__
    return "".join(f" {c.lower()}" if c.isupper() and i else c for i, c in enumerate(label))


def wording(binding: Binding) -> str:
    """What a key does, said once: the tooltip when it holds every word of the label
    ("Edit entry" in "Edit the selected entry"), else "label: tooltip", else the label."""
    label, tip = binding.description, binding.tooltip
    if not tip:
        return label or binding.action
    if not label or set(label.casefold().split()) <= set(tip.casefold().rstrip(".").split()):
        return tip
    return f"{label}: {tip[0].lower()}{tip[1:]}"


def _own_keys(node: DOMNode) -> set[tuple[str, str]]:
    """(action, key) bound in rjournal's own classes of a node (not inherited from Textual's)."""
    found: set[tuple[str, str]] = set()
    for cls in type(node).__mro__:
        if not cls.__module__.startswith(OWN_PACKAGE):
            continue
        for binding in cls.__dict__.get("BINDINGS", []):
            if isinstance(binding, Binding):
                found.update((binding.action, k.strip()) for k in binding.key.split(","))
            elif isinstance(binding, tuple) and len(binding) >= 2:
                found.update((str(binding[1]), k.strip()) for k in str(binding[0]).split(","))
    return found


def help_groups(screen: Screen[object]) -> list[HelpGroup]:
    """The keys active on a screen, one line per action: the focused widget's, the screen's,
    the app's, then Textual's generic ones."""
    app = screen.app
    keys: dict[tuple[int, str], list[str]] = {}
    said: dict[tuple[int, str], str] = {}
    group_of: dict[tuple[int, str], str] = {}
    rank: dict[str, int] = {}
    own_by_node: dict[int, set[tuple[str, str]]] = {}
    for key, active in screen.active_bindings.items():
        node, binding = active.node, active.binding
        own_keys = own_by_node.setdefault(id(node), _own_keys(node))
        own = (binding.action, key) in own_keys
        ident = (id(node), binding.action)
        shown = app.get_key_display(Binding(key, binding.action, key_display=binding.key_display))
        if ident in keys:
            # Another key for the same action: rjournal's key and words come first.
            if shown not in keys[ident]:
                keys[ident].insert(0 if own else len(keys[ident]), shown)
            if own:
                said[ident] = wording(binding)
            if own and group_of[ident] == GENERIC_TITLE:
                group_of[ident] = where(node)
                rank.setdefault(where(node), _order(node))
            continue
        keys[ident] = [shown]
        said[ident] = wording(binding)
        title = where(node) if own else GENERIC_TITLE
        group_of[ident] = title
        rank.setdefault(title, _order(node) if own else 3)
    groups: dict[str, list[HelpLine]] = {}
    for ident, title in group_of.items():
        groups.setdefault(title, []).append(HelpLine(" / ".join(keys[ident]), said[ident]))
    titles = sorted(groups, key=lambda t: rank[t])
    return [HelpGroup(t, tuple(groups[t])) for t in titles]


def screen_keys(screen: Screen[object]) -> list[tuple[str, DOMNode, str, str]]:
    """(key shown, node, action, wording) of each of the screen's own keys, once per action:
    what the palette offers beside the footer."""
    found: dict[str, tuple[str, DOMNode, str, str]] = {}
    own = _own_keys(screen)
    for key, active in screen.active_bindings.items():
        binding = active.binding
        if active.node is not screen or (binding.action, key) not in own:
            continue
        if binding.action not in found:
            shown = screen.app.get_key_display(
                Binding(key, binding.action, key_display=binding.key_display)
            )
            found[binding.action] = (shown, screen, binding.action, wording(binding))
    return list(found.values())


def _order(node: DOMNode) -> int:
    """The focused part of a screen first, then the screen, then the app."""
    return 2 if isinstance(node, App) else 1 if isinstance(node, Screen) else 0


class HelpScreen(ModalScreen[None]):
    """Keys for the screen it was opened over, and the app's own."""

    CSS_PATH = SCREENS_CSS

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,q,question_mark", "dismiss", "Close", id="help.close"),
    ]

    def __init__(self, under: Screen[object]) -> None:
        super().__init__(id="help")
        self.groups = help_groups(under)
        self.under_name = where(under)

    def compose(self) -> ComposeResult:
        with Vertical(id="help-box"):
            yield Static(
                f"Keys on the {self.under_name.lower()} (escape closes)",
                id="help-title",
                markup=False,
            )
            with VerticalScroll(id="help-keys"):
                for group in self.groups:
                    yield Label(group.title, classes="help-group", markup=False)
                    for line in group.lines:
                        width = max(KEY_WIDTH, cell_len(line.keys) + 2)
                        key = Label(line.keys, classes="help-key", markup=False)
                        key.styles.width = width
                        yield Horizontal(
                            key,
                            Label(line.description, classes="help-what", markup=False),
                            classes="help-line",
                        )

    def on_mount(self) -> None:
        self.query_one("#help-box").border_title = "Help"
        self.query_one("#help-keys").focus()

    async def action_dismiss(self, result: None = None) -> None:
        self.dismiss(result)
