"""The pieces together, as `rj sync` will use them: read the vdir's item, merge it with the
journal's and the base as field maps, write the result over the file, read it back."""

from __future__ import annotations

from datetime import UTC, date, datetime

from rjournal.domain.model import Channel
from rjournal.sync.items import JournalItem, PeopleDirectory, PersonRef, read_item, write_item
from rjournal.sync.merge import Conflict, FieldValue, canonical, merge_item

STAMP = datetime(2026, 11, 22, 9, 30, tzinfo=UTC)
PEOPLE = {"anna": "Anna Berg", "bo": "Bo Lind", "cy": "Cy Ward"}
DIRECTORY = PeopleDirectory(
    [("anna", "Anna Berg", ["anna@example.com"]), ("bo", "Bo Lind", ["bo@example.com"]),
     ("cy", "Cy Ward", [])]
)  # fmt: skip


def fields_of(item: JournalItem) -> dict[str, FieldValue]:
    """An entry as a field map: what the merge compares."""
    people, _ = DIRECTORY.people_of(item)
    return {
        "on": item.on.isoformat() if item.on else None,
        "text": item.text,
        "kind": item.kind,
        "channel": item.channel.value if item.channel else None,
        "from_them": item.from_them,
        "people": frozenset(people),
    }


def item_of(uid: str, fields: dict[str, FieldValue]) -> JournalItem:
    people = fields.get("people") or frozenset()
    assert isinstance(people, frozenset)
    on, channel = fields.get("on"), fields.get("channel")
    return JournalItem(
        uid=uid,
        on=date.fromisoformat(on) if isinstance(on, str) else None,
        text=str(fields.get("text") or ""),
        kind="interaction" if fields.get("kind") == "interaction" else "note",
        channel=Channel(channel) if isinstance(channel, str) else None,
        from_them=fields.get("from_them") is True,
        people=tuple(PersonRef(uid, None, PEOPLE[uid]) for uid in sorted(people)),
    )


def test_a_phone_edit_and_a_journal_edit_of_one_entry_both_arrive() -> None:
    base = JournalItem(
        uid="e1",
        on=date(2026, 11, 20),
        text="Coffee",
        kind="interaction",
        channel=Channel.COFFEE,
        people=(PersonRef("anna", "anna@example.com", "Anna Berg"),),
    )
    base_text = write_item(base, STAMP)
    # On the phone (jtx Board): a new title, Bo added from the phone's contacts, a location.
    phone_text = base_text.replace("SUMMARY:Coffee", "SUMMARY:Coffee at Café Central").replace(
        "END:VJOURNAL",
        "ATTENDEE;CN=Bo Lind;ROLE=REQ-PARTICIPANT:mailto:bo@example.com\r\n"
        "LOCATION:Café Central\r\nEND:VJOURNAL",
    )
    phone = read_item(phone_text)
    assert isinstance(phone, JournalItem)
    # In the journal: Cy added, and the channel changed to a meal.
    ours = fields_of(base) | {"channel": "meal", "people": frozenset({"anna", "cy"})}

    made = merge_item(fields_of(base), ours, fields_of(phone))

    assert made.conflicts == ()
    assert made.fields == {
        "on": "2026-11-20",
        "text": "Coffee at Café Central",
        "kind": "interaction",
        "channel": "meal",
        "people": frozenset({"anna", "bo", "cy"}),
    }
    assert (made.journal, made.vdir) == ("update", "update")
    written = write_item(
        item_of("e1", made.fields),
        STAMP,
        previous=phone_text,
        owned=lambda ref: DIRECTORY.match(ref) is not None,
    )
    again = read_item(written)
    assert isinstance(again, JournalItem)
    assert canonical(fields_of(again)) == made.fields
    assert "LOCATION:Café Central" in written


def test_the_same_field_edited_on_both_keeps_the_journals_and_records_the_phones() -> None:
    base = JournalItem(uid="e1", on=date(2026, 11, 20), text="Coffee", kind="interaction")
    phone = read_item(write_item(base, STAMP).replace("SUMMARY:Coffee", "SUMMARY:Tea"))
    assert isinstance(phone, JournalItem)
    ours = fields_of(base) | {"text": "Espresso"}

    made = merge_item(fields_of(base), ours, fields_of(phone))

    assert made.fields is not None and made.fields["text"] == "Espresso"
    assert made.conflicts == (Conflict("text", "Espresso", "Tea"),)
    assert made.conflicts[0].describe() == 'from sync: the phone had text "Tea"'
    assert (made.journal, made.vdir) == ("none", "update")
