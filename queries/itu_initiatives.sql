-- ITU's own COVID-19 initiatives among the filtered cases (the Overview's timeline): each
-- with its date as precise as its source gives it, its link and which tags were inferred.
-- Parameters: the filters; $initiatives (the collection's name, a default of the runner)
-- Columns: case_id, title, organisation, category, date (DATE: the day, or the first of the
--   month; NULL when undated), precision ('day', 'month' or 'none'), date_as_published,
--   action_lines, sdgs, tags_inferred, url
WITH picked AS (
    SELECT c.*, json_extract_string(c.extra, '$."Date as published"') AS published
    FROM filtered_cases($filters) c
    WHERE c.collection = $initiatives
)
SELECT case_id, title, organisation,
       json_extract_string(extra, '$."Category"') AS category,
       start_date AS date,
       CASE WHEN start_date IS NULL THEN 'none'
            WHEN published IS NOT NULL AND length(published) = 7 THEN 'month'
            ELSE 'day' END AS precision,
       coalesce(published, strftime(start_date, '%Y-%m-%d'), '') AS date_as_published,
       array_to_string(action_lines, '; ') AS action_lines,
       array_to_string(list_transform(sdgs, lambda s: 'SDG ' || s), '; ') AS sdgs,
       json_extract_string(extra, '$."Tags inferred"') AS tags_inferred,
       url
FROM picked
ORDER BY date NULLS LAST, case_id
