-- One import's values that were not understood, first rows first, for the Data page's
-- detail per import; each value and message cut to $max_chars characters (ending in "…").
-- Parameters: $import_id, $limit, $max_chars
-- Columns: source_row, field, value, message
SELECT
    source_row,
    field,
    CASE WHEN length(value) > $max_chars THEN left(value, $max_chars) || '…' ELSE value END AS value,
    CASE WHEN length(message) > $max_chars THEN left(message, $max_chars) || '…' ELSE message END AS message
FROM import_warnings
WHERE import_id = $import_id
ORDER BY source_row, field
LIMIT $limit
