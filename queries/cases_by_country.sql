-- Cases by country: distinct filtered cases naming each country (a multi-country case
-- counts once in each). Countries with no case are left out.
-- Parameters: the filters; $region_scheme 'itu' | 'm49' (which region column to return)
-- Columns: country (ISO alpha-3), name, region, cases
WITH tagged AS (  -- a case's list holds each country once
    SELECT unnest(countries) AS iso3 FROM filtered_cases($filters)
)
SELECT c.iso3 AS country, c.name,
       CASE WHEN $region_scheme = 'm49' THEN c.m49_region ELSE c.itu_region END AS region,
       count(*) AS cases
FROM tagged t JOIN countries c USING (iso3)
GROUP BY ALL
ORDER BY cases DESC, c.name
