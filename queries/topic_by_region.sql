-- Topic x region: distinct filtered cases per topic in each region of the chosen scheme,
-- Global/Regional scope as regions of their own; every pair listed (0 = no case yet).
-- Inside the selection only: the regions of the chosen places (selected_places; a case
-- counts in a region through its countries inside them), the Global and Regional columns
-- when no place is chosen or the region filter names them, and under a topic filter the chosen
-- topics and the narrower topics inside them.
-- Parameters: the filters ($region_scheme picks ITU or M49 regions)
-- Columns: topic, label, region, cases, region_cases (the region's cases in the selection,
--   of any topic, which a share of the region is taken of)
WITH f AS (SELECT case_no, topics, scope, countries, topic_bits,
                  CASE WHEN $region_scheme = 'm49' THEN m49_regions ELSE itu_regions END AS regions,
                  CASE WHEN $region_scheme = 'm49' THEN m49_bits ELSE itu_bits END AS region_bits
           FROM filtered_cases($filters)),
-- Cases alike in topics, regions and scope counted together first: thousands of kinds
-- to unnest, not a million cases.
kinds AS (SELECT any_value(topics) AS topics, any_value(regions) AS regions, scope, count(*) AS n
          FROM f GROUP BY topic_bits, region_bits, scope),
places AS (SELECT iso3, region FROM selected_places($region, $region_scheme, $country)),
located AS (  -- one row per kind of case (n cases) and region
    -- Whole regions or none chosen: each case's own list of regions (each region once).
    SELECT topics, unnest(regions) AS region, n FROM kinds
    WHERE NOT places_by_country($region, $region_scheme, $country)
    UNION ALL
    -- A country or M49 sub-region chosen: the regions of a case's countries inside them.
    SELECT f.topics, l.region, 1
    FROM (SELECT DISTINCT t.case_no, p.region
          FROM (SELECT case_no, unnest(countries) AS iso3 FROM f
                WHERE places_by_country($region, $region_scheme, $country)) t
          JOIN places p USING (iso3)) l
    JOIN f USING (case_no)
    UNION ALL
    SELECT topics, scope, n FROM kinds
    WHERE scope IN ('Global', 'Regional')
      AND ((len($region::VARCHAR[]) = 0 AND len($country::VARCHAR[]) = 0)
           OR list_contains($region::VARCHAR[], scope))
),
-- Each topic once in a case's list: a pair counts a case once. Regions outside the chosen
-- places fall away in the join with `regions` below.
pairs AS (
    SELECT region, topic, sum(n)::BIGINT AS cases
    FROM located, unnest(located.topics) AS t(topic)
    GROUP BY region, topic
),
regions AS (
    SELECT DISTINCT region FROM places
    UNION ALL
    SELECT s FROM unnest(['Global', 'Regional']) AS u(s)
    WHERE (len($region::VARCHAR[]) = 0 AND len($country::VARCHAR[]) = 0)
       OR list_contains($region::VARCHAR[], s)
),
region_totals AS (SELECT region, sum(n)::BIGINT AS region_cases FROM located GROUP BY region),
chosen_topics AS (
    SELECT * FROM topics
    WHERE len($topic::VARCHAR[]) = 0 OR list_contains($topic::VARCHAR[], topic)
       OR list_contains($topic::VARCHAR[], parent)
)
SELECT t.topic, t.label, r.region, coalesce(p.cases, 0) AS cases,
       coalesce(rt.region_cases, 0) AS region_cases
FROM chosen_topics t CROSS JOIN regions r
LEFT JOIN pairs p ON p.topic = t.topic AND p.region = r.region
LEFT JOIN region_totals rt ON rt.region = r.region
ORDER BY t.label, r.region
