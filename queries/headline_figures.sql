-- Headline figures for the filtered view.
-- Parameters: the filters
-- Columns: cases, countries, organisations, action_lines_covered, sessions, covid_sessions
WITH f AS MATERIALIZED (SELECT case_id, countries, organisation, action_lines FROM filtered_cases($action_line, $sdg, $region, $region_scheme, $country, $entity_type, $topic, $collection, $date_from, $date_to, $q)),
w AS MATERIALIZED (SELECT covid_related FROM filtered_sessions($action_line, $sdg, $topic, $date_from, $date_to, $q))
SELECT
    (SELECT count(*) FROM f) AS cases,
    (SELECT count(DISTINCT iso3) FROM (SELECT unnest(countries) AS iso3 FROM f)) AS countries,
    (SELECT count(DISTINCT lower(organisation)) FROM f) AS organisations,
    (SELECT count(DISTINCT a) FROM (SELECT unnest(action_lines) AS a FROM f)) AS action_lines_covered,
    (SELECT count(*) FROM w) AS sessions,
    (SELECT count(*) FROM w WHERE covid_related) AS covid_sessions
