-- Every import the database was built from, in order.
-- Parameters: none
-- Columns: import_id, kind, file_name, added_at, added_by, format, encoding, rows_read,
--   rows_loaded, rows_rejected, rows_superseded, warnings, is_sample, columns
SELECT import_id, kind, file_name, added_at, added_by, format, encoding, rows_read,
       rows_loaded, rows_rejected, rows_superseded, warnings, is_sample, columns
FROM imports
ORDER BY seq
