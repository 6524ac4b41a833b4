-- WSIS Forum sessions by session type, with how many were COVID-related.
-- Parameters: the session filters (action_line, sdg, topic, date_from, date_to, q)
-- Columns: session_type, sessions, covid_related
SELECT coalesce(session_type, 'Not given') AS session_type, count(*) AS sessions,
       count(*) FILTER (WHERE covid_related) AS covid_related
FROM filtered_sessions($action_line, $sdg, $topic, $date_from, $date_to, $q)
GROUP BY ALL
ORDER BY sessions DESC, session_type
