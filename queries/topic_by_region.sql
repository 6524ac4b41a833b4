-- Topic x region: distinct filtered cases per topic in each region of the chosen scheme,
-- Global/Regional scope as regions of their own; every pair listed (0 = no case yet).
-- Parameters: the filters ($region_scheme picks ITU or M49 regions)
-- Columns: topic, label, region, cases
WITH f AS (SELECT topics, scope,
                  CASE WHEN $region_scheme = 'm49' THEN m49_regions ELSE itu_regions END AS regions
           FROM filtered_cases($filters)),
located AS (
    SELECT topics, unnest(regions) AS region FROM f
    UNION ALL
    SELECT topics, scope FROM f WHERE scope IN ('Global', 'Regional')
),
-- One row per case and region, and each topic once in a case's list: a pair counts a case once.
pairs AS (
    SELECT region, topic, count(*) AS cases
    FROM located, unnest(located.topics) AS t(topic)
    GROUP BY region, topic
),
regions AS (
    SELECT DISTINCT CASE WHEN $region_scheme = 'm49' THEN m49_region ELSE itu_region END AS region
    FROM countries
    UNION ALL SELECT 'Global' UNION ALL SELECT 'Regional'
)
SELECT t.topic, t.label, r.region, coalesce(p.cases, 0) AS cases
FROM topics t CROSS JOIN regions r
LEFT JOIN pairs p ON p.topic = t.topic AND p.region = r.region
ORDER BY t.label, r.region
