-- WSIS Forum sessions by session type, with how many were COVID-related.
-- Parameters: the filters (those that apply to sessions)
-- Columns: session_type, sessions, covid_related
SELECT coalesce(session_type, 'Not given') AS session_type, count(*) AS sessions,
       count(*) FILTER (WHERE covid_related) AS covid_related
FROM filtered_sessions($filters)
GROUP BY ALL
ORDER BY sessions DESC, session_type
