-- Build step 1: from the staging rows (every loaded row of every import, in import order;
-- Arrow tables registered as staging_cases and staging_sessions, never written to disk)
-- to each record's versions. The only step that reads the staging rows: once it has run,
-- the build lets go of them before derive.sql sorts and indexes (db._write).

-- A later export of a record with the same id supersedes the earlier one.
CREATE TEMP TABLE ranked_cases AS
SELECT *, row_number() OVER (PARTITION BY case_id ORDER BY import_seq DESC, source_row DESC) AS version
FROM staging_cases;

CREATE TEMP TABLE ranked_sessions AS
SELECT *, row_number() OVER (PARTITION BY session_id ORDER BY import_seq DESC, source_row DESC) AS version
FROM staging_sessions;

CREATE TABLE superseded AS
SELECT import_id, count(*) AS rows_superseded FROM (
    SELECT import_id FROM ranked_cases WHERE version > 1
    UNION ALL
    SELECT import_id FROM ranked_sessions WHERE version > 1
) GROUP BY import_id;

-- Which import replaced each import's superseded records, for the Data page's words
-- ("12 records replaced by import 3"): each old version joined to its record's latest.
CREATE TABLE supersessions AS
SELECT old.import_id, latest.import_id AS by_import_id, count(*) AS records
FROM (SELECT case_id, import_id FROM ranked_cases WHERE version > 1) old
JOIN (SELECT case_id, import_id FROM ranked_cases WHERE version = 1) latest USING (case_id)
GROUP BY ALL
UNION ALL
SELECT old.import_id, latest.import_id AS by_import_id, count(*) AS records
FROM (SELECT session_id, import_id FROM ranked_sessions WHERE version > 1) old
JOIN (SELECT session_id, import_id FROM ranked_sessions WHERE version = 1) latest USING (session_id)
GROUP BY ALL;
