"""Other tools' CSV in: each fixture mimics one exporter's layout (tests/interop/fixtures/*.csv)."""

from __future__ import annotations

from pathlib import Path

import pytest

from rjournal.domain.dates import YearlyDate
from rjournal.interop.card import Card, CardKid, CardOccasion, Problem
from rjournal.interop.csv_read import CsvReading, decode_csv, read_csv, sniff_delimiter
from rjournal.interop.dates import Order

FIXTURES = Path(__file__).parent / "fixtures"


def reading(name: str, *, date_order: Order | None = None) -> CsvReading:
    return read_csv((FIXTURES / name).read_bytes(), date_order=date_order)


def by_name(found: CsvReading) -> dict[str, Card]:
    return {item.name: item for item in found.items if isinstance(item, Card)}


def test_google_current_layout_multi_values_labels_relations_and_events() -> None:
    found = reading("google.csv")
    assert found.layout == "Google Contacts (current)"
    assert (found.encoding, found.delimiter, found.problems) == ("utf-8", ",", ())
    people = by_name(found)
    zoe = people["Zoë Ångström"]
    assert zoe.line == 2
    assert zoe.nickname == "Zo"
    assert (zoe.company, zoe.role) == ("Nordic Design", "Art Director")
    assert zoe.birthday == YearlyDate(4, 15)  # Google's --04-15
    assert zoe.about == 'Loves sailing, jazz; hates "small talk".\nSecond line.'
    # " ::: " splits; "* myContacts" is no tag; the rest become one-word tags.
    assert zoe.emails == ("zoe@nordic.example", "zoe@old.example", "zoe@home.example")
    assert zoe.tags == ("close-friends", "clients")
    assert zoe.phones == ("+46 70 111 22 33",)
    assert zoe.city == "Malmö"
    assert zoe.partner == "Karin"
    assert zoe.kids == (CardKid("Ebba"), CardKid("Nils"))
    assert zoe.occasions == (CardOccasion("anniversary", YearlyDate(8, 30, 2014)),)
    # What has no field is kept as vCard lines: labels with their values, the address, URL.
    assert "EMAIL;TYPE=Work:zoe@nordic.example" in zoe.kept
    assert "TEL;TYPE=Mobile:+46 70 111 22 33" in zoe.kept
    assert "ADR;TYPE=Home:;;Storgatan 2;Malmö;;211 35;Sweden" in zoe.kept
    assert "URL;TYPE=Profile:https://zoe.example" in zoe.kept
    tom = people["Tom Baker"]
    assert tom.birthday == YearlyDate(1, 20, 1961)
    assert "N:Baker;Tom;;Mr.;" in tom.kept  # the prefix has no field: kept in N
    # A row with only an email is named after it; one with no name or email is refused.
    assert people["only.email@example.com"].emails == ("only.email@example.com",)
    refused = [item for item in found.items if isinstance(item, Problem)]
    assert [(p.line, "names no one" in p.why) for p in refused] == [
        (6, True)
    ]  # Zoë's note: 2 lines


def test_a_cell_that_is_no_date_is_a_problem_with_line_column_value_and_why() -> None:
    bad = by_name(reading("google.csv"))["Bad Birthday"]
    assert bad.birthday is None
    (problem,) = bad.problems
    assert (problem.line, problem.column, problem.value) == (7, "Birthday", "03/04/1990")
    assert "day/month or month/day" in problem.why
    assert problem.message().startswith('line 7, Birthday: "03/04/1990" could be')
    assert "X-CSV-BIRTHDAY:03/04/1990" in bad.kept  # kept, not lost


def test_google_older_layout_with_its_system_group_and_kept_columns() -> None:
    found = reading("google_old.csv")
    assert found.layout == "Google Contacts (older)"
    people = by_name(found)
    dick = people["Richard Feynman"]
    assert (dick.nickname, dick.company, dick.role) == ("Dick", "Caltech", "Professor")
    assert dick.birthday == YearlyDate(5, 11, 1918)
    assert dick.tags == ("physicists",)
    assert dick.emails == ("rich@caltech.example",)
    assert "X-CSV-GENDER:male" in dick.kept and "X-CSV-HOBBY:bongos" in dick.kept
    assert "EMAIL;TYPE=Work:rich@caltech.example" in dick.kept
    nameless = people["no.name@example.com"]
    assert nameless.tags == ()  # "* " alone: no group


def test_outlook_windows_1252_us_dates_spouse_children_and_addresses() -> None:
    found = reading("outlook.csv")
    assert (found.layout, found.encoding) == ("Outlook", "cp1252")
    people = by_name(found)
    renee = people["Renée Claire Dubois"]
    assert (renee.company, renee.role) == ("Café Lumière", "Chef")
    assert renee.birthday == YearlyDate(4, 15, 1978)  # 4/15/1978, Outlook's US order
    assert renee.occasions == (CardOccasion("anniversary", YearlyDate(6, 12, 2005)),)
    assert renee.partner == "Marc"
    assert renee.kids == (CardKid("Léa"), CardKid("Hugo"))
    assert renee.tags == ("clients", "suppliers")
    assert renee.city == "Lyon"
    assert renee.phones == ("+33 4 00 00 00 01", "+33 6 00 00 00 02")
    assert "TEL;TYPE=cell:+33 6 00 00 00 02" in renee.kept
    assert "N:Dubois;Renée;Claire;Ms.;" in renee.kept
    assert "ORG:Café Lumière;Kitchen" in renee.kept
    assert "URL;TYPE=1:https://lumiere.example" not in renee.kept
    sam = people["Sam Porter"]
    assert sam.city == "Boston"
    (problem,) = sam.problems  # 13/04/1990 is no M/D/Y date: refused, never swapped
    assert (problem.column, problem.value) == ("Birthday", "13/04/1990")
    assert "no month 13" in problem.why
    # 3/4/1990 is 4 March in Outlook's order; a file known to be D/M/Y says so.
    assert people["Ann Ambiguous"].birthday == YearlyDate(3, 4, 1990)
    day_first = by_name(reading("outlook.csv", date_order="dmy"))
    assert day_first["Ann Ambiguous"].birthday == YearlyDate(4, 3, 1990)
    assert day_first["Sam Porter"].birthday == YearlyDate(4, 13, 1990)


def test_thunderbird_semicolons_and_birth_year_month_day_columns() -> None:
    found = reading("thunderbird.csv")
    assert (found.layout, found.delimiter) == ("Thunderbird", ";")
    people = by_name(found)
    hana = people["Hana Novak"]
    assert hana.birthday is None  # 29 February 1990 does not exist
    (problem,) = hana.problems
    assert (problem.line, problem.column, problem.value) == (2, "Birth Month", "1990/2/29")
    assert hana.city == "Brno" and hana.about == "Met at a conference"
    petr = people["Petr Svoboda"]
    assert petr.birthday is None and "not a date" in petr.problems[0].why


def test_linkedin_connections_become_how_you_met() -> None:
    found = reading("linkedin.csv")
    assert found.layout == "LinkedIn connections"
    people = by_name(found)
    assert people["Aiko Tanaka"].met == "LinkedIn, connected 15 Jan 2024"
    assert people["Ben Okoro"].met == "LinkedIn, connected 3 Mar 2019"  # 03-Mar-19
    assert people["Ben Okoro"].emails == ()
    assert (people["Aiko Tanaka"].company, people["Aiko Tanaka"].role) == (
        "Tanaka Robotics",
        "CTO",
    )
    assert "URL;TYPE=linkedin:https://www.linkedin.com/in/aikotanaka" in people["Aiko Tanaka"].kept


def test_every_unknown_column_is_named_in_one_problem_and_can_be_ignored() -> None:
    data = b"Action,ID,Name,E-mail Address,Shoe Size\nadd,7,Adam Glacius,adam@example.com,44\n"
    refused = read_csv(data)
    assert refused.items == ()
    (problem,) = refused.problems
    assert refused.unknown_columns == ("Action", "ID", "Shoe Size")
    assert '"Action", "ID", "Shoe Size"' in problem.why and "Outlook" in problem.why
    taken = read_csv(data, ignore_unknown=True)
    (adam,) = taken.items
    assert isinstance(adam, Card) and adam.emails == ("adam@example.com",)
    assert not any("44" in line for line in adam.kept)


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "utf-16", "utf-16-le", "cp1252"])
def test_encodings_are_detected(encoding: str) -> None:
    text = (
        "Display Name;First Name;Last Name;Primary Email\r\nRenée Ørsted;Renée;Ørsted;r@x.org\r\n"
    )
    data = text.encode(encoding)
    found = read_csv(data)
    (renee,) = found.items
    assert isinstance(renee, Card) and renee.name == "Renée Ørsted"


def test_an_explicit_encoding_overrides_detection() -> None:
    data = "First Name,Last Name,Connected On\nRenée,Ø,1 Jan 2020\n".encode()
    (card,) = read_csv(data, encoding="cp1252").items
    assert isinstance(card, Card) and card.name == "RenÃ©e Ã˜"
    bad = read_csv(b"\xff\xfe\x00", encoding="utf-8")
    assert bad.problems and "utf-8" in bad.problems[0].why


def test_cells_of_any_size_and_quoted_cells_over_several_lines() -> None:
    note = "x" * 300_000
    data = f'First Name,Last Name,Connected On,URL\nA,"B\nC",1 Jan 2020,u\nD,E,"{note}",u\n'
    found = read_csv(data.encode())
    first, second = found.items
    assert isinstance(first, Card) and isinstance(second, Card)
    assert (first.name, first.line, second.line) == ("A B C", 2, 4)
    assert second.met == f"LinkedIn, connected {note}"


def test_a_file_in_no_known_layout_or_empty_is_one_problem() -> None:
    assert "not one of the layouts" in read_csv(b"foo,bar\n1,2\n").problems[0].why
    assert read_csv(b"").problems[0].why == "the file has no header"


def test_decoding_and_the_separator_sniffer() -> None:
    assert decode_csv(b"\xef\xbb\xbfa") == ("a", "utf-8-sig")
    assert decode_csv("é".encode("cp1252"))[1] == "cp1252"
    assert sniff_delimiter('"a;b",c,d\n') == ","
    assert sniff_delimiter("a;b;c\n") == ";"
    assert sniff_delimiter("a\tb\n") == "\t"
