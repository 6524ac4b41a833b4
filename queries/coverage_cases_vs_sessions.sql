-- Cases and WSIS Forum sessions per Action Line (18 categories and plain C7): where the
-- Forum's attention differs from activity in the field.
-- Parameters: the filters (sessions take those that apply to them)
-- Columns: action_line, short_name, cases, sessions, covid_sessions
WITH c AS (
    SELECT a, count(*) AS cases  -- a case's list holds each line once
    FROM (SELECT unnest(action_lines) AS a FROM filtered_cases($filters))
    GROUP BY a
),
w AS (
    SELECT a, count(DISTINCT session_id) AS sessions,
           count(DISTINCT session_id) FILTER (WHERE covid_related) AS covid_sessions
    FROM (SELECT session_id, covid_related, unnest(action_lines) AS a FROM filtered_sessions($filters))
    GROUP BY a
)
SELECT al.code AS action_line, al.short_name, coalesce(c.cases, 0) AS cases,
       coalesce(w.sessions, 0) AS sessions, coalesce(w.covid_sessions, 0) AS covid_sessions
FROM action_lines al
LEFT JOIN c ON c.a = al.code
LEFT JOIN w ON w.a = al.code
ORDER BY al.sort
