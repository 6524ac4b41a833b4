-- Rows that were not loaded, with the reason and their raw content; one page of rows.
-- Parameters: $limit, $offset
-- Columns: file_name, source_row, reason, raw
SELECT i.file_name, r.source_row, r.reason, r.raw
FROM rejected_rows r JOIN imports i USING (import_id)
ORDER BY i.seq, r.source_row
LIMIT $limit OFFSET $offset
