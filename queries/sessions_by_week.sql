-- WSIS Forum sessions per week (weeks start on Monday), with how many were COVID-related
-- and their share of the week's sessions.
-- Parameters: the filters (those that apply to sessions)
-- Columns: week (DATE), sessions, covid_related, covid_share (0 to 1)
SELECT date_trunc('week', held_on)::DATE AS week, count(*) AS sessions,
       count(*) FILTER (WHERE covid_related) AS covid_related,
       count(*) FILTER (WHERE covid_related) / count(*) AS covid_share
FROM filtered_sessions($filters)
WHERE held_on IS NOT NULL
GROUP BY ALL
ORDER BY week
