-- Cases and WSIS Forum sessions per Action Line (18 categories and plain C7): where the
-- Forum's attention differs from activity in the field. Cases and sessions differ in number
-- (and sessions ignore the filters they have no field for, such as region), so each line's
-- share of its own kind is the like-for-like comparison: cases_share of the filtered cases,
-- sessions_share of the filtered sessions (0 when there are none).
-- Parameters: the filters (sessions take those that apply to them)
-- Columns: action_line, short_name, cases, sessions, covid_sessions, cases_share, sessions_share
WITH fc AS MATERIALIZED (SELECT action_lines FROM filtered_cases($filters)),
fs AS MATERIALIZED (SELECT session_id, covid_related, action_lines FROM filtered_sessions($filters)),
c AS (
    SELECT a, count(*) AS cases  -- a case's list holds each line once
    FROM (SELECT unnest(action_lines) AS a FROM fc)
    GROUP BY a
),
w AS (
    SELECT a, count(DISTINCT session_id) AS sessions,
           count(DISTINCT session_id) FILTER (WHERE covid_related) AS covid_sessions
    FROM (SELECT session_id, covid_related, unnest(action_lines) AS a FROM fs)
    GROUP BY a
),
totals AS (SELECT (SELECT count(*) FROM fc) AS cases, (SELECT count(*) FROM fs) AS sessions)
-- Beside its sub-lines, plain C7 holds only the records that tick C7 and none of them: named so.
SELECT al.code AS action_line,
       CASE WHEN al.code = 'C7' THEN 'ICT applications, no sub-line' ELSE al.short_name END AS short_name,
       coalesce(c.cases, 0) AS cases,
       coalesce(w.sessions, 0) AS sessions, coalesce(w.covid_sessions, 0) AS covid_sessions,
       CASE WHEN t.cases > 0 THEN coalesce(c.cases, 0) / t.cases ELSE 0 END AS cases_share,
       CASE WHEN t.sessions > 0 THEN coalesce(w.sessions, 0) / t.sessions ELSE 0 END AS sessions_share
FROM action_lines al
CROSS JOIN totals t
LEFT JOIN c ON c.a = al.code
LEFT JOIN w ON w.a = al.code
ORDER BY al.sort
