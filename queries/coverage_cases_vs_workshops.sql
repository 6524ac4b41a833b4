-- Cases and WSIS Forum sessions per Action Line (18 categories and plain C7): where the
-- Forum's attention differs from activity in the field.
-- Parameters: the filters (workshops take action_line, sdg, topic, dates and q)
-- Columns: action_line, short_name, cases, workshops, covid_workshops
WITH c AS (
    SELECT a, count(*) AS cases  -- a case's list holds each line once
    FROM (SELECT unnest(action_lines) AS a FROM filtered_cases($action_line, $sdg, $region, $region_scheme, $country, $entity_type, $topic, $collection, $date_from, $date_to, $q))
    GROUP BY a
),
w AS (
    SELECT a, count(DISTINCT workshop_id) AS workshops,
           count(DISTINCT workshop_id) FILTER (WHERE covid_related) AS covid_workshops
    FROM (SELECT workshop_id, covid_related, unnest(action_lines) AS a FROM filtered_workshops($action_line, $sdg, $topic, $date_from, $date_to, $q))
    GROUP BY a
)
SELECT al.code AS action_line, al.short_name, coalesce(c.cases, 0) AS cases,
       coalesce(w.workshops, 0) AS workshops, coalesce(w.covid_workshops, 0) AS covid_workshops
FROM action_lines al
LEFT JOIN c ON c.a = al.code
LEFT JOIN w ON w.a = al.code
ORDER BY al.sort
