-- Cases by country: distinct filtered cases naming each country (a multi-country case
-- counts once in each), only the countries inside the chosen places (selected_places), so
-- under region=Africa a case with partners elsewhere counts in its African countries only.
-- Countries with no case are left out.
-- Parameters: the filters; $region_scheme 'itu' | 'm49' (which region column to return)
-- Columns: country (ISO alpha-3), name, region, cases
WITH tagged AS (  -- a case's list holds each country once
    SELECT unnest(countries) AS iso3 FROM filtered_cases($filters)
)
SELECT p.iso3 AS country, p.name, p.region, count(*) AS cases
FROM tagged t JOIN selected_places($region, $region_scheme, $country) p USING (iso3)
GROUP BY ALL
ORDER BY cases DESC, p.name
