-- The filtered WSIS Forum sessions, in date order; one page of rows.
-- Parameters: the workshop filters; $limit, $offset
-- Columns: workshop_id, held_on, session_type, title, organisers, covid_related,
--   action_lines, sdgs, url
SELECT workshop_id, held_on, session_type, title, array_to_string(organisers, '; ') AS organisers,
       covid_related, array_to_string(action_lines, '; ') AS action_lines,
       array_to_string(sdgs, '; ') AS sdgs, url
FROM filtered_workshops($action_line, $sdg, $topic, $date_from, $date_to, $q)
ORDER BY held_on NULLS LAST, workshop_id
LIMIT $limit OFFSET $offset
