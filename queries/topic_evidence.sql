-- Why each topic of one case was tagged: the rule, the field and the text it matched.
-- Parameters: $case_id
-- Columns: topic, label, field, matched, pattern
SELECT m.topic, t.label, m.field, m.matched, t.pattern
FROM topic_matches m JOIN topics t USING (topic)
WHERE m.record_kind = 'case' AND m.record_id = $case_id
ORDER BY t.label
