-- Headline figures for the filtered view. Countries are those inside the chosen places
-- (selected_places): under a region filter, a multi-country case counts only its countries
-- in that region, and cases_also_elsewhere says how many cases name countries outside it.
-- Parameters: the filters ($region, $region_scheme and $country also pick the places)
-- Columns: cases, countries, organisations, action_lines_covered, cases_c7_only, sessions,
--   covid_sessions, cases_also_elsewhere
-- action_lines_covered counts the 18 Action Lines and sub-lines (plain C7 is not one of them);
-- cases_c7_only the cases that tick C7 and none of its sub-lines.
WITH f AS MATERIALIZED (SELECT case_no, countries, organisation, action_lines FROM filtered_cases($filters)),
places AS (SELECT iso3 FROM selected_places($region, $region_scheme, $country)),
named AS MATERIALIZED (SELECT case_no, unnest(countries) AS iso3 FROM f),  -- each country once a case
w AS MATERIALIZED (SELECT covid_related FROM filtered_sessions($filters))
SELECT
    (SELECT count(*) FROM f) AS cases,
    (SELECT count(DISTINCT iso3) FROM named SEMI JOIN places USING (iso3)) AS countries,
    (SELECT count(DISTINCT lower(organisation)) FROM f) AS organisations,
    (SELECT count(DISTINCT a) FROM (SELECT unnest(action_lines) AS a FROM f) WHERE a <> 'C7')
        AS action_lines_covered,
    (SELECT count(*) FROM f WHERE list_contains(action_lines, 'C7')
        AND len(list_filter(action_lines, lambda a: a LIKE 'C7-%')) = 0) AS cases_c7_only,
    (SELECT count(*) FROM w) AS sessions,
    (SELECT count(*) FROM w WHERE covid_related) AS covid_sessions,
    -- Bound values: with no place chosen, nothing is outside and this is not run.
    (SELECT count(DISTINCT case_no) FROM named
     WHERE places_chosen($region, $country) AND iso3 NOT IN (SELECT iso3 FROM places)) AS cases_also_elsewhere
