"""The person screen: the whole profile, family, occasions, promises, what the engine says, the
rhythm of contact and the timeline, with a key for every way of caring for them.

What each part says is worked out by `rjournal.app.presenters.person`; this screen reads the
journal, fills its widgets and acts on keys.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime
from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.widgets import Button, Collapsible, OptionList, Static

from rjournal.app import safe
from rjournal.app.context import JournalContext
from rjournal.app.modals.confirm import ConfirmModal
from rjournal.app.modals.forms import (
    KidFormModal,
    OccasionFormModal,
    PetFormModal,
    PromiseFormModal,
    SnoozeFormModal,
)
from rjournal.app.modals.person_form import PersonFormModal
from rjournal.app.modals.quick_log import QuickLogModal
from rjournal.app.presenters.person import (
    done_line,
    engine_lines,
    header_line,
    item_label,
    kid_line,
    occasion_line,
    pet_line,
    profile_lines,
    promise_prompt,
)
from rjournal.app.screens.base import JournalScreen
from rjournal.app.stylesheets import SCREENS_CSS
from rjournal.app.undo import Deletion, EntryDeletion, ItemDeletion, PromiseMarked
from rjournal.app.widgets.fitting_footer import FittingFooter
from rjournal.app.widgets.item_list import ItemList
from rjournal.app.widgets.rhythm_chart import RhythmChart, contacts_per_month
from rjournal.app.widgets.timeline import Timeline, entry_label
from rjournal.domain.checkin import explain_person
from rjournal.domain.model import Entry, Kid, Occasion, Person, Pet, Promise
from rjournal.store.errors import NotFound
from rjournal.store.facts import person_facts

# Entries loaded at a time; "Show older entries" loads the next page.
TIMELINE_PAGE = 30


class PersonScreen(JournalScreen):
    """Everything about one person, and a key for each thing you can do for them."""

    CSS_PATH = SCREENS_CSS

    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (96, "-wide")]  # noqa: RUF012

    BINDINGS: ClassVar[list[BindingType]] = [
        # In the order the footer shows them, as far as the width goes (the rest: ? and ctrl+p).
        Binding("escape", "back", "Back", id="person.back", tooltip="Back to where you were"),
        Binding("l", "log", "Log", id="person.log", tooltip="Log an interaction with them"),
        Binding("n", "note", "Note", id="person.note", tooltip="Add a note (not a contact)"),
        Binding("e", "edit", "Edit", id="person.edit", tooltip="Edit their profile"),
        Binding("m", "promise", "Promise", id="person.promise", tooltip="Make a promise"),
        Binding(
            "d",
            "promise_done",
            "Done",
            id="person.promise_done",
            tooltip="Mark the selected promise done, or a done one open again (u undoes)",
        ),
        Binding("z", "snooze", "Snooze", id="person.snooze", tooltip="Quiet until a day"),
        Binding(
            "A", "archive", "Archive", id="person.archive", tooltip="Archive or unarchive them"
        ),
        Binding(
            "delete,x",
            "delete",
            "Delete",
            id="person.delete",
            tooltip="Move them to the trash (u undoes)",
        ),
        Binding(
            "t",
            "timeline",
            "Timeline",
            id="person.timeline",
            tooltip="Select an entry in the timeline: e edits it, x deletes it",
        ),
        Binding("k", "kid", "Kid", id="person.kid", tooltip="Add a kid"),
        Binding("p", "pet", "Pet", id="person.pet", tooltip="Add a pet"),
        Binding("o", "occasion", "Occasion", id="person.occasion", tooltip="Add a yearly date"),
        Binding(
            "backspace",
            "remove_item",
            "Remove",
            id="person.remove_item",
            show=False,  # the footer is full; help and the README list it
            tooltip="Remove the kid, pet, occasion or promise selected in a list (u undoes)",
        ),
    ]

    def __init__(
        self, context: JournalContext, person_id: int, entry_id: int | None = None
    ) -> None:
        super().__init__(context)
        self.person_id = person_id
        self.entry_id = entry_id
        self.person: Person | None = None
        self.open_promises: list[Promise] = []
        self.done_promises: list[Promise] = []
        self.editable: dict[str, Kid | Pet | Occasion] = {}

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="body"):
            yield Static(id="header")
            with Horizontal(id="columns"):
                with Vertical(id="left"):
                    yield Static("What the engine says", classes="section first")
                    yield Static(id="engine")
                    yield Static("Promises", classes="section")
                    yield Static(id="no-promises", classes="muted")
                    yield ItemList(id="promises")
                    with Collapsible(title="Done", id="done", collapsed=True):
                        yield ItemList(id="done-promises", classes="muted")
                    yield Static("Contact, last 12 months", classes="section")
                    yield RhythmChart(id="chart")
                with Vertical(id="right"):
                    yield Static("Profile", classes="section first")
                    yield Static(id="profile")
                    yield Static("Kids and pets (enter edits)", classes="section")
                    yield Static(id="family-empty", classes="muted")
                    yield ItemList(id="family")
                    yield Static("Occasions (enter edits)", classes="section")
                    yield Static(id="occasions-empty", classes="muted")
                    yield ItemList(id="occasions")
            yield Static("Timeline (t selects: e edits, x deletes)", classes="section")
            yield Timeline(id="timeline")
        yield FittingFooter()

    def on_mount(self) -> None:
        self.refresh_data()
        if self.entry_id is not None:
            self.call_after_refresh(self._show_highlight)

    # -- reading -------------------------------------------------------------------------

    def refresh_data(self) -> None:
        journal, today = self.context.journal, self.context.today()
        try:
            facts = person_facts(journal, self.person_id)
        except NotFound:
            self.notify("That person is no longer in the journal", markup=False)
            self.dismiss()
            return
        person = self.person = facts.person
        self.sub_title = safe.plain(person.name)
        self.query_one("#header", Static).update(header_line(person, today))
        self.query_one("#profile", Static).update(profile_lines(person, facts, today))
        kids, pets = journal.kids(self.person_id), journal.pets(self.person_id)
        occasions = journal.occasions(self.person_id)
        self.editable = {f"kid:{k.id}": k for k in kids}
        self.editable.update({f"pet:{p.id}": p for p in pets})
        self.editable.update({f"occasion:{o.id}": o for o in occasions})
        family = [(f"kid:{k.id}", kid_line(k, today)) for k in kids]
        family += [(f"pet:{p.id}", pet_line(p, today)) for p in pets]
        self._fill_list("family", family, "None yet: k adds a kid, p a pet")
        dates = [(f"occasion:{o.id}", occasion_line(o, today)) for o in occasions]
        self._fill_list("occasions", dates, "None yet: o adds a yearly date")
        self.query_one("#engine", Static).update(
            engine_lines(explain_person(facts, today), facts, today)
        )
        self.query_one(RhythmChart).data = tuple(contacts_per_month(journal, self.person_id, today))
        self._show_promises(journal.promises(self.person_id), today)
        self._load_timeline()

    def _fill_list(self, name: str, rows: list[tuple[str, Content]], empty: str) -> None:
        """A list whose rows open their edit form; a muted hint when there are none."""
        self.query_one(f"#{name}", ItemList).show(rows)
        hint = self.query_one(f"#{name}-empty", Static)
        hint.update(Content.styled(empty, "dim") if not rows else "")
        hint.display = not rows

    @on(OptionList.OptionSelected, "#promises")
    def _edit_promise(self, event: OptionList.OptionSelected) -> None:
        """Enter on an open promise opens its form, filled in (d marks it done)."""
        promise = next((p for p in self.open_promises if str(p.id) == event.option.id), None)
        if promise is not None:
            self._open(PromiseFormModal(self.context, self.person_id, promise))

    @on(OptionList.OptionSelected, "#family, #occasions")
    def _edit_item(self, event: OptionList.OptionSelected) -> None:
        """Enter on a kid, a pet or an occasion opens its form, filled in."""
        item = self.editable.get(event.option.id or "")
        if isinstance(item, Kid):
            self._open(KidFormModal(self.context, self.person_id, item))
        elif isinstance(item, Pet):
            self._open(PetFormModal(self.context, self.person_id, item))
        elif isinstance(item, Occasion):
            self._open(OccasionFormModal(self.context, self.person_id, item))

    def _show_promises(self, promises: list[Promise], today: date) -> None:
        self.open_promises = [p for p in promises if p.is_open]
        done = self.done_promises = [p for p in promises if not p.is_open]
        self.query_one("#promises", ItemList).show(
            [(str(p.id), promise_prompt(p, today)) for p in self.open_promises],
            cursor_on_first=True,
        )
        none = self.query_one("#no-promises", Static)
        none.update("None open: m makes one" if not self.open_promises else "")
        none.display = not self.open_promises
        collapsible = self.query_one("#done", Collapsible)
        collapsible.display = bool(done)
        collapsible.title = f"Done ({len(done)})"
        self.query_one("#done-promises", ItemList).show(
            [(str(p.id), done_line(p, today)) for p in done], cursor_on_first=True
        )

    def _load_timeline(self, *, append: bool = False) -> None:
        journal = self.context.journal
        timeline = self.query_one(Timeline)
        offset = timeline.shown if append else 0
        # A refresh keeps the older pages already shown (an entry just edited stays in view).
        page = TIMELINE_PAGE if append else max(TIMELINE_PAGE, timeline.shown)
        entries = journal.timeline(self.person_id, limit=page + 1, offset=offset)
        if (
            not append
            and self.entry_id is not None
            and not any(e.id == self.entry_id for e in entries)
        ):
            everything = journal.timeline(self.person_id)
            index = next((i for i, e in enumerate(everything) if e.id == self.entry_id), None)
            if index is not None:
                entries = everything[: index + TIMELINE_PAGE + 1]
            shown_all = len(entries) == len(everything)
            more = not shown_all
            entries = entries if shown_all else entries[:-1]
        else:
            more = len(entries) > page
            entries = entries[:page]
        timeline.show(
            self.person_id,
            entries,
            self._names(entries),
            self.context.today(),
            more=more,
            highlight=self.entry_id,
            append=append,
        )

    def _names(self, entries: Sequence[Entry]) -> dict[int, str]:
        ids = {p for e in entries for p in e.people if p != self.person_id}
        return self.context.journal.names(ids) if ids else {}

    def _show_highlight(self) -> None:
        if self.entry_id is None:
            return
        item = self.query_one(Timeline).item(self.entry_id)
        if item is None:
            self.notify("That entry is no longer in their timeline", markup=False)
            return
        self.query_one("#body", VerticalScroll).scroll_to_widget(item, animate=False, top=True)

    @on(Button.Pressed, ".older")
    def _older(self, event: Button.Pressed) -> None:
        event.stop()
        self._load_timeline(append=True)

    # -- acting --------------------------------------------------------------------------

    def display_person_name(self) -> str:
        return self.person.name if self.person else f"#{self.person_id}"

    def _open(
        self,
        modal: QuickLogModal
        | PersonFormModal
        | KidFormModal
        | PetFormModal
        | OccasionFormModal
        | PromiseFormModal
        | SnoozeFormModal,
    ) -> None:
        self.app.push_screen(modal)

    def action_back(self) -> None:
        self.dismiss()

    def action_log(self) -> None:
        self._open(QuickLogModal(self.context, self.person_id))

    def action_note(self) -> None:
        self._open(QuickLogModal(self.context, self.person_id, note=True))

    def action_edit(self) -> None:
        self._open(PersonFormModal(self.context, self.person_id))

    def action_timeline(self) -> None:
        timeline = self.query_one(Timeline)
        if not timeline.items:
            self.notify("Nothing logged yet: l logs, n adds a note", markup=False)
            return
        timeline.focus()

    @on(Timeline.EditWanted)
    def _edit_entry(self, event: Timeline.EditWanted) -> None:
        """The quick log, filled in with the entry as it is in the journal now."""
        try:
            entry = self.context.journal.entry(event.entry.id)
        except NotFound:
            self.notify("That entry is no longer in the journal", markup=False)
            self.refresh_data()
            return
        self._open(QuickLogModal(self.context, self.person_id, entry=entry))

    @on(Timeline.DeleteWanted)
    def _delete_entry(self, event: Timeline.DeleteWanted) -> None:
        entry = event.entry
        question = f"Delete {entry_label(entry)}? (u brings it back)"
        self.app.push_screen(
            ConfirmModal(question, yes="Delete entry"),
            lambda yes: self._delete_entry_answered(entry, yes),
        )

    def _delete_entry_answered(self, entry: Entry, yes: bool | None) -> None:
        if not yes:
            return
        context = self.context
        try:
            # As it is now (edited elsewhere since it was shown?), so undo gives that back.
            current = context.journal.entry(entry.id)
            context.journal.delete_entry(entry.id)
        except NotFound:
            self.notify("That entry is no longer in the journal", markup=False)
            self.refresh_data()
            return
        label = entry_label(current)
        context.undo.remember(EntryDeletion(current, label))
        context.journal_written()
        self.notify(f"Deleted {label} — press u to undo", markup=False)

    def action_kid(self) -> None:
        self._open(KidFormModal(self.context, self.person_id))

    def action_pet(self) -> None:
        self._open(PetFormModal(self.context, self.person_id))

    def action_occasion(self) -> None:
        self._open(OccasionFormModal(self.context, self.person_id))

    def action_promise(self) -> None:
        self._open(PromiseFormModal(self.context, self.person_id))

    def action_snooze(self) -> None:
        self._open(SnoozeFormModal(self.context, self.person_id))

    def selected_promise(self) -> Promise | None:
        """The open or done promise under the cursor of the focused promise list."""
        focused = self.focused
        if not isinstance(focused, ItemList) or focused.highlighted is None:
            return None
        shown = {"promises": self.open_promises, "done-promises": self.done_promises}
        promises = shown.get(focused.id or "", [])
        index = focused.highlighted
        return promises[index] if 0 <= index < len(promises) else None

    def action_promise_done(self) -> None:
        """Mark the selected promise done (or a done one open again); without a selection,
        move to the promises to choose one."""
        promise = self.selected_promise()
        if promise is None:
            if self.open_promises:
                self.query_one("#promises", ItemList).focus()
                self.notify("Choose the promise (↑/↓), then d marks it done", markup=False)
            else:
                self.notify("No open promise to mark done", markup=False)
            return
        context = self.context
        done_on = None if promise.done_on is not None else context.today()
        context.journal.complete_promise(promise.id, done_on)
        label = item_label(promise)
        context.undo.remember(PromiseMarked(promise.id, promise.done_on, label))
        context.journal_written()
        verb = "Done" if done_on is not None else "Open again"
        self.notify(f"{verb}: {label} — press u to undo", markup=False)

    def action_archive(self) -> None:
        archived = not (self.person.archived if self.person else False)
        self.context.journal.set_archived(self.person_id, archived)
        self.context.journal_written()
        verb = "Archived" if archived else "Unarchived"
        self.notify(f"{verb} {safe.plain(self.display_person_name())}", markup=False)

    def action_remove_item(self) -> None:
        item = self.focused_item()
        if item is None:
            self.notify(
                "Select a kid, pet, occasion or promise first (tab moves between lists)",
                markup=False,
            )
            return
        label = item_label(item)
        self.app.push_screen(
            ConfirmModal(f"Remove {label}? (u brings it back)", yes="Remove"),
            lambda yes: self._remove_answered(item, label, bool(yes)),
        )

    def action_delete(self) -> None:
        name = self.display_person_name()
        question = f"Move {safe.plain(name)} to the trash? (u undoes it, rj restore brings back)"
        self.app.push_screen(ConfirmModal(question, yes="Move to trash"), self._delete_answered)

    def focused_item(self) -> Kid | Pet | Occasion | Promise | None:
        """The kid, pet, occasion or open promise under the cursor of the focused list."""
        focused = self.focused
        if not isinstance(focused, ItemList) or focused.highlighted is None:
            return None
        if focused.id == "promises":
            return self.selected_promise()
        if focused.id == "done-promises":
            return None
        return self.editable.get(focused.highlighted_key or "")

    def _remove_answered(self, item: Kid | Pet | Occasion | Promise, label: str, yes: bool) -> None:
        if not yes:
            return
        table = {Kid: "kids", Pet: "pets", Occasion: "occasions", Promise: "promises"}[type(item)]
        context = self.context
        try:
            context.journal.remove(table, item.id)
        except NotFound:
            self.notify("That is no longer in the journal", markup=False)
            self.refresh_data()
            return
        context.undo.remember(ItemDeletion(self.person_id, item, label))
        context.journal_written()
        self.notify(f"Removed {label} — press u to undo", markup=False)

    def _delete_answered(self, yes: bool | None) -> None:
        if not yes:
            return
        # To the trash, remembered for undo, with the toast that says how to take it back.
        name = self.display_person_name()
        context = self.context
        context.journal.delete_person(self.person_id, datetime.now())
        context.undo.remember(Deletion(self.person_id, name))
        context.journal_written()
        self.notify(f"Moved {safe.plain(name)} to the trash — press u to undo", markup=False)
        self.dismiss()
