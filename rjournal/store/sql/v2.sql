-- Schema v2: each person's CSV export row kept ready. The view export_cells says what each
-- cell holds, the table export_rows keeps the cells joined with US (char 31), and triggers on
-- every table a cell reads rewrite a person's row in the same transaction as the change.
-- The rhythm and next_due cells are store.rhythm_sql's builders written out. Released: never
-- edit this file; a change is a new migration.

CREATE VIEW export_cells AS SELECT people.sort_key AS sort_key,
    people.snoozed_until AS snoozed_until,
    people.id AS person_id,
    people.name AS name,
    people.nickname AS nickname,
    people.company AS company,
    people.role AS role,
    replace(people.emails, char(10), '; ') AS emails,
    replace(people.phones, char(10), '; ') AS phones,
    people.city AS city,
    coalesce(people.birthday, '') AS birthday,
    people.partner AS partner,
    coalesce((SELECT group_concat(item, '; ') FROM (SELECT x.name || CASE
    WHEN x.birthday IS NOT NULL AND x.passed_on IS NOT NULL
        THEN ' (' || x.birthday || ', passed ' || x.passed_on || ')'
    WHEN x.birthday IS NOT NULL THEN ' (' || x.birthday || ')'
    WHEN x.passed_on IS NOT NULL THEN ' (passed ' || x.passed_on || ')'
    ELSE '' END AS item FROM kids x
        WHERE x.person_id = people.id ORDER BY coalesce(x.birthday, '9999'), x.id)), '') AS kids,
    coalesce((SELECT group_concat(item, '; ') FROM (SELECT x.name || CASE WHEN x.species <> '' THEN ', ' || x.species
        ELSE '' END || CASE
    WHEN x.birthday IS NOT NULL AND x.passed_on IS NOT NULL
        THEN ' (' || x.birthday || ', passed ' || x.passed_on || ')'
    WHEN x.birthday IS NOT NULL THEN ' (' || x.birthday || ')'
    WHEN x.passed_on IS NOT NULL THEN ' (passed ' || x.passed_on || ')'
    ELSE '' END AS item FROM pets x WHERE x.person_id = people.id
        ORDER BY x.id)), '') AS pets,
    coalesce((SELECT group_concat(item, '; ') FROM (SELECT t.tag AS item FROM tags t WHERE t.person_id = people.id
        ORDER BY t.tag)), '') AS tags,
    CASE WHEN coalesce(people.rhythm, d.rhythm) IS NOT NULL THEN CASE coalesce(people.rhythm, d.rhythm) WHEN 'none' THEN 'none' WHEN '1w' THEN 'weekly'
        WHEN '1m' THEN 'monthly' WHEN '3m' THEN 'quarterly' WHEN '1y' THEN 'yearly'
        ELSE 'every ' || iif(CAST(substr(coalesce(people.rhythm, d.rhythm), 1, length(coalesce(people.rhythm, d.rhythm)) - 1) AS INTEGER) = 1, '', CAST(substr(coalesce(people.rhythm, d.rhythm), 1, length(coalesce(people.rhythm, d.rhythm)) - 1) AS INTEGER) || ' ') || CASE substr(coalesce(people.rhythm, d.rhythm), -1)
            WHEN 'd' THEN 'day' WHEN 'w' THEN 'week' WHEN 'm' THEN 'month' ELSE 'year' END
            || iif(CAST(substr(coalesce(people.rhythm, d.rhythm), 1, length(coalesce(people.rhythm, d.rhythm)) - 1) AS INTEGER) = 1, '', 's') END
        || iif(people.rhythm IS NULL, ' (tag ' || d.tag || ')', ' (own)')
    WHEN people.learned_days THEN iif(people.learned_days = 1, 'every day', 'every ' || people.learned_days || ' days')
        || ' (learned)'
    ELSE '' END AS rhythm,
    coalesce(people.last_contact, '') AS last_contact,
    CASE WHEN people.archived OR coalesce(people.rhythm, d.rhythm) = 'none' THEN ''
    WHEN coalesce(people.rhythm, d.rhythm) IS NOT NULL THEN CASE substr(coalesce(people.rhythm, d.rhythm), -1)
        WHEN 'd' THEN date(coalesce(people.last_contact, people.added_on), '+' || CAST(substr(coalesce(people.rhythm, d.rhythm), 1, length(coalesce(people.rhythm, d.rhythm)) - 1) AS INTEGER) || ' days')
        WHEN 'w' THEN date(coalesce(people.last_contact, people.added_on), '+' || (7 * CAST(substr(coalesce(people.rhythm, d.rhythm), 1, length(coalesce(people.rhythm, d.rhythm)) - 1) AS INTEGER)) || ' days')
        WHEN 'm' THEN iif(substr(date(coalesce(people.last_contact, people.added_on), '+' || CAST(substr(coalesce(people.rhythm, d.rhythm), 1, length(coalesce(people.rhythm, d.rhythm)) - 1) AS INTEGER) || ' months'), 9) = substr(coalesce(people.last_contact, people.added_on), 9), date(coalesce(people.last_contact, people.added_on), '+' || CAST(substr(coalesce(people.rhythm, d.rhythm), 1, length(coalesce(people.rhythm, d.rhythm)) - 1) AS INTEGER) || ' months'), date(date(coalesce(people.last_contact, people.added_on), '+' || CAST(substr(coalesce(people.rhythm, d.rhythm), 1, length(coalesce(people.rhythm, d.rhythm)) - 1) AS INTEGER) || ' months'), 'start of month', '-1 day')) ELSE iif(substr(date(coalesce(people.last_contact, people.added_on), '+' || CAST(substr(coalesce(people.rhythm, d.rhythm), 1, length(coalesce(people.rhythm, d.rhythm)) - 1) AS INTEGER) || ' years'), 9) = substr(coalesce(people.last_contact, people.added_on), 9), date(coalesce(people.last_contact, people.added_on), '+' || CAST(substr(coalesce(people.rhythm, d.rhythm), 1, length(coalesce(people.rhythm, d.rhythm)) - 1) AS INTEGER) || ' years'), date(date(coalesce(people.last_contact, people.added_on), '+' || CAST(substr(coalesce(people.rhythm, d.rhythm), 1, length(coalesce(people.rhythm, d.rhythm)) - 1) AS INTEGER) || ' years'), 'start of month', '-1 day')) END
    WHEN people.learned_days THEN date(coalesce(people.last_contact, people.added_on), '+' || people.learned_days || ' days')
    ELSE '' END AS due,
    coalesce((SELECT group_concat(item, '; ') FROM (SELECT x.text || CASE WHEN x.due IS NOT NULL
        THEN ' (due ' || x.due || ')' ELSE '' END AS item FROM promises x
        WHERE x.person_id = people.id AND x.done_on IS NULL
        ORDER BY coalesce(x.due, '9999'), x.id)), '') AS open_promises,
    iif(people.archived, 'yes', 'no') AS archived
FROM people LEFT JOIN tag_rhythms d
    ON people.rhythm IS NULL AND d.tag = (SELECT t.tag FROM tags t JOIN tag_rhythms tr ON tr.tag = t.tag WHERE t.person_id = people.id ORDER BY tr.rhythm_avg, tr.tag LIMIT 1)
WHERE people.deleted_at IS NULL;

CREATE VIEW export_fresh AS SELECT sort_key, person_id,
    person_id || char(31) || name || char(31) || nickname || char(31) || company || char(31) || role || char(31) || emails || char(31) || phones || char(31) || city || char(31) || birthday || char(31) || partner || char(31) || kids || char(31) || pets || char(31) || tags || char(31) || rhythm || char(31) || last_contact || char(31) AS head, due, snoozed_until,
    char(31) || open_promises || char(31) || archived AS tail
    FROM export_cells;

CREATE TABLE export_rows (
    sort_key TEXT NOT NULL,
    person_id INTEGER NOT NULL,
    head TEXT NOT NULL,  -- the cells before next_due, each followed by US (char 31)
    due TEXT NOT NULL,  -- next_due before any snooze; '' for none
    snoozed_until TEXT,
    tail TEXT NOT NULL,  -- US, then the cells after next_due
    PRIMARY KEY (sort_key, person_id)
) STRICT, WITHOUT ROWID;

CREATE UNIQUE INDEX export_rows_person ON export_rows (person_id);

CREATE TRIGGER export_people_insert AFTER INSERT ON people BEGIN
    DELETE FROM export_rows WHERE person_id IN (new.id);
    INSERT INTO export_rows SELECT * FROM export_fresh WHERE person_id IN (new.id);
END;

CREATE TRIGGER export_people_update AFTER UPDATE OF name, nickname, company, role, emails, phones, city, birthday, partner, rhythm, learned_days, last_contact, added_on, archived, snoozed_until, deleted_at, sort_key
ON people BEGIN
    DELETE FROM export_rows WHERE person_id IN (old.id, new.id);
    INSERT INTO export_rows SELECT * FROM export_fresh WHERE person_id IN (old.id, new.id);
END;

CREATE TRIGGER export_people_delete AFTER DELETE ON people BEGIN
    DELETE FROM export_rows WHERE person_id = old.id;
END;

CREATE TRIGGER export_kids_insert AFTER INSERT ON kids
BEGIN
    DELETE FROM export_rows WHERE person_id IN (new.person_id);
    INSERT INTO export_rows SELECT * FROM export_fresh WHERE person_id IN (new.person_id);
END;

CREATE TRIGGER export_kids_update AFTER UPDATE ON kids
BEGIN
    DELETE FROM export_rows WHERE person_id IN (old.person_id, new.person_id);
    INSERT INTO export_rows SELECT * FROM export_fresh WHERE person_id IN (old.person_id, new.person_id);
END;

CREATE TRIGGER export_kids_delete AFTER DELETE ON kids
BEGIN
    DELETE FROM export_rows WHERE person_id IN (old.person_id);
    INSERT INTO export_rows SELECT * FROM export_fresh WHERE person_id IN (old.person_id);
END;

CREATE TRIGGER export_pets_insert AFTER INSERT ON pets
BEGIN
    DELETE FROM export_rows WHERE person_id IN (new.person_id);
    INSERT INTO export_rows SELECT * FROM export_fresh WHERE person_id IN (new.person_id);
END;

CREATE TRIGGER export_pets_update AFTER UPDATE ON pets
BEGIN
    DELETE FROM export_rows WHERE person_id IN (old.person_id, new.person_id);
    INSERT INTO export_rows SELECT * FROM export_fresh WHERE person_id IN (old.person_id, new.person_id);
END;

CREATE TRIGGER export_pets_delete AFTER DELETE ON pets
BEGIN
    DELETE FROM export_rows WHERE person_id IN (old.person_id);
    INSERT INTO export_rows SELECT * FROM export_fresh WHERE person_id IN (old.person_id);
END;

CREATE TRIGGER export_tags_insert AFTER INSERT ON tags
BEGIN
    DELETE FROM export_rows WHERE person_id IN (new.person_id);
    INSERT INTO export_rows SELECT * FROM export_fresh WHERE person_id IN (new.person_id);
END;

CREATE TRIGGER export_tags_update AFTER UPDATE ON tags
BEGIN
    DELETE FROM export_rows WHERE person_id IN (old.person_id, new.person_id);
    INSERT INTO export_rows SELECT * FROM export_fresh WHERE person_id IN (old.person_id, new.person_id);
END;

CREATE TRIGGER export_tags_delete AFTER DELETE ON tags
BEGIN
    DELETE FROM export_rows WHERE person_id IN (old.person_id);
    INSERT INTO export_rows SELECT * FROM export_fresh WHERE person_id IN (old.person_id);
END;

CREATE TRIGGER export_promises_insert AFTER INSERT ON promises
BEGIN
    DELETE FROM export_rows WHERE person_id IN (new.person_id);
    INSERT INTO export_rows SELECT * FROM export_fresh WHERE person_id IN (new.person_id);
END;

CREATE TRIGGER export_promises_update AFTER UPDATE ON promises
BEGIN
    DELETE FROM export_rows WHERE person_id IN (old.person_id, new.person_id);
    INSERT INTO export_rows SELECT * FROM export_fresh WHERE person_id IN (old.person_id, new.person_id);
END;

CREATE TRIGGER export_promises_delete AFTER DELETE ON promises
BEGIN
    DELETE FROM export_rows WHERE person_id IN (old.person_id);
    INSERT INTO export_rows SELECT * FROM export_fresh WHERE person_id IN (old.person_id);
END;

CREATE TRIGGER export_tag_rhythms_insert
AFTER INSERT ON tag_rhythms BEGIN
    DELETE FROM export_rows WHERE person_id IN (SELECT person_id FROM tags WHERE tag IN (new.tag));
    INSERT INTO export_rows SELECT * FROM export_fresh WHERE person_id IN (SELECT person_id FROM tags WHERE tag IN (new.tag));
END;

CREATE TRIGGER export_tag_rhythms_update
AFTER UPDATE ON tag_rhythms BEGIN
    DELETE FROM export_rows WHERE person_id IN (SELECT person_id FROM tags WHERE tag IN (old.tag, new.tag));
    INSERT INTO export_rows SELECT * FROM export_fresh WHERE person_id IN (SELECT person_id FROM tags WHERE tag IN (old.tag, new.tag));
END;

CREATE TRIGGER export_tag_rhythms_delete
AFTER DELETE ON tag_rhythms BEGIN
    DELETE FROM export_rows WHERE person_id IN (SELECT person_id FROM tags WHERE tag IN (old.tag));
    INSERT INTO export_rows SELECT * FROM export_fresh WHERE person_id IN (SELECT person_id FROM tags WHERE tag IN (old.tag));
END;

-- Fill the rows for everyone already in the journal.
DELETE FROM export_rows;

INSERT INTO export_rows SELECT * FROM export_fresh ORDER BY sort_key, person_id;
