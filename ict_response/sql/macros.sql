-- Build step 3: the macros the page queries filter and search with, stored in the database.
-- filtered_cases(...) and filtered_sessions(...), which apply every filter the same way in
-- every query, are written by ict_response/filters.py from its filter declarations (each
-- filter's SQL predicate over the macro's arguments) and stored beside these.

-- The bits of the chosen values in one dimension (see filter_bits in derive.sql).
CREATE OR REPLACE MACRO filter_mask(dimension_name, chosen) AS (
    SELECT coalesce(bit_or(1::BIGINT << bit), 0) FROM filter_bits
    WHERE dimension = dimension_name AND list_contains(chosen::VARCHAR[], value)
);

-- The numbers of the cases whose search text (title, organisation, description, case-folded)
-- contains q. When q is one word of two or more letters or digits, every place it occurs lies
-- inside a word of the text, so the cases are those of the indexed words that contain q
-- (search_postings in derive.sql): no scan of a million texts. Any other q is searched for
-- in the texts themselves. q is a bound value, so only the branch that applies is run.
-- "Letters or digits" here are those of the scripts below (Latin with its accents, Greek,
-- Cyrillic, Arabic, Vietnamese, CJK, Hangul), all word characters of the index (a test checks
-- each one): a class of every Unicode letter would cost 4 ms to compile on every query.
CREATE OR REPLACE MACRO search_uses_index(q) AS regexp_full_match(fold_case(q),
    '[0-9a-z\x{DF}-\x{F6}\x{F8}-\x{24F}\x{3AC}-\x{3CE}\x{430}-\x{45F}\x{621}-\x{63A}\x{641}-\x{64A}\x{660}-\x{669}\x{1E00}-\x{1EFF}\x{4E00}-\x{9FFF}\x{AC00}-\x{D7A3}]{2,}');

CREATE OR REPLACE MACRO cases_matching(q) AS TABLE
SELECT p.case_no FROM search_postings p
WHERE search_uses_index(q)
  AND p.word IN (SELECT w.word FROM search_words w WHERE contains(w.word, fold_case(q)))
UNION ALL
SELECT c.case_no FROM cases c
WHERE NOT search_uses_index(q) AND contains(c.search_text, fold_case(q));
