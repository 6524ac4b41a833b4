-- Cases by topic: distinct filtered cases tagged with each topic by the topic rules, all
-- topics listed.
-- Parameters: the filters
-- Columns: topic, label, cases
WITH counts AS (  -- a case's list holds each topic once
    SELECT topic, count(*) AS cases
    FROM (SELECT unnest(topics) AS topic FROM filtered_cases($filters))
    GROUP BY topic
)
SELECT tp.topic, tp.label, coalesce(c.cases, 0) AS cases
FROM topics tp LEFT JOIN counts c USING (topic)
ORDER BY cases DESC, tp.label
