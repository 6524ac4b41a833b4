-- Rows that were not loaded, with the reason and their raw content; one page of rows, the
-- raw content cut to $max_chars characters (ending in "…").
-- Parameters: $limit, $offset, $max_chars
-- Columns: file_name, source_row, reason, raw
SELECT
    i.file_name,
    r.source_row,
    r.reason,
    CASE WHEN length(r.raw) > $max_chars THEN left(r.raw, $max_chars) || '…' ELSE r.raw END AS raw
FROM rejected_rows r JOIN imports i USING (import_id)
ORDER BY i.seq, r.source_row
LIMIT $limit OFFSET $offset
