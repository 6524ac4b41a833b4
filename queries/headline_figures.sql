-- Headline figures for the filtered view.
-- Parameters: the filters
-- Columns: cases, countries, organisations, action_lines_covered, sessions, covid_sessions
WITH f AS MATERIALIZED (SELECT case_id, countries, organisation, action_lines FROM filtered_cases($filters)),
w AS MATERIALIZED (SELECT covid_related FROM filtered_sessions($filters))
SELECT
    (SELECT count(*) FROM f) AS cases,
    (SELECT count(DISTINCT iso3) FROM (SELECT unnest(countries) AS iso3 FROM f)) AS countries,
    (SELECT count(DISTINCT lower(organisation)) FROM f) AS organisations,
    (SELECT count(DISTINCT a) FROM (SELECT unnest(action_lines) AS a FROM f)) AS action_lines_covered,
    (SELECT count(*) FROM w) AS sessions,
    (SELECT count(*) FROM w WHERE covid_related) AS covid_sessions
