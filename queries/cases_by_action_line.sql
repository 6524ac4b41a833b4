-- Cases by WSIS Action Line: distinct filtered cases tagged with each line. Every line is
-- listed, with 0 where no case has it (a coverage gap).
-- Parameters: the filters; $rollup BOOLEAN (true: C7 sub-lines count under C7, 11 lines;
--   false: the 18 categories, with plain C7 as its own row)
-- Columns: action_line, name, short_name, cases
WITH tagged AS (
    SELECT DISTINCT case_id,
           CASE WHEN $rollup AND a LIKE 'C7-%' THEN 'C7' ELSE a END AS code
    FROM (SELECT case_id, unnest(action_lines) AS a FROM filtered_cases($action_line, $sdg, $region, $region_scheme, $country, $entity_type, $topic, $collection, $date_from, $date_to, $q))
)
SELECT al.code AS action_line, al.name, al.short_name, count(t.case_id) AS cases
FROM action_lines al
LEFT JOIN tagged t ON t.code = al.code
WHERE NOT ($rollup AND al.parent IS NOT NULL)
GROUP BY al.code, al.name, al.short_name, al.sort
ORDER BY al.sort
