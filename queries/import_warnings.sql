-- Values that were not understood (the row loaded without them); one page of rows, each
-- value and message cut to $max_chars characters (ending in "…").
-- Parameters: $limit, $offset, $max_chars
-- Columns: file_name, source_row, field, value, message
SELECT
    i.file_name,
    w.source_row,
    w.field,
    CASE WHEN length(w.value) > $max_chars THEN left(w.value, $max_chars) || '…' ELSE w.value END AS value,
    CASE WHEN length(w.message) > $max_chars THEN left(w.message, $max_chars) || '…' ELSE w.message END
        AS message
FROM import_warnings w JOIN imports i USING (import_id)
ORDER BY i.seq, w.source_row, w.field
LIMIT $limit OFFSET $offset
