-- Build step: from the staging rows (every loaded row of every import, in import order;
-- Arrow tables registered as staging_cases and staging_workshops, never written to disk)
-- to the tables the queries read. Runs inside the new database file before it is swapped in.
-- Inputs: staging_cases, staging_workshops, countries, topics.

-- A later export of a record with the same id supersedes the earlier one.
CREATE TEMP TABLE ranked_cases AS
SELECT *, row_number() OVER (PARTITION BY case_id ORDER BY import_seq DESC, source_row DESC) AS version
FROM staging_cases;

CREATE TEMP TABLE ranked_workshops AS
SELECT *, row_number() OVER (PARTITION BY workshop_id ORDER BY import_seq DESC, source_row DESC) AS version
FROM staging_workshops;

CREATE TABLE superseded AS
SELECT import_id, count(*) AS rows_superseded FROM (
    SELECT import_id FROM ranked_cases WHERE version > 1
    UNION ALL
    SELECT import_id FROM ranked_workshops WHERE version > 1
) GROUP BY import_id;

-- Topics: the rules of data/reference/topics.csv over title, description and keywords.
-- Every rule's pattern goes into one alternation, so each text is scanned once; held in a
-- variable, it is a constant the regex engine compiles once (read from a table column it
-- would be compiled again for every row). Each piece of text the scan finds is tagged with
-- every rule found inside it; the first field (title, description, keywords) with the tag
-- is its evidence, with the text that matched.
SET VARIABLE any_topic_rule = (
    SELECT '(?i)(' || string_agg('(?:' || pattern || ')', '|' ORDER BY topic) || ')' FROM topics
);

CREATE TABLE topic_matches AS
WITH texts AS (
    SELECT 'case' AS record_kind, case_id AS record_id, 1 AS field_order, 'title' AS field, title AS text
    FROM ranked_cases WHERE version = 1
    UNION ALL SELECT 'case', case_id, 2, 'description', description FROM ranked_cases WHERE version = 1 AND description IS NOT NULL
    UNION ALL SELECT 'case', case_id, 3, 'keywords', keywords FROM ranked_cases WHERE version = 1 AND keywords IS NOT NULL
    UNION ALL SELECT 'workshop', workshop_id, 1, 'title', title FROM ranked_workshops WHERE version = 1
    UNION ALL SELECT 'workshop', workshop_id, 2, 'description', description FROM ranked_workshops WHERE version = 1 AND description IS NOT NULL
    UNION ALL SELECT 'workshop', workshop_id, 3, 'keywords', keywords FROM ranked_workshops WHERE version = 1 AND keywords IS NOT NULL
),
pieces AS (
    SELECT record_kind, record_id, field, field_order, unnest(found) AS piece,
           generate_subscripts(found, 1) AS position
    FROM (SELECT *, regexp_extract_all(text, getvariable('any_topic_rule')) AS found FROM texts)
),
-- Few distinct pieces ("telehealth", "4G", …): matching them against each rule is cheap.
piece_topics AS (
    SELECT p.piece, r.topic, regexp_extract(p.piece, '(?i)(' || r.pattern || ')', 0) AS matched
    FROM (SELECT DISTINCT piece FROM pieces) p CROSS JOIN topics r
    WHERE regexp_matches(p.piece, r.pattern, 'i')
)
SELECT h.record_kind, h.record_id, t.topic,
       -- First by field, then by position in it (an integer key sorts faster than a list).
       arg_min(h.field, h.field_order * 1000000 + h.position) AS field,
       arg_min(t.matched, h.field_order * 1000000 + h.position) AS matched
FROM pieces h JOIN piece_topics t USING (piece)
GROUP BY ALL;

CREATE TEMP TABLE record_topics AS
SELECT record_kind, record_id, list(topic ORDER BY topic) AS topics
FROM topic_matches GROUP BY ALL;

-- Regions of each distinct country list (a few thousand lists, not a million rows).
CREATE TEMP TABLE list_regions AS
SELECT l.countries,
       list_distinct(list(k.itu_region ORDER BY l.position)) AS itu_regions,
       list_distinct(list(k.m49_region ORDER BY l.position)) AS m49_regions,
       list_distinct(list(k.m49_subregion ORDER BY l.position)) AS m49_subregions
FROM (
    SELECT countries, unnest(countries) AS iso3, generate_subscripts(countries, 1) AS position
    FROM (SELECT DISTINCT countries FROM ranked_cases WHERE version = 1)
) l JOIN countries k USING (iso3)
GROUP BY l.countries;

CREATE TABLE cases AS
SELECT c.case_id, c.collection, c.title, c.organisation, c.entity_type, c.countries,
       coalesce(c.scope, 'Unspecified') AS scope,
       c.action_lines, c.sdgs, coalesce(t.topics, []::VARCHAR[]) AS topics,
       c.keywords, c.description, c.status, c.start_date, c.end_date, c.submitted_on, c.url,
       -- Derived for filtering: a C7 filter finds the C7 sub-lines too.
       list_distinct(c.action_lines || list_transform(
           list_filter(c.action_lines, lambda a: a LIKE 'C7-%'), lambda a: 'C7')) AS action_line_match,
       coalesce(r.itu_regions, []::VARCHAR[]) AS itu_regions,
       coalesce(r.m49_regions, []::VARCHAR[]) AS m49_regions,
       coalesce(r.m49_subregions, []::VARCHAR[]) AS m49_subregions,
       coalesce(c.start_date, c.submitted_on) AS reference_date,
       c.extra, c.import_id, c.source_row
FROM ranked_cases c
LEFT JOIN list_regions r ON r.countries = c.countries
LEFT JOIN record_topics t ON t.record_kind = 'case' AND t.record_id = c.case_id
WHERE c.version = 1;

CREATE TABLE workshops AS
SELECT w.workshop_id, w.forum, w.session_type, w.title, w.organisers, w.held_on,
       w.covid_related, w.action_lines, w.sdgs, coalesce(t.topics, []::VARCHAR[]) AS topics,
       w.countries, w.keywords, w.description, w.url,
       list_distinct(w.action_lines || list_transform(
           list_filter(w.action_lines, lambda a: a LIKE 'C7-%'), lambda a: 'C7')) AS action_line_match,
       w.extra, w.import_id, w.source_row
FROM ranked_workshops w
LEFT JOIN record_topics t ON t.record_kind = 'workshop' AND t.record_id = w.workshop_id
WHERE w.version = 1;
