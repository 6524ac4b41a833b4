-- The dates the From and To filters can pick: the first and last case reference date (start,
-- else submission) and session date in the whole database, whatever the filters.
-- Parameters: none
-- Columns: first_date, last_date
SELECT min(d) AS first_date, max(d) AS last_date
FROM (SELECT reference_date AS d FROM cases UNION ALL SELECT held_on FROM sessions)
