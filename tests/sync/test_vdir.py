"""The vdir format, held against vdirsyncer's own filesystem storage and helpers."""

from __future__ import annotations

import asyncio
import os
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from vdirsyncer.storage.filesystem import FilesystemStorage
from vdirsyncer.utils import generate_href, get_etag_from_file
from vdirsyncer.vobject import Item

from rjournal.sync.vdir import (
    CONTACTS_EXT,
    SAFE_UID_CHARS,
    AlreadyExists,
    ItemNotFound,
    Unreadable,
    Vdir,
    VdirError,
    WrongEtag,
    etag_of,
    href_for,
)

CARD = "BEGIN:VCARD\r\nVERSION:3.0\r\nUID:{uid}\r\nFN:{name}\r\nEND:VCARD\r\n"


def card(uid: str, name: str = "Anna Berg") -> str:
    return CARD.format(uid=uid, name=name)


@pytest.fixture
def vdir(tmp_path: Path) -> Vdir:
    return Vdir.create(tmp_path / "contacts", CONTACTS_EXT)


def vdirsyncer_list(path: Path, fileext: str = CONTACTS_EXT) -> dict[str, str]:
    """What vdirsyncer's own storage lists: href -> etag."""

    async def collect() -> dict[str, str]:
        storage = FilesystemStorage(path=str(path), fileext=fileext)
        return {href: etag async for href, etag in storage.list()}

    return asyncio.run(collect())


def test_create_makes_a_private_folder(tmp_path: Path) -> None:
    Vdir.create(tmp_path / "a" / "contacts", CONTACTS_EXT)
    assert (tmp_path / "a" / "contacts").stat().st_mode & 0o777 == 0o700
    with pytest.raises(VdirError, match="not a folder"):
        Vdir(tmp_path / "missing", CONTACTS_EXT)


@given(st.text(max_size=40))
def test_href_is_vdirsyncers_for_safe_uids_and_stable_and_safe_otherwise(uid: str) -> None:
    href = href_for(uid, ".vcf")
    if uid and not set(uid) - SAFE_UID_CHARS:
        assert href == generate_href(uid) + ".vcf" == uid + ".vcf"
    else:
        assert href == href_for(uid, ".vcf")  # the same name on every try
        assert not set(href) - SAFE_UID_CHARS


def test_uid_with_characters_vdirsyncer_avoids_gets_a_uuid_name(vdir: Vdir) -> None:
    href, _ = vdir.upload("anna@example.com", card("anna@example.com"))
    assert href != "anna@example.com.vcf" and "@" not in href
    assert href.endswith(".vcf") and len(href) == 36 + 4


def test_a_uid_too_long_for_a_file_name_falls_back(vdir: Vdir) -> None:
    uid = "a" * 300
    href, _ = vdir.upload(uid, card(uid))
    assert len(href) == 36 + 4
    assert vdir.get(href)[0] == card(uid)


def test_upload_writes_a_private_file_with_vdirsyncers_etag(vdir: Vdir) -> None:
    old = os.umask(0)
    try:
        href, etag = vdir.upload("anna-1", card("anna-1"))
    finally:
        os.umask(old)
    path = vdir.path / href
    assert href == "anna-1.vcf"
    assert path.stat().st_mode & 0o777 == 0o600
    assert etag == get_etag_from_file(str(path)) == etag_of(path.stat())
    assert vdir.get(href) == (card("anna-1"), etag)
    assert [name for name in os.listdir(vdir.path)] == ["anna-1.vcf"]  # no temporary left


def test_upload_never_replaces_an_item(vdir: Vdir) -> None:
    vdir.upload("anna-1", card("anna-1"))
    with pytest.raises(AlreadyExists) as raised:
        vdir.upload("anna-1", card("anna-1", "Someone Else"))
    assert raised.value.href == "anna-1.vcf"
    assert "Anna Berg" in vdir.get("anna-1.vcf")[0]
    assert os.listdir(vdir.path) == ["anna-1.vcf"]


def test_list_takes_what_vdirsyncer_takes(vdir: Vdir) -> None:
    vdir.upload("b", card("b"))
    vdir.upload("a", card("a"))
    (vdir.path / "notes.txt").write_text("not an item")
    (vdir.path / "half.vcf.tmp").write_text(card("x"))
    (vdir.path / "folder.vcf").mkdir()
    listed = list(vdir.list())
    assert [href for href, _ in listed] == ["a.vcf", "b.vcf"]
    assert dict(listed) == vdirsyncer_list(vdir.path)


def test_vdirsyncers_own_writes_read_back_with_its_etags(vdir: Vdir) -> None:
    async def write() -> tuple[str, str]:
        storage = FilesystemStorage(path=str(vdir.path), fileext=CONTACTS_EXT)
        href, etag = await storage.upload(Item(card("from-vdirsyncer")))
        return str(href), str(etag)

    href, etag = asyncio.run(write())
    assert dict(vdir.list()) == {href: etag}
    assert vdir.get(href) == (card("from-vdirsyncer"), etag)


def test_update_with_the_same_text_writes_nothing(vdir: Vdir) -> None:
    href, etag = vdir.upload("anna-1", card("anna-1"))
    before = (vdir.path / href).stat()
    assert vdir.update(href, card("anna-1"), etag) == etag
    after = (vdir.path / href).stat()
    assert (after.st_mtime_ns, after.st_ino) == (before.st_mtime_ns, before.st_ino)
    assert vdirsyncer_list(vdir.path) == {href: etag}


def test_update_replaces_the_file_and_returns_the_new_etag(vdir: Vdir) -> None:
    href, etag = vdir.upload("anna-1", card("anna-1"))
    new_etag = vdir.update(href, card("anna-1", "Anna Lind"), etag)
    assert new_etag != etag
    assert vdir.get(href) == (card("anna-1", "Anna Lind"), new_etag)
    assert vdirsyncer_list(vdir.path) == {href: new_etag}
    assert (vdir.path / href).stat().st_mode & 0o777 == 0o600


def test_update_and_delete_refuse_a_file_changed_since_it_was_read(vdir: Vdir) -> None:
    href, etag = vdir.upload("anna-1", card("anna-1"))
    vdir.update(href, card("anna-1", "Changed by khard"), etag)
    with pytest.raises(WrongEtag):
        vdir.update(href, card("anna-1", "rjournal's"), etag)
    with pytest.raises(WrongEtag):
        vdir.delete(href, etag)
    assert "Changed by khard" in vdir.get(href)[0]


def test_delete_removes_the_item(vdir: Vdir) -> None:
    href, etag = vdir.upload("anna-1", card("anna-1"))
    vdir.delete(href, etag)
    assert list(vdir.list()) == []
    with pytest.raises(ItemNotFound):
        vdir.delete(href, etag)
    with pytest.raises(ItemNotFound):
        vdir.get(href)
    assert vdir.etag(href) is None


def test_a_file_that_is_not_text_is_reported(vdir: Vdir) -> None:
    (vdir.path / "latin1.vcf").write_bytes(card("x", "Zo\xeb").encode("latin-1"))
    with pytest.raises(Unreadable, match=r"latin1\.vcf is not utf-8 text"):
        vdir.get("latin1.vcf")
    etag = vdir.etag("latin1.vcf")
    assert etag is not None
    assert vdir.update("latin1.vcf", card("x", "Zoë"), etag) != etag
    assert "Zoë" in vdir.get("latin1.vcf")[0]


@pytest.mark.parametrize(
    "href", ["../escape.vcf", "sub/dir.vcf", ".hidden.vcf", "a.vcf.tmp", "card.ics", "nul\0.vcf"]
)
def test_an_href_must_name_an_item_in_the_folder(vdir: Vdir, href: str) -> None:
    with pytest.raises(VdirError, match="is not an item name"):
        vdir.get(href)


def test_a_batch_of_writes_reads_back_with_the_etags_it_returned(vdir: Vdir) -> None:
    with vdir.batch():
        written = dict(vdir.upload(f"e{i}", card(f"e{i}")) for i in range(20))
        with vdir.batch():  # nested: the outer batch ends it
            vdir.delete("e0.vcf", written.pop("e0.vcf"))
        written["e1.vcf"] = vdir.update("e1.vcf", card("e1", "Anna Lind"), written["e1.vcf"])
    assert dict(vdir.list()) == written == vdirsyncer_list(vdir.path)
    assert "Anna Lind" in vdir.get("e1.vcf")[0]
    assert vdir._unsynced == []


def test_a_batch_that_fails_still_ends(vdir: Vdir) -> None:
    with pytest.raises(RuntimeError), vdir.batch():
        vdir.upload("a", card("a"))
        raise RuntimeError("the journal refused")
    assert (vdir._batch_depth, vdir._unsynced) == (0, [])
    assert [href for href, _ in vdir.list()] == ["a.vcf"]
