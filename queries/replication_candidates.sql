-- The cases to replicate in a region where a topic is missing (the replication map): the
-- filtered cases of the topic located outside that region (or, for a country, in the other
-- countries of its region), those whose practice is proven in the most countries first (its
-- best element, then all its elements together).
-- Parameters: the filters ($region_scheme picks ITU or M49 regions); $gap_topic; $gap_region;
--   $gap_country (ISO alpha-3, or ''; when given, the cases come from the other countries of
--   $gap_region instead: the country's peers); $limit
-- Columns: case_id, title, organisation, countries (names), regions, practice (the label of
--   the practice element it names that the topic's cases name in the most countries, or
--   NULL), practice_countries (in how many), description
-- A case's practice is proven where cases of the same topic in many countries name the same
-- element of data/reference/practice_terms.csv ("text messages", "radio lessons"). Cases of
-- Global or Regional scope name no region, so they are no candidate.
WITH f AS (
    SELECT case_no, countries,
           CASE WHEN $region_scheme = 'm49' THEN m49_regions ELSE itu_regions END AS regions
    FROM filtered_cases($filters)
    WHERE topic_bits & filter_mask('topic', [$gap_topic]) <> 0  -- tagged with the topic
),
-- The practice elements the topic's cases name (practice_cases: each case's own), but for
-- those that weigh nothing: in a collection of a thousand cases or more, an element more
-- than a tenth of them name (internet connectivity) tells no practice apart, and would be
-- every case's best.
named AS (
    SELECT e.case_no, e.term_id
    FROM (SELECT pc.case_no, unnest(pc.element_ids) AS term_id
          FROM practice_cases pc WHERE pc.case_no IN (SELECT case_no FROM f)) e
    JOIN practice_weights w USING (term_id)
    WHERE w.weight > 0
),
reach AS (
    SELECT n.term_id, count(DISTINCT c.iso3) AS countries,
           -- Of the elements named in as many countries, the rarest, then the first by name.
           [countries, any_value(w.weight), -n.term_id] AS rank
    FROM named n JOIN (SELECT case_no, unnest(countries) AS iso3 FROM f) c USING (case_no)
    JOIN practice_weights w USING (term_id)
    GROUP BY n.term_id
),
outside AS (
    SELECT case_no FROM f
    WHERE len(regions) > 0
      AND CASE WHEN $gap_country = '' THEN NOT list_contains(regions, $gap_region)
               ELSE list_contains(regions, $gap_region) AND NOT list_contains(countries, $gap_country) END
),
best AS (
    SELECT o.case_no, arg_max(r.term_id, r.rank) AS term_id, max(r.countries) AS reach,
           sum(r.countries) AS reach_all
    FROM outside o
    LEFT JOIN named n USING (case_no)
    LEFT JOIN reach r USING (term_id)
    GROUP BY o.case_no
    ORDER BY reach DESC NULLS LAST, reach_all DESC, o.case_no
    LIMIT $limit
),
names AS (SELECT map(list(iso3), list(name)) AS country FROM countries)
SELECT c.case_id, c.title, c.organisation,
       array_to_string(list_transform(c.countries, lambda x: coalesce(nm.country[x], x)), '; ') AS countries,
       array_to_string(CASE WHEN $region_scheme = 'm49' THEN c.m49_regions ELSE c.itu_regions END, '; ')
           AS regions,
       t.label AS practice, b.reach AS practice_countries,
       c.description
FROM best b
JOIN cases c USING (case_no)
LEFT JOIN practice_weights w USING (term_id)
LEFT JOIN practice_terms t ON 'c:' || t.concept = w.term
CROSS JOIN names nm
ORDER BY b.reach DESC NULLS LAST, b.reach_all DESC, c.case_no
