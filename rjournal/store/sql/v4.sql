-- Schema v4: the CSV export's row carries everything a person's row can give back: met, about,
-- likes, dislikes, channel, reach, the snooze, occasions, kid and pet notes, and the uid; and
-- inside list cells a backslash keeps separators that are part of a name or a text (a pet
-- `Rex\, Jr.`, a kid `Bo\; Ray`), so an import reads back every value typed. The cells are
-- rjournal.interop.csv_own's formats written out; export_rows now keeps them quoted as the file
-- has them. The views and their triggers are replaced and every row refilled. Released: never
-- edit this file; a change is a new migration.

DROP TRIGGER export_people_insert;
DROP TRIGGER export_people_update;
DROP TRIGGER export_people_delete;
DROP TRIGGER export_kids_insert;
DROP TRIGGER export_kids_update;
DROP TRIGGER export_kids_delete;
DROP TRIGGER export_pets_insert;
DROP TRIGGER export_pets_update;
DROP TRIGGER export_pets_delete;
DROP TRIGGER export_tags_insert;
DROP TRIGGER export_tags_update;
DROP TRIGGER export_tags_delete;
DROP TRIGGER export_promises_insert;
DROP TRIGGER export_promises_update;
DROP TRIGGER export_promises_delete;
DROP TRIGGER export_tag_rhythms_insert;
DROP TRIGGER export_tag_rhythms_update;
DROP TRIGGER export_tag_rhythms_delete;

DROP VIEW export_fresh;

DROP VIEW export_cells;

CREATE VIEW export_cells AS SELECT people.sort_key AS sort_key,
    people.snoozed_until AS snoozed_until,
    people.id AS person_id,
    people.name AS name,
    people.nickname AS nickname,
    people.company AS company,
    people.role AS role,
    replace(replace(replace(people.emails, '\', '\\'), ';', '\;'), char(10), '; ') AS emails,
    replace(replace(replace(people.phones, '\', '\\'), ';', '\;'), char(10), '; ') AS phones,
    people.city AS city,
    coalesce(people.birthday, '') AS birthday,
    people.partner AS partner,
    coalesce((SELECT group_concat(item, '; ') FROM (SELECT replace(replace(replace(replace(replace(x.name, '\', '\\'), ';', '\;'), ',', '\,'), '(', '\('), ')', '\)') || CASE WHEN x.birthday IS NULL AND x.passed_on IS NULL AND x.notes = '' THEN '' ELSE ' (' || substr(
        iif(x.birthday IS NOT NULL, ', ' || x.birthday, '') || iif(x.passed_on IS NOT NULL, ', passed ' || x.passed_on, '')
        || iif(x.notes <> '', ', notes: ' || replace(replace(replace(replace(replace(x.notes, '\', '\\'), ';', '\;'), ',', '\,'), '(', '\('), ')', '\)'), ''), 3) || ')' END AS item
        FROM kids x WHERE x.person_id = people.id ORDER BY coalesce(x.birthday, '9999'), x.id)), '') AS kids,
    coalesce((SELECT group_concat(item, '; ') FROM (SELECT replace(replace(replace(replace(replace(x.name, '\', '\\'), ';', '\;'), ',', '\,'), '(', '\('), ')', '\)')
        || iif(x.species <> '', ', ' || replace(replace(replace(replace(replace(x.species, '\', '\\'), ';', '\;'), ',', '\,'), '(', '\('), ')', '\)'), '') || CASE WHEN x.birthday IS NULL AND x.passed_on IS NULL AND x.notes = '' THEN '' ELSE ' (' || substr(
        iif(x.birthday IS NOT NULL, ', ' || x.birthday, '') || iif(x.passed_on IS NOT NULL, ', passed ' || x.passed_on, '')
        || iif(x.notes <> '', ', notes: ' || replace(replace(replace(replace(replace(x.notes, '\', '\\'), ';', '\;'), ',', '\,'), '(', '\('), ')', '\)'), ''), 3) || ')' END AS item
        FROM pets x WHERE x.person_id = people.id ORDER BY x.id)), '') AS pets,
    coalesce((SELECT group_concat(item, '; ') FROM (SELECT replace(replace(replace(replace(replace(replace(t.tag, '\', '\\'), ';', '\;'), ',', '\,'), '(', '\('), ')', '\)'), ' ', '\ ') AS item
        FROM tags t WHERE t.person_id = people.id ORDER BY t.tag)), '') AS tags,
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
    coalesce((SELECT group_concat(item, '; ') FROM (SELECT replace(replace(replace(replace(replace(x.text, '\', '\\'), ';', '\;'), ',', '\,'), '(', '\('), ')', '\)')
        || iif(x.due IS NOT NULL, ' (due ' || x.due || ')', '') AS item
        FROM promises x WHERE x.person_id = people.id AND x.done_on IS NULL ORDER BY coalesce(x.due, '9999'), x.id)), '') AS open_promises,
    iif(people.archived, 'yes', 'no') AS archived,
    coalesce((SELECT group_concat(item, '; ') FROM (SELECT replace(replace(replace(replace(replace(o.label, '\', '\\'), ';', '\;'), ',', '\,'), '(', '\('), ')', '\)') || ' (' || o.date || ')' AS item
        FROM occasions o WHERE o.person_id = people.id ORDER BY o.date_md, o.id)), '') AS occasions,
    coalesce(people.snoozed_until, '') AS snooze,
    people.met AS met,
    people.about AS about,
    people.likes AS likes,
    people.dislikes AS dislikes,
    coalesce(people.channel, '') AS channel,
    people.reach AS reach,
    people.uid AS uid,
    -- The list cells quoted as the file has them, each worked out inside its own subquery (a
    -- subquery named three times in iif() would be run three times).
    coalesce((SELECT iif(group_concat(item, '; ') GLOB '*[",;' || char(10, 13) || ']*', '"' || replace(group_concat(item, '; '), '"', '""') || '"', group_concat(item, '; ')) FROM (SELECT replace(replace(replace(replace(replace(x.name, '\', '\\'), ';', '\;'), ',', '\,'), '(', '\('), ')', '\)') || CASE WHEN x.birthday IS NULL AND x.passed_on IS NULL AND x.notes = '' THEN '' ELSE ' (' || substr(
        iif(x.birthday IS NOT NULL, ', ' || x.birthday, '') || iif(x.passed_on IS NOT NULL, ', passed ' || x.passed_on, '')
        || iif(x.notes <> '', ', notes: ' || replace(replace(replace(replace(replace(x.notes, '\', '\\'), ';', '\;'), ',', '\,'), '(', '\('), ')', '\)'), ''), 3) || ')' END AS item
        FROM kids x WHERE x.person_id = people.id ORDER BY coalesce(x.birthday, '9999'), x.id)), '') AS kids_csv,
    coalesce((SELECT iif(group_concat(item, '; ') GLOB '*[",;' || char(10, 13) || ']*', '"' || replace(group_concat(item, '; '), '"', '""') || '"', group_concat(item, '; ')) FROM (SELECT replace(replace(replace(replace(replace(x.name, '\', '\\'), ';', '\;'), ',', '\,'), '(', '\('), ')', '\)')
        || iif(x.species <> '', ', ' || replace(replace(replace(replace(replace(x.species, '\', '\\'), ';', '\;'), ',', '\,'), '(', '\('), ')', '\)'), '') || CASE WHEN x.birthday IS NULL AND x.passed_on IS NULL AND x.notes = '' THEN '' ELSE ' (' || substr(
        iif(x.birthday IS NOT NULL, ', ' || x.birthday, '') || iif(x.passed_on IS NOT NULL, ', passed ' || x.passed_on, '')
        || iif(x.notes <> '', ', notes: ' || replace(replace(replace(replace(replace(x.notes, '\', '\\'), ';', '\;'), ',', '\,'), '(', '\('), ')', '\)'), ''), 3) || ')' END AS item
        FROM pets x WHERE x.person_id = people.id ORDER BY x.id)), '') AS pets_csv,
    coalesce((SELECT iif(group_concat(item, '; ') GLOB '*[",;' || char(10, 13) || ']*', '"' || replace(group_concat(item, '; '), '"', '""') || '"', group_concat(item, '; ')) FROM (SELECT replace(replace(replace(replace(replace(replace(t.tag, '\', '\\'), ';', '\;'), ',', '\,'), '(', '\('), ')', '\)'), ' ', '\ ') AS item
        FROM tags t WHERE t.person_id = people.id ORDER BY t.tag)), '') AS tags_csv,
    coalesce((SELECT iif(group_concat(item, '; ') GLOB '*[",;' || char(10, 13) || ']*', '"' || replace(group_concat(item, '; '), '"', '""') || '"', group_concat(item, '; ')) FROM (SELECT replace(replace(replace(replace(replace(x.text, '\', '\\'), ';', '\;'), ',', '\,'), '(', '\('), ')', '\)')
        || iif(x.due IS NOT NULL, ' (due ' || x.due || ')', '') AS item
        FROM promises x WHERE x.person_id = people.id AND x.done_on IS NULL ORDER BY coalesce(x.due, '9999'), x.id)), '') AS open_promises_csv,
    coalesce((SELECT iif(group_concat(item, '; ') GLOB '*[",;' || char(10, 13) || ']*', '"' || replace(group_concat(item, '; '), '"', '""') || '"', group_concat(item, '; ')) FROM (SELECT replace(replace(replace(replace(replace(o.label, '\', '\\'), ';', '\;'), ',', '\,'), '(', '\('), ')', '\)') || ' (' || o.date || ')' AS item
        FROM occasions o WHERE o.person_id = people.id ORDER BY o.date_md, o.id)), '') AS occasions_csv
FROM people LEFT JOIN tag_rhythms d
    ON people.rhythm IS NULL AND d.tag = (SELECT t.tag FROM tags t JOIN tag_rhythms tr ON tr.tag = t.tag WHERE t.person_id = people.id ORDER BY tr.rhythm_avg, tr.tag LIMIT 1)
WHERE people.deleted_at IS NULL;

-- Each cell as it stands in a CSV file: quoted when it holds a comma, a semicolon (which some
-- spreadsheets split on), a quote or a line break (dates, yes/no, channels and uids never do).
CREATE VIEW export_fresh AS SELECT sort_key, person_id,
    person_id || char(31) || iif(name GLOB '*[",;' || char(10, 13) || ']*', '"' || replace(name, '"', '""') || '"', name) || char(31)
    || iif(nickname GLOB '*[",;' || char(10, 13) || ']*', '"' || replace(nickname, '"', '""') || '"', nickname) || char(31)
    || iif(company GLOB '*[",;' || char(10, 13) || ']*', '"' || replace(company, '"', '""') || '"', company) || char(31)
    || iif(role GLOB '*[",;' || char(10, 13) || ']*', '"' || replace(role, '"', '""') || '"', role) || char(31)
    || iif(emails GLOB '*[",;' || char(10, 13) || ']*', '"' || replace(emails, '"', '""') || '"', emails) || char(31)
    || iif(phones GLOB '*[",;' || char(10, 13) || ']*', '"' || replace(phones, '"', '""') || '"', phones) || char(31)
    || iif(city GLOB '*[",;' || char(10, 13) || ']*', '"' || replace(city, '"', '""') || '"', city) || char(31)
    || birthday || char(31)
    || iif(partner GLOB '*[",;' || char(10, 13) || ']*', '"' || replace(partner, '"', '""') || '"', partner) || char(31)
    || kids_csv || char(31)
    || pets_csv || char(31)
    || tags_csv || char(31)
    || iif(rhythm GLOB '*[",;' || char(10, 13) || ']*', '"' || replace(rhythm, '"', '""') || '"', rhythm) || char(31)
    || last_contact || char(31) AS head, due, snoozed_until,
    char(31) || open_promises_csv || char(31)
    || archived || char(31)
    || occasions_csv || char(31)
    || snooze || char(31)
    || iif(met GLOB '*[",;' || char(10, 13) || ']*', '"' || replace(met, '"', '""') || '"', met) || char(31)
    || iif(about GLOB '*[",;' || char(10, 13) || ']*', '"' || replace(about, '"', '""') || '"', about) || char(31)
    || iif(likes GLOB '*[",;' || char(10, 13) || ']*', '"' || replace(likes, '"', '""') || '"', likes) || char(31)
    || iif(dislikes GLOB '*[",;' || char(10, 13) || ']*', '"' || replace(dislikes, '"', '""') || '"', dislikes) || char(31)
    || channel || char(31)
    || iif(reach GLOB '*[",;' || char(10, 13) || ']*', '"' || replace(reach, '"', '""') || '"', reach) || char(31)
    || uid AS tail
    FROM export_cells;

CREATE TRIGGER export_people_insert AFTER INSERT ON people BEGIN
    DELETE FROM export_rows WHERE person_id IN (new.id);
    INSERT INTO export_rows SELECT * FROM export_fresh WHERE person_id IN (new.id);
END;

CREATE TRIGGER export_people_update AFTER UPDATE OF name, nickname, company, role, emails, phones, city, birthday, partner, met, about, likes, dislikes, channel, reach, uid, rhythm, learned_days, last_contact, added_on, archived, snoozed_until, deleted_at, sort_key
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

CREATE TRIGGER export_occasions_insert AFTER INSERT ON occasions
BEGIN
    DELETE FROM export_rows WHERE person_id IN (new.person_id);
    INSERT INTO export_rows SELECT * FROM export_fresh WHERE person_id IN (new.person_id);
END;

CREATE TRIGGER export_occasions_update AFTER UPDATE ON occasions
BEGIN
    DELETE FROM export_rows WHERE person_id IN (old.person_id, new.person_id);
    INSERT INTO export_rows SELECT * FROM export_fresh WHERE person_id IN (old.person_id, new.person_id);
END;

CREATE TRIGGER export_occasions_delete AFTER DELETE ON occasions
BEGIN
    DELETE FROM export_rows WHERE person_id IN (old.person_id);
    INSERT INTO export_rows SELECT * FROM export_fresh WHERE person_id IN (old.person_id);
END;

-- Refill the rows of everyone in the journal.
DELETE FROM export_rows;

INSERT INTO export_rows SELECT * FROM export_fresh ORDER BY sort_key, person_id;
