-- Values that were not understood (the row loaded without them); one page of rows.
-- Parameters: $limit, $offset
-- Columns: file_name, source_row, field, value, message
SELECT i.file_name, w.source_row, w.field, w.value, w.message
FROM import_warnings w JOIN imports i USING (import_id)
ORDER BY i.seq, w.source_row, w.field
LIMIT $limit OFFSET $offset
