-- Facts about the database itself: built_at, data_date, is_sample, source, schema_version.
-- Parameters: none
-- Columns: key, value
SELECT key, value FROM meta ORDER BY key
