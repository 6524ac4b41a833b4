-- Cases by region in the chosen scheme, with Global and Regional scope cases (which name no
-- single country) and cases with no location given as rows of their own, never lost.
-- Only the regions of the chosen places (selected_places) are listed, and a case counts in
-- a region through its countries inside them: under region=Africa, a case with partners in
-- Europe counts in Africa alone.
-- Parameters: the filters; $all_places BOOLEAN (true: every country a case names, as the
--   sidebar's option counts need); $region_scheme 'itu' | 'm49' (M49 regions)
-- Columns: region, kind ('region' | 'scope'), cases
WITH f AS (SELECT case_no, countries, scope,
                  CASE WHEN $region_scheme = 'm49' THEN m49_regions ELSE itu_regions END AS regions
           FROM filtered_cases($filters)),
places AS (
    SELECT iso3, region
    FROM selected_places(CASE WHEN $all_places THEN [] ELSE $region::VARCHAR[] END, $region_scheme,
                         CASE WHEN $all_places THEN [] ELSE $country::VARCHAR[] END)
),
by_region AS (
    -- Whole regions or none chosen: each case's own list of regions (each region once); the
    -- join below keeps the chosen ones.
    SELECT unnest(regions) AS region FROM f
    WHERE NOT (places_by_country($region, $region_scheme, $country) AND NOT $all_places)
    UNION ALL
    -- A country or M49 sub-region chosen: each case once in each region of its countries
    -- inside the chosen places.
    SELECT region FROM (
        SELECT DISTINCT t.case_no, p.region
        FROM (SELECT case_no, unnest(countries) AS iso3 FROM f
              WHERE places_by_country($region, $region_scheme, $country) AND NOT $all_places) t
        JOIN places p USING (iso3)
    )
),
regions AS (SELECT DISTINCT region FROM places)
SELECT r.region, 'region' AS kind, count(b.region) AS cases
FROM regions r LEFT JOIN by_region b USING (region)
GROUP BY r.region
UNION ALL
SELECT scope AS region, 'scope' AS kind, count(*) AS cases
FROM f WHERE scope IN ('Global', 'Regional', 'Unspecified')
GROUP BY scope
ORDER BY kind, cases DESC, region
