-- Schema v6: two-way sync with the vdirs vdirsyncer carries to a CardDAV/CalDAV server
-- (rj sync). sync_items pairs each synced journal item with its file and keeps the base of
-- the next three-way merge; triggers mark an item dirty in the same transaction as any change
-- to what its file holds, so a sync with nothing to do reads no journal row and no file.
-- Released: never edit this file; a change is a new migration.

-- Where the vdirs are, this journal's UID namespace, and the last run. One row, once set up.
-- Not in `settings`: a copy of the journal restored elsewhere must not carry them along.
CREATE TABLE sync_settings (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    contacts_dir TEXT NOT NULL,
    calendar_dir TEXT NOT NULL,
    namespace TEXT NOT NULL,
    last_run TEXT,
    last_report TEXT
) STRICT;

-- One synced item: its vdir ('contacts' or 'calendar') and UID, the journal row it is
-- (local_id: people, promises, occasions or entries by kind; NULL once that row is gone),
-- its file (href) and that file's etag when last read or written, the field map both sides
-- had then (base, stable JSON), the base before it when the last sync wrote the file (prior:
-- a copy from before that write, put back by vdirsyncer, is told from an edit with it), and
-- dirty = 1 once the journal side changed since.
CREATE TABLE sync_items (
    vdir TEXT NOT NULL CHECK (vdir IN ('contacts', 'calendar')),
    uid TEXT NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN ('person', 'promise', 'occasion', 'entry')),
    local_id INTEGER,
    href TEXT NOT NULL,
    etag TEXT NOT NULL,
    base TEXT NOT NULL,
    prior TEXT,
    dirty INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (vdir, uid)
) STRICT;
CREATE UNIQUE INDEX sync_items_href ON sync_items (vdir, href);
-- The triggers' look-up, and one file per journal item.
CREATE UNIQUE INDEX sync_items_local ON sync_items (kind, local_id) WHERE local_id IS NOT NULL;

-- Files a sync left alone: unreadable, or naming no one in the journal. Kept with the etag
-- they were read at, so each version is reported once; an unreadable one (retry = 0) is not
-- read again while unchanged, the others are, in case the journal can place them now.
-- `what` says which item it is (a note's day and text) so it can be listed.
CREATE TABLE sync_held (
    vdir TEXT NOT NULL,
    href TEXT NOT NULL,
    etag TEXT NOT NULL,
    reason TEXT NOT NULL,
    what TEXT NOT NULL DEFAULT '',
    retry INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (vdir, href)
) STRICT;

-- Promises, occasions and entries deleted on the vdir side: gone from the journal's lists,
-- their last field map kept here (a sync never deletes for good).
CREATE TABLE sync_removed (
    id INTEGER PRIMARY KEY,
    removed_at TEXT NOT NULL,
    kind TEXT NOT NULL,
    uid TEXT NOT NULL,
    fields TEXT NOT NULL,
    what TEXT NOT NULL
) STRICT;

-- A person's card holds these columns, their tags, kids and pets.
CREATE TRIGGER sync_people_update AFTER UPDATE OF name, nickname, company, role, emails,
    phones, city, birthday, partner, met, about, likes, dislikes, channel, reach, rhythm, kept,
    deleted_at ON people BEGIN
    UPDATE sync_items SET dirty = 1 WHERE kind = 'person' AND local_id = new.id AND dirty = 0;
END;

-- The trash hides (and a restore shows) everything a person has.
CREATE TRIGGER sync_people_trash AFTER UPDATE OF deleted_at ON people
WHEN old.deleted_at IS NOT new.deleted_at BEGIN
    UPDATE sync_items SET dirty = 1 WHERE kind = 'promise' AND dirty = 0
        AND local_id IN (SELECT id FROM promises WHERE person_id = new.id);
    UPDATE sync_items SET dirty = 1 WHERE kind = 'occasion' AND dirty = 0
        AND local_id IN (SELECT id FROM occasions WHERE person_id = new.id);
    UPDATE sync_items SET dirty = 1 WHERE kind = 'entry' AND dirty = 0
        AND local_id IN (SELECT entry_id FROM entry_people WHERE person_id = new.id);
END;

CREATE TRIGGER sync_people_delete AFTER DELETE ON people BEGIN
    UPDATE sync_items SET dirty = 1, local_id = NULL WHERE kind = 'person' AND local_id = old.id;
END;

CREATE TRIGGER sync_tags_insert AFTER INSERT ON tags BEGIN
    UPDATE sync_items SET dirty = 1 WHERE kind = 'person' AND local_id = new.person_id;
END;

CREATE TRIGGER sync_tags_delete AFTER DELETE ON tags BEGIN
    UPDATE sync_items SET dirty = 1 WHERE kind = 'person' AND local_id = old.person_id;
END;

CREATE TRIGGER sync_kids_insert AFTER INSERT ON kids BEGIN
    UPDATE sync_items SET dirty = 1 WHERE kind = 'person' AND local_id = new.person_id;
END;

CREATE TRIGGER sync_kids_update AFTER UPDATE ON kids BEGIN
    UPDATE sync_items SET dirty = 1 WHERE kind = 'person'
        AND local_id IN (old.person_id, new.person_id);
END;

CREATE TRIGGER sync_kids_delete AFTER DELETE ON kids BEGIN
    UPDATE sync_items SET dirty = 1 WHERE kind = 'person' AND local_id = old.person_id;
END;

CREATE TRIGGER sync_pets_insert AFTER INSERT ON pets BEGIN
    UPDATE sync_items SET dirty = 1 WHERE kind = 'person' AND local_id = new.person_id;
END;

CREATE TRIGGER sync_pets_update AFTER UPDATE ON pets BEGIN
    UPDATE sync_items SET dirty = 1 WHERE kind = 'person'
        AND local_id IN (old.person_id, new.person_id);
END;

CREATE TRIGGER sync_pets_delete AFTER DELETE ON pets BEGIN
    UPDATE sync_items SET dirty = 1 WHERE kind = 'person' AND local_id = old.person_id;
END;

CREATE TRIGGER sync_promises_update AFTER UPDATE ON promises BEGIN
    UPDATE sync_items SET dirty = 1 WHERE kind = 'promise' AND local_id = new.id;
END;

CREATE TRIGGER sync_promises_delete AFTER DELETE ON promises BEGIN
    UPDATE sync_items SET dirty = 1, local_id = NULL WHERE kind = 'promise' AND local_id = old.id;
END;

CREATE TRIGGER sync_occasions_update AFTER UPDATE ON occasions BEGIN
    UPDATE sync_items SET dirty = 1 WHERE kind = 'occasion' AND local_id = new.id;
END;

CREATE TRIGGER sync_occasions_delete AFTER DELETE ON occasions BEGIN
    UPDATE sync_items SET dirty = 1, local_id = NULL WHERE kind = 'occasion' AND local_id = old.id;
END;

CREATE TRIGGER sync_entries_update AFTER UPDATE ON entries BEGIN
    UPDATE sync_items SET dirty = 1 WHERE kind = 'entry' AND local_id = new.id;
END;

CREATE TRIGGER sync_entries_delete AFTER DELETE ON entries BEGIN
    UPDATE sync_items SET dirty = 1, local_id = NULL WHERE kind = 'entry' AND local_id = old.id;
END;

CREATE TRIGGER sync_entry_people_insert AFTER INSERT ON entry_people BEGIN
    UPDATE sync_items SET dirty = 1 WHERE kind = 'entry' AND local_id = new.entry_id;
END;

CREATE TRIGGER sync_entry_people_delete AFTER DELETE ON entry_people BEGIN
    UPDATE sync_items SET dirty = 1 WHERE kind = 'entry' AND local_id = old.entry_id;
END;
