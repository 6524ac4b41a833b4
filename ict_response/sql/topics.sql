-- Build step: tag every record with the topic rules (data/reference/topics.csv) over its
-- title, description and keywords, keeping the rule, field and text that matched.
-- Parameters: $any_rule, every rule's pattern in one alternation, so each text is scanned
-- once (a pattern that is a bound constant is compiled once; one read from the topics table
-- would be compiled again for every row).
-- Each piece of text the scan finds is tagged with every rule found inside it; the first
-- field (title, then description, then keywords) that has a tag is its evidence.
CREATE TABLE topic_matches AS
WITH latest_cases AS (
    SELECT case_id, title, description, keywords FROM staging_cases
    QUALIFY row_number() OVER (PARTITION BY case_id ORDER BY import_seq DESC, source_row DESC) = 1
),
latest_workshops AS (
    SELECT workshop_id, title, description, keywords FROM staging_workshops
    QUALIFY row_number() OVER (PARTITION BY workshop_id ORDER BY import_seq DESC, source_row DESC) = 1
),
texts AS (
    SELECT 'case' AS record_kind, case_id AS record_id, 1 AS field_order, 'title' AS field, title AS text
    FROM latest_cases
    UNION ALL SELECT 'case', case_id, 2, 'description', description FROM latest_cases WHERE description IS NOT NULL
    UNION ALL SELECT 'case', case_id, 3, 'keywords', keywords FROM latest_cases WHERE keywords IS NOT NULL
    UNION ALL SELECT 'workshop', workshop_id, 1, 'title', title FROM latest_workshops
    UNION ALL SELECT 'workshop', workshop_id, 2, 'description', description FROM latest_workshops WHERE description IS NOT NULL
    UNION ALL SELECT 'workshop', workshop_id, 3, 'keywords', keywords FROM latest_workshops WHERE keywords IS NOT NULL
),
pieces AS (
    SELECT record_kind, record_id, field, field_order, unnest(found) AS piece,
           generate_subscripts(found, 1) AS position
    FROM (SELECT *, regexp_extract_all(text, $any_rule) AS found FROM texts)
),
-- Few distinct pieces ("telehealth", "4G", …): matching them against each rule is cheap.
piece_topics AS (
    SELECT p.piece, r.topic, regexp_extract(p.piece, '(?i)(' || r.pattern || ')', 0) AS matched
    FROM (SELECT DISTINCT piece FROM pieces) p CROSS JOIN topics r
    WHERE regexp_matches(p.piece, r.pattern, 'i')
)
SELECT h.record_kind, h.record_id, t.topic,
       arg_min(h.field, [h.field_order, h.position]) AS field,
       arg_min(t.matched, [h.field_order, h.position]) AS matched
FROM pieces h JOIN piece_topics t USING (piece)
GROUP BY ALL;
