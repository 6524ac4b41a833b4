-- Cases by WSIS Action Line: distinct filtered cases tagged with each line. Every line is
-- listed, with 0 where no case has it (a coverage gap).
-- Parameters: the filters; $rollup BOOLEAN (true: C7 sub-lines count under C7, 11 lines;
--   false: the 18 categories, with plain C7 as its own row)
-- Columns: action_line, name, short_name, cases
-- (A case's list holds each line once; rolled up, its sub-lines become one C7.)
WITH counts AS (
    SELECT code, count(*) AS cases
    FROM (SELECT unnest(CASE WHEN $rollup
                             THEN list_distinct(list_transform(action_lines,
                                                lambda a: CASE WHEN a LIKE 'C7-%' THEN 'C7' ELSE a END))
                             ELSE action_lines END) AS code
          FROM filtered_cases($filters))
    GROUP BY code
)
-- Beside its sub-lines, plain C7 holds only the cases that tick C7 and none of them: named so.
SELECT al.code AS action_line, al.name,
       CASE WHEN al.code = 'C7' AND NOT $rollup THEN 'ICT applications, no sub-line' ELSE al.short_name END AS short_name,
       coalesce(c.cases, 0) AS cases
FROM action_lines al
LEFT JOIN counts c ON c.code = al.code
WHERE NOT ($rollup AND al.parent IS NOT NULL)
ORDER BY al.sort
