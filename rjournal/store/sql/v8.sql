-- Schema v8: the monthly review reads what it shows, not the whole journal. Its counts come
-- from one range of an index over the month's entries, the people in the trash are a short
-- list of their own, people are counted by the days they were contacted, and "only you" is
-- read from an index of its own. Indexes only: no row changes. Released: never edit this
-- file; a change is a new migration.

-- The month's entries counted by day, kind, channel and who reached out without a look-up in
-- the table; it starts with the day, so it serves every look-up by date entries_on served
-- (dropped first: the new index takes the pages it frees).
DROP INDEX entries_on;

CREATE INDEX entries_counted ON entries (on_date, kind, channel, from_them);

-- The people in the trash (few): the review sets their entries aside from this list.
CREATE INDEX people_trashed ON people (id) WHERE deleted_at IS NOT NULL;

-- Who was contacted on given days: the people contacted within a month.
CREATE INDEX contact_days_by_day ON contact_days (day, person_id);

-- People whose latest few interactions (3 or more) all came from you, longest run first.
CREATE INDEX people_only_you ON people (recent_n DESC, name, id, archived, snoozed_until)
    WHERE recent_them = 0 AND recent_n >= 3 AND deleted_at IS NULL;
