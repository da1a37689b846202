-- Schema v7: what one person's history costs is what is shown of it, whatever its length.
-- Each link of an entry to a person carries the entry's day, kind and who reached out, so one
-- index gives a person's entries newest first; each person's contact days and the gaps
-- between them are kept, so the learned rhythm (the median gap) follows each change instead
-- of being worked out from every interaction again; who reached out in someone's latest
-- interactions is kept on them, for the monthly review; and a covering index serves the
-- people list. Triggers keep the first two in the transaction of every change; store.derived
-- keeps the people columns. Released: never edit this file; a change is a new migration.

-- Copies of the linked entry's on_date, kind = 'interaction' and from_them (NULL on_date only
-- for a moment, until entry_people_dated fills it in), for the index below.
ALTER TABLE entry_people ADD COLUMN on_date TEXT;

ALTER TABLE entry_people ADD COLUMN interaction INTEGER NOT NULL DEFAULT 0;

ALTER TABLE entry_people ADD COLUMN from_them INTEGER NOT NULL DEFAULT 0;

UPDATE entry_people SET (on_date, interaction, from_them) = (
    SELECT e.on_date, e.kind = 'interaction', e.from_them FROM entries e
    WHERE e.id = entry_people.entry_id);

-- A person's entries by day, newest first from the end, with what their timeline, their last
-- entry and their latest interactions need; it serves every other look-up by person too.
CREATE INDEX entry_people_dated ON entry_people (
    person_id, on_date, entry_id, interaction, from_them);

DROP INDEX entry_people_person;

-- Each person's contact days (days with an interaction, as days since 1970-01-01) and how
-- many interactions each holds.
CREATE TABLE contact_days (
    person_id INTEGER NOT NULL REFERENCES people (id) ON DELETE CASCADE,
    day INTEGER NOT NULL,
    n INTEGER NOT NULL,
    PRIMARY KEY (person_id, day)
) STRICT, WITHOUT ROWID;

-- The gaps between each person's consecutive contact days, counted by their length in days:
-- the learned rhythm is the median of these.
CREATE TABLE contact_gaps (
    person_id INTEGER NOT NULL REFERENCES people (id) ON DELETE CASCADE,
    gap INTEGER NOT NULL,
    n INTEGER NOT NULL,
    PRIMARY KEY (person_id, gap)
) STRICT, WITHOUT ROWID;

INSERT INTO contact_days (person_id, day, n)
SELECT person_id, CAST(julianday(on_date) - 2440587.5 AS INTEGER), count(*)
FROM entry_people WHERE interaction GROUP BY 1, 2;

INSERT INTO contact_gaps (person_id, gap, n)
SELECT person_id, gap, count(*) FROM (
    SELECT person_id, day - lag(day) OVER (PARTITION BY person_id ORDER BY day) AS gap
    FROM contact_days)
WHERE gap IS NOT NULL GROUP BY 1, 2;

-- A link made takes its entry's day, kind and who reached out; an interaction counts on its
-- contact day.
CREATE TRIGGER entry_people_dated AFTER INSERT ON entry_people BEGIN
    UPDATE entry_people SET (on_date, interaction, from_them) = (
        SELECT e.on_date, e.kind = 'interaction', e.from_them FROM entries e
        WHERE e.id = new.entry_id)
    WHERE entry_id = new.entry_id AND person_id = new.person_id;
    INSERT INTO contact_days (person_id, day, n)
    SELECT new.person_id, CAST(julianday(e.on_date) - 2440587.5 AS INTEGER), 1
    FROM entries e WHERE e.id = new.entry_id AND e.kind = 'interaction'
    ON CONFLICT (person_id, day) DO UPDATE SET n = n + 1;
END;

-- A link gone no longer counts on its contact day (unless its person is going too: their
-- days and gaps go with them).
CREATE TRIGGER entry_people_undated AFTER DELETE ON entry_people
WHEN old.interaction AND EXISTS (SELECT 1 FROM people WHERE id = old.person_id) BEGIN
    UPDATE contact_days SET n = n - 1
    WHERE person_id = old.person_id
        AND day = CAST(julianday(old.on_date) - 2440587.5 AS INTEGER);
    DELETE FROM contact_days
    WHERE person_id = old.person_id
        AND day = CAST(julianday(old.on_date) - 2440587.5 AS INTEGER) AND n = 0;
END;

-- Links are made and removed, never moved: what they carry follows from that.
CREATE TRIGGER entry_people_fixed BEFORE UPDATE OF entry_id, person_id ON entry_people BEGIN
    SELECT RAISE(ABORT, 'an entry''s link to a person is made or removed, never changed');
END;

-- An entry given another day, kind or who reached out: its links follow, and so do the
-- contact days of its people.
CREATE TRIGGER entries_dated AFTER UPDATE OF on_date, kind, from_them ON entries
WHEN old.on_date IS NOT new.on_date OR old.kind IS NOT new.kind
    OR old.from_them IS NOT new.from_them BEGIN
    UPDATE contact_days SET n = n - 1
    WHERE (old.on_date IS NOT new.on_date OR old.kind IS NOT new.kind)
        AND old.kind = 'interaction'
        AND day = CAST(julianday(old.on_date) - 2440587.5 AS INTEGER)
        AND person_id IN (SELECT person_id FROM entry_people WHERE entry_id = new.id);
    DELETE FROM contact_days
    WHERE n = 0 AND day = CAST(julianday(old.on_date) - 2440587.5 AS INTEGER)
        AND person_id IN (SELECT person_id FROM entry_people WHERE entry_id = new.id);
    UPDATE entry_people
    SET on_date = new.on_date, interaction = new.kind = 'interaction', from_them = new.from_them
    WHERE entry_id = new.id;
    INSERT INTO contact_days (person_id, day, n)
    SELECT person_id, CAST(julianday(new.on_date) - 2440587.5 AS INTEGER), 1
    FROM entry_people
    WHERE entry_id = new.id AND (old.on_date IS NOT new.on_date OR old.kind IS NOT new.kind)
        AND new.kind = 'interaction'
    ON CONFLICT (person_id, day) DO UPDATE SET n = n + 1;
END;

-- A new contact day splits the gap around it in two (or makes one, at either end).
CREATE TRIGGER contact_day_added AFTER INSERT ON contact_days BEGIN
    UPDATE contact_gaps SET n = n - 1
    WHERE person_id = new.person_id AND gap = (
        SELECT min(day) FROM contact_days WHERE person_id = new.person_id AND day > new.day
    ) - (
        SELECT max(day) FROM contact_days WHERE person_id = new.person_id AND day < new.day);
    DELETE FROM contact_gaps WHERE person_id = new.person_id AND n = 0;
    INSERT INTO contact_gaps (person_id, gap, n)
    SELECT new.person_id, gap, 1 FROM (
        SELECT new.day - max(day) AS gap FROM contact_days
        WHERE person_id = new.person_id AND day < new.day
        UNION ALL
        SELECT min(day) - new.day FROM contact_days
        WHERE person_id = new.person_id AND day > new.day)
    WHERE gap IS NOT NULL
    ON CONFLICT (person_id, gap) DO UPDATE SET n = n + 1;
END;

-- A contact day gone joins the gaps on either side of it into one (unless its person is going
-- too).
CREATE TRIGGER contact_day_removed AFTER DELETE ON contact_days
WHEN EXISTS (SELECT 1 FROM people WHERE id = old.person_id) BEGIN
    UPDATE contact_gaps SET n = n - 1
    WHERE person_id = old.person_id AND gap = old.day - (
        SELECT max(day) FROM contact_days WHERE person_id = old.person_id AND day < old.day);
    UPDATE contact_gaps SET n = n - 1
    WHERE person_id = old.person_id AND gap = (
        SELECT min(day) FROM contact_days WHERE person_id = old.person_id AND day > old.day
    ) - old.day;
    DELETE FROM contact_gaps WHERE person_id = old.person_id AND n = 0;
    INSERT INTO contact_gaps (person_id, gap, n)
    SELECT old.person_id, gap, 1 FROM (
        SELECT (
            SELECT min(day) FROM contact_days WHERE person_id = old.person_id AND day > old.day
        ) - (
            SELECT max(day) FROM contact_days WHERE person_id = old.person_id AND day < old.day
        ) AS gap)
    WHERE gap IS NOT NULL
    ON CONFLICT (person_id, gap) DO UPDATE SET n = n + 1;
END;

-- Who reached out in a person's latest interactions (up to five, newest first): how many
-- there are, and a bit for each that came from them (1 the newest, 2 the one before it...).
-- Kept by store.derived with last_contact, in every write that moves it.
ALTER TABLE people ADD COLUMN recent_n INTEGER NOT NULL DEFAULT 0;

ALTER TABLE people ADD COLUMN recent_them INTEGER NOT NULL DEFAULT 0;

UPDATE people SET (recent_n, recent_them) = (
    SELECT count(*), coalesce(sum(from_them << (k - 1)), 0) FROM (
        SELECT ep.from_them AS from_them,
            row_number() OVER (ORDER BY ep.on_date DESC, ep.entry_id DESC) AS k
        FROM entry_people ep WHERE ep.person_id = people.id AND ep.interaction
        ORDER BY ep.on_date DESC, ep.entry_id DESC LIMIT 5));

-- Covers the people list, archived people included: no look-up in the table per person.
CREATE INDEX people_list ON people (
    sort_key, id, name, nickname, company, last_contact, archived)
    WHERE deleted_at IS NULL;
