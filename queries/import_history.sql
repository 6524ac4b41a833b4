-- Every import the database was built from, in order (shipped: ITU's initiatives, real data
-- shipped with the dashboard; is_sample: the shipped synthetic sample).
-- Parameters: none
-- Columns: import_id, kind, file_name, added_at, added_by, format, encoding, rows_read,
--   rows_loaded, rows_rejected, rows_superseded, warnings, is_sample, shipped, columns
SELECT import_id, kind, file_name, added_at, added_by, format, encoding, rows_read,
       rows_loaded, rows_rejected, rows_superseded, warnings, is_sample, shipped, columns
FROM imports
ORDER BY seq
