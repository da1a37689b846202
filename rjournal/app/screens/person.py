"""The person screen: the whole profile, family, occasions, promises, what the engine says, the
rhythm of contact and the timeline, with a key for every way of caring for them."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date, datetime
from typing import TYPE_CHECKING, ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.widgets import Button, Collapsible, Footer, OptionList, Static
from textual.widgets.option_list import Option

from rjournal.app import safe, undo
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
from rjournal.app.screens.base import JournalScreen
from rjournal.app.widgets.rhythm_chart import RhythmChart, contacts_per_month
from rjournal.app.widgets.timeline import Timeline, entry_label
from rjournal.domain.checkin import Suggestion, effective_rhythm, explain_person, rhythm_due
from rjournal.domain.dates import YearlyDate, format_date, short_day
from rjournal.domain.model import CheckinFacts, Entry, Kid, Occasion, Person, Pet, Promise
from rjournal.domain.wording import age_words, dated, in_memory, on_day, relative_day
from rjournal.store.errors import NotFound
from rjournal.store.facts import person_facts

if TYPE_CHECKING:
    from rjournal.app.app import JournalApp

# Entries loaded at a time; "Show older entries" loads the next page.
TIMELINE_PAGE = 30
# A kid's or pet's birthday this close is worth saying out loud.
SOON_DAYS = 30
_SOURCES = {
    "own": "your own",
    "tag": "from a tag's default",
    "learned": "learned from your history",
}

Part = Content | str | tuple[str, str]


def _relative(day: date, today: date) -> str:
    return relative_day(day, today)


def _lines(lines: Sequence[Sequence[Part]]) -> Content:
    out: list[Part] = []
    for index, line in enumerate(lines):
        if index:
            out.append("\n")
        out.extend(line)
    return Content.assemble(*out)


def _field(label: str, value: Content | str) -> list[Part]:
    return [(f"{label:<13}", "dim"), value if isinstance(value, Content) else safe.line(value)]


def birthday_text(birthday: YearlyDate, today: date) -> str:
    """ "15 Apr 1990, 36 (next: Wed 15 Apr)", or "15 Apr (next: ...)" without a year."""
    age = age_words(birthday, today)
    shown = f"{birthday.label()}, {age}" if age else birthday.label()
    upcoming = birthday.next_on_or_after(today)
    return f"{shown} (next: {short_day(upcoming)}, {_relative(upcoming, today)})"


def _in_memory(born: YearlyDate | None, passed: date) -> str:
    """ "in memory, 2012–2025": never an age that counts up."""
    return in_memory(born, passed)


def _soon(birthday: YearlyDate, today: date) -> str:
    """ ", turns 7 on Sat 28 Nov" (or "tomorrow") when the day is within the month ahead."""
    upcoming = birthday.next_on_or_after(today)
    if (upcoming - today).days > SOON_DAYS:
        return ""
    years = birthday.years_on(upcoming)
    what = f"turns {years}" if years is not None else "birthday"
    return f", {what} {on_day(upcoming, today)}"


def kid_line(kid: Kid, today: date) -> list[Part]:
    return _life_line(kid.name, "", kid.birthday, kid.passed_on, kid.notes, "born", today)


def pet_line(pet: Pet, today: date) -> list[Part]:
    kind = f" ({safe.line(pet.species, 30).plain})" if pet.species else ""
    return _life_line(pet.name, kind, pet.birthday, pet.passed_on, pet.notes, "since", today)


def _life_line(
    name: str,
    kind: str,
    birthday: YearlyDate | None,
    passed_on: date | None,
    notes: str,
    since: str,
    today: date,
) -> list[Part]:
    """A kid or a pet: name, age and birthday (or adoption day), notes; or, with tact, in
    memory once they have passed."""
    if passed_on is not None:
        text = f"{safe.line(name, 40).plain}{kind}, {_in_memory(birthday, passed_on)}"
        return [(text, "dim italic")]
    parts: list[Part] = [safe.line(name, 40), kind]
    if birthday is not None:
        age = age_words(birthday, today)
        parts.append(f", {age}" if age else "")
        parts.append((f" — {since} {birthday.label()}", "dim"))
        parts.append(_soon(birthday, today))
    if notes:
        parts += [("  ", ""), safe.line(notes, 60)]
    return parts


def occasion_line(occasion: Occasion, today: date) -> list[Part]:
    upcoming = occasion.date.next_on_or_after(today)
    return [
        safe.line(occasion.label, 50),
        f" — {occasion.date.label()}",
        (f" (next: {short_day(upcoming)}, {_relative(upcoming, today)})", "dim"),
    ]


def promise_prompt(promise: Promise, today: date) -> Content:
    parts: list[Part] = [safe.line(promise.text, 70)]
    if promise.due is not None:
        style = "bold $error" if promise.due <= today else "dim"
        parts.append((f" — due {short_day(promise.due)} ({_relative(promise.due, today)})", style))
    return Content.assemble(*parts)


def profile_lines(person: Person, facts: CheckinFacts, today: date) -> Content:
    rhythm, source = effective_rhythm(facts)
    lines: list[list[Part]] = []
    fields: list[tuple[str, str]] = [
        ("Nickname", person.nickname),
        ("Company", person.company),
        ("Role", person.role),
        ("Email", ", ".join(person.emails)),
        ("Phone", ", ".join(person.phones)),
        ("City", person.city),
    ]
    lines += [_field(label, value) for label, value in fields if value]
    if person.birthday is not None:
        lines.append(_field("Birthday", birthday_text(person.birthday, today)))
    fields = [
        ("Partner", person.partner),
        ("Met", person.met),
        ("About", person.about),
        ("Likes", person.likes),
        ("Dislikes", person.dislikes),
    ]
    lines += [_field(label, value) for label, value in fields if value]
    reach = ", ".join(
        part for part in (person.channel.value if person.channel else "", person.reach) if part
    )
    if reach:
        lines.append(_field("Reach by", reach))
    if person.tags:
        lines.append(_field("Tags", " ".join(f"#{t}" for t in person.tags)))
    if rhythm is not None:
        lines.append(_field("Rhythm", f"{rhythm.label()} ({_SOURCES.get(source, source)})"))
    elif person.rhythm is not None and person.rhythm.is_none:
        lines.append(_field("Rhythm", "none (never due)"))
    else:
        lines.append(_field("Rhythm", "not set yet"))
    if facts.last_contact is not None:
        via = f" via {facts.last_channel.value}" if facts.last_channel else ""
        when = f"{dated(facts.last_contact, today)}{via}"
        lines.append(_field("Last contact", when))
    else:
        lines.append(_field("Last contact", f"never (added {format_date(person.added_on)})"))
    return _lines(lines)


def engine_lines(suggestion: Suggestion | None, facts: CheckinFacts, today: date) -> Content:
    """Due date, reasons and talking points, as the check-in list would give them."""
    person = facts.person
    if person.archived:
        return Content.styled("Archived: the engine never suggests them.", "dim")
    lines: list[list[Part]] = []
    if person.snoozed_until is not None and person.snoozed_until > today:
        when = short_day(person.snoozed_until)
        lines.append([(f"Snoozed until {when}: quiet until then.", "dim")])
    if suggestion is None:
        due = rhythm_due(facts)
        lines.append([("Nothing needed today.", "bold")])
        if due is not None and due != date.max:
            lines.append([f"Next due {dated(due, today)}."])
        return _lines(lines)
    lines.append(
        [
            ("Due ", "bold"),
            (dated(suggestion.due, today), "bold"),
            (f"  score {suggestion.score:.0f}", "dim"),
        ]
    )
    lines += [[" • ", safe.line(reason)] for reason in suggestion.reasons]
    if suggestion.talking_points:
        lines.append([("Talk about", "bold")])
        lines += [[" • ", safe.line(point)] for point in suggestion.talking_points]
    if suggestion.channel is not None:
        lines.append([("Reach by ", "dim"), suggestion.channel.value])
    return _lines(lines)


class PersonScreen(JournalScreen):
    """Everything about one person, and a key for each thing you can do for them."""

    DEFAULT_CSS = """
    PersonScreen #body {
        height: 1fr;
        padding: 0 1;
    }
    PersonScreen #header {
        height: auto;
        background: $boost;
        padding: 0 1;
        margin-bottom: 1;
    }
    PersonScreen #columns {
        height: auto;
    }
    PersonScreen #left, PersonScreen #right {
        height: auto;
        width: 1fr;
    }
    PersonScreen.-narrow #columns {
        layout: vertical;
    }
    PersonScreen.-narrow #right .first {
        margin-top: 1;
    }
    PersonScreen.-wide #left {
        margin-right: 2;
    }
    PersonScreen .section {
        text-style: bold;
        color: $accent;
        margin-top: 1;
        height: 1;
    }
    PersonScreen .first {
        margin-top: 0;
    }
    PersonScreen .muted {
        color: $text-muted;
    }
    PersonScreen #promises, PersonScreen #family, PersonScreen #occasions {
        height: auto;
        max-height: 8;
        border: none;
        padding: 0;
    }
    PersonScreen #done {
        border: none;
        padding: 0;
    }
    PersonScreen #done > Contents {
        padding: 0 0 0 2;
    }
    """

    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (96, "-wide")]  # noqa: RUF012

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "back", "Back", id="person.back", tooltip="Back to where you were"),
        Binding("l", "log", "Log", id="person.log", tooltip="Log an interaction with them"),
        Binding("n", "note", "Note", id="person.note", tooltip="Add a note (not a contact)"),
        Binding(
            "t",
            "timeline",
            "Timeline",
            id="person.timeline",
            tooltip="Select an entry in the timeline: e edits it, x deletes it",
        ),
        Binding("e", "edit", "Edit", id="person.edit", tooltip="Edit their profile"),
        Binding("m", "promise", "Promise", id="person.promise", tooltip="Make a promise"),
        Binding(
            "d",
            "promise_done",
            "Done",
            id="person.promise_done",
            tooltip="Mark the selected promise done",
        ),
        Binding("k", "kid", "Kid", id="person.kid", tooltip="Add a kid"),
        Binding("p", "pet", "Pet", id="person.pet", tooltip="Add a pet"),
        Binding("o", "occasion", "Occasion", id="person.occasion", tooltip="Add a yearly date"),
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
            "backspace",
            "remove_item",
            "Remove",
            id="person.remove_item",
            show=False,  # the footer is full; help and the README list it
            tooltip="Remove the kid, pet, occasion or promise selected in a list (u undoes)",
        ),
    ]

    def __init__(self, person_id: int, entry_id: int | None = None) -> None:
        super().__init__()
        self.person_id = person_id
        self.entry_id = entry_id
        self.person: Person | None = None
        self.open_promises: list[Promise] = []
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
                    yield OptionList(id="promises")
                    with Collapsible(title="Done", id="done", collapsed=True):
                        yield Static(id="done-list", classes="muted")
                    yield Static("Contact, last 12 months", classes="section")
                    yield RhythmChart(id="chart")
                with Vertical(id="right"):
                    yield Static("Profile", classes="section first")
                    yield Static(id="profile")
                    yield Static("Kids and pets (enter edits)", classes="section")
                    yield Static(id="family-empty", classes="muted")
                    yield OptionList(id="family")
                    yield Static("Occasions (enter edits)", classes="section")
                    yield Static(id="occasions-empty", classes="muted")
                    yield OptionList(id="occasions")
            yield Static("Timeline (t selects: e edits, x deletes)", classes="section")
            yield Timeline(id="timeline")
        yield Footer()

    def on_mount(self) -> None:
        self.refresh_data()
        if self.entry_id is not None:
            self.call_after_refresh(self._show_highlight)

    # -- reading -------------------------------------------------------------------------

    def refresh_data(self) -> None:
        app = self.journal_app
        journal, today = app.journal, app.today()
        try:
            facts = person_facts(journal, self.person_id)
        except NotFound:
            self.notify("That person is no longer in the journal", markup=False)
            self.dismiss()
            return
        person = self.person = facts.person
        self.sub_title = safe.plain(person.name)
        self._show_header(person, today)
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

    def _fill_list(self, name: str, rows: list[tuple[str, list[Part]]], empty: str) -> None:
        """A list whose rows open their edit form; a muted hint when there are none."""
        option_list = self.query_one(f"#{name}", OptionList)
        highlighted = option_list.highlighted
        option_list.clear_options()
        option_list.add_options([Option(Content.assemble(*parts), id=key) for key, parts in rows])
        option_list.display = bool(rows)
        if rows and highlighted is not None:
            option_list.highlighted = min(highlighted, len(rows) - 1)
        hint = self.query_one(f"#{name}-empty", Static)
        hint.update(Content.styled(empty, "dim") if not rows else "")
        hint.display = not rows

    @on(OptionList.OptionSelected, "#promises")
    def _edit_promise(self, event: OptionList.OptionSelected) -> None:
        """Enter on an open promise opens its form, filled in (d marks it done)."""
        promise = next((p for p in self.open_promises if str(p.id) == event.option.id), None)
        if promise is not None:
            self._open(PromiseFormModal(self.person_id, promise))

    @on(OptionList.OptionSelected, "#family, #occasions")
    def _edit_item(self, event: OptionList.OptionSelected) -> None:
        """Enter on a kid, a pet or an occasion opens its form, filled in."""
        item = self.editable.get(event.option.id or "")
        if isinstance(item, Kid):
            self._open(KidFormModal(self.person_id, item))
        elif isinstance(item, Pet):
            self._open(PetFormModal(self.person_id, item))
        elif isinstance(item, Occasion):
            self._open(OccasionFormModal(self.person_id, item))

    def _show_header(self, person: Person, today: date) -> None:
        parts: list[Part] = [Content.styled(safe.line(person.name).plain, "bold")]
        if person.nickname:
            parts += [" (", safe.line(person.nickname), ")"]
        work = " at ".join(p for p in (person.role, person.company) if p)
        if work:
            parts += ["  ", Content.styled(safe.line(work).plain, "dim")]
        if person.archived:
            parts.append(("  [archived]", "bold $warning"))
        if person.snoozed_until is not None and person.snoozed_until > today:
            parts.append((f"  [snoozed until {short_day(person.snoozed_until)}]", "$warning"))
        self.query_one("#header", Static).update(Content.assemble(*parts))

    def _show_promises(self, promises: list[Promise], today: date) -> None:
        self.open_promises = [p for p in promises if p.is_open]
        done = [p for p in promises if not p.is_open]
        option_list = self.query_one("#promises", OptionList)
        highlighted = option_list.highlighted
        option_list.clear_options()
        option_list.add_options(
            [Option(promise_prompt(p, today), id=str(p.id)) for p in self.open_promises]
        )
        option_list.display = bool(self.open_promises)
        if self.open_promises:
            last = len(self.open_promises) - 1
            option_list.highlighted = min(highlighted, last) if highlighted is not None else 0
        none = self.query_one("#no-promises", Static)
        none.update("None open: m makes one" if not self.open_promises else "")
        none.display = not self.open_promises
        collapsible = self.query_one("#done", Collapsible)
        collapsible.display = bool(done)
        collapsible.title = f"Done ({len(done)})"
        done_lines: list[list[Part]] = [
            ["✓ ", safe.line(p.text, 60), f" — {short_day(p.done_on)}" if p.done_on else ""]
            for p in done
        ]
        self.query_one("#done-list", Static).update(_lines(done_lines))

    def _load_timeline(self, *, append: bool = False) -> None:
        journal = self.journal_app.journal
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
            self.journal_app.today(),
            more=more,
            highlight=self.entry_id,
            append=append,
        )

    def _names(self, entries: Sequence[Entry]) -> dict[int, str]:
        ids = {p for e in entries for p in e.people if p != self.person_id}
        return self.journal_app.journal.names(ids) if ids else {}

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
        self._open(QuickLogModal(self.person_id))

    def action_note(self) -> None:
        self._open(QuickLogModal(self.person_id, note=True))

    def action_edit(self) -> None:
        self._open(PersonFormModal(self.person_id))

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
            entry = self.journal_app.journal.entry(event.entry.id or 0)
        except NotFound:
            self.notify("That entry is no longer in the journal", markup=False)
            self.refresh_data()
            return
        self._open(QuickLogModal(self.person_id, entry=entry))

    @on(Timeline.DeleteWanted)
    def _delete_entry(self, event: Timeline.DeleteWanted) -> None:
        entry = event.entry
        question = f"Delete {entry_label(entry)}? (u brings it back)"
        self.app.push_screen(
            ConfirmModal(question, yes="Delete entry"),
            lambda yes: self._delete_entry_answered(entry, yes),
        )

    def _delete_entry_answered(self, entry: Entry, yes: bool | None) -> None:
        if not yes or entry.id is None:
            return
        app = self.journal_app
        try:
            # As it is now (edited elsewhere since it was shown?), so undo gives that back.
            current = app.journal.entry(entry.id)
            app.journal.delete_entry(entry.id)
        except NotFound:
            self.notify("That entry is no longer in the journal", markup=False)
            self.refresh_data()
            return
        label = entry_label(current)
        undo.remember_entry_deletion(app, current, label)
        app.journal_written()
        self.notify(f"Deleted {label} — press u to undo", markup=False)

    def action_kid(self) -> None:
        self._open(KidFormModal(self.person_id))

    def action_pet(self) -> None:
        self._open(PetFormModal(self.person_id))

    def action_occasion(self) -> None:
        self._open(OccasionFormModal(self.person_id))

    def action_promise(self) -> None:
        self._open(PromiseFormModal(self.person_id))

    def action_snooze(self) -> None:
        self._open(SnoozeFormModal(self.person_id))

    def selected_promise(self) -> Promise | None:
        index = self.query_one("#promises", OptionList).highlighted
        if index is None or not 0 <= index < len(self.open_promises):
            return None
        return self.open_promises[index]

    def action_promise_done(self) -> None:
        promise = self.selected_promise()
        if promise is None or promise.id is None:
            self.notify("No open promise to mark done", markup=False)
            return
        app = self.journal_app
        app.journal.complete_promise(promise.id, app.today())
        app.journal_written()
        self.notify(f"Done: {safe.line(promise.text, 60).plain}", markup=False)

    def action_archive(self) -> None:
        app = self.journal_app
        archived = not (self.person.archived if self.person else False)
        app.journal.set_archived(self.person_id, archived)
        app.journal_written()
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
        if not isinstance(focused, OptionList) or focused.highlighted is None:
            return None
        if focused.id == "promises":
            return self.selected_promise()
        if focused.id in ("family", "occasions"):
            option = focused.get_option_at_index(focused.highlighted)
            return self.editable.get(option.id or "")
        return None

    def _remove_answered(self, item: Kid | Pet | Occasion | Promise, label: str, yes: bool) -> None:
        if not yes or item.id is None:
            return
        table = {Kid: "kids", Pet: "pets", Occasion: "occasions", Promise: "promises"}[type(item)]
        app = self.journal_app
        try:
            app.journal.remove(table, item.id)
        except NotFound:
            self.notify("That is no longer in the journal", markup=False)
            self.refresh_data()
            return
        undo.remember_item_deletion(app, self.person_id, item, label)
        app.journal_written()
        self.notify(f"Removed {label} — press u to undo", markup=False)

    def _delete_answered(self, yes: bool | None) -> None:
        if not yes:
            return
        delete_person(self.journal_app, self.person_id, self.display_person_name(), self.dismiss)


def item_label(item: Kid | Pet | Occasion | Promise) -> str:
    """How a confirmation or a toast names a kid, pet, occasion or promise (plain text)."""
    if isinstance(item, Kid):
        return f"the kid {safe.plain(item.name)}"
    if isinstance(item, Pet):
        return f"the pet {safe.plain(item.name)}"
    if isinstance(item, Occasion):
        return f"the occasion “{safe.plain(item.label)}”"
    return f"the promise “{safe.line(item.text, 60).plain}”"


def delete_person(
    app: JournalApp, person_id: int, name: str, then: Callable[[], object] | None = None
) -> None:
    """To the trash, remembered for undo, with the toast that says how to take it back."""
    app.journal.delete_person(person_id, datetime.now())
    undo.remember_deletion(app, person_id, name)
    app.journal_written()
    app.notify(f"Moved {safe.plain(name)} to the trash — press u to undo", markup=False)
    if then is not None:
        then()
