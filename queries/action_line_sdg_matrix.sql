-- Action Line x SDG: distinct filtered cases tagged with both, for every pair (0 included),
-- and whether ITU's WSIS-SDG Matrix lists the pair as an official linkage.
-- Parameters: the filters; $rollup BOOLEAN (true: C7 sub-lines count under C7, 11 lines;
--   false: the 18 categories, with plain C7 as its own row)
-- Columns: action_line, short_name, sdg, cases, official, in_both_source_files
-- official: the matrix lists the pair; a C7 pair (plain C7, or C7 rolled up) is official when
-- any C7 sub-line's is. in_both_source_files: false for a pair only one of the matrix's two
-- source files lists (less certain); NULL when the pair is not official.
WITH f AS (
    SELECT CASE WHEN $rollup
                THEN list_distinct(list_transform(action_lines,
                                   lambda a: CASE WHEN a LIKE 'C7-%' THEN 'C7' ELSE a END))
                ELSE action_lines END AS action_lines,
           sdgs
    FROM filtered_cases($filters)
),
-- Each case's (line, goal) pairs: its lists hold each value once, so a pair counts a case once.
pairs AS (
    SELECT a, s, count(*) AS cases
    FROM f, unnest(f.action_lines) AS l(a), unnest(f.sdgs) AS g(s)
    GROUP BY a, s
)
-- Beside its sub-lines, plain C7 holds only the cases that tick C7 and none of them: named so.
SELECT al.code AS action_line,
       CASE WHEN al.code = 'C7' AND NOT $rollup THEN 'ICT applications, no sub-line' ELSE al.short_name END AS short_name, g.sdg, coalesce(p.cases, 0) AS cases,
       k.sdg IS NOT NULL AS official, k.in_both_source_files
FROM action_lines al CROSS JOIN sdgs g
LEFT JOIN pairs p ON p.a = al.code AND p.s = g.sdg
LEFT JOIN sdg_linkage_cells k ON k.action_line = al.code AND k.sdg = g.sdg
WHERE NOT ($rollup AND al.parent IS NOT NULL)
ORDER BY al.sort, g.sdg
