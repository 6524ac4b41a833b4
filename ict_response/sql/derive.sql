-- Build step 2: from each record's latest version (ranked_cases, ranked_sessions, made by
-- versions.sql) to the tables the queries read. Runs inside the new database file before it
-- is swapped in. Inputs: ranked_cases, ranked_sessions, countries, topics, topic_matches.

-- Case folding for the text search, stored for the queries too: lower(), then the letters
-- whose Unicode case folding goes further than lower-casing (final sigma, sharp s, long s,
-- the Greek symbol variants, the Latin ligatures), so "ΟΔΟΣ", "οδοσ" and "οδος" are one word
-- and "STRASSE" finds "Straße".
-- The replacements run only on texts that hold one of those letters: over a million cases'
-- texts, running them on every text took 6.5 s, checking first 0.9 s.
CREATE OR REPLACE MACRO fold_further(folded) AS
    replace(replace(replace(replace(replace(replace(replace(replace(
        translate(folded, 'ςſµϐϑϕϖϰϱϵͅι', 'σsμβθφπκρειι'),
        'ß', 'ss'), 'ﬀ', 'ff'), 'ﬁ', 'fi'), 'ﬂ', 'fl'), 'ﬃ', 'ffi'), 'ﬄ', 'ffl'), 'ﬅ', 'st'), 'ﬆ', 'st');
CREATE OR REPLACE MACRO fold_case(text) AS
    CASE WHEN regexp_matches(lower(text), '[ςſµϐϑϕϖϰϱϵͅιßﬀﬁﬂﬃﬄﬅﬆ]') THEN fold_further(lower(text))
         ELSE lower(text) END;

-- Topics: topic_matches, made by topics.sql just before this file.
CREATE TEMP TABLE record_topics AS
SELECT record_kind, record_id, list(topic ORDER BY topic) AS topics
FROM topic_matches GROUP BY ALL;

-- Filtering at a million cases: each action line, region and topic has a bit, and each case
-- an integer of its bits, so a filter is one AND over integers instead of a scan of lists.
CREATE TABLE filter_bits AS
SELECT 'action_line' AS dimension, code AS value, (row_number() OVER (ORDER BY sort) - 1)::INTEGER AS bit
FROM action_lines
UNION ALL
SELECT 'itu', name, (row_number() OVER (ORDER BY name) - 1)::INTEGER
FROM (SELECT DISTINCT itu_region AS name FROM countries WHERE itu_region IS NOT NULL)
UNION ALL
SELECT 'm49', name, (row_number() OVER (ORDER BY name) - 1)::INTEGER
FROM (SELECT m49_region AS name FROM countries UNION SELECT m49_subregion FROM countries)
WHERE name IS NOT NULL
UNION ALL
SELECT 'topic', topic, (row_number() OVER (ORDER BY topic) - 1)::INTEGER FROM topics;

SELECT CASE WHEN max(bit) > 62 THEN error('More than 63 values in one filter dimension: '
       || arg_max(dimension, bit) || ' (filter_bits in derive.sql needs a wider type)') END
FROM filter_bits;

-- Regions and region bits of each distinct country list (thousands of lists, not a million).
CREATE TEMP TABLE list_regions AS
SELECT l.countries,
       list_distinct(list(k.itu_region ORDER BY l.position)) AS itu_regions,
       list_distinct(list(k.m49_region ORDER BY l.position)) AS m49_regions,
       list_distinct(list(k.m49_subregion ORDER BY l.position)) AS m49_subregions,
       bit_or(1::BIGINT << bi.bit) AS itu_bits,
       coalesce(bit_or(1::BIGINT << bm.bit), 0) | coalesce(bit_or(1::BIGINT << bs.bit), 0) AS m49_bits
FROM (
    SELECT countries, unnest(countries) AS iso3, generate_subscripts(countries, 1) AS position
    FROM (SELECT DISTINCT countries FROM ranked_cases WHERE version = 1)
) l
JOIN countries k USING (iso3)
LEFT JOIN filter_bits bi ON bi.dimension = 'itu' AND bi.value = k.itu_region
LEFT JOIN filter_bits bm ON bm.dimension = 'm49' AND bm.value = k.m49_region
LEFT JOIN filter_bits bs ON bs.dimension = 'm49' AND bs.value = k.m49_subregion
GROUP BY l.countries;

-- Each distinct list of action lines (cases' and sessions') with its filter list (sub-lines
-- with their C7) and bits, and the bits of each distinct list of topics.
CREATE TEMP TABLE action_line_lists AS
SELECT action_lines,
       list_distinct(action_lines || list_transform(
           list_filter(action_lines, lambda a: a LIKE 'C7-%'), lambda a: 'C7')) AS action_line_match
FROM (SELECT DISTINCT action_lines FROM ranked_cases WHERE version = 1
      UNION SELECT DISTINCT action_lines FROM ranked_sessions WHERE version = 1);

CREATE TEMP TABLE action_line_list_bits AS
SELECT l.action_lines, any_value(l.action_line_match) AS action_line_match,
       coalesce(bit_or(1::BIGINT << b.bit), 0) AS action_line_bits
FROM (SELECT *, unnest(action_line_match) AS code FROM action_line_lists) l
LEFT JOIN filter_bits b ON b.dimension = 'action_line' AND b.value = l.code
GROUP BY l.action_lines;

CREATE TEMP TABLE topic_list_bits AS
SELECT l.topics, coalesce(bit_or(1::BIGINT << b.bit), 0) AS topic_bits
FROM (SELECT topics, unnest(topics) AS topic FROM (SELECT DISTINCT topics FROM record_topics)) l
LEFT JOIN filter_bits b ON b.dimension = 'topic' AND b.value = l.topic
GROUP BY l.topics;

-- Cases are numbered, and stored, newest first: the case list's order. A page of the list is
-- then the lowest numbers that pass the filters, read from a few blocks; the word index
-- below names cases by number. Numbered on the narrow keys first: sorting whole rows twice
-- would hold two copies of every text in memory.
-- A case's reference date: its start date, else the date it was submitted.
CREATE TEMP TABLE case_numbers AS
SELECT case_id, reference_date,
       (row_number() OVER (ORDER BY reference_date DESC NULLS LAST, case_id))::INTEGER AS case_no
FROM (SELECT case_id, coalesce(start_date, submitted_on) AS reference_date
      FROM ranked_cases WHERE version = 1);

CREATE TABLE cases AS
SELECT n.case_no,
       c.case_id, c.collection, c.title, c.organisation, c.entity_type, c.countries,
       coalesce(c.scope, 'Unspecified') AS scope,
       c.action_lines, c.sdgs, coalesce(t.topics, []::VARCHAR[]) AS topics,
       c.keywords, c.description, c.status, c.start_date, c.end_date, c.submitted_on, c.url,
       -- Derived for filtering: a C7 filter finds the C7 sub-lines too.
       coalesce(a.action_line_match, []::VARCHAR[]) AS action_line_match,
       coalesce(r.itu_regions, []::VARCHAR[]) AS itu_regions,
       coalesce(r.m49_regions, []::VARCHAR[]) AS m49_regions,
       coalesce(r.m49_subregions, []::VARCHAR[]) AS m49_subregions,
       n.reference_date,
       coalesce(a.action_line_bits, 0) AS action_line_bits,
       list_reduce(list_transform(c.sdgs, lambda g: 1::INTEGER << g), lambda x, y: x | y, 0) AS sdg_bits,
       coalesce(r.itu_bits, 0) AS itu_bits,
       coalesce(r.m49_bits, 0) AS m49_bits,
       coalesce(tb.topic_bits, 0) AS topic_bits,
       -- What the text search looks in, case-folded once here rather than in every query.
       fold_case(concat_ws(chr(31), c.title, c.organisation, c.description)) AS search_text,
       c.extra, c.import_id, c.source_row
FROM ranked_cases c
LEFT JOIN list_regions r ON r.countries = c.countries
LEFT JOIN action_line_list_bits a ON a.action_lines = c.action_lines
LEFT JOIN record_topics t ON t.record_kind = 'case' AND t.record_id = c.case_id
LEFT JOIN topic_list_bits tb ON tb.topics = t.topics
JOIN case_numbers n ON n.case_id = c.case_id
WHERE c.version = 1
ORDER BY n.case_no;

-- A case by its id at a million cases: the ids sorted, so a lookup reads one block of this
-- small table (its min/max), then the case by its number, not a scan of every case's id.
CREATE TABLE case_ids AS SELECT case_id, case_no FROM cases ORDER BY case_id;

-- Text search at a million cases: every word (a run of two or more letters or digits) of
-- each case's search text with the case's number, sorted by word so that looking a word up
-- reads only the blocks that hold it; search_words lists each word once. A search for one
-- word finds every case holding it from here (see cases_matching in sql/macros.sql).
CREATE TABLE search_postings AS
SELECT word, case_no FROM (
    SELECT case_no, unnest(list_distinct(regexp_extract_all(search_text, '[\pL\pN]{2,}'))) AS word
    FROM cases
)
ORDER BY word;

CREATE TABLE search_words AS SELECT DISTINCT word FROM search_postings;

CREATE TABLE sessions AS
SELECT w.session_id, w.forum, w.session_type, w.title, w.organisers, w.held_on,
       w.covid_related, w.action_lines, w.sdgs, coalesce(t.topics, []::VARCHAR[]) AS topics,
       w.countries, w.keywords, w.description, w.url,
       coalesce(a.action_line_match, []::VARCHAR[]) AS action_line_match,
       -- What the text search looks in, case-folded once here: folding 100,000 sessions'
       -- texts in every query took 0.4 s.
       fold_case(concat_ws(chr(31), w.title, array_to_string(w.organisers, ' '), w.description)) AS search_text,
       w.extra, w.import_id, w.source_row
FROM ranked_sessions w
LEFT JOIN action_line_list_bits a ON a.action_lines = w.action_lines
LEFT JOIN record_topics t ON t.record_kind = 'session' AND t.record_id = w.session_id
WHERE w.version = 1;

-- The sessions' text search goes through a word index too, built the same way (see
-- sessions_matching in sql/macros.sql).
CREATE TABLE session_postings AS
SELECT word, session_id FROM (
    SELECT session_id, unnest(list_distinct(regexp_extract_all(search_text, '[\pL\pN]{2,}'))) AS word
    FROM sessions
)
ORDER BY word;

CREATE TABLE session_words AS SELECT DISTINCT word FROM session_postings;

-- The official cells of the Action Line x SDG heatmap: each linkage of ITU's WSIS-SDG Matrix
-- (sdg_linkages), and C7's own, plain or rolled up, which the matrix does not list: a (C7,
-- SDG) pair is official when any C7 sub-line's is, and in both source files when any such
-- sub-line pair is.
CREATE TABLE sdg_linkage_cells AS
SELECT action_line, sdg, bool_or(in_both_source_files) AS in_both_source_files
FROM (
    SELECT action_line, sdg, in_both_source_files FROM sdg_linkages
    UNION ALL
    SELECT a.parent, l.sdg, l.in_both_source_files
    FROM sdg_linkages l JOIN action_lines a ON a.code = l.action_line
    WHERE a.parent IS NOT NULL
)
GROUP BY action_line, sdg;
