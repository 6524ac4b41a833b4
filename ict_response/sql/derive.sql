-- Build step: from the staging tables (every loaded row of every import, in import order)
-- to the tables the queries read. Runs inside the new database file before it is swapped in.
-- Inputs: staging_cases, staging_workshops, countries, topic_matches.

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

-- topic_matches (record_kind, record_id, topic, field, matched) is made by topics.sql before
-- this file runs.

CREATE TEMP TABLE record_topics AS
SELECT record_kind, record_id, list(topic ORDER BY topic) AS topics
FROM topic_matches GROUP BY ALL;

CREATE TEMP TABLE region_maps AS
SELECT map(list(iso3), list(itu_region)) AS itu,
       map(list(iso3), list(m49_region)) AS m49,
       map(list(iso3), list(m49_subregion)) AS m49_sub
FROM countries;

CREATE TABLE cases AS
SELECT c.case_id, c.collection, c.title, c.organisation, c.entity_type, c.countries,
       coalesce(c.scope, 'Unspecified') AS scope,
       c.action_lines, c.sdgs, coalesce(t.topics, []::VARCHAR[]) AS topics,
       c.keywords, c.description, c.status, c.start_date, c.end_date, c.submitted_on, c.url,
       -- Derived for filtering: a C7 filter finds the C7 sub-lines too.
       list_distinct(c.action_lines || list_transform(
           list_filter(c.action_lines, lambda a: a LIKE 'C7-%'), lambda a: 'C7')) AS action_line_match,
       list_distinct(list_transform(c.countries, lambda x: m.itu[x])) AS itu_regions,
       list_distinct(list_transform(c.countries, lambda x: m.m49[x])) AS m49_regions,
       list_distinct(list_transform(c.countries, lambda x: m.m49_sub[x])) AS m49_subregions,
       coalesce(c.start_date, c.submitted_on) AS reference_date,
       c.extra, c.import_id, c.source_row
FROM ranked_cases c
CROSS JOIN region_maps m
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

DROP TABLE staging_cases;
DROP TABLE staging_workshops;
