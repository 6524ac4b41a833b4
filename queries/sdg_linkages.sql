-- The official linkages of ITU's WSIS-SDG Matrix (data/reference/wsis_sdg_matrix.csv), each
-- with the distinct filtered cases tagged with both its Action Line and its SDG: 0 means no
-- case in the selection covers the linkage (a gap). A plain C7 case covers no sub-line's.
-- Parameters: the filters
-- Columns: action_line, short_name, sdg, sdg_name, targets, in_both_source_files, cases
-- in_both_source_files: false for the pairs only one of the matrix's two source files lists.
WITH f AS (SELECT action_lines, sdgs FROM filtered_cases($filters)),
pairs AS (
    SELECT a, s, count(*) AS cases
    FROM f, unnest(f.action_lines) AS l(a), unnest(f.sdgs) AS g(s)
    GROUP BY a, s
)
SELECT k.action_line, al.short_name, k.sdg, g.name AS sdg_name, k.targets,
       k.in_both_source_files, coalesce(p.cases, 0) AS cases
FROM sdg_linkages k
JOIN action_lines al ON al.code = k.action_line
JOIN sdgs g ON g.sdg = k.sdg
LEFT JOIN pairs p ON p.a = k.action_line AND p.s = k.sdg
ORDER BY al.sort, k.sdg
