"""Add or edit a person: every field of the profile, validated inline, saved in one call."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from typing import Any

from textual.app import ComposeResult
from textual.content import Content
from textual.widgets import Checkbox, Select, TextArea

from rjournal.app import safe
from rjournal.app.context import JournalContext
from rjournal.app.field_parsers import date_parser, rhythm_parser, yearly_parser
from rjournal.app.modals.form import FormModal, for_whom, kept, row, text_input, words_list
from rjournal.app.widgets.parsed_field import ParsedField
from rjournal.domain.dates import DateError, YearlyDate
from rjournal.domain.edits import changes_between
from rjournal.domain.model import Channel, NewPerson, Person
from rjournal.domain.rhythms import Rhythm


def channel_options() -> list[tuple[str, Channel]]:
    return [(channel.value, channel) for channel in Channel]


class PersonFormModal(FormModal):
    """Add a person (person_id None) or edit one; dismisses with the person's id."""

    def __init__(self, context: JournalContext, person_id: int | None = None) -> None:
        super().__init__(context)
        self.person_id = person_id
        self.person: Person | None = None

    def form_title(self) -> Content:
        if self.person is None:
            return Content("Add a person")
        return for_whom("Edit ", self.person.name)

    def compose(self) -> ComposeResult:
        if self.person_id is not None:
            self.person = self.journal.person(self.person_id)
        yield from super().compose()

    def compose_fields(self) -> ComposeResult:
        p = self.person or NewPerson(name="", added_on=self.today())
        today = self.today()
        yield row("Name", text_input(p.name, "name", "Ann Lee"), field_id="name")
        yield row("Nickname", text_input(p.nickname, "nickname"))
        yield row("Company", text_input(p.company, "company"))
        yield row("Role", text_input(p.role, "role"))
        yield row("Emails", text_input(", ".join(p.emails), "emails", "comma-separated"))
        yield row("Phones", text_input(", ".join(p.phones), "phones", "comma-separated"))
        yield row("City", text_input(p.city, "city"))
        yield row(
            "Birthday",
            ParsedField(
                yearly_parser(today),
                p.birthday.label() if p.birthday else "",
                field_id="birthday",
                placeholder="04-15, April 15 or 1990-04-15",
            ),
        )
        yield row("Partner", text_input(p.partner, "partner"))
        yield row("How you met", text_input(p.met, "met", "how and when you met"))
        yield row("Likes", text_input(p.likes, "likes", "what they care about"))
        yield row("Dislikes", text_input(p.dislikes, "dislikes", "not a fan of..."))
        yield row(
            "Channel",
            Select(
                channel_options(),
                prompt="preferred channel",
                id="channel",
                compact=True,
                value=p.channel if p.channel else Select.NULL,
            ),
        )
        yield row("Reach", text_input(p.reach, "reach", "text, never before 10"))
        yield row("Tags", text_input(", ".join(p.tags), "tags", "client, friend (comma-separated)"))
        yield row(
            "Rhythm",
            ParsedField(
                rhythm_parser,
                p.rhythm.code() if p.rhythm else "",
                field_id="rhythm",
                placeholder="weekly, monthly, quarterly, 10d, none",
                empty_hint="empty: from a tag, or learned from your history",
            ),
        )
        if self.person is not None:  # a new person is neither snoozed nor archived yet
            yield row(
                "Snoozed until",
                ParsedField(
                    date_parser(today, allow_future=True),
                    p.snoozed_until.isoformat() if p.snoozed_until else "",
                    field_id="snoozed",
                    placeholder="not snoozed",
                ),
            )
            yield row("Archived", Checkbox("archived: never nags", p.archived, id="archived"))
        about = TextArea(safe.text(p.about, multiline=True).plain, id="about", compact=True)
        yield row("About", about)

    def save(self) -> int | None:
        name = self.required("name", "A name")
        fields_ok = self.parse_fields(self.query(ParsedField))
        if name is None or not fields_ok:
            return None
        birthday = self.query_one("#birthday-field", ParsedField).parsed()
        rhythm = self.query_one("#rhythm-field", ParsedField).parsed()
        snoozed = None
        if self.person is not None:
            snoozed = self.query_one("#snoozed-field", ParsedField).parsed()
        if not isinstance(birthday, YearlyDate | None) or not isinstance(rhythm, Rhythm | None):
            raise DateError("unexpected value")  # parsers only give these types
        assert snoozed is None or isinstance(snoozed, date)
        channel = self.query_one("#channel", Select).value
        old = self.person or NewPerson(name="", added_on=self.today())

        def text(field_id: str, original: str) -> str:
            return kept(original, self.value(field_id).strip())

        def listed(field_id: str, original: tuple[str, ...]) -> tuple[str, ...]:
            typed = self.value(field_id)
            return original if typed == safe.plain(", ".join(original)) else words_list(typed)

        about = self.query_one("#about", TextArea).text
        changes: dict[str, Any] = {
            "name": kept(old.name, name),
            "nickname": text("nickname", old.nickname),
            "company": text("company", old.company),
            "role": text("role", old.role),
            "emails": listed("emails", old.emails),
            "phones": listed("phones", old.phones),
            "city": text("city", old.city),
            "birthday": birthday,
            "partner": text("partner", old.partner),
            "met": text("met", old.met),
            "likes": text("likes", old.likes),
            "dislikes": text("dislikes", old.dislikes),
            "channel": channel if isinstance(channel, Channel) else None,
            "reach": text("reach", old.reach),
            "tags": listed("tags", old.tags),
            "rhythm": rhythm,
            "snoozed_until": snoozed,
            "archived": self.person is not None and self.query_one("#archived", Checkbox).value,
            "about": old.about if about == safe.text(old.about, multiline=True).plain else about,
        }
        if self.person is None or self.person_id is None:
            return self.journal.add_person(replace(old, **changes))
        self.write_edit(self.person, replace(self.person, **changes), self._write)
        return self.person_id

    def _write(self, base: Person, mine: Person) -> None:
        self.journal.update_person(base.id, changes_between(base, mine), base=base)
