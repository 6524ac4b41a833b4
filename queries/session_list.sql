-- The filtered WSIS Forum sessions, in date order; one page of rows.
-- Parameters: the session filters; $limit, $offset
-- Columns: session_id, held_on, session_type, title, organisers, covid_related,
--   action_lines, sdgs, url
SELECT session_id, held_on, session_type, title, array_to_string(organisers, '; ') AS organisers,
       covid_related, array_to_string(action_lines, '; ') AS action_lines,
       array_to_string(sdgs, '; ') AS sdgs, url
FROM filtered_sessions($action_line, $sdg, $topic, $date_from, $date_to, $q)
ORDER BY held_on NULLS LAST, session_id
LIMIT $limit OFFSET $offset
