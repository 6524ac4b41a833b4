-- Every country inside the chosen places (selected_places: the region and country filters)
-- with the filtered cases naming it, 0 included: where practice is missing in a region.
-- Parameters: the filters; $region_scheme 'itu' | 'm49' (which region column to return)
-- Columns: country (ISO alpha-3), name, region, cases
WITH tagged AS (  -- a case's list holds each country once
    SELECT unnest(countries) AS iso3 FROM filtered_cases($filters)
)
SELECT p.iso3 AS country, p.name, p.region, count(t.iso3) AS cases
FROM selected_places($region, $region_scheme, $country) p LEFT JOIN tagged t USING (iso3)
GROUP BY ALL
ORDER BY cases DESC, p.name
