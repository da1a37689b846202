-- Schema v5: who waits on your answer, and the touches logged from mail and calendar files.
-- Released: never edit this file; a change is a new migration.

-- 1 when the latest interaction with someone came from them and waits on your answer (its day
-- is last_contact); kept by store.derived with last_contact, in every write that moves it.
ALTER TABLE people ADD COLUMN awaiting INTEGER NOT NULL DEFAULT 0;

UPDATE people SET awaiting = coalesce((
    SELECT e.from_them FROM entry_people ep JOIN entries e ON e.id = ep.entry_id
    WHERE ep.person_id = people.id AND e.kind = 'interaction'
    ORDER BY e.on_date DESC, e.id DESC LIMIT 1), 0)
WHERE last_contact IS NOT NULL;

-- Covers ranking who waits on an answer: a range scan with no table look-ups.
CREATE INDEX people_awaiting ON people (start_day, eff_avg, due_from, snoozed_until, id)
    WHERE awaiting = 1 AND deleted_at IS NULL AND archived = 0;

-- Every message `rj ingest mail` has counted for a person, and the interaction it stands for
-- (NULL once that interaction is deleted: the message stays counted, never logged again).
CREATE TABLE mail_seen (
    person_id INTEGER NOT NULL REFERENCES people (id) ON DELETE CASCADE,
    message_id TEXT NOT NULL,
    entry_id INTEGER REFERENCES entries (id) ON DELETE SET NULL,
    PRIMARY KEY (person_id, message_id)
) STRICT, WITHOUT ROWID;
CREATE INDEX mail_seen_entry ON mail_seen (entry_id) WHERE entry_id IS NOT NULL;

-- An interaction logged from mail that they began and the day ended on your answer: it came
-- from them, and waits on nothing.
CREATE TABLE mail_answered (
    entry_id INTEGER PRIMARY KEY REFERENCES entries (id) ON DELETE CASCADE
) STRICT;

-- Every event occurrence `rj ingest calendar` has logged, by UID and day.
CREATE TABLE calendar_seen (
    uid TEXT NOT NULL,
    day TEXT NOT NULL,
    entry_id INTEGER REFERENCES entries (id) ON DELETE SET NULL,
    PRIMARY KEY (uid, day)
) STRICT, WITHOUT ROWID;
CREATE INDEX calendar_seen_entry ON calendar_seen (entry_id) WHERE entry_id IS NOT NULL;

