-- Schema v3: what a person needs to travel to address books and back. people.uid is their
-- stable id (a random UUID unless a contact file gave one), unique and never changed, not even
-- by a merge; people.kept holds the contact properties rjournal has no field for, as vCard
-- content lines joined with LF ('' for none), so an export gives them back. Released: never
-- edit this file; a change is a new migration.

ALTER TABLE people ADD COLUMN uid TEXT NOT NULL DEFAULT '';

ALTER TABLE people ADD COLUMN kept TEXT NOT NULL DEFAULT '';

-- A random (version 4) UUID for everyone already in the journal, trash included.
UPDATE people SET uid = lower(hex(randomblob(4)) || '-' || hex(randomblob(2)) || '-4'
    || substr(hex(randomblob(2)), 2) || '-' || substr('89ab', 1 + (random() & 3), 1)
    || substr(hex(randomblob(2)), 2) || '-' || hex(randomblob(6)));

CREATE UNIQUE INDEX people_uid ON people (uid);

-- Whatever adds a person without a uid, the journal gives them one.
CREATE TRIGGER people_uid_given AFTER INSERT ON people WHEN new.uid = '' BEGIN
    UPDATE people SET uid = lower(hex(randomblob(4)) || '-' || hex(randomblob(2)) || '-4'
        || substr(hex(randomblob(2)), 2) || '-' || substr('89ab', 1 + (random() & 3), 1)
        || substr(hex(randomblob(2)), 2) || '-' || hex(randomblob(6)))
    WHERE id = new.id;
END;

-- Address books and sync pair a person with their cards by uid: once given, it never moves.
CREATE TRIGGER people_uid_fixed BEFORE UPDATE OF uid ON people
WHEN old.uid <> '' AND new.uid IS NOT old.uid BEGIN
    SELECT RAISE(ABORT, 'a person''s uid never changes');
END;
