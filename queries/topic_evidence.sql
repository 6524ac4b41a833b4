-- Why each topic of one case was tagged: the signal (words of a field, an Action Line, an SDG,
-- or the model's weighing of the case's words, Action Lines and SDGs; its evidence lists
-- "Action Line C5" and "SDG 3" beside the words), what it matched (`words`: widened to whole
-- words, "teleconsultation", not the rule's "teleconsult"), the rule, and the narrower topic a
-- family tag came from. ict_response/topic_evidence.py says it in the reader's language.
-- Parameters: $case_id
-- Columns: topic, label, signal, field (of words), words, matched (an Action Line's code, an
--   SDG's number), action_line_name, via_label, rule
WITH evidence AS (
    SELECT m.*, CASE WHEN m.signal = 'model' THEN m.matched ELSE coalesce(nullif(regexp_extract(
               topic_fold(CASE m.field WHEN 'title' THEN c.title WHEN 'description' THEN c.description
                                       WHEN 'keywords' THEN c.keywords ELSE c.organisation END),
               '[\pL\pN]*' || regexp_replace(m.matched, '([^\pL\pN ])', '\\\1', 'g') || '[\pL\pN]*'), ''),
               m.matched) END AS words
    FROM topic_matches m JOIN cases c ON c.case_id = m.record_id
    WHERE m.record_kind = 'case' AND m.record_id = $case_id
)
SELECT e.topic, t.label, e.signal, e.field, e.words, e.matched, a.name AS action_line_name, v.label AS via_label,
       e.rule
FROM evidence e
JOIN topics t USING (topic)
LEFT JOIN topics v ON v.topic = e.via
LEFT JOIN action_lines a ON e.signal = 'action_line' AND a.code = e.matched
ORDER BY t.label
