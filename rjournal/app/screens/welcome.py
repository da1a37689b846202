"""The welcome screen: `rj` before there is a journal. It offers the three ways to start (add
the first person, import contacts, or look around the demo) and creates nothing by itself:
the journal file appears with the first thing saved."""

from __future__ import annotations

from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Header, OptionList, Static
from textual.widgets.option_list import Option

from rjournal.app import safe
from rjournal.app.context import JournalContext
from rjournal.app.messages import DemoChosen, JournalStarted
from rjournal.app.screens.base import HEADER_ICON
from rjournal.app.widgets.fitting_footer import FittingFooter

# Each way to start: (option id, key, what it does, the line under it).
CHOICES = (
    ("add", "a", "Add the first person", "name, birthday, kids, how you met… (ctrl+s saves)"),
    ("import", "i", "Import contacts", "a vCard file or folder, or a CSV export of your contacts"),
    ("demo", "d", "Open the demo journal", "300 made-up people to try it on; yours stays empty"),
)


class WelcomeScreen(Screen[None]):
    """No journal yet: how to start."""

    TITLE = "rjournal"
    SUB_TITLE = "welcome"
    AUTO_FOCUS = "#welcome-choices"

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "a", "choose('add')", "Add someone", id="welcome.add", tooltip="Add the first person"
        ),
        Binding("i", "choose('import')", "Import", id="welcome.import", tooltip="Import contacts"),
        Binding("d", "choose('demo')", "Demo", id="welcome.demo", tooltip="Open the demo journal"),
    ]

    def __init__(self, context: JournalContext) -> None:
        super().__init__(id="welcome")
        self.context = context

    def compose(self) -> ComposeResult:
        yield Header(icon=HEADER_ICON)
        with Vertical(id="welcome-box"):
            yield Static(
                Content.assemble(
                    ("Welcome to rjournal.", "bold"),
                    "\n\nWho needs a caring check-in next, and why: start with the people"
                    " you care about. Your journal will be kept at\n",
                    (safe.plain(str(self.context.db_path)), "dim"),
                    "\nonce you save something.",
                ),
                id="welcome-text",
            )
            yield OptionList(
                *(
                    Option(
                        Content.assemble(
                            (f"{key}  ", "bold $accent"), (what, "bold"), "\n   ", (hint, "dim")
                        ),
                        id=choice,
                    )
                    for choice, key, what, hint in CHOICES
                ),
                id="welcome-choices",
            )
        yield FittingFooter()

    @on(OptionList.OptionSelected, "#welcome-choices")
    async def _chosen(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        await self.action_choose(event.option.id or "")

    async def action_choose(self, choice: str) -> None:
        if choice == "add":
            await self.app.run_action("app.add_person")
        elif choice == "import":
            from rjournal.app.modals.import_form import ImportFormModal

            self.app.push_screen(ImportFormModal(self.context), self._imported)
        elif choice == "demo":
            self._open_demo()

    def _imported(self, done: int | None) -> None:
        if done is not None and self.context.db_path.exists():
            self.post_message(JournalStarted())

    def _open_demo(self) -> None:
        """The demo runs as `rj demo` does, once this app has quit (see cli.launch)."""
        self.post_message(DemoChosen())
