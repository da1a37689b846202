"""`rj sync`: the journal and its two vdirs (contacts, calendar) brought in step, in one
BEGIN IMMEDIATE transaction.

The walk:

1. List both vdirs: one stat per file, nothing read.
2. In one write: for each vdir, the contacts first (so calendar items can name people who
   just arrived), the candidates are the synced items whose file changed (its etag) or is
   gone, or whose journal side is dirty (triggers, store/sql/v6.sql); then the files with no
   synced item; then the journal items with none. Everything else is left unread.
3. Each candidate: theirs read from its file, ours built from the journal, merged with the
   base (sync.merge); the journal side applied (a person deleted elsewhere goes to the
   trash; a promise, occasion or entry deleted elsewhere is kept in sync_removed), then the
   file written with the etag it was read at (changed since: the item waits for the next run,
   its journal change undone by a savepoint), then the item's state, all in the transaction.
4. The vdirs' writes are made durable together (Vdir.batch), then the journal commits.

A conflict (one field changed differently on both sides) keeps the journal's value and writes
the other into the about of the person concerned (`from sync: the phone had city "Lyon"`),
and into the report. That line travels in the person's card too, which is written before the
item's own file: whichever step a kill -9 stops at, the next run finds the line in the card
or the conflict again, so the other value is never lost (and a line already there is not
added twice).

Killed at any point, the journal is as it was before the run (the transaction), and the files
written so far hold what the journal will hold: the next run reads them as changes from the
base, which merge to the same result. A journal item's file is named after a UID derived from
the journal's namespace and the item's id (uuid5), so a retried upload finds the file it
wrote, reads it and pairs with it, instead of writing a second one.

A sync with nothing to do reads no file and writes none (vdirsyncer then uploads nothing);
it writes one row in the journal: when it ran.
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, tzinfo
from pathlib import Path
from typing import Protocol

from rjournal.domain.model import Entry, NewEntry, NewOccasion, Occasion, Promise
from rjournal.domain.text import one_line
from rjournal.interop.card import Card, Problem
from rjournal.interop.person_card import contact_of
from rjournal.interop.vcard_read import read_vcards
from rjournal.interop.vcard_write import Version, write_vcard
from rjournal.store import sync_journal as sj
from rjournal.store import sync_state as state
from rjournal.store.errors import JournalError
from rjournal.store.journal import Journal
from rjournal.store.sync_state import Kind, VdirName
from rjournal.sync import fields as fm
from rjournal.sync.fast_ical import can_write, read_journal_item, write_journal_item
from rjournal.sync.items import (
    CalendarItem,
    OccasionItem,
    PeopleDirectory,
    PersonRef,
    TodoItem,
    Unreadable,
    read_item,
    write_item,
)
from rjournal.sync.merge import (
    Action,
    Conflict,
    FieldMap,
    canonical,
    decode_fields,
    encode_fields,
    merge_item,
    unstale,
)
from rjournal.sync.report import Report
from rjournal.sync.vdir import (
    CALENDAR_EXT,
    CONTACTS_EXT,
    AlreadyExists,
    ItemNotFound,
    Vdir,
    WrongEtag,
    href_for,
)
from rjournal.sync.vdir import Unreadable as UnreadableFile

Fields = fm.Fields
CARD_VERSION: Version = "3.0"  # what iOS, DAVx5 and every CardDAV server read
_RJOURNAL_PRODID = re.compile(r"^PRODID:-//rjournal//", re.MULTILINE)
_CALENDAR_KINDS: tuple[Kind, ...] = ("promise", "occasion", "entry")
_TABLES = {"promise": "promises", "occasion": "occasions", "entry": "entries"}
NOT_SET_UP = "sync is not set up: `rj sync --setup --contacts DIR --calendar DIR` says where"
# Why a note from elsewhere is not in the journal yet: it waits, and is read again each run.
UNASSIGNED = "names no one in the journal: kept as an unassigned note until it does"


class VdirLike(Protocol):
    """What the walk needs of a vdir: Vdir, or a dry run's stand-in that writes nothing."""

    path: Path
    fileext: str

    def list(self) -> Iterator[tuple[str, str]]: ...
    def get(self, href: str) -> tuple[str, str]: ...
    def etag(self, href: str) -> str | None: ...
    def upload(self, uid: str, text: str) -> tuple[str, str]: ...
    def update(self, href: str, text: str, etag: str) -> str: ...
    def delete(self, href: str, etag: str) -> None: ...
    def batch(self) -> AbstractContextManager[None]: ...


@dataclass(frozen=True)
class Folders:
    contacts: VdirLike
    calendar: VdirLike

    def of(self, vdir: VdirName) -> VdirLike:
        return self.contacts if vdir == "contacts" else self.calendar


def open_folders(contacts_dir: str, calendar_dir: str) -> Folders:
    """The two vdirs, made (0700) if they are not there yet."""
    return Folders(
        Vdir.create(Path(contacts_dir), CONTACTS_EXT), Vdir.create(Path(calendar_dir), CALENDAR_EXT)
    )


class DryVdir:
    """A vdir that reads as the real one and writes nothing: what `--dry-run` would do."""

    def __init__(self, real: VdirLike) -> None:
        self.real = real
        self.path = real.path
        self.fileext = real.fileext

    def list(self) -> Iterator[tuple[str, str]]:
        return self.real.list()

    def get(self, href: str) -> tuple[str, str]:
        return self.real.get(href)

    def etag(self, href: str) -> str | None:
        return self.real.etag(href)

    def upload(self, uid: str, text: str) -> tuple[str, str]:
        href = href_for(uid, self.fileext)
        if self.real.etag(href) is not None:
            raise AlreadyExists(href)
        return href, "dry-run"

    def update(self, href: str, text: str, etag: str) -> str:
        if self.real.etag(href) != etag:
            raise WrongEtag(f"{href} changed since it was read")
        return "dry-run"

    def delete(self, href: str, etag: str) -> None:
        if self.real.etag(href) != etag:
            raise WrongEtag(f"{href} changed since it was read")

    @contextmanager
    def batch(self) -> Iterator[None]:
        yield


class _DryRun(Exception):
    """Ends a dry run's transaction: everything it applied is rolled back."""


@dataclass
class _Theirs:
    """An item as its file holds it."""

    text: str
    etag: str
    kind: Kind
    uid: str | None
    fields: Fields  # what the merge takes: `said`, less a copy from before the last write
    other: str  # who wrote it, for a conflict's line: "the phone" or "another computer"
    card: Card | None = None
    occasions: tuple[NewOccasion, ...] = ()  # a card's: they move to the calendar
    what: str = ""
    said: Fields = field(default_factory=dict)  # the file's own field map

    def __post_init__(self) -> None:
        self.said = self.said or self.fields


_SAME = "same"  # theirs is the base: the file has not changed since the last sync


@dataclass
class _Held:
    reason: str
    what: str = ""
    retry: bool = False  # the journal may place it later (not a file that can't be read)


def run_sync(
    journal: Journal,
    folders: Folders,
    *,
    now: datetime,
    today: date | None = None,
    dry_run: bool = False,
    force_empty: bool = False,
    changes: bool = True,
    zone: tzinfo | None = None,
) -> Report:
    """One sync (see the module); with dry_run, what it would do, with nothing written.

    now: when it runs (an aware time); today: the day new items are dated, if not now's.
    force_empty: go on when a folder is empty where items were synced (see _refuse_emptied).
    changes: list each change in the report (Report.changes), not only count them.
    """
    if dry_run:
        folders = Folders(DryVdir(folders.contacts), DryVdir(folders.calendar))
    walk = _Walk(
        journal,
        folders,
        now=now,
        dry_run=dry_run,
        zone=zone,
        force_empty=force_empty,
        changes=changes or dry_run,
    )
    if today is not None:
        walk.today = today
    return walk.run()


@dataclass
class _Index:
    """The journal's people as files name them (built once the contacts are in step)."""

    by_uid: dict[str, sj.PersonKey]
    by_id: dict[int, sj.PersonKey]
    directory: PeopleDirectory  # live people only: a phone's item never lands in the trash
    uid_by_id: dict[int, str]

    @classmethod
    def build(cls, keys: list[sj.PersonKey]) -> _Index:
        return cls(
            {k.uid: k for k in keys},
            {k.id: k for k in keys},
            PeopleDirectory((k.uid, k.name, k.emails) for k in keys if k.live),
            {k.id: k.uid for k in keys},
        )

    def uid_of(self, ref: PersonRef) -> str | None:
        """The uid of the person a reference names: by uid (the trash included), else the
        email or name of someone not in the trash."""
        if ref.uid:
            known = self.by_uid.get(ref.uid.strip())
            if known is not None:
                return known.uid
        return self.directory.match(ref)

    def ref(self, uid: str) -> PersonRef:
        key = self.by_uid.get(uid)
        if key is None:
            return PersonRef(uid=uid)
        return PersonRef(uid=uid, email=key.emails[0] if key.emails else None, name=key.name)

    def name(self, uid: object) -> str:
        key = self.by_uid.get(uid) if isinstance(uid, str) else None
        return key.name if key is not None else "someone"


@dataclass
class _Walk:
    journal: Journal
    folders: Folders
    now: datetime
    dry_run: bool
    zone: tzinfo | None
    force_empty: bool
    changes: bool  # keep each change's line (a dry run, --verbose): not free on a first sync
    report: Report = field(init=False)
    listing: dict[VdirName, dict[str, str]] = field(init=False)
    today: date = field(init=False)
    stamp: datetime = field(init=False)  # DTSTAMP and LAST-MODIFIED of what it writes
    _index: _Index | None = field(default=None, init=False)
    _touched: set[int] = field(default_factory=set, init=False)  # people to re-derive
    _synced: dict[VdirName, set[str]] = field(default_factory=dict, init=False)  # UIDs by vdir
    _namespace: uuid.UUID = field(init=False)

    def __post_init__(self) -> None:
        self.report = Report(self.now.isoformat(timespec="seconds"), self.dry_run)
        self.today = self.now.astimezone(self.zone).date() if self.zone else self.now.date()
        self.stamp = self.now.astimezone(UTC)
        self.conn = self.journal.conn

    # -- the run ---------------------------------------------------------------------------

    def run(self) -> Report:
        try:
            with self.journal.write():
                settings = state.settings(self.conn)
                if settings is None:
                    raise JournalError(NOT_SET_UP)
                self._namespace = settings.namespace
                # Listed once the journal is ours: a sync that ran meanwhile is all in it.
                self.listing = {
                    "contacts": dict(self.folders.contacts.list()),
                    "calendar": dict(self.folders.calendar.list()),
                }
                self._refuse_emptied()
                with self.folders.contacts.batch(), self.folders.calendar.batch():
                    self._phase("contacts")
                    self._index = _Index.build(sj.people_keys(self.conn))
                    self._phase("calendar")
                    # Last contacts moved by the entries it brought, each person once.
                    sj.refresh_contact(self.conn, sorted(self._touched))
                state.record_run(self.conn, self.report.when, self.report.to_json())
                if self.dry_run:
                    raise _DryRun
        except _DryRun:
            pass
        return self.report

    def _refuse_emptied(self) -> None:
        """A folder found empty where items were synced: more likely a folder not mounted, or
        a mistake, than everyone deleted on purpose (vdirsyncer refuses it too)."""
        if self.force_empty:
            return
        for vdir in ("contacts", "calendar"):
            synced = state.count(self.conn, vdir)
            if synced and not self.listing[vdir]:
                where = self.folders.of(vdir).path
                raise JournalError(
                    f"the {vdir} folder {where} is empty where {synced} items were synced; "
                    "nothing was done (`rj sync --force-empty` deletes them from the journal)"
                )

    def _phase(self, vdir: VdirName) -> None:
        listing = self.listing[vdir]
        rows = state.rows(self.conn, vdir)
        by_href = {row.href: row for row in rows}
        self._synced[vdir] = {row.uid for row in rows}
        for row in rows:
            listed = listing.get(row.href)
            if listed == row.etag and not row.dirty:
                continue
            self._known(row)
        held = state.held(self.conn, vdir)
        unsynced = self._unsynced(vdir, {row.uid for row in rows})
        paired: set[str] = set()
        for href, etag in sorted(listing.items()):
            if href in by_href:
                continue
            kept = held.get(href)
            if kept is not None and kept.etag == etag and not kept.retry:
                continue  # unreadable, and reported when it was read
            self._new_file(vdir, href, etag, unsynced, paired, kept)
        for kind in ("person",) if vdir == "contacts" else _CALENDAR_KINDS:
            waiting = [(uid, lid) for uid, (k, lid) in unsynced.items() if k == kind]
            waiting = [(uid, lid) for uid, lid in waiting if uid not in paired]
            for start in range(0, len(waiting), 500):
                chunk = waiting[start : start + 500]
                ours = self._ours_many(kind, [lid for _uid, lid in chunk])
                for uid, local_id in chunk:
                    if local_id in ours:
                        self._settle(kind, uid, None, local_id, None, None, None, ours[local_id])
        for href in held:
            if href not in listing:
                state.unhold(self.conn, vdir, href)

    def _unsynced(self, vdir: VdirName, taken: set[str]) -> dict[str, tuple[Kind, int]]:
        """The journal items with no file yet, by the UID their file will have."""
        out: dict[str, tuple[Kind, int]] = {}
        if vdir == "contacts":
            ids = state.unsynced(self.conn, "person")
            if ids:
                keys = {k.id: k.uid for k in sj.people_keys(self.conn)}
                out = {keys[pid]: ("person", pid) for pid in ids}
            return out
        for kind in _CALENDAR_KINDS:
            for local_id in state.unsynced(self.conn, kind):
                uid = str(uuid.uuid5(self._namespace, f"{kind}/{local_id}"))
                n = 1
                while uid in taken or uid in out:  # an id used again after a deletion
                    n += 1
                    uid = str(uuid.uuid5(self._namespace, f"{kind}/{local_id}/{n}"))
                out[uid] = (kind, local_id)
        return out

    # -- the three kinds of candidate ------------------------------------------------------

    def _known(self, row: state.SyncRow) -> None:
        """A synced item whose file or journal side changed."""
        folder = self.folders.of(row.vdir)
        listed = self.listing[row.vdir].get(row.href)
        base_text, prior_text = state.base_of(self.conn, row.vdir, row.uid)
        base = decode_fields(base_text)
        theirs: _Theirs | str | None
        if listed is None:
            theirs = None
        elif listed == row.etag:
            theirs = _SAME
        else:
            read = self._read(folder, row.vdir, row.href)
            if read is None:
                return  # gone since the listing: the next run sees it
            if isinstance(read, _Held):
                self._hold(row.vdir, row.href, listed, read)
                return
            if read.kind != row.kind:
                changed = _Held(f"was a {row.kind}, now a {read.kind}", read.what)
                self._hold(row.vdir, row.href, read.etag, changed)
                return
            if prior_text is not None:
                read.fields = unstale(read.fields, decode_fields(prior_text), base)
            theirs = read
        ours: Fields | None
        if row.local_id is None:
            ours = None
        elif row.dirty:
            ours = self._ours_many(row.kind, [row.local_id]).get(row.local_id)
        else:
            ours = base
        self._settle(row.kind, row.uid, row.href, row.local_id, base, row.etag, theirs, ours)

    def _new_file(
        self,
        vdir: VdirName,
        href: str,
        etag: str,
        unsynced: dict[str, tuple[Kind, int]],
        paired: set[str],
        kept: state.Held | None,
    ) -> None:
        """A file with no synced item: a new item, or a journal item's file found again."""
        folder = self.folders.of(vdir)
        read = self._read(folder, vdir, href)
        if read is None:
            return
        if isinstance(read, _Held):
            self._hold(vdir, href, etag, read, kept)
            return
        uid = read.uid or href[: -len(folder.fileext)]
        local_id: int | None = None
        ours: Fields | None = None
        if uid in self._synced[vdir]:
            twin = _Held("has the UID of another item", read.what, retry=True)
            self._hold(vdir, href, read.etag, twin, kept)
            return
        if uid in unsynced:
            kind, local_id = unsynced[uid]
            if kind != read.kind:
                twin = _Held(f"has the UID of a {kind}", read.what, retry=True)
                self._hold(vdir, href, read.etag, twin, kept)
                return
            paired.add(uid)
            ours = self._ours_many(kind, [local_id]).get(local_id)
        if kept is not None:
            state.unhold(self.conn, vdir, href)
        self._settle(read.kind, uid, href, local_id, None, None, read, ours, kept=kept)

    # -- one item --------------------------------------------------------------------------

    def _settle(
        self,
        kind: Kind,
        uid: str,
        href: str | None,
        local_id: int | None,
        base: Fields | None,
        etag: str | None,
        theirs: _Theirs | str | None,
        ours: Fields | None,
        *,
        kept: state.Held | None = None,
    ) -> None:
        """Merge one item, apply the journal side, write its file, keep its state."""
        vdir = state.VDIR_OF[kind]
        read = theirs if isinstance(theirs, _Theirs) else None
        theirs_fields: Fields | None
        if theirs == _SAME:
            theirs_fields = dict(base or {})
        elif read is not None:
            theirs_fields = fm.fill_unsaid(kind, read.fields, base)
        else:
            theirs_fields = None
        merged = merge_item(base, ours, theirs_fields)
        result = merged.fields
        other = read.other if read is not None else "the phone"
        notes = [self._line(kind, c, result or {}, other) for c in merged.conflicts]
        if kind == "person" and notes and result is not None:
            result = dict(result)
            about = str(result.get("about") or "")
            lines = about.splitlines()
            added = [n for n in notes if n not in lines]
            result["about"] = (
                "\n".join([about.rstrip(), *added]) if about.strip() else "\n".join(added)
            )
        journal_action = _action(ours, result)
        changing = journal_action != "none" or bool(notes) or bool(read and read.occasions)
        with self._savepoint(changing) as undo:
            try:
                if journal_action == "create":
                    assert result is not None
                    created = self._create(kind, uid, result, read)
                    if isinstance(created, _Held):
                        undo()
                        if href is not None and read is not None:
                            self._hold(vdir, href, read.etag, created, kept)
                            state.drop(self.conn, vdir, uid)
                        elif href is not None:
                            state.drop(self.conn, vdir, uid)
                        return
                    local_id = created
                elif journal_action == "update":
                    assert result is not None and local_id is not None
                    self._update(kind, local_id, result, read)
                elif journal_action == "delete":
                    assert local_id is not None and ours is not None
                    self._delete(kind, uid, local_id, ours)
                    local_id = None
                if kind == "person" and read is not None and read.occasions and local_id:
                    sj.add_occasions(self.conn, local_id, read.occasions)
                if journal_action in ("create", "update") and local_id is not None:
                    after = self._ours_many(kind, [local_id]).get(local_id)
                elif journal_action == "delete" or local_id is None:
                    after = None
                else:
                    after = canonical(ours) if ours is not None else None
                if kind == "person" and notes:
                    name = str((after or result or {}).get("name") or "someone")
                    self.report.conflicts += [f"{one_line(name)}: {n}" for n in notes]
                elif notes and after is not None:
                    self._note_on_people(after, notes)
                if read is not None:
                    held_now: Fields | None = fm.fill_unsaid(kind, read.said, base)
                else:
                    held_now = base if theirs == _SAME else None
                self._write_side(kind, uid, href, etag, local_id, after, read, held_now)
                if journal_action != "none":
                    named = after or ours or result or {}
                    verb = (
                        "trash"
                        if kind == "person" and journal_action == "delete"
                        else journal_action
                    )
                    self.report.count("journal", kind, verb, self._named(kind, named))
            except (WrongEtag, AlreadyExists, ItemNotFound) as error:
                undo()
                self.report.skipped.append(f"{vdir}/{href or uid}: {error}")

    def _write_side(
        self,
        kind: Kind,
        uid: str,
        href: str | None,
        etag: str | None,
        local_id: int | None,
        after: Fields | None,
        read: _Theirs | None,
        theirs_fields: Fields | None,
    ) -> None:
        """The file made to hold `after` (the journal's item now), and the item's state.

        read: the file, if it was read in this run; theirs_fields: what the file holds, None
        when there is no file.
        """
        vdir = state.VDIR_OF[kind]
        folder = self.folders.of(vdir)
        listing = self.listing[vdir]
        there = theirs_fields is not None
        base_text = None if after is None else encode_fields(after)
        prior: str | None = None
        if after is None:
            if there and href is not None:
                assert etag is not None or read is not None
                folder.delete(href, read.etag if read is not None else etag or "")
                listing.pop(href, None)
                gone = theirs_fields or {}
                self.report.count("folders", kind, "delete", self._named(kind, gone))
            state.drop(self.conn, vdir, uid)
            self._synced[vdir].discard(uid)
            return
        assert local_id is not None and base_text is not None
        rewrite = read is not None and bool(read.occasions)
        if not there:
            text = self._render(kind, uid, after, None)
            href, new_etag = folder.upload(uid, text)
            prior = None
            self.report.count("folders", kind, "create", self._named(kind, after))
        elif canonical(theirs_fields or {}) != after or rewrite:
            assert href is not None
            if read is None:
                previous, read_etag = folder.get(href)
                if read_etag != etag:
                    raise WrongEtag(f"{href} changed since it was read")
            else:
                previous, read_etag = read.text, read.etag
            text = self._render(kind, uid, after, previous)
            new_etag = folder.update(href, text, read_etag)
            if new_etag != read_etag:
                self.report.count("folders", kind, "update", self._named(kind, after))
                prior = encode_fields(theirs_fields or {})
        else:
            assert href is not None
            new_etag = read.etag if read is not None else etag or ""
        listing[href] = new_etag
        state.put(self.conn, vdir, uid, kind, local_id, href, new_etag, base_text, prior)
        self._synced[vdir].add(uid)

    # -- reading files ---------------------------------------------------------------------

    def _read(self, folder: VdirLike, vdir: VdirName, href: str) -> _Theirs | _Held | None:
        try:
            text, etag = folder.get(href)
        except ItemNotFound:
            return None
        except UnreadableFile as error:
            return _Held(str(error))
        other = "another computer" if _RJOURNAL_PRODID.search(text) else "the phone"
        if vdir == "contacts":
            return self._read_card(text, etag, other)
        return self._read_calendar(text, etag, other)

    def _read_card(self, text: str, etag: str, other: str) -> _Theirs | _Held:
        found = list(read_vcards(text))
        if len(found) != 1:
            return _Held(f"holds {len(found)} cards, where a vdir file holds one")
        card = found[0]
        if isinstance(card, Problem):
            return _Held(f"can't be read as a vCard: {card.message()}")
        occasions = tuple(NewOccasion(o.label, o.date) for o in card.occasions)
        return _Theirs(
            text, etag, "person", card.uid or None, fm.person_fields(card), other, card,
            occasions, what=one_line(card.name, 60),
        )  # fmt: skip

    def _read_calendar(self, text: str, etag: str, other: str) -> _Theirs | _Held:
        item = read_journal_item(text) or read_item(text, self.zone or UTC)
        if isinstance(item, Unreadable):
            return _Held(item.reason)
        index = self._people()
        uids = [u for u in (index.uid_of(ref) for ref in (*item.people, *item.hints)) if u]
        uids = list(dict.fromkeys(uids))
        what = _item_what(item)
        if isinstance(item, TodoItem):
            fields = fm.todo_fields(item, uids[0] if uids else None)
            return _Theirs(text, etag, "promise", item.uid, fields, other, what=what)
        if isinstance(item, OccasionItem):
            fields = fm.event_fields(item, uids[0] if uids else None)
            return _Theirs(text, etag, "occasion", item.uid, fields, other, what=what)
        fields = fm.journal_item_fields(item, uids)
        return _Theirs(text, etag, "entry", item.uid, fields, other, what=what)

    # -- the journal side ------------------------------------------------------------------

    def _people(self) -> _Index:
        if self._index is None:
            self._index = _Index.build(sj.people_keys(self.conn))
        return self._index

    def _ours_many(self, kind: Kind, ids: list[int]) -> dict[int, Fields]:
        """The journal's items as field maps; those gone or hidden by the trash left out."""
        if kind == "person":
            return {
                pid: fm.person_fields(fm.contact_card(contact))
                for pid, contact in sj.contacts(self.conn, ids).items()
            }
        uid = self._people().uid_by_id
        if kind == "promise":
            return {
                i: fm.promise_fields(p, uid[p.person_id])
                for i, p in sj.promises(self.conn, ids).items()
            }
        if kind == "occasion":
            return {
                i: fm.occasion_fields(o, uid[pid])
                for i, (o, pid) in sj.occasions(self.conn, ids).items()
            }
        return {
            i: fm.entry_fields(e, [uid[p] for p in e.people])
            for i, e in sj.entries(self.conn, ids).items()
        }

    def _live_ids(self, uids: object) -> list[int]:
        """The ids of the people (uids) not in the trash."""
        index = self._people()
        values = uids if isinstance(uids, frozenset | list | tuple) else [uids]
        out = []
        for uid in sorted(str(u) for u in values if u):
            key = index.by_uid.get(uid)
            if key is not None and key.live:
                out.append(key.id)
        return out

    def _create(self, kind: Kind, uid: str, fields: Fields, read: _Theirs | None) -> int | _Held:
        what = read.what if read is not None else ""
        if kind == "person":
            known = sj.person_key(self.conn, uid)
            if known is not None:
                reason = f"is {one_line(known.name)}, in the trash: `rj restore` brings them back"
                return _Held(reason, what, retry=True)
            card = fm.card_of_fields(fields, uid, [read.card] if read and read.card else [])
            contact = contact_of(card, added_on=self.today)
            if not contact.person.name.strip():
                return _Held("a card without a name", what)
            return self.journal.insert_person(
                self.conn,
                contact.person,
                kids=contact.kids,
                pets=contact.pets,
                occasions=read.occasions if read is not None else (),
                uid=uid,
                kept=contact.kept,
            )
        if kind == "entry":
            people = self._live_ids(fields.get("people"))
            if not people:
                return _Held(UNASSIGNED, what, retry=True)
            entry = _entry_of(fields, people, self.today)
            return sj.add_entry(self.conn, entry, self.now, self._touched)
        people = self._live_ids(fields.get("person"))
        if not people:
            return _Held("names no one in the journal", what, retry=True)
        if kind == "promise":
            text = str(fields.get("text") or "").strip()
            if not text:
                return _Held("a to-do without text", what)
            done = fm._day(fields, "done_on") or (self.today if fields.get("done") else None)
            return sj.add_promise(
                self.conn,
                people[0],
                text,
                fm._day(fields, "created_on") or self.today,
                fm._day(fields, "due"),
                done,
            )
        item = fm.event_of(fields, uid, None)
        if not item.label.strip():
            return _Held("an event without a title", what)
        return sj.insert_occasion(self.conn, people[0], NewOccasion(item.label, item.date))

    def _update(self, kind: Kind, local_id: int, fields: Fields, read: _Theirs | None) -> None:
        if kind == "person":
            hints = [read.card] if read is not None and read.card is not None else []
            card = fm.card_of_fields(fields, "", hints)
            sj.update_contact(self.conn, local_id, contact_of(card, added_on=self.today))
            return
        if kind == "entry":
            current = sj.entries(self.conn, [local_id])[local_id]
            people = self._live_ids(fields.get("people")) or list(current.people)
            entry = _entry_of(fields, people, current.on)
            sj.update_entry(
                self.conn,
                Entry(
                    kind=entry.kind,
                    on=entry.on,
                    text=entry.text,
                    channel=entry.channel,
                    from_them=entry.from_them,
                    people=entry.people,
                    id=local_id,
                ),
                self._touched,
            )
            return
        if kind == "promise":
            promise = sj.promises(self.conn, [local_id])[local_id]
            people = self._live_ids(fields.get("person")) or [promise.person_id]
            text = str(fields.get("text") or "").strip() or promise.text
            done = fm._day(fields, "done_on") or (
                (promise.done_on or self.today) if fields.get("done") else None
            )
            sj.update_promise(
                self.conn,
                Promise(
                    text=text,
                    created_on=fm._day(fields, "created_on") or promise.created_on,
                    due=fm._day(fields, "due"),
                    done_on=done,
                    id=local_id,
                    person_id=people[0],
                ),
            )
            return
        occasion, person_id = sj.occasions(self.conn, [local_id])[local_id]
        people = self._live_ids(fields.get("person")) or [person_id]
        item = fm.event_of(fields, "", None)
        label = item.label.strip() or occasion.label
        sj.update_occasion(self.conn, Occasion(label, item.date, id=local_id), people[0])

    def _delete(self, kind: Kind, uid: str, local_id: int, ours: Fields) -> None:
        if kind == "person":
            sj.trash(self.conn, local_id, self.now)
            return
        what = self._what(kind, ours)
        state.keep_removed(self.conn, self.report.when, kind, uid, encode_fields(ours), what)
        sj.delete_row(self.conn, _TABLES[kind], local_id, self._touched)

    def _note_on_people(self, after: Fields, notes: list[str]) -> None:
        """A calendar item's conflict, kept on its people: in the journal, then their cards."""
        people = after.get("people") if "people" in after else after.get("person")
        index = self._people()
        for person_id in sorted(self._live_ids(people), key=lambda i: index.by_id[i].name):
            changed = [n for n in notes if sj.add_line(self.conn, person_id, n)]
            name = self._people().by_id[person_id].name
            self.report.conflicts += [f"{one_line(name)}: {n}" for n in notes]
            if changed:
                row = state.row_of(self.conn, "person", person_id)
                if row is not None:
                    self._known(row)

    # -- words and text --------------------------------------------------------------------

    def _line(self, kind: Kind, conflict: Conflict, fields: FieldMap, other: str) -> str:
        line = conflict.describe(other)
        if kind == "person":
            return line
        if kind == "entry":
            on = fields.get("on") or "?"
            return f"{line} (the {fields.get('kind') or 'note'} of {on})"
        if kind == "promise":
            return f'{line} (the promise "{one_line(str(fields.get("text") or ""), 40)}")'
        return f"{line} (the occasion {one_line(str(fields.get('label') or ''), 40)})"

    def _named(self, kind: Kind, fields: FieldMap) -> Callable[[], str] | None:
        """The item's name for the list of changes, made only if that list is kept."""
        if not self.changes:
            return None
        return lambda: self._what(kind, fields)

    def _what(self, kind: Kind, fields: FieldMap) -> str:
        if kind == "person":
            return one_line(str(fields.get("name") or "?"), 60)
        index = self._people()
        if kind == "entry":
            people = fields.get("people")
            names = ", ".join(
                sorted(index.name(u) for u in (people if isinstance(people, frozenset) else ()))
            )
            text = one_line(str(fields.get("text") or ""), 50)
            kind_word = fields.get("kind") or "note"
            return f'{kind_word} of {fields.get("on")} with {one_line(names, 60)}: "{text}"'
        if kind == "promise":
            text = one_line(str(fields.get("text") or ""), 50)
            return f'"{text}" for {one_line(index.name(fields.get("person")), 60)}'
        label = one_line(str(fields.get("label") or ""), 50)
        return f"{one_line(index.name(fields.get('person')), 60)}: {label} ({fields.get('date')})"

    def _render(self, kind: Kind, uid: str, fields: Fields, previous: str | None) -> str:
        if kind == "person":
            hints: list[Card] = []
            if previous is not None:
                hints += [c for c in read_vcards(previous) if isinstance(c, Card)]
            return write_vcard(fm.card_of_fields(fields, uid, hints), CARD_VERSION)
        index = self._people()
        item: CalendarItem
        if kind == "promise":
            person = fields.get("person")
            item = fm.todo_of(fields, uid, index.ref(person) if isinstance(person, str) else None)
        elif kind == "occasion":
            person = fields.get("person")
            item = fm.event_of(fields, uid, index.ref(person) if isinstance(person, str) else None)
        else:
            people = fields.get("people")
            refs = sorted(
                (index.ref(u) for u in (people if isinstance(people, frozenset) else ())),
                key=lambda r: (r.name or "", r.uid or ""),
            )
            item = fm.journal_item_of(fields, uid, refs)
            if previous is None and can_write(item):
                return write_journal_item(item, self.stamp)  # write_item's bytes, faster
        return write_item(
            item, self.stamp, previous=previous, owned=lambda ref: index.uid_of(ref) is not None
        )

    def _hold(
        self,
        vdir: VdirName,
        href: str,
        etag: str,
        held: _Held,
        kept: state.Held | None = None,
    ) -> None:
        """Leave a file alone, and say so once per version of it."""
        if kept is None or kept.etag != etag or kept.reason != held.reason:
            shown = f"{vdir}/{href}: {held.reason}" + (f" ({held.what})" if held.what else "")
            self.report.held.append(one_line(shown))
        state.hold(self.conn, vdir, href, state.Held(etag, held.reason, held.what, held.retry))

    @contextmanager
    def _savepoint(self, needed: bool = True) -> Iterator[Callable[[], None]]:
        """One item's journal changes, undone together if its file cannot be written (not
        needed: the item changes nothing in the journal but its own state, written last)."""
        if not needed:
            yield lambda: None
            return
        self.conn.execute("SAVEPOINT sync_item")
        undone = False

        def undo() -> None:
            nonlocal undone
            if not undone:
                self.conn.execute("ROLLBACK TO sync_item")
                undone = True

        try:
            yield undo
        except BaseException:
            undo()
            self.conn.execute("RELEASE sync_item")
            raise
        self.conn.execute("RELEASE sync_item")


def _action(side: FieldMap | None, result: FieldMap | None) -> Action:
    if result is None:
        return "none" if side is None else "delete"
    if side is None:
        return "create"
    return "none" if canonical(side) == canonical(result) else "update"


def _entry_of(fields: Fields, people: list[int], default_on: date) -> NewEntry:
    item = fm.journal_item_of(fields, "", ())
    return NewEntry(
        kind=item.kind,
        on=item.on or default_on,
        text=item.text,
        channel=item.channel,
        from_them=item.from_them,
        people=tuple(people),
    )


def _item_what(item: CalendarItem) -> str:
    if isinstance(item, TodoItem):
        return f'to-do "{one_line(item.text, 50)}"'
    if isinstance(item, OccasionItem):
        return f"event {one_line(item.label, 50)} ({item.date.iso()})"
    on = item.on.isoformat() if item.on else "no date"
    return f'{item.kind} of {on}: "{one_line(item.text, 50)}"'


def waiting_in_folders(journal: Journal, folders: Folders) -> dict[str, int]:
    """What the next sync finds in the folders, without reading a file: items changed
    ("changed"), gone ("gone") and files not synced yet ("new"), per vdir ("changed in
    contacts")."""
    out: dict[str, int] = {}
    with journal.snapshot() as conn:
        for vdir in ("contacts", "calendar"):
            listing = dict(folders.of(vdir).list())
            rows = state.rows(conn, vdir)
            hrefs = {row.href for row in rows}
            held = state.held(conn, vdir)
            counts = {
                "changed": sum(1 for r in rows if r.href in listing and listing[r.href] != r.etag),
                "gone": sum(1 for r in rows if r.href not in listing),
                "new": sum(
                    1
                    for href, etag in listing.items()
                    if href not in hrefs and not (href in held and held[href].etag == etag)
                ),
            }
            out.update({f"{what} in {vdir}": n for what, n in counts.items() if n})
    return out


def local_zone() -> tzinfo | None:
    """The user's time zone, as the system has it."""
    return datetime.now().astimezone().tzinfo


__all__ = ["DryVdir", "Folders", "local_zone", "open_folders", "run_sync", "waiting_in_folders"]
