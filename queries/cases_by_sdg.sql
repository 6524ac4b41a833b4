-- Cases by SDG: distinct filtered cases tagged with each goal, all 17 listed.
-- Parameters: the filters
-- Columns: sdg, name, colour, cases
WITH tagged AS (
    SELECT DISTINCT case_id, unnest(sdgs) AS sdg FROM filtered_cases($action_line, $sdg, $region, $region_scheme, $country, $entity_type, $topic, $collection, $date_from, $date_to, $q)
)
SELECT s.sdg, s.name, s.colour, count(t.case_id) AS cases
FROM sdgs s
LEFT JOIN tagged t ON t.sdg = s.sdg
GROUP BY s.sdg, s.name, s.colour
ORDER BY s.sdg
