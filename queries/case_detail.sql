-- Every field of one case, with names for its codes.
-- Parameters: $case_id
-- Columns: case_id, collection, title, organisation, entity_type, countries, scope,
--   action_lines, sdgs, topics, keywords, description, status, start_date, end_date,
--   submitted_on, url, extra, file_name, source_row, sdgs_implied
-- sdgs_implied: the SDGs the WSIS-SDG Matrix links to the case's Action Lines that the case
-- does not declare, shown apart and never counted as declared. Only the pairs the matrix
-- lists imply an SDG: a plain C7 (no sub-line) implies none.
WITH names AS (
    SELECT (SELECT map(list(iso3), list(name)) FROM countries) AS country,
           (SELECT map(list(code), list(name)) FROM action_lines) AS action_line,
           (SELECT map(list(sdg), list(name)) FROM sdgs) AS sdg
)
SELECT c.case_id, c.collection, c.title, c.organisation, c.entity_type,
       array_to_string(list_transform(c.countries, lambda x: coalesce(n.country[x], x)), '; ')
           AS countries,
       c.scope,
       array_to_string(list_transform(c.action_lines, lambda a: a || ' ' || coalesce(n.action_line[a], '')), '; ')
           AS action_lines,
       array_to_string(list_transform(c.sdgs, lambda s: 'SDG ' || s || ' ' || coalesce(n.sdg[s], '')), '; ')
           AS sdgs,
       array_to_string(c.topics, '; ') AS topics,
       c.keywords, c.description, c.status, c.start_date, c.end_date, c.submitted_on, c.url,
       c.extra, i.file_name, c.source_row,
       array_to_string(list_transform(
           (SELECT list(DISTINCT k.sdg ORDER BY k.sdg) FROM sdg_linkages k
            WHERE list_contains(c.action_lines, k.action_line) AND NOT list_contains(c.sdgs, k.sdg)),
           lambda s: 'SDG ' || s || ' ' || coalesce(n.sdg[s], '')), '; ') AS sdgs_implied
FROM cases c JOIN imports i USING (import_id) CROSS JOIN names n
WHERE c.case_no = (SELECT case_no FROM case_ids WHERE case_id = $case_id)
