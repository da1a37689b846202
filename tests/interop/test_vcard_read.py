"""vCard in: each fixture mimics one exporter's quirks (tests/interop/fixtures/*.vcf)."""

from __future__ import annotations

from pathlib import Path

import pytest

from rjournal.domain.dates import YearlyDate
from rjournal.interop.card import Card, CardKid, CardOccasion, Problem
from rjournal.interop.vcard_read import decode_vcard_bytes, read_vcards

FIXTURES = Path(__file__).parent / "fixtures"


def read(name: str) -> list[Card | Problem]:
    return list(read_vcards(decode_vcard_bytes((FIXTURES / name).read_bytes())))


def cards(name: str) -> list[Card]:
    found = read(name)
    assert all(isinstance(item, Card) for item in found), found
    return [item for item in found if isinstance(item, Card)]


def test_android_21_quoted_printable_broken_over_lines_comes_back_whole() -> None:
    jurgen, ana, nameless = cards("android.vcf")
    assert jurgen.name == "Jürgen Müller"
    # Soft breaks with no indent joined; the 2.1 NOTE keeps every comma and semicolon.
    assert jurgen.about == (
        "Met at the fair, Berlin; likes äpfel, pears\n"
        "and long walks, especially in autumn, with his dog, Rex."
    )
    assert jurgen.phones == ("+49 170 1234567", "+49 30 7654321")
    assert jurgen.emails == ("juergen@example.org",)
    assert jurgen.birthday == YearlyDate(8, 14, 1975)
    # Android's "My Contacts" is everyone: no tag; a label of two words is one tag.
    assert jurgen.tags == ("close-friends",)
    # The 2.1 photo (base64 ended by a blank line) is kept, as 3.0 writes it.
    photo = [line for line in jurgen.kept if line.startswith("PHOTO")]
    assert photo == [
        "PHOTO;ENCODING=b;TYPE=JPEG:/9j/4AAQSkZJRgABAQAAAQABAAD/2wBDAAgGBgcGBQgHBwcJCQgKDBQNDAsLDBk"
        "SEw8UHRofHh0aHBwgJC4nICIsIxwcKDcpLDAxNDQ0Hyc5PTgyPC4zNDL/2wBDAQkJCQwLDBgNDRgy"
    ]
    # The type of each number is kept, to be given back with it.
    assert "TEL;TYPE=CELL,PREF:+49 170 1234567" in jurgen.kept
    assert ana.name == "Ana Ñúñez"  # a soft break followed by a blank line
    assert nameless.name == "nobody.named@example.com"  # named after the email
    assert nameless.tags == ()


def test_apple_labels_dates_relations_and_year_less_leap_birthday() -> None:
    (sofia,) = cards("apple.vcf")
    assert sofia.name == "Dr. Sofia Lindqvist"
    assert (sofia.nickname, sofia.company, sofia.role) == ("Sofi", "Nordlys AB", "Head of Research")
    assert sofia.city == "Malmö"
    assert sofia.birthday == YearlyDate(2, 29)  # X-APPLE-OMIT-YEAR=1604: no year
    assert sofia.occasions == (
        CardOccasion("anniversary", YearlyDate(6, 9, 2012)),
        CardOccasion("Company founded", YearlyDate(3, 1, 2015)),
    )
    assert sofia.partner == "Erik Lindqvist"
    assert sofia.kids == (CardKid("Maja"),)
    assert sofia.about == "Prefers email, never calls before 10.\nAsk about the sailing trip."
    assert sofia.tags == ("clients", "board-members")
    # A relation rjournal has no field for is kept with its label; so is the home page.
    assert "item7.X-ABRELATEDNAMES:Anna Berg" in sofia.kept
    assert "item7.X-ABLabel:_$!<Mother>!$_" in sofia.kept
    assert "item8.URL;TYPE=pref:https://nordlys.example" in sofia.kept
    assert "item8.X-ABLabel:_$!<HomePage>!$_" in sofia.kept
    # The labels of what became fields are not kept; the full N and ORG are.
    assert not any("Anniversary" in line or "Spouse" in line for line in sofia.kept)
    assert "N:Lindqvist;Sofia;;Dr.;" in sofia.kept
    assert "ORG:Nordlys AB;Research" in sofia.kept
    photo = next(line for line in sofia.kept if line.startswith("PHOTO"))
    assert " " not in photo  # the folded base64 joined
    assert sofia.problems == ()


def test_evolution_spouse_and_anniversary() -> None:
    (priya,) = cards("evolution.vcf")
    assert priya.uid == "pas-id-5A1B2C3D00000001"
    assert priya.partner == "Arjun Raman"
    assert priya.occasions == (CardOccasion("anniversary", YearlyDate(11, 21, 2009)),)
    assert priya.birthday == YearlyDate(5, 2, 1983)
    assert priya.emails == ("priya@work.example", "priya@home.example")
    assert priya.city == "Leeds"
    assert "X-EVOLUTION-FILE-AS:Raman\\, Priya" in priya.kept


def test_outlook_21_soft_breaks_windows_charset_and_ms_properties() -> None:
    (chidi,) = cards("outlook.vcf")
    assert chidi.about == "Café owner, met in Lagos, 2019."  # QP without CHARSET: Windows-1252
    assert chidi.birthday == YearlyDate(3, 22, 1980)  # BDAY:19800322
    assert chidi.partner == "Ngozi Okafor"  # X-MS-SPOUSE
    assert chidi.occasions == (CardOccasion("anniversary", YearlyDate(1, 13, 2011)),)
    assert chidi.company == "Okafor & Sons"
    assert chidi.city == "Lagos"
    assert "LABEL;TYPE=WORK,PREF:12 Harbour Rd\\nLagos 100001\\nNigeria" in chidi.kept


def test_vcard_40_related_anniversary_uri_phone_and_data_photo() -> None:
    (mateo,) = cards("v4.vcf")
    assert mateo.uid == "urn:uuid:4fbe8971-0bc3-424c-9c26-36c3e1eff6b1"
    assert mateo.birthday == YearlyDate(4, 15)  # --0415
    assert mateo.occasions == (CardOccasion("anniversary", YearlyDate(6, 12, 2010)),)
    assert mateo.partner == "Lucía Fernández"
    assert mateo.kids == (CardKid("Leo"), CardKid("Inés"))
    assert mateo.phones == ("+34-600-123-456",)  # tel: URI
    assert mateo.tags == ("friends", "running-club")
    # A relation that links another card (a URI, not a name) is kept as it is.
    assert "RELATED;TYPE=friend:urn:uuid:03a0e51f-d1aa-4385-8a53-e29025acd8af" in mateo.kept
    assert any(line.startswith("PHOTO:data:image/png;base64,iVBOR") for line in mateo.kept)


def test_bad_cards_are_refused_one_by_one_and_the_rest_come_through() -> None:
    found = read("broken.vcf")
    assert [c.name if isinstance(c, Card) else None for c in found] == [
        "First Good", "Text Birthday", "Bad Line", None, None, "Last Good",
    ]  # fmt: skip
    _, text_bday, bad_line, photo_only, unended, _ = found
    assert isinstance(text_bday, Card) and isinstance(bad_line, Card)
    # A text birthday: refused for that card, with the reason; the line kept as it was.
    assert text_bday.birthday is None
    (problem,) = text_bday.problems
    assert (problem.line, problem.column, problem.value) == (9, "BDAY", "circa 1800")
    assert "not a date" in problem.why
    assert "BDAY;VALUE=text:circa 1800" in text_bday.kept
    # A line vobject can't read is named with its line; the card comes through without it.
    unreadable, someday = bad_line.problems
    assert (unreadable.line, unreadable.value) == (14, "this line has no colon at all")
    assert "vobject" in unreadable.why
    assert (someday.line, someday.column, someday.value) == (15, "BDAY", "someday")
    assert bad_line.emails == ("bad.line@example.org",)
    assert isinstance(photo_only, Problem) and photo_only.line == 18
    assert "names no one" in photo_only.why
    assert isinstance(unended, Problem) and unended.line == 22
    assert "never ends" in unended.why
    assert "line 22, VCARD: the card never ends" in unended.message()


@pytest.mark.parametrize(
    ("bday", "expected"),
    [
        ("BDAY:1990-04-15", YearlyDate(4, 15, 1990)),
        ("BDAY:19900415", YearlyDate(4, 15, 1990)),
        ("BDAY:--0415", YearlyDate(4, 15)),
        ("BDAY:--04-15", YearlyDate(4, 15)),
        ("BDAY:1990-04-15T12:00:00Z", YearlyDate(4, 15, 1990)),
        ("BDAY;VALUE=date-time:19960415T201243+0400", YearlyDate(4, 15, 1996)),
        ("BDAY:1604-04-15", YearlyDate(4, 15)),
        ("BDAY:0000-04-15", YearlyDate(4, 15)),
        ("BDAY;X-APPLE-OMIT-YEAR=1604:1604-04-15", YearlyDate(4, 15)),
        ("BDAY;X-APPLE-OMIT-YEAR=1900:1900-04-15", YearlyDate(4, 15)),
        ("BDAY:09001231", YearlyDate(12, 31, 900)),
    ],
)
def test_every_birthday_form_exporters_write(bday: str, expected: YearlyDate) -> None:
    (card,) = read_vcards(f"BEGIN:VCARD\nVERSION:3.0\nFN:A\n{bday}\nEND:VCARD\n")
    assert isinstance(card, Card)
    assert card.birthday == expected
    assert card.problems == ()


@pytest.mark.parametrize("bday", ["BDAY:someday", "BDAY:19020229", "BDAY:1990-04", "BDAY:foo"])
def test_a_birthday_that_is_no_date_is_refused_with_its_reason(bday: str) -> None:
    (card,) = read_vcards(f"BEGIN:VCARD\nVERSION:4.0\nFN:A\n{bday}\nEND:VCARD\n")
    assert isinstance(card, Card)
    assert card.birthday is None
    (problem,) = card.problems
    assert problem.column == "BDAY" and problem.line == 4
    assert bday in card.kept


def test_a_card_inside_a_card_agent_is_skipped_with_a_problem() -> None:
    text = (
        "BEGIN:VCARD\nVERSION:2.1\nFN:Boss\nAGENT:\nBEGIN:VCARD\nVERSION:2.1\nFN:Assistant\n"
        "END:VCARD\nEMAIL:boss@example.org\nEND:VCARD\n"
    )
    (card,) = read_vcards(text)
    assert isinstance(card, Card)
    assert (card.name, card.emails) == ("Boss", ("boss@example.org",))
    assert [p.column for p in card.problems] == ["AGENT"]


def test_damaged_photo_data_is_left_out_with_a_problem_never_kept() -> None:
    text = "BEGIN:VCARD\nVERSION:3.0\nFN:A\nPHOTO;ENCODING=b;TYPE=JPEG:abcde\nEND:VCARD\n"
    (card,) = read_vcards(text)
    assert isinstance(card, Card)
    assert card.kept == ()
    assert [p.column for p in card.problems] == ["PHOTO"]


def test_names_fall_back_to_n_nickname_email_phone_then_company() -> None:
    def name_of(lines: str) -> str:
        (card,) = read_vcards(f"BEGIN:VCARD\nVERSION:3.0\n{lines}END:VCARD\n")
        assert isinstance(card, Card)
        return card.name

    assert name_of("N:Gump;Forrest;;Mr.;\n") == "Forrest Gump"
    assert name_of("NICKNAME:Bubba\n") == "Bubba"
    assert name_of("TEL:+1 555 0100\nORG:Shrimp Co\n") == "+1 555 0100"
    assert name_of("ORG:Shrimp Co\n") == "Shrimp Co"


def test_utf16_and_windows_1252_files_are_decoded() -> None:
    text = "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Renée Café\r\nEND:VCARD\r\n"
    for data in (text.encode("utf-16"), text.encode("cp1252"), b"\xef\xbb\xbf" + text.encode()):
        (card,) = read_vcards(decode_vcard_bytes(data))
        assert isinstance(card, Card) and card.name == "Renée Café"
