-- Which import replaced the superseded records of each import (a later export of the same
-- record, or a later row of the same file), one row per pair, in import order.
-- Parameters: none
-- Columns: import_id, by_import_id, records
SELECT s.import_id, s.by_import_id, s.records
FROM supersessions s
JOIN imports i USING (import_id)
JOIN imports b ON b.import_id = s.by_import_id
ORDER BY i.seq, b.seq
