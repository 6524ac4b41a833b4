-- Cases by region in the chosen scheme, with Global and Regional scope cases (which name no
-- single country) and cases with no location given as rows of their own, never lost.
-- Only the regions of the chosen places (selected_places) are listed, and a case counts in
-- a region through its countries inside them: under region=Africa, a case with partners in
-- Europe counts in Africa alone.
-- Parameters: the filters; $region_scheme 'itu' | 'm49' (M49 regions)
-- Columns: region, kind ('region' | 'scope'), cases
WITH f AS (SELECT case_no, countries, scope FROM filtered_cases($filters)),
places AS (SELECT iso3, region FROM selected_places($region, $region_scheme, $country)),
by_region AS (  -- each case once in each region of its countries inside the selection
    SELECT DISTINCT t.case_no, p.region
    FROM (SELECT case_no, unnest(countries) AS iso3 FROM f) t JOIN places p USING (iso3)
),
regions AS (SELECT DISTINCT region FROM places)
SELECT r.region, 'region' AS kind, count(b.case_no) AS cases
FROM regions r LEFT JOIN by_region b USING (region)
GROUP BY r.region
UNION ALL
SELECT scope AS region, 'scope' AS kind, count(*) AS cases
FROM f WHERE scope IN ('Global', 'Regional', 'Unspecified')
GROUP BY scope
ORDER BY kind, cases DESC, region
