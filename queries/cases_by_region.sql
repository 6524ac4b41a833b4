-- Cases by region in the chosen scheme, with Global and Regional scope cases (which name no
-- single country) and cases with no location given as rows of their own, never lost.
-- Parameters: the filters; $region_scheme 'itu' | 'm49' (M49 regions)
-- Columns: region, kind ('region' | 'scope'), cases
WITH f AS (SELECT * FROM filtered_cases($filters)),
by_region AS (  -- a case's list holds each region once
    SELECT unnest(CASE WHEN $region_scheme = 'm49' THEN m49_regions ELSE itu_regions END) AS region
    FROM f
),
regions AS (
    SELECT DISTINCT CASE WHEN $region_scheme = 'm49' THEN m49_region ELSE itu_region END AS region
    FROM countries
)
SELECT r.region, 'region' AS kind, count(b.region) AS cases
FROM regions r LEFT JOIN by_region b USING (region)
GROUP BY r.region
UNION ALL
SELECT scope AS region, 'scope' AS kind, count(*) AS cases
FROM f WHERE scope IN ('Global', 'Regional', 'Unspecified')
GROUP BY scope
ORDER BY kind, cases DESC, region
