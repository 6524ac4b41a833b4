-- Action Line x SDG: distinct filtered cases tagged with both, for every pair (0 included).
-- Parameters: the filters
-- Columns: action_line, short_name, sdg, cases
WITH f AS (SELECT case_id, action_lines, sdgs FROM filtered_cases($action_line, $sdg, $region, $region_scheme, $country, $entity_type, $topic, $collection, $date_from, $date_to, $q)),
pairs AS (
    SELECT DISTINCT case_id, a, s
    FROM (SELECT case_id, unnest(action_lines) AS a, sdgs FROM f),
         (SELECT unnest(range(1, 18)) AS s)
    WHERE list_contains(sdgs, s)
)
SELECT al.code AS action_line, al.short_name, g.sdg, count(p.case_id) AS cases
FROM action_lines al CROSS JOIN sdgs g
LEFT JOIN pairs p ON p.a = al.code AND p.s = g.sdg
GROUP BY al.code, al.short_name, al.sort, g.sdg
ORDER BY al.sort, g.sdg
