-- Schema v1: people, their tags, kids, pets, occasions, entries and promises, with
-- full-text search. Released: never edit this file; a change is a new migration.

CREATE TABLE settings (
    key TEXT PRIMARY KEY,
    value TEXT NOT NULL
) STRICT;

CREATE TABLE people (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL CHECK (name <> ''),
    nickname TEXT NOT NULL DEFAULT '',
    company TEXT NOT NULL DEFAULT '',
    role TEXT NOT NULL DEFAULT '',
    emails TEXT NOT NULL DEFAULT '',
    phones TEXT NOT NULL DEFAULT '',
    city TEXT NOT NULL DEFAULT '',
    birthday TEXT,
    birthday_md TEXT GENERATED ALWAYS AS (substr(birthday, -5)) VIRTUAL,
    partner TEXT NOT NULL DEFAULT '',
    met TEXT NOT NULL DEFAULT '',
    about TEXT NOT NULL DEFAULT '',
    likes TEXT NOT NULL DEFAULT '',
    dislikes TEXT NOT NULL DEFAULT '',
    channel TEXT,
    reach TEXT NOT NULL DEFAULT '',
    rhythm TEXT,
    rhythm_days INTEGER,
    rhythm_avg REAL,
    snoozed_until TEXT,
    archived INTEGER NOT NULL DEFAULT 0,
    deleted_at TEXT,
    added_on TEXT NOT NULL,
    name_key TEXT NOT NULL,
    sort_key TEXT NOT NULL,
    nick_key TEXT NOT NULL DEFAULT '',
    filter_key TEXT NOT NULL DEFAULT '',
    last_contact TEXT,
    last_channel TEXT,
    learned_days INTEGER,
    -- The rhythm in force (own, else the shortest tag default, else learned): shortest and
    -- average length in days, 0 for none. Kept by refresh_rhythms in every write that moves it.
    eff_min INTEGER NOT NULL DEFAULT 0,
    eff_avg REAL NOT NULL DEFAULT 0,
    -- Day numbers (days since 1970-01-01), so ranking is integer arithmetic: the day the
    -- rhythm clock started (last contact, else added), and the earliest day it can fall due.
    -- Plain columns kept by refresh_rhythms (not generated: SQLite will not treat an index on
    -- generated columns as covering, and the ranking scan must not touch the table).
    start_day INTEGER NOT NULL DEFAULT 0,
    due_from INTEGER
) STRICT;
-- Covers ranking who may be due: a range scan with no table look-ups.
CREATE INDEX people_due ON people (
    due_from, start_day, eff_avg, snoozed_until, deleted_at, archived, id)
    WHERE due_from IS NOT NULL AND deleted_at IS NULL AND archived = 0;
CREATE INDEX people_sort ON people (sort_key, id);
CREATE INDEX people_nick ON people (nick_key);
-- Covers the people list and its filter, so a keystroke scans one index, never the table.
CREATE INDEX people_live ON people (sort_key, id, filter_key)
    WHERE deleted_at IS NULL AND archived = 0;
CREATE INDEX people_birthday_md ON people (birthday_md) WHERE birthday IS NOT NULL;

CREATE TABLE tags (
    person_id INTEGER NOT NULL REFERENCES people (id) ON DELETE CASCADE,
    tag TEXT NOT NULL,
    PRIMARY KEY (person_id, tag)
) STRICT, WITHOUT ROWID;
CREATE INDEX tags_by_tag ON tags (tag, person_id);

CREATE TABLE tag_rhythms (
    tag TEXT PRIMARY KEY,
    rhythm TEXT NOT NULL,
    rhythm_days INTEGER NOT NULL,
    rhythm_avg REAL NOT NULL
) STRICT;

CREATE TABLE kids (
    id INTEGER PRIMARY KEY,
    person_id INTEGER NOT NULL REFERENCES people (id) ON DELETE CASCADE,
    name TEXT NOT NULL CHECK (name <> ''),
    birthday TEXT,
    birthday_md TEXT GENERATED ALWAYS AS (substr(birthday, -5)) VIRTUAL,
    notes TEXT NOT NULL DEFAULT '',
    passed_on TEXT
) STRICT;
CREATE INDEX kids_person ON kids (person_id);
CREATE INDEX kids_birthday_md ON kids (birthday_md) WHERE birthday IS NOT NULL;

CREATE TABLE pets (
    id INTEGER PRIMARY KEY,
    person_id INTEGER NOT NULL REFERENCES people (id) ON DELETE CASCADE,
    name TEXT NOT NULL CHECK (name <> ''),
    species TEXT NOT NULL DEFAULT '',
    birthday TEXT,
    birthday_md TEXT GENERATED ALWAYS AS (substr(birthday, -5)) VIRTUAL,
    notes TEXT NOT NULL DEFAULT '',
    passed_on TEXT
) STRICT;
CREATE INDEX pets_person ON pets (person_id);
CREATE INDEX pets_birthday_md ON pets (birthday_md) WHERE birthday IS NOT NULL;

CREATE TABLE occasions (
    id INTEGER PRIMARY KEY,
    person_id INTEGER NOT NULL REFERENCES people (id) ON DELETE CASCADE,
    label TEXT NOT NULL CHECK (label <> ''),
    date TEXT NOT NULL,
    date_md TEXT GENERATED ALWAYS AS (substr(date, -5)) VIRTUAL
) STRICT;
CREATE INDEX occasions_person ON occasions (person_id);
CREATE INDEX occasions_md ON occasions (date_md);

CREATE TABLE entries (
    id INTEGER PRIMARY KEY,
    kind TEXT NOT NULL CHECK (kind IN ('interaction', 'note')),
    on_date TEXT NOT NULL,
    channel TEXT,
    from_them INTEGER NOT NULL DEFAULT 0,
    text TEXT NOT NULL,
    created_at TEXT NOT NULL
) STRICT;
CREATE INDEX entries_on ON entries (on_date);

CREATE TABLE entry_people (
    entry_id INTEGER NOT NULL REFERENCES entries (id) ON DELETE CASCADE,
    person_id INTEGER NOT NULL REFERENCES people (id) ON DELETE CASCADE,
    PRIMARY KEY (entry_id, person_id)
) STRICT, WITHOUT ROWID;
CREATE INDEX entry_people_person ON entry_people (person_id, entry_id);

CREATE TABLE promises (
    id INTEGER PRIMARY KEY,
    person_id INTEGER NOT NULL REFERENCES people (id) ON DELETE CASCADE,
    text TEXT NOT NULL CHECK (text <> ''),
    due TEXT,
    done_on TEXT,
    created_on TEXT NOT NULL
) STRICT;
CREATE INDEX promises_person ON promises (person_id);
CREATE INDEX promises_open_due ON promises (due) WHERE done_on IS NULL;

CREATE VIRTUAL TABLE people_fts USING fts5 (
    name, nickname, company, role, city, partner, about, likes, dislikes,
    content = 'people', content_rowid = 'id', tokenize = 'unicode61 remove_diacritics 2'
);
CREATE TRIGGER people_fts_insert AFTER INSERT ON people BEGIN
    INSERT INTO people_fts (rowid, name, nickname, company, role, city, partner, about, likes,
        dislikes)
    VALUES (new.id, new.name, new.nickname, new.company, new.role, new.city, new.partner,
        new.about, new.likes, new.dislikes);
END;
CREATE TRIGGER people_fts_delete AFTER DELETE ON people BEGIN
    INSERT INTO people_fts (people_fts, rowid, name, nickname, company, role, city, partner,
        about, likes, dislikes)
    VALUES ('delete', old.id, old.name, old.nickname, old.company, old.role, old.city,
        old.partner, old.about, old.likes, old.dislikes);
END;
CREATE TRIGGER people_fts_update
AFTER UPDATE OF name, nickname, company, role, city, partner, about, likes, dislikes ON people
BEGIN
    INSERT INTO people_fts (people_fts, rowid, name, nickname, company, role, city, partner,
        about, likes, dislikes)
    VALUES ('delete', old.id, old.name, old.nickname, old.company, old.role, old.city,
        old.partner, old.about, old.likes, old.dislikes);
    INSERT INTO people_fts (rowid, name, nickname, company, role, city, partner, about, likes,
        dislikes)
    VALUES (new.id, new.name, new.nickname, new.company, new.role, new.city, new.partner,
        new.about, new.likes, new.dislikes);
END;

CREATE VIRTUAL TABLE entries_fts USING fts5 (
    text, content = 'entries', content_rowid = 'id',
    tokenize = 'unicode61 remove_diacritics 2'
);
CREATE TRIGGER entries_fts_insert AFTER INSERT ON entries BEGIN
    INSERT INTO entries_fts (rowid, text) VALUES (new.id, new.text);
END;
CREATE TRIGGER entries_fts_delete AFTER DELETE ON entries BEGIN
    INSERT INTO entries_fts (entries_fts, rowid, text) VALUES ('delete', old.id, old.text);
END;
CREATE TRIGGER entries_fts_update AFTER UPDATE OF text ON entries BEGIN
    INSERT INTO entries_fts (entries_fts, rowid, text) VALUES ('delete', old.id, old.text);
    INSERT INTO entries_fts (rowid, text) VALUES (new.id, new.text);
END;
