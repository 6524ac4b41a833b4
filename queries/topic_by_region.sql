-- Topic x region: distinct filtered cases per topic in each region of the chosen scheme,
-- Global/Regional scope as regions of their own; every pair listed (0 = no case yet).
-- Parameters: the filters ($region_scheme picks ITU or M49 regions)
-- Columns: topic, label, region, cases
WITH f AS (SELECT case_id, topics, scope,
                  CASE WHEN $region_scheme = 'm49' THEN m49_regions ELSE itu_regions END AS regions
           FROM filtered_cases($action_line, $sdg, $region, $region_scheme, $country, $entity_type, $topic, $collection, $date_from, $date_to, $q)),
located AS (
    SELECT case_id, topics, unnest(regions) AS region FROM f
    UNION ALL
    SELECT case_id, topics, scope FROM f WHERE scope IN ('Global', 'Regional')
),
pairs AS (SELECT DISTINCT case_id, region, unnest(topics) AS topic FROM located),
regions AS (
    SELECT DISTINCT CASE WHEN $region_scheme = 'm49' THEN m49_region ELSE itu_region END AS region
    FROM countries
    UNION ALL SELECT 'Global' UNION ALL SELECT 'Regional'
)
SELECT t.topic, t.label, r.region, count(p.case_id) AS cases
FROM topics t CROSS JOIN regions r
LEFT JOIN pairs p ON p.topic = t.topic AND p.region = r.region
GROUP BY ALL
ORDER BY t.label, r.region
