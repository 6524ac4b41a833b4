-- Topic tagging, step 1: the rules of data/reference/topic_rules.csv over each record's
-- texts and codes. Inputs: topics (topic, label, parent), topic_rules (rule, topic, signal, lang,
-- pattern), topic_texts (record_kind, record_id, field, field_order, text) and topic_codes
-- (record_kind, record_id, signal, code). Output: rule_topic_matches, one row per record and
-- topic with the evidence: the signal, the rule, the field and what it matched, and `via`,
-- the narrower topic a family tag comes from. The build and `ict-response topics --try` run
-- it the same way (topics.tag), so a trial shows exactly what a rebuild would do.

-- topic_pieces (record_kind, record_id, field, field_order, piece, position, chunk) holds
-- what the scans found and topic_chunks which topics each chunk scanned: topics.tag scans
-- each text once per chunk of topics, matching lower-cased text without accents
-- ("hôpital" and "HOPITAL" are "hopital"; rules are written that way, validated in
-- topics.py), then runs this file.

-- Few distinct pieces ("teleconsultation", "pupils", …): testing each against every rule is
-- cheap. A piece counts for a topic when one of its word rules (`words`, or `weak`: only
-- with another weak word) matches inside it and none of its exclusions does.
CREATE TEMP TABLE piece_topics AS
WITH pieces AS (SELECT DISTINCT piece, chunk FROM topic_pieces)
SELECT p.piece, p.chunk, r.topic, min(r.rule) AS rule, p.piece AS matched,
       bool_or(r.signal = 'words') AS strong
FROM pieces p
JOIN topic_chunks c ON c.chunk = p.chunk
JOIN topic_rules r ON r.topic = c.topic AND r.signal IN ('words', 'weak') AND regexp_matches(p.piece, r.pattern, 'i')
WHERE NOT EXISTS (
    SELECT 1 FROM topic_rules x
    WHERE x.signal = 'not' AND x.topic = r.topic AND regexp_matches(p.piece, x.pattern, 'i')
)
GROUP BY p.piece, p.chunk, r.topic;

CREATE TEMP TABLE direct_topic_matches AS
-- Words: a `words` rule's piece, or else two different `weak` ones (a weak word alone is
-- context: "students" staffing a call centre is not learning). The evidence is a strong
-- piece where there is one, in the first field (title, description, keywords,
-- organisation) that has it, at its first place (an integer key sorts faster than a list).
-- (The evidence's three values taken together, and "two different pieces" as the least and
-- the greatest differing: at a million cases 1.7 s, where three arg_min and a count of
-- distinct pieces took 5.5 s.)
SELECT record_kind, record_id, topic, 'words' AS signal, 1 AS preference,
       evidence.rule AS rule, evidence.field AS field, evidence.matched AS matched
FROM (
    SELECT h.record_kind, h.record_id, t.topic,
           arg_min({'rule': t.rule, 'field': h.field, 'matched': t.matched},
                   (NOT t.strong)::BIGINT * 1000000000 + h.field_order * 1000000 + h.position) AS evidence
    FROM topic_pieces h JOIN piece_topics t USING (piece, chunk)
    GROUP BY h.record_kind, h.record_id, t.topic
    HAVING bool_or(t.strong) OR min(t.piece) <> max(t.piece)
)
UNION ALL
-- Codes: an Action Line (a C7 E-health case is a health case) or an SDG the record declares,
-- counted only where no words tagged the topic (the lower `preference` wins below).
SELECT c.record_kind, c.record_id, r.topic, c.signal,
       CASE c.signal WHEN 'action_line' THEN 2 ELSE 3 END,
       min(r.rule), CASE c.signal WHEN 'action_line' THEN 'action_lines' ELSE 'sdgs' END, min(c.code)
FROM topic_codes c JOIN topic_rules r ON r.signal = c.signal AND r.pattern = c.code
GROUP BY ALL;

-- One row per record and topic: words before Action Lines before SDGs; a narrower topic
-- tags its family too (a telemedicine case is a health case), with the narrower one as `via`.
-- These are the rules' tags; topic_model.sql weighs them with the record's other signals.
CREATE TEMP TABLE rule_topic_matches AS
WITH best AS (
    SELECT record_kind, record_id, topic, signal, rule, field, matched
    FROM direct_topic_matches
    QUALIFY row_number() OVER (PARTITION BY record_kind, record_id, topic ORDER BY preference) = 1
),
families AS (
    SELECT b.record_kind, b.record_id, t.parent AS topic, b.signal, b.rule, b.field, b.matched,
           b.topic AS via
    FROM best b JOIN topics t USING (topic)
    WHERE t.parent IS NOT NULL
    QUALIFY row_number() OVER (PARTITION BY b.record_kind, b.record_id, t.parent ORDER BY b.topic) = 1
)
SELECT *, NULL::VARCHAR AS via FROM best
UNION ALL
SELECT f.record_kind, f.record_id, f.topic, f.signal, f.rule, f.field, f.matched, f.via
FROM families f ANTI JOIN best b USING (record_kind, record_id, topic);

DROP TABLE topic_pieces;
DROP TABLE topic_chunks;
DROP TABLE piece_topics;
DROP TABLE direct_topic_matches;
