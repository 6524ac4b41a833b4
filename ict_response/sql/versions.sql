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
