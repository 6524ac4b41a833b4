-- Cases by SDG: distinct filtered cases tagged with each goal, all 17 listed.
-- Parameters: the filters
-- Columns: sdg, name, colour, cases
WITH counts AS (  -- a case's list holds each goal once
    SELECT sdg, count(*) AS cases
    FROM (SELECT unnest(sdgs) AS sdg FROM filtered_cases($filters))
    GROUP BY sdg
)
SELECT s.sdg, s.name, s.colour, coalesce(c.cases, 0) AS cases
FROM sdgs s
LEFT JOIN counts c ON c.sdg = s.sdg
ORDER BY s.sdg
