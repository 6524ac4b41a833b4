-- The filtered cases, one row each, newest first; only one page of rows is returned.
-- Parameters: the filters; $limit, $offset (the page of rows)
-- Columns: case_id, title, organisation, entity_type, countries (names), scope,
--   action_lines, sdgs, topics, start_date, status, url
-- The page of rows is chosen first on the sort key alone, then only its rows are dressed up.
WITH page AS (
    SELECT case_id, reference_date FROM filtered_cases($action_line, $sdg, $region, $region_scheme, $country, $entity_type, $topic, $collection, $date_from, $date_to, $q)
    ORDER BY reference_date DESC NULLS LAST, case_id
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
FROM page p JOIN cases c USING (case_id) CROSS JOIN names n
ORDER BY p.reference_date DESC NULLS LAST, p.case_id
