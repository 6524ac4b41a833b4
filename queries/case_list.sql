-- The filtered cases, one row each, newest first; only one page of rows is returned.
-- Parameters: the filters; $limit, $offset (the page of rows)
-- Columns: case_id, title, organisation, entity_type, countries (names), scope,
--   action_lines, sdgs, topics, start_date, status, url
-- Cases are numbered newest first (then by id), so the page is the lowest case numbers that
-- pass the filters; only its rows are then read in full, from the few blocks that hold them.
WITH page AS (
    SELECT case_no FROM filtered_cases($filters)
    ORDER BY case_no
    LIMIT $limit OFFSET $offset
),
names AS (SELECT map(list(iso3), list(name)) AS country FROM countries)
SELECT c.case_id, c.title, c.organisation, c.entity_type,
       array_to_string(list_transform(c.countries, lambda x: coalesce(n.country[x], x)), '; ')
           AS countries,
       c.scope,
       array_to_string(c.action_lines, '; ') AS action_lines,
       array_to_string(c.sdgs, '; ') AS sdgs,
       array_to_string(c.topics, '; ') AS topics,
       c.start_date, c.status, c.url
FROM page p JOIN cases c USING (case_no) CROSS JOIN names n
ORDER BY c.case_no
