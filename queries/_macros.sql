-- Shared filtering, stored in the database by every build so that every query filters the
-- same way. Each argument is a list (empty = no filter) or NULL (no bound), bound by the
-- runner from one Filters value:
--   action_line  VARCHAR[]  codes; a 'C7' filter also finds its sub-lines (action_line_match)
--   sdg          INTEGER[]  goal numbers 1-17
--   region       VARCHAR[]  region names in region_scheme, or the scopes 'Global', 'Regional'
--   region_scheme VARCHAR   'itu' (ITU regions) or 'm49' (UN M49 regions and sub-regions)
--   country      VARCHAR[]  ISO 3166 alpha-3 codes
--   entity_type  VARCHAR[]  Government, Private Sector, ...
--   topic        VARCHAR[]  topic ids
--   collection   VARCHAR[]  collection names
--   date_from, date_to DATE  on the case's start date (else its submission date)
--   q            VARCHAR    text searched, case-insensitively, in title, organisation, description
-- Action lines, SDGs, regions and topics are matched on the integer bit columns built by
-- derive.sql: the same answer as the lists, without scanning them.

-- The bits of the chosen values in one dimension (see filter_bits in derive.sql).
CREATE OR REPLACE MACRO filter_mask(dimension_name, chosen) AS (
    SELECT coalesce(bit_or(1::BIGINT << bit), 0) FROM filter_bits
    WHERE dimension = dimension_name AND list_contains(chosen::VARCHAR[], value)
);

-- The numbers of the cases whose search text (title, organisation, description, lower-cased)
-- contains q. When q is one word of two or more letters or digits, every place it occurs lies
-- inside a word of the text, so the cases are those of the indexed words that contain q
-- (search_postings in derive.sql): no scan of a million texts. Any other q is searched for
-- in the texts themselves. q is a bound value, so only the branch that applies is run.
-- "Letters or digits" here are those of the scripts below (Latin with its accents, Greek,
-- Cyrillic, Arabic, Vietnamese, CJK, Hangul), all word characters of the index (a test checks
-- each one): a class of every Unicode letter would cost 4 ms to compile on every query.
CREATE OR REPLACE MACRO search_uses_index(q) AS regexp_full_match(lower(q),
    '[0-9a-z\x{DF}-\x{F6}\x{F8}-\x{24F}\x{3AC}-\x{3CE}\x{430}-\x{45F}\x{621}-\x{63A}\x{641}-\x{64A}\x{660}-\x{669}\x{1E00}-\x{1EFF}\x{4E00}-\x{9FFF}\x{AC00}-\x{D7A3}]{2,}');

CREATE OR REPLACE MACRO cases_matching(q) AS TABLE
SELECT p.case_no FROM search_postings p
WHERE search_uses_index(q)
  AND p.word IN (SELECT w.word FROM search_words w WHERE contains(w.word, lower(q)))
UNION ALL
SELECT c.case_no FROM cases c
WHERE NOT search_uses_index(q) AND contains(c.search_text, lower(q));

CREATE OR REPLACE MACRO filtered_cases(
    action_line, sdg, region, region_scheme, country, entity_type, topic, collection,
    date_from, date_to, q
) AS TABLE
SELECT *
FROM cases c
WHERE (len(action_line) = 0 OR (c.action_line_bits & filter_mask('action_line', action_line)) <> 0)
  AND (len(sdg) = 0 OR (c.sdg_bits & list_reduce(list_transform(sdg::INTEGER[], lambda g: 1::INTEGER << g),
                                                  lambda x, y: x | y, 0)) <> 0)
  AND (len(region) = 0
       OR list_contains(region::VARCHAR[], c.scope)
       OR (region_scheme = 'm49' AND (c.m49_bits & filter_mask('m49', region)) <> 0)
       OR (region_scheme <> 'm49' AND (c.itu_bits & filter_mask('itu', region)) <> 0))
  AND (len(country) = 0 OR list_has_any(c.countries, country::VARCHAR[]))
  AND (len(entity_type) = 0 OR list_contains(entity_type::VARCHAR[], c.entity_type))
  AND (len(topic) = 0 OR (c.topic_bits & filter_mask('topic', topic)) <> 0)
  AND (len(collection) = 0 OR list_contains(collection::VARCHAR[], c.collection))
  AND (date_from IS NULL OR c.reference_date >= date_from::DATE)
  AND (date_to IS NULL OR c.reference_date <= date_to::DATE)
  AND (q IS NULL OR q = '' OR c.case_no IN (SELECT case_no FROM cases_matching(q)));

-- Sessions have no region, entity type or collection: those filters do not apply to them.
CREATE OR REPLACE MACRO filtered_sessions(action_line, sdg, topic, date_from, date_to, q) AS TABLE
SELECT *
FROM sessions w
WHERE (len(action_line) = 0 OR list_has_any(w.action_line_match, action_line::VARCHAR[]))
  AND (len(sdg) = 0 OR list_has_any(w.sdgs, sdg::INTEGER[]))
  AND (len(topic) = 0 OR list_has_any(w.topics, topic::VARCHAR[]))
  AND (date_from IS NULL OR w.held_on >= date_from::DATE)
  AND (date_to IS NULL OR w.held_on <= date_to::DATE)
  AND (q IS NULL OR q = ''
       OR contains(lower(w.title), lower(q))
       OR contains(lower(array_to_string(w.organisers, ' ')), lower(q))
       OR contains(lower(coalesce(w.description, '')), lower(q)));
