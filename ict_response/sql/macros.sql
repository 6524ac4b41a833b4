-- Build step 3: the macros the page queries filter and search with, stored in the database.
-- filtered_cases(...) and filtered_sessions(...), which apply every filter the same way in
-- every query, are written by ict_response/filters.py from its filter declarations (each
-- filter's SQL predicate over the macro's arguments) and stored beside these.

-- The bits of the chosen values in one dimension (see filter_bits in derive.sql).
CREATE OR REPLACE MACRO filter_mask(dimension_name, chosen) AS (
    SELECT coalesce(bit_or(1::BIGINT << bit), 0) FROM filter_bits
    WHERE dimension = dimension_name AND list_contains(chosen::VARCHAR[], value)
);

-- A search is its terms: the words between its spaces, case-folded; a search in double
-- quotes is one term, spaces and all (a phrase). A text matches when it contains every term.
CREATE OR REPLACE MACRO search_terms(q) AS CASE
    WHEN length(q) >= 2 AND starts_with(q, '"') AND ends_with(q, '"') THEN [fold_case(q[2:-2])]
    ELSE list_distinct(list_filter(string_split(fold_case(q), ' '), lambda t: t <> ''))
END;

-- When a term is one word of two or more letters or digits, every place it occurs lies inside
-- a word of the text, so the cases holding it are those of the indexed words that contain it
-- (search_postings in derive.sql): no scan of a million texts. A search of one such word
-- (search_uses_index) or of several (search_uses_words) is answered from the index; any
-- other from the texts themselves. q is a bound value, so only the branch that applies is
-- run.
-- "Letters or digits" here are those of the scripts below (Latin with its accents, Greek,
-- Cyrillic, Arabic, Vietnamese, CJK, Hangul), all word characters of the index (a test checks
-- each one): a class of every Unicode letter would cost 4 ms to compile on every query.
CREATE OR REPLACE MACRO search_uses_index(q) AS regexp_full_match(fold_case(q),
    '[0-9a-z\x{DF}-\x{F6}\x{F8}-\x{24F}\x{3AC}-\x{3CE}\x{430}-\x{45F}\x{621}-\x{63A}\x{641}-\x{64A}\x{660}-\x{669}\x{1E00}-\x{1EFF}\x{4E00}-\x{9FFF}\x{AC00}-\x{D7A3}]{2,}');
CREATE OR REPLACE MACRO search_uses_words(q) AS regexp_full_match(fold_case(q),
    ' *[0-9a-z\x{DF}-\x{F6}\x{F8}-\x{24F}\x{3AC}-\x{3CE}\x{430}-\x{45F}\x{621}-\x{63A}\x{641}-\x{64A}\x{660}-\x{669}\x{1E00}-\x{1EFF}\x{4E00}-\x{9FFF}\x{AC00}-\x{D7A3}]{2,}(?: +[0-9a-z\x{DF}-\x{F6}\x{F8}-\x{24F}\x{3AC}-\x{3CE}\x{430}-\x{45F}\x{621}-\x{63A}\x{641}-\x{64A}\x{660}-\x{669}\x{1E00}-\x{1EFF}\x{4E00}-\x{9FFF}\x{AC00}-\x{D7A3}]{2,})+ *');

-- How a search is answered: 'word', 'words' or 'texts' (for tests and for reading plans).
CREATE OR REPLACE MACRO search_path(q) AS CASE
    WHEN search_uses_index(q) THEN 'word' WHEN search_uses_words(q) THEN 'words' ELSE 'texts'
END;

CREATE OR REPLACE MACRO cases_matching(q) AS TABLE
SELECT p.case_no FROM search_postings p
WHERE search_uses_index(q)
  AND p.word IN (SELECT w.word FROM search_words w WHERE contains(w.word, fold_case(q)))
UNION ALL
SELECT p.case_no
FROM search_postings p
JOIN (SELECT DISTINCT w.word, t.term FROM (SELECT unnest(search_terms(q)) AS term) t
      JOIN search_words w ON contains(w.word, t.term)) m USING (word)
WHERE search_uses_words(q)
GROUP BY p.case_no
HAVING count(DISTINCT m.term) = len(search_terms(q))
UNION ALL
SELECT c.case_no FROM cases c
WHERE NOT search_uses_index(q) AND NOT search_uses_words(q)
  AND (len(search_terms(q)) = 0 OR list_bool_and(list_transform(search_terms(q), lambda t: contains(c.search_text, t))));

-- The sessions whose search text holds every term, the same way.
CREATE OR REPLACE MACRO sessions_matching(q) AS TABLE
SELECT p.session_id FROM session_postings p
WHERE search_uses_index(q)
  AND p.word IN (SELECT w.word FROM session_words w WHERE contains(w.word, fold_case(q)))
UNION ALL
SELECT p.session_id
FROM session_postings p
JOIN (SELECT DISTINCT w.word, t.term FROM (SELECT unnest(search_terms(q)) AS term) t
      JOIN session_words w ON contains(w.word, t.term)) m USING (word)
WHERE search_uses_words(q)
GROUP BY p.session_id
HAVING count(DISTINCT m.term) = len(search_terms(q))
UNION ALL
SELECT s.session_id FROM sessions s
WHERE NOT search_uses_index(q) AND NOT search_uses_words(q)
  AND (len(search_terms(q)) = 0 OR list_bool_and(list_transform(search_terms(q), lambda t: contains(s.search_text, t))));

-- The countries inside the reader's choice of places, each with its region in the chosen
-- scheme: those in a chosen region (an M49 region or sub-region) and among the chosen
-- countries. A filter that names no place (none chosen, or only the Global and Regional
-- scopes, which pick cases by scope) leaves every country in. Counts of countries and
-- regions go through it, so a multi-country case counts only its countries inside the
-- selection: under region=Africa, Africa's countries, not its partners elsewhere.
CREATE OR REPLACE MACRO selected_places(region, region_scheme, country) AS TABLE
SELECT k.iso3, k.name,
       CASE WHEN region_scheme = 'm49' THEN k.m49_region ELSE k.itu_region END AS region
FROM countries k
WHERE (len(list_filter(region::VARCHAR[], lambda r: r NOT IN ('Global', 'Regional'))) = 0
       OR list_contains(region::VARCHAR[],
                        CASE WHEN region_scheme = 'm49' THEN k.m49_region ELSE k.itu_region END)
       OR (region_scheme = 'm49' AND list_contains(region::VARCHAR[], k.m49_subregion)))
  AND (len(country::VARCHAR[]) = 0 OR list_contains(country::VARCHAR[], k.iso3));

-- True when the region or country filter names places (not only the Global and Regional
-- scopes): only then do queries take the slower path through selected_places, which counts
-- a case's countries one by one. Bound values, so the other path is not run.
CREATE OR REPLACE MACRO places_chosen(region, country) AS
    len(country::VARCHAR[]) > 0
    OR len(list_filter(region::VARCHAR[], lambda r: r NOT IN ('Global', 'Regional'))) > 0;

-- True when a case's regions inside the chosen places can only be found country by country:
-- a country is chosen, or an M49 sub-region (part of a region). When only whole regions are
-- chosen, a case's own list of regions, kept to the chosen ones, is the same answer, faster.
-- The M49 regions are named here, not looked up: a subquery would stop DuckDB from
-- folding this over the bound values, and both paths would run.
CREATE OR REPLACE MACRO places_by_country(region, region_scheme, country) AS
    len(country::VARCHAR[]) > 0
    OR (region_scheme = 'm49'
        AND len(list_filter(region::VARCHAR[], lambda r: r NOT IN
            ('Africa', 'Americas', 'Antarctica', 'Asia', 'Europe', 'Oceania', 'Global', 'Regional'))) > 0);
