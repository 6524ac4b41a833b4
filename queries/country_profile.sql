-- A member state's profile (Replication page): what its cases cover, topic by topic, Action
-- Line by Action Line, SDG by SDG and practice element by practice element (the index's, from
-- data/reference/practice_terms.csv), against its region's other countries (its peers) and
-- the world. Run with no place filter (the page drops it): the peers and the world are what
-- the country is compared with; every other filter applies to all three.
-- Parameters: the filters ($region_scheme picks the ITU or M49 region of the country);
--   $profile_country (ISO 3166 alpha-3)
-- Columns: dimension ('topic', 'action_line', 'sdg', 'practice'), key, label, own_cases, peer_cases,
--   world_cases, own_total, peer_total, world_total (the cases of each group, which a share
--   is taken of), region (the country's region)
-- Every topic, Action Line, SDG and practice element is listed, with 0 where no case names it.
WITH home AS (
    SELECT CASE WHEN $region_scheme = 'm49' THEN m49_region ELSE itu_region END AS region
    FROM countries WHERE iso3 = $profile_country
),
f AS (
    SELECT c.case_no, c.topics, c.action_lines, c.sdgs,
           list_contains(c.countries, $profile_country) AS own,
           NOT list_contains(c.countries, $profile_country)
               AND list_contains(CASE WHEN $region_scheme = 'm49' THEN c.m49_regions ELSE c.itu_regions END,
                                 h.region) AS peer
    FROM filtered_cases($filters) c, home h
),
totals AS (
    SELECT count(*) FILTER (WHERE own) AS own_total, count(*) FILTER (WHERE peer) AS peer_total,
           count(*) AS world_total
    FROM f
),
tagged AS (  -- one row per case and tag (each tag once in a case's lists)
    SELECT 'topic' AS dimension, unnest(topics) AS key, own, peer FROM f
    UNION ALL
    SELECT 'action_line', unnest(action_lines), own, peer FROM f
    UNION ALL
    SELECT 'sdg', unnest(sdgs)::VARCHAR, own, peer FROM f
    UNION ALL
    SELECT 'practice', substr(w.term, 3), e.own, e.peer
    FROM (SELECT f.own, f.peer, unnest(pc.element_ids) AS term_id FROM f JOIN practice_cases pc USING (case_no)) e
    JOIN practice_weights w USING (term_id)
),
counts AS (
    SELECT dimension, key, count(*) FILTER (WHERE own) AS own_cases,
           count(*) FILTER (WHERE peer) AS peer_cases, count(*) AS world_cases
    FROM tagged GROUP BY dimension, key
),
labels AS (
    SELECT 'topic' AS dimension, topic AS key, label, 1 AS part, row_number() OVER (ORDER BY label) AS sort
    FROM topics
    UNION ALL
    SELECT 'action_line', code, code || ' ' || short_name, 2, sort FROM action_lines
    UNION ALL
    SELECT 'sdg', sdg::VARCHAR, 'SDG ' || sdg || ' ' || name, 3, sdg FROM sdgs
    UNION ALL
    SELECT 'practice', concept, label, 4, row_number() OVER (ORDER BY label) FROM practice_terms
)
SELECT l.dimension, l.key, l.label,
       coalesce(c.own_cases, 0) AS own_cases, coalesce(c.peer_cases, 0) AS peer_cases,
       coalesce(c.world_cases, 0) AS world_cases,
       t.own_total, t.peer_total, t.world_total, (SELECT region FROM home) AS region
FROM labels l
LEFT JOIN counts c USING (dimension, key)
CROSS JOIN totals t
ORDER BY l.part, l.sort
