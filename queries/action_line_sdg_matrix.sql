-- Action Line x SDG: distinct filtered cases tagged with both, for every pair (0 included).
-- Parameters: the filters
-- Columns: action_line, short_name, sdg, cases
WITH f AS (SELECT case_id, action_lines, sdgs FROM filtered_cases($filters)),
-- Each case's (line, goal) pairs: its lists hold each value once, so a pair counts a case once.
pairs AS (
    SELECT a, s, count(*) AS cases
    FROM f, unnest(f.action_lines) AS l(a), unnest(f.sdgs) AS g(s)
    GROUP BY a, s
)
SELECT al.code AS action_line, al.short_name, g.sdg, coalesce(p.cases, 0) AS cases
FROM action_lines al CROSS JOIN sdgs g
LEFT JOIN pairs p ON p.a = al.code AND p.s = g.sdg
ORDER BY al.sort, g.sdg
