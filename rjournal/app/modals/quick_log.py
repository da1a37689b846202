"""The quick log: who, how, when, what -- an interaction (or a note) in a few keystrokes.

The person fields complete names from the journal (case- and accent-insensitive) and show who
they resolve to as you type; the date shows the day it reads as. What you type is kept in a
private draft beside the journal until you save or cancel, so a crash loses nothing; escape
asks before throwing typed text away.

Given an entry, the same form edits it (and can turn a note into an interaction or back); the
draft is only for new entries, so editing never touches a pending one.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal
from textual.content import Content
from textual.timer import Timer
from textual.widgets import Checkbox, Input, Label, Select, TextArea

from rjournal.app import safe
from rjournal.app.context import JournalContext
from rjournal.app.drafts import QuickLogDraft, clear_draft, load_draft, save_draft
from rjournal.app.field_parsers import date_parser
from rjournal.app.modals.confirm import ConfirmModal
from rjournal.app.modals.form import FormModal, row, words_list
from rjournal.app.modals.person_form import channel_options
from rjournal.app.widgets.parsed_field import ParsedField
from rjournal.app.widgets.people_suggester import PeopleSuggester
from rjournal.domain.model import Channel, Entry, EntryKind, NewEntry
from rjournal.domain.text import neutralise
from rjournal.store.errors import JournalError, NotFound

# How long typing must pause before the draft is written.
DRAFT_DELAY = 0.5


@dataclass(frozen=True)
class EntryForm:
    """An entry as the quick log shows it, and who each name filled in means: a name shown
    must not be looked up again (two people can share it)."""

    draft: QuickLogDraft
    known_person: dict[str, int] = field(default_factory=dict)
    known_others: dict[str, int] = field(default_factory=dict)
    # People of the entry now in the trash, as shown in the note that says so.
    left_out: tuple[str, ...] = ()


def entry_form(
    entry: Entry, person_id: int | None, names: Mapping[int, str], in_trash: Collection[int]
) -> EntryForm:
    """The entry's fields: the screen's person (person_id) first, the others after, anyone in
    the trash left out (the store only links people in the journal). A name that would not
    read back as that one person (empty, with a comma, shared) is shown as the id."""
    left_out = tuple(
        safe.line(names.get(p, f"#{p}"), 40).plain for p in entry.people if p in in_trash
    )
    live = [p for p in entry.people if p not in in_trash]
    first = person_id if person_id in live else (live[0] if live else None)
    known_person: dict[str, int] = {}
    known_others: dict[str, int] = {}
    person = ""
    if first is not None:
        person = safe.plain(names[first])
        known_person[person] = first
    shown: list[str] = []
    for other in live:
        if other == first:
            continue
        name = safe.plain(names[other]).strip()
        if not name or "," in name or name in known_others or name == person:
            name = str(other)  # an id is never ambiguous
        known_others[name] = other
        shown.append(name)
    draft = QuickLogDraft(
        kind=entry.kind,
        person=person,
        others=", ".join(shown),
        channel=entry.channel.value if entry.channel else "",
        on=entry.on.isoformat(),
        from_them=entry.from_them,
        text=neutralise(entry.text, keep_newlines=True),
    )
    return EntryForm(draft, known_person, known_others, left_out)


class QuickLogModal(FormModal):
    """Log an interaction (or, with note=True, a note that is not a contact)."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "escape",
            "cancel",
            "Cancel",
            id="form.cancel",
            tooltip="Close without saving (asks first when something was typed)",
        ),
        Binding("ctrl+s", "save", "Save", id="form.save", tooltip="Save the entry"),
    ]

    SUBMIT_ON_ENTER = False

    def __init__(
        self,
        context: JournalContext,
        person_id: int | None = None,
        *,
        note: bool = False,
        entry: Entry | None = None,
    ) -> None:
        """A new entry about person_id (a note with note=True), or, given an entry with an
        id, that entry to edit (person_id then says whose screen it was opened from)."""
        super().__init__(context)
        self.person_id = person_id
        self.editing = entry
        self.kind: EntryKind = "note" if note else "interaction"
        if entry is not None:
            self.kind = entry.kind
        self._draft_timer: Timer | None = None
        self._blank = QuickLogDraft()
        self._restored = False
        self._finished = False
        self._latest: QuickLogDraft | None = None
        # Text shown in the person fields for people already known, and who it means: a name
        # filled in must not be looked up again (two people can share it).
        self._known_person: dict[str, int] = {}
        self._known_others: dict[str, int] = {}
        self._left_out: tuple[str, ...] = ()

    # -- building ------------------------------------------------------------------------

    def _start_state(self) -> QuickLogDraft:
        """What the form holds when nothing was typed yet."""
        if self.editing is not None:
            entry = self.editing
            in_trash = {p for p in entry.people if not self._in_journal(p)}
            form = entry_form(entry, self.person_id, self.journal.names(entry.people), in_trash)
            self._known_person.update(form.known_person)
            self._known_others.update(form.known_others)
            self._left_out = form.left_out
            return form.draft
        person, channel = "", ""
        if self.person_id is not None:
            p = self.journal.person(self.person_id)
            person = safe.plain(p.name)
            channel = p.channel.value if p.channel else ""
            self._known_person[person] = self.person_id
        return QuickLogDraft(kind=self.kind, person=person, channel=channel)

    def _in_journal(self, person_id: int) -> bool:
        try:
            self.journal.person(person_id)
        except NotFound:
            return False
        return True

    def form_title(self) -> Content:
        if self.editing is not None:
            return Content("Edit a note" if self.kind == "note" else "Edit an interaction")
        return Content("Add a note" if self.kind == "note" else "Log an interaction")

    def compose(self) -> ComposeResult:
        self._blank = self._start_state()
        state = self._blank
        if self.editing is None:
            draft = load_draft(self.context.db_path)
            if draft is not None and draft != self._blank:
                state, self._restored = draft, True
                self.kind = "note" if draft.kind == "note" else "interaction"
        self._state = state
        yield from super().compose()

    def compose_fields(self) -> ComposeResult:
        state = self._state
        note = "Restored what you were typing last time (escape forgets it)"
        if self._left_out:
            note = f"In the trash, so left out of this entry: {', '.join(self._left_out)}"
        yield Label(note, id="draft-note", markup=False)
        suggester = PeopleSuggester(self.journal)
        yield row(
            "Person",
            Input(
                state.person,
                placeholder="name, nickname or id",
                id="person",
                suggester=suggester,
                compact=True,
            ),
            Label("", id="person-preview", classes="preview"),
            field_id="person",
        )
        yield row(
            "With",
            Input(
                state.others,
                placeholder="others present (comma-separated)",
                id="others",
                suggester=suggester,
                compact=True,
            ),
            Label("", id="others-preview", classes="preview"),
            field_id="others",
        )
        editing = self.editing is not None
        if editing:
            kinds = [("interaction (a contact)", "interaction"), ("note (not a contact)", "note")]
            yield row(
                "Kind", Select(kinds, allow_blank=False, value=self.kind, id="kind", compact=True)
            )
        # Editing can turn a note into an interaction: its rows are there, hidden for a note.
        interaction_rows: list[Horizontal] = []
        if self.kind == "interaction" or editing:
            channels = {c.value: c for c in Channel}
            channel_row = row(
                "Channel",
                Select(
                    channel_options(),
                    prompt="channel",
                    id="channel",
                    compact=True,
                    value=channels.get(state.channel, Select.NULL),
                ),
            )
            interaction_rows.append(channel_row)
            yield channel_row
        yield row(
            "Date",
            ParsedField(
                date_parser(self.today()),
                state.on,
                field_id="date",
                optional=False,
                placeholder="today, yesterday, last friday, Nov 20",
            ),
        )
        if self.kind == "interaction" or editing:
            from_them_row = row("", Checkbox("they reached out", state.from_them, id="from-them"))
            interaction_rows.append(from_them_row)
            yield from_them_row
        for interaction_row in interaction_rows:
            interaction_row.add_class("interaction-only")
            interaction_row.set_class(self.kind != "interaction", "-hidden")
        text = TextArea(state.text, id="text", compact=True)
        text.show_line_numbers = False
        yield row(self._text_label(), text, field_id="text").add_class("text-row")

    def _text_label(self) -> str:
        return "Note" if self.kind == "note" else "What"

    @on(Select.Changed, "#kind")
    def _kind_changed(self, event: Select.Changed) -> None:
        """Editing: a note and an interaction differ by the channel and who reached out."""
        self.kind = "note" if event.value == "note" else "interaction"
        for interaction_row in self.query(".interaction-only"):
            interaction_row.set_class(self.kind != "interaction", "-hidden")
        self.query_one("#form-title", Label).update(self.form_title())
        self.query_one(".text-row > .field-label", Label).update(self._text_label())

    def on_mount(self) -> None:
        super().on_mount()
        self.query_one("#draft-note", Label).set_class(
            self._restored or bool(self._left_out), "-shown"
        )
        self._show_person()
        self._show_others()
        if self.editing is not None:
            text = self.query_one("#text", TextArea)
            text.focus()
            text.move_cursor(text.document.end)
        elif self.person_id is not None and not self._restored:
            self.query_one("#text", TextArea).focus()
        else:
            self.query_one("#person", Input).focus()

    # -- live feedback ---------------------------------------------------------------------

    def _resolve_person(self) -> tuple[int | None, str]:
        """(person id, how it reads) or (None, why not)."""
        typed = self.value("person")
        if not typed.strip():
            return None, "who was it?"
        try:
            known = self._known_person.get(typed)
            person = (
                self.journal.person(known) if known is not None else self.journal.resolve(typed)
            )
        except JournalError as error:
            return None, str(error)
        return person.id, person.display_name

    def _resolve_others(self) -> tuple[list[int] | None, str]:
        ids: list[int] = []
        names: list[str] = []
        for part in words_list(self.value("others")):
            try:
                known = self._known_others.get(part)
                person = (
                    self.journal.person(known) if known is not None else self.journal.resolve(part)
                )
            except JournalError as error:
                return None, str(error)
            ids.append(person.id)
            names.append(person.name)
        return ids, ", ".join(names)

    def _preview(self, label_id: str, ok: bool, shown: str) -> None:
        label = self.query_one(f"#{label_id}", Label)
        label.update(Content.assemble("→ ", safe.line(shown)) if ok and shown else safe.line(shown))
        label.set_class(not ok, "-error")
        label.set_class(not shown, "-empty")

    def _show_person(self) -> int | None:
        person_id, shown = self._resolve_person()
        self._preview("person-preview", person_id is not None, shown)
        return person_id

    def _show_others(self) -> list[int] | None:
        ids, shown = self._resolve_others()
        self._preview("others-preview", ids is not None, shown)
        return ids

    @on(Input.Changed, "#person")
    def _person_changed(self) -> None:
        self._show_person()

    @on(Input.Changed, "#others")
    def _others_changed(self) -> None:
        self._show_others()

    # -- the draft -----------------------------------------------------------------------

    def _current(self) -> QuickLogDraft:
        channel = ""
        if self.kind == "interaction":
            value = self.query_one("#channel", Select).value
            channel = value.value if isinstance(value, Channel) else ""
        from_them = self.kind == "interaction" and self.query_one("#from-them", Checkbox).value
        return QuickLogDraft(
            kind=self.kind,
            person=self.value("person"),
            others=self.value("others"),
            channel=channel,
            on=self.query_one("#date", Input).value,
            from_them=from_them,
            text=self.query_one("#text", TextArea).text,
        )

    @on(Input.Changed)
    @on(TextArea.Changed)
    @on(Select.Changed)
    @on(Checkbox.Changed)
    def _typed(self) -> None:
        if not self.is_mounted or self._finished or self.editing is not None:
            return
        self._latest = self._current()
        if self._draft_timer is not None:
            self._draft_timer.stop()
        self._draft_timer = self.set_timer(DRAFT_DELAY, self.write_draft)

    def write_draft(self) -> None:
        """Keep what is typed (or forget the draft when the form is back to its start)."""
        current = self._latest
        if self._finished or current is None or self.editing is not None:
            return
        db_path = self.context.db_path
        try:
            if replace(current, kind=self._blank.kind) == self._blank:
                clear_draft(db_path)
            else:
                save_draft(db_path, current)
        except OSError as error:
            self.notify(
                f"Could not keep a draft: {error.strerror}", severity="warning", markup=False
            )

    def on_unmount(self) -> None:
        # Closed without save or cancel (the app quit): keep what was typed (queries no
        # longer work here, hence the state kept at each change).
        if not self._finished and self._draft_timer is not None:
            self._draft_timer.stop()
            self.write_draft()

    def _finish(self) -> None:
        self._finished = True
        if self._draft_timer is not None:
            self._draft_timer.stop()
        if self.editing is None:  # a pending draft of a new entry outlives an edit
            clear_draft(self.context.db_path)

    # -- saving --------------------------------------------------------------------------

    def action_cancel(self) -> None:
        """Close; what was typed is thrown away only after asking."""
        if replace(self._current(), kind=self._blank.kind) == self._blank:
            self._discard(True)
            return
        question = (
            "Throw away what you typed?" if self.editing is None else "Throw away your changes?"
        )
        self.app.push_screen(
            ConfirmModal(question, yes="Throw away", no="Keep editing"), self._discard
        )

    def _discard(self, yes: bool | None) -> None:
        if yes:
            self._finish()
            self.dismiss(None)

    def after_save(self) -> None:
        self._finish()

    def keep_draft(self) -> str | None:
        """A new entry's draft is the quick log's own (restored when it opens again)."""
        if self.editing is not None:
            return super().keep_draft()
        try:
            return str(save_draft(self.context.db_path, self._current()))
        except OSError:
            return None

    def save(self) -> int | None:
        person_id = self._show_person()
        others = self._show_others()
        date_ok = self.parse_fields(self.query(ParsedField))
        text = self.query_one("#text", TextArea).text
        if person_id is None:
            self.field_error("person", "choose who this was with")
        if others is None:
            self.field_error("others", "fix or clear the other people")
        if self.kind == "note" and not text.strip():
            self.field_error("text", "a note needs some text")
            return None
        if person_id is None or others is None or not date_ok:
            return None
        on = self.query_one("#date-field", ParsedField).parsed()
        assert isinstance(on, date)
        current = self._current()
        channel = Channel(current.channel) if current.channel else None
        entry = NewEntry(
            kind=self.kind,
            on=on,
            text=text.strip("\n"),
            channel=channel,
            from_them=current.from_them,
            people=(person_id, *others),
        )
        old = self.editing
        if old is None:
            return self.journal.add_entry(entry, created_at=datetime.now())
        # Text left as shown keeps the original (control characters are shown escaped).
        mine = replace(
            old,
            kind=entry.kind,
            on=entry.on,
            text=old.text if text == self._blank.text else entry.text,
            channel=entry.channel,
            from_them=entry.from_them,
            people=entry.people,
        )
        self.write_edit(old, mine, lambda base, e: self.journal.update_entry(e, base=base))
        return old.id
