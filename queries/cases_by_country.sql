-- Cases by country: distinct filtered cases naming each country (a multi-country case
-- counts once in each), only the countries inside the chosen places (selected_places), so
-- under region=Africa a case with partners elsewhere counts in its African countries only.
-- Countries with no case are left out.
-- Parameters: the filters; $all_places BOOLEAN (true: every country a case names, as the
--   sidebar's option counts need); $region_scheme 'itu' | 'm49' (which region column to return)
-- Columns: country (ISO alpha-3), name, region, cases
WITH tagged AS (  -- a case's list holds each country once
    SELECT unnest(countries) AS iso3 FROM filtered_cases($filters)
),
places AS (
    SELECT * FROM selected_places(CASE WHEN $all_places THEN [] ELSE $region::VARCHAR[] END, $region_scheme,
                                  CASE WHEN $all_places THEN [] ELSE $country::VARCHAR[] END)
)
SELECT p.iso3 AS country, p.name, p.region, count(*) AS cases
FROM tagged t JOIN places p USING (iso3)
GROUP BY ALL
ORDER BY cases DESC, p.name
