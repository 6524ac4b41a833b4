-- WSIS Forum sessions by SDG, all 17 listed.
-- Parameters: the filters (those that apply to sessions)
-- Columns: sdg, name, colour, sessions, covid_related
WITH tagged AS (
    SELECT DISTINCT session_id, covid_related, unnest(sdgs) AS sdg FROM filtered_sessions($filters)
)
SELECT s.sdg, s.name, s.colour, count(t.session_id) AS sessions,
       count(t.session_id) FILTER (WHERE t.covid_related) AS covid_related
FROM sdgs s LEFT JOIN tagged t USING (sdg)
GROUP BY s.sdg, s.name, s.colour
ORDER BY s.sdg
