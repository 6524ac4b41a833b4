-- The filtered WSIS Forum sessions, in date order; one page of rows.
-- Parameters: the filters (those that apply to sessions); $limit, $offset
-- Columns: session_id, held_on, session_type, title, organisers, covid_related,
--   action_lines, sdgs, url
SELECT session_id, held_on, session_type, title, array_to_string(organisers, '; ') AS organisers,
       covid_related, array_to_string(action_lines, '; ') AS action_lines,
       array_to_string(sdgs, '; ') AS sdgs, url
FROM filtered_sessions($filters)
ORDER BY held_on NULLS LAST, session_id
LIMIT $limit OFFSET $offset
