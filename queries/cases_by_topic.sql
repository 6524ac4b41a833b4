-- Cases by topic: distinct filtered cases tagged with each topic by the topic rules, all
-- topics listed.
-- Parameters: the filters
-- Columns: topic, label, cases
WITH tagged AS (
    SELECT DISTINCT case_id, unnest(topics) AS topic FROM filtered_cases($action_line, $sdg, $region, $region_scheme, $country, $entity_type, $topic, $collection, $date_from, $date_to, $q)
)
SELECT tp.topic, tp.label, count(t.case_id) AS cases
FROM topics tp LEFT JOIN tagged t USING (topic)
GROUP BY tp.topic, tp.label
ORDER BY cases DESC, tp.label
