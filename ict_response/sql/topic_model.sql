-- Topic tagging, step 3: a model learned from cases that readers labelled decides each
-- record's topics from everything it says at once: its words, its Action Lines and SDGs,
-- and what the rules found (ict_response/topic_model.py; how well it agrees with readers:
-- bench/topic_eval.py). A rule tags a word wherever it appears ("clinic" in a story about
-- free data for doctors); weighing all of a case's signals together agrees with readers
-- more often, and finds topics in words no rule lists.
-- Which topics each case has is decided in ict_response/topic_model.py (a weighted sum per
-- topic over the case's features of step 2, over a million cases in a few seconds), into
-- model_topics (record_id, topic). From there, this file writes topic_matches, one row per
-- record and topic: sessions as the rules tag them; for cases, the rules' evidence where
-- they found the topic, else the signal 'model' with the case's words that weighed most
-- for it; a narrower topic tags its family too, as in step 1. Inputs: topics,
-- topic_folded, rule_topic_matches, model_topics and topic_weights (topic, feature, weight).
CREATE TEMP TABLE decided AS
SELECT 'case' AS record_kind, record_id, topic, NULL::VARCHAR AS via FROM model_topics
UNION ALL
SELECT 'case', m.record_id, t.parent, min(m.topic)
FROM model_topics m JOIN topics t USING (topic)
WHERE t.parent IS NOT NULL
  AND NOT EXISTS (SELECT 1 FROM model_topics x WHERE x.record_id = m.record_id AND x.topic = t.parent)
GROUP BY m.record_id, t.parent;

-- A topic the rules did not find shows what weighed most for it, up to three: the record's
-- words as written (lower case, no accents), its Action Lines and SDGs ("Action Line C5",
-- "SDG 3"), and only those of weight (0.2 and more: the top tenth of the words' positive
-- weights), not the small nudges that common words give.
CREATE TEMP TABLE model_evidence AS
WITH wanted AS (
    SELECT d.* FROM decided d ANTI JOIN rule_topic_matches r USING (record_kind, record_id, topic)
),
words AS (
    SELECT t.record_kind, t.record_id, t.field, t.field_order, unnest(regexp_extract_all(t.text, '[a-z0-9]{3,}')) AS word
    FROM topic_folded t SEMI JOIN wanted w USING (record_kind, record_id)
),
shown AS (  -- one word per feature: the first in alphabetical order ("patient", not "patients"),
            -- in the first field that has it
    SELECT record_kind, record_id, left(word, 6) AS feature,
           arg_min(field, {'word': word, 'field_order': field_order}) AS field, min(word) AS text
    FROM words GROUP BY record_kind, record_id, left(word, 6)
    UNION ALL
    SELECT record_kind, record_id, signal || ':' || code, signal || 's',
           CASE signal WHEN 'action_line' THEN 'Action Line ' ELSE 'SDG ' END || code
    FROM topic_codes SEMI JOIN wanted w USING (record_kind, record_id)
),
strongest AS (
    SELECT d.record_kind, d.record_id, d.topic, s.field, s.text, w.weight
    FROM wanted d
    JOIN shown s USING (record_kind, record_id)
    JOIN topic_weights w ON w.topic = coalesce(d.via, d.topic) AND w.feature = s.feature AND w.weight >= 0.2
    QUALIFY row_number() OVER (PARTITION BY d.record_kind, d.record_id, d.topic
                               ORDER BY w.weight DESC, s.text) <= 3
),
summed AS (
    -- The field of the word that weighed most (of equal weights, the first in alphabetical
    -- order, as listed): the same on every build.
    SELECT record_kind, record_id, topic, arg_min(field, {'weight': -weight, 'text': text}) AS field,
           string_agg(text, ', ' ORDER BY weight DESC, text) AS matched
    FROM strongest GROUP BY ALL
)
SELECT d.record_kind, d.record_id, d.topic, 'model' AS signal, NULL::VARCHAR AS rule,
       s.field, s.matched, d.via
FROM wanted d LEFT JOIN summed s USING (record_kind, record_id, topic);

-- The rules' evidence where they found the topic (its `via` only if the model kept that
-- narrower topic too), else the model's.
CREATE TABLE topic_matches AS
SELECT r.record_kind, r.record_id, r.topic, r.signal, r.rule, r.field, r.matched,
       CASE WHEN v.topic IS NOT NULL THEN r.via END AS via
FROM rule_topic_matches r
SEMI JOIN decided d USING (record_kind, record_id, topic)
LEFT JOIN decided v ON v.record_kind = r.record_kind AND v.record_id = r.record_id AND v.topic = r.via
UNION ALL
SELECT record_kind, record_id, topic, signal, rule, field, matched, via FROM model_evidence
UNION ALL
SELECT * FROM rule_topic_matches WHERE record_kind = 'session';

DROP TABLE model_topics;
DROP TABLE decided;
DROP TABLE model_evidence;
DROP VIEW case_features;
DROP TABLE rule_features;
DROP TABLE rule_topic_matches;
