-- Build step 3: the replication finder's index (ict_response/replication.py). Cases that
-- describe the same practice in different words share few words, so each case is indexed by
-- the stems of its words (their first six letters, without accents: "vaccination" and
-- "vaccines" are one) and by the practice elements it names in any of the words that
-- data/reference/practice_terms.csv groups ("SMS", "text message" and "USSD push" all name
-- text messages). A term weighs its inverse document frequency (rare terms say more), an
-- element twice as much as a word, and a term of the case's title counts twice: a title
-- names the practice, a description also tells of everything around it. (What each of
-- these choices does to recall: tests/fixtures/replication/README.md.)
-- queries/similar_cases.sql and queries/practice_find.sql score cases by the weights of
-- the terms they share.
-- The words are those of the text search's word index (search_postings and search_words,
-- derive.sql: title, organisation and description, case-folded), so a million texts are
-- split into words once per build, not twice. Terms are numbered: the postings sort and
-- join on integers. Inputs: cases, search_postings, search_words, practice_terms.
-- The terms of one text at query time: practice_terms_of() below, the same steps.

CREATE OR REPLACE MACRO practice_words(text) AS regexp_extract_all(fold_case(text), '[\pL\pN]{2,}');
-- A word's stem: its first six letters, without accents; an Arabic word's after its article,
-- which Arabic writes joined to the word, with a preposition or "and" before it
-- ("بالتطعيم", "with the vaccination": "تطعيم").
CREATE OR REPLACE MACRO practice_stem(word) AS
    left(strip_accents(regexp_replace(word, '^(?:وبال|وال|بال|فال|كال|ولل|لل|ال)(\pL{2,})', '\1')), 6);

-- Words that say nothing about a practice (function words, and the verbs and words of a
-- need typed in plain words: "help", "people", "without"), as stems, and numbers.
CREATE TABLE practice_ignored_stems AS
SELECT DISTINCT practice_stem(unnest([
        'the', 'and', 'for', 'with', 'from', 'that', 'this', 'their', 'they', 'them', 'was',
        'were', 'are', 'has', 'have', 'had', 'been', 'being', 'its', 'into', 'our', 'who',
        'which', 'when', 'where', 'will', 'can', 'all', 'also', 'more', 'than', 'per', 'each',
        'other', 'out', 'not', 'but', 'any', 'via', 'about', 'over', 'under', 'only', 'such',
        'there', 'those', 'these', 'use', 'used', 'using', 'new', 'one', 'two', 'three',
        'four', 'five', 'six', 'seven', 'eight', 'nine', 'ten', 'of', 'to', 'in', 'on', 'at',
        'by', 'or', 'an', 'as', 'is', 'it', 'be', 'we', 'so', 'if', 'up', 'no', 'do', 'my',
        'me', 'am', 'get', 'go', 'make', 'let', 'help', 'people', 'still', 'during', 'while',
        'without', 'how', 'need', 'few', 'know', 'whether', 'stop', 'take', 'give', 'start',
        'run', 'own', 'what', 'want', 'would', 'could', 'should', 'may', 'might', 'must',
        'very', 'much', 'many', 'some', 'most', 'just', 'like', 'find', 'ask', 'able', 'now',
        'then', 'here', 'way', 'ways', 'i', 'you', 'your', 'he', 'she', 'his', 'her', 'us',
        'him', 'them', 'got', 'gets', 'getting', 'put', 'set', 'keep', 'kept', 'within',
        'across', 'before', 'after', 'again', 'able', 'de', 'la', 'le', 'el', 'en', 'et', 'y',
        'a', 'des', 'les', 'une', 'un', 'par', 'pour', 'avec', 'dans', 'sur', 'aux', 'est',
        'son', 'ses', 'qui', 'que', 'del', 'las', 'los', 'por', 'con', 'para', 'una', 'sus',
        'como', 'mas', 'ante', 'entre', 'sobre', 'sin', 'du', 'al', 'se', 'lo', 'ce', 'il',
        'ils', 'elle', 'nous', 'vous', 'ou', 'mais', 'according', 'including', 'called', 'good',
        'well', 'based', 'also'
    ])) AS stem;

-- (Its parameter is not called "stem": a macro's parameter would stand for the subquery's
-- column of that name too, and every word would be ignored.)
CREATE OR REPLACE MACRO practice_ignored(candidate) AS
    length(candidate) < 2 OR regexp_full_match(candidate, '[0-9]+')
    OR candidate IN (SELECT stem FROM practice_ignored_stems);

-- Each entry of each element as the stems it needs, all of them present in a text; words
-- that say nothing ("of", "at") are not needed ("free of charge" needs "free" and "charge").
-- An entry of several words left with one is no entry: "two way radio" would be any radio,
-- "no internet" any internet, "go data" any data.
CREATE TABLE practice_entries AS
WITH entries AS (
    -- Each entry's words split once (24,000 entries: a tenth of a second per build).
    SELECT concept, label, entry, practice_words(entry) AS entry_words
    FROM (SELECT concept, label, trim(unnest(string_split(words, ';'))) AS entry FROM practice_terms)
    WHERE entry <> ''
),
stems AS (
    SELECT concept, label, entry, len(entry_words) AS words,
           unnest(list_distinct(list_transform(entry_words, lambda w: practice_stem(w)))) AS stem
    FROM entries
)
SELECT row_number() OVER (ORDER BY concept, entry) AS entry_no, concept, label, entry, list(stem ORDER BY stem) AS stems
FROM stems WHERE NOT practice_ignored(stem)
GROUP BY concept, label, entry, words
HAVING words = 1 OR count(*) > 1;

-- Chinese is written without spaces between words, so a "word" of a Chinese text is a whole
-- run of characters. An entry in Chinese characters is looked for inside the runs instead:
-- a run holds the stem (first six characters) of each Chinese entry it contains.
CREATE TABLE practice_han_stems AS
SELECT DISTINCT stem FROM (SELECT unnest(stems) AS stem FROM practice_entries) WHERE regexp_matches(stem, '\p{Han}')
ORDER BY stem;

-- Each case's stems that say something, from the word index: words are judged once each.
-- Stems and elements are numbered (a stem's number, an element's negated: a term's key): the
-- sorts and joins over a million cases' terms below are on integers rather than texts.
CREATE TEMP TABLE practice_word_stems AS
WITH judged AS (
    SELECT word, stem FROM (SELECT word, practice_stem(word) AS stem FROM search_words) WHERE NOT practice_ignored(stem)
    UNION
    SELECT w.word, h.stem
    FROM (SELECT word FROM search_words WHERE regexp_matches(word, '\p{Han}')) w
    JOIN practice_han_stems h ON contains(w.word, h.stem)
)
SELECT word, stem, (dense_rank() OVER (ORDER BY stem))::INTEGER AS stem_no FROM judged;

CREATE TEMP TABLE practice_stem_numbers AS SELECT DISTINCT stem, stem_no FROM practice_word_stems;

CREATE TEMP TABLE practice_stems AS
SELECT DISTINCT p.case_no, w.stem_no FROM search_postings p JOIN practice_word_stems w USING (word);

-- The stems of each case's title, split as the word index splits its text.
CREATE TEMP TABLE practice_title_stems AS
SELECT DISTINCT t.case_no, w.stem_no
FROM (SELECT case_no, unnest(practice_words(title)) AS word FROM cases) t JOIN practice_word_stems w USING (word);

-- An entry of several stems is looked for only in the cases that hold its rarest stem, and
-- then each of its other stems is checked there. Joining every stem of every entry to every
-- case that holds it instead took minutes for a million cases, as soon as entries are built
-- on common words ("online", "health"). Entries one of whose stems no case holds are left
-- out here.
CREATE TEMP TABLE practice_entry_stems AS
WITH numbered AS (
    SELECT e.entry_no, e.concept, (dense_rank() OVER (ORDER BY e.concept))::INTEGER AS concept_no, n.stem_no,
           len(e.stems) AS needed, count(*) OVER (PARTITION BY e.entry_no) AS held
    FROM (SELECT entry_no, concept, stems, unnest(stems) AS stem FROM practice_entries) e
    JOIN practice_stem_numbers n USING (stem)
),
whole AS (SELECT * FROM numbered WHERE held = needed),
held_by AS (
    SELECT stem_no, count(*) AS cases FROM practice_stems
    WHERE stem_no IN (SELECT stem_no FROM whole WHERE needed > 1)
    GROUP BY stem_no
)
SELECT w.entry_no, w.concept, w.concept_no, w.stem_no, w.needed,
       row_number() OVER (PARTITION BY w.entry_no ORDER BY h.cases, w.stem_no) AS rarity
FROM whole w LEFT JOIN held_by h USING (stem_no);

-- The elements a set of (case_no, stem_no) names, as (case_no, concept_no): an entry of one
-- stem wherever it is, the others where all theirs are.
CREATE OR REPLACE MACRO practice_found_in(stems_table) AS TABLE
WITH candidates AS (
    SELECT s.case_no, e.entry_no, e.concept_no, e.needed
    FROM practice_entry_stems e JOIN query_table(stems_table) s USING (stem_no)
    WHERE e.rarity = 1 AND e.needed > 1
),
-- Which of the entries' other stems each case holds, a case and a stem as one number: the
-- check below looks up one integer rather than two.
held AS (
    SELECT s.case_no::BIGINT * 4294967296 + s.stem_no AS held
    FROM query_table(stems_table) s
    WHERE s.stem_no IN (SELECT stem_no FROM practice_entry_stems WHERE rarity > 1)
)
SELECT s.case_no, e.concept_no
FROM (SELECT DISTINCT concept_no, stem_no FROM practice_entry_stems WHERE needed = 1) e
JOIN query_table(stems_table) s USING (stem_no)
UNION
SELECT c.case_no, c.concept_no
FROM candidates c
JOIN practice_entry_stems e ON e.entry_no = c.entry_no AND e.rarity > 1
SEMI JOIN held h ON h.held = c.case_no::BIGINT * 4294967296 + e.stem_no
GROUP BY c.case_no, c.entry_no, c.concept_no, c.needed
HAVING count(*) = c.needed - 1;

-- Each case's terms by key: its stems and the practice elements it names (kept apart too: a
-- case's elements are listed below).
CREATE TEMP TABLE practice_elements AS SELECT case_no, concept_no FROM practice_found_in('practice_stems');
CREATE TEMP VIEW practice_pairs AS
SELECT stem_no AS term_key, case_no FROM practice_stems
UNION ALL
SELECT -concept_no, case_no FROM practice_elements;

-- The title's terms, a few per case: each is also among the case's terms above, since the
-- title is part of the text the word index read.
CREATE TEMP TABLE practice_title_elements AS SELECT case_no, concept_no FROM practice_found_in('practice_title_stems');
CREATE TEMP VIEW practice_title_pairs AS
SELECT stem_no AS term_key, case_no FROM practice_title_stems
UNION ALL
SELECT -concept_no, case_no FROM practice_title_elements;

-- Each key's term as the queries write it: a stem, or "c:" and an element's concept.
CREATE TEMP TABLE practice_term_keys AS
SELECT stem_no AS term_key, stem AS term FROM practice_stem_numbers
UNION ALL
SELECT DISTINCT -concept_no, 'c:' || concept FROM practice_entry_stems;

-- Let go of what is no longer needed before the sorts below.
DROP TABLE practice_word_stems;
DROP TABLE practice_stem_numbers;
DROP TABLE practice_entry_stems;
DROP MACRO TABLE practice_found_in;

-- How much a term held by `held` of `total` cases says: its rarity (inverse document
-- frequency). In a collection of a thousand cases or more, a term that more than a tenth of
-- them hold ("covid", "pandemic", internet connectivity) says nothing about a practice: it
-- weighs nothing, and a query does not read its long list of cases. (Also the weight of a
-- word's meaning: practice_meaning.sql.)
CREATE OR REPLACE MACRO practice_rarity(held, total) AS
    CASE WHEN total >= 1000 AND held > total / 10 THEN 0 ELSE ln((total + 1) / (held + 0.5)) END;

-- Each term's number, in the order of the terms (the key stays in the build).
CREATE TEMP TABLE practice_term_ids AS
WITH n AS (SELECT count(*) AS total FROM cases)
SELECT k.term_key, (row_number() OVER (ORDER BY k.term))::INTEGER AS term_id, k.term, t.cases,
       practice_rarity(t.cases, n.total) * CASE WHEN k.term_key < 0 THEN 2 ELSE 1 END AS weight
FROM (SELECT term_key, count(*) AS cases FROM practice_pairs GROUP BY term_key) t
JOIN practice_term_keys k USING (term_key), n;

CREATE TABLE practice_weights AS SELECT term_id, term, cases, weight FROM practice_term_ids ORDER BY term_id;

-- The postings of the terms that weigh something: no query reads the others' long lists
-- (at a million cases, nearly half of all postings).
CREATE TABLE practice_postings AS
SELECT k.term_id, p.case_no FROM practice_pairs p JOIN practice_term_ids k USING (term_key)
WHERE k.weight > 0
ORDER BY k.term_id;

-- A title's terms count twice: a query adds their weights a second time from here.
CREATE TABLE practice_title_postings AS
SELECT k.term_id, p.case_no FROM practice_title_pairs p JOIN practice_term_ids k USING (term_key)
WHERE k.weight > 0
ORDER BY k.term_id;

-- Each case's terms that weigh something, those of its title, every practice element it
-- names (a country's profile counts those that weigh nothing too), and the length of its
-- weighted vector (a title term's weight doubled: its square counts four times): "cases
-- like this one" starts from a case's own terms (reading its title's again took 30 ms with
-- 9,000 entries), and the cases to copy into a gap of the replication map from their
-- elements, read here by number rather than found again in their texts.
CREATE TABLE practice_cases AS
-- (The lists are in no particular order: ordering them cost seconds, and every reader
-- unnests them.)
WITH body AS (
    SELECT p.case_no, sum(w.weight * w.weight) AS squares, list(p.term_id) AS term_ids
    FROM practice_postings p JOIN practice_weights w USING (term_id)
    GROUP BY p.case_no
),
elements AS (
    SELECT p.case_no, list(k.term_id) AS element_ids
    FROM practice_elements p JOIN practice_term_ids k ON k.term_key = -p.concept_no
    GROUP BY p.case_no
),
title AS (
    SELECT p.case_no, sum(w.weight * w.weight) AS squares, list(p.term_id) AS title_ids
    FROM practice_title_postings p JOIN practice_weights w USING (term_id)
    GROUP BY p.case_no
)
SELECT c.case_no, sqrt(coalesce(b.squares, 0) + 3 * coalesce(t.squares, 0)) AS norm,
       coalesce(b.term_ids, []) AS term_ids, coalesce(t.title_ids, []) AS title_ids,
       coalesce(e.element_ids, []) AS element_ids
FROM cases c
LEFT JOIN body b USING (case_no)
LEFT JOIN elements e USING (case_no)
LEFT JOIN title t USING (case_no)
WHERE b.case_no IS NOT NULL OR e.case_no IS NOT NULL
ORDER BY c.case_no;

-- The terms of one text, exactly as above: a need typed on the Replication page, or a case's
-- search_text (title, organisation and description, as the word index reads them).
CREATE OR REPLACE MACRO practice_terms_of(text) AS (
    WITH stems AS (
        SELECT list_distinct(list_transform(practice_words(text), lambda w: practice_stem(w))
                             || coalesce((SELECT list(stem) FROM practice_han_stems
                                          WHERE contains(fold_case(text), stem)), [])) AS s
    ),
    kept AS (
        SELECT list(stem ORDER BY stem) AS words
        FROM (SELECT unnest(s) AS stem FROM stems) WHERE NOT practice_ignored(stem)
    )
    SELECT coalesce(kept.words, [])
           || coalesce((SELECT list(DISTINCT 'c:' || e.concept ORDER BY 'c:' || e.concept) FROM practice_entries e
                        WHERE list_has_all(stems.s, e.stems)), [])
    FROM stems, kept
);

-- The finder's second scoring, after the first cases are known (queries/similar_cases.sql,
-- queries/practice_find.sql): each case of `widen_cases` against a query of the terms
-- `widen_terms`, each at `widen_shares` times its weight, widened by the terms of the cases
-- `widen_leaders`, each at `widen_leader_share` times its weight for every leader holding it
-- (pseudo-relevance feedback). The cosine, a term of a case's title counting twice as in the
-- first scoring; rounded so that equal cases tie. (The parameters' names are no column's: a
-- macro's parameter would stand for a column of the same name too.)
CREATE OR REPLACE MACRO practice_widened_scores(widen_terms, widen_shares, widen_leaders, widen_leader_share,
                                                widen_cases) AS TABLE
WITH widened AS (
    SELECT t.term_id, w.weight, w.weight * sum(t.share) AS q_weight
    FROM (
        SELECT unnest(widen_terms) AS term_id, unnest(widen_shares) AS share
        UNION ALL
        SELECT unnest(term_ids), widen_leader_share FROM practice_cases
        WHERE case_no IN (SELECT unnest(widen_leaders))
    ) t JOIN practice_weights w USING (term_id)
    GROUP BY t.term_id, w.weight
),
widened_norm AS (SELECT sqrt(sum(q_weight * q_weight)) AS norm FROM widened),
dots AS (
    SELECT h.case_no, sum(x.q_weight * x.weight) AS dot
    FROM (
        SELECT case_no, unnest(term_ids || title_ids) AS term_id
        FROM practice_cases WHERE case_no IN (SELECT unnest(widen_cases))
    ) h JOIN widened x USING (term_id)
    GROUP BY h.case_no
)
SELECT pc.case_no, round(coalesce(d.dot, 0) / (wn.norm * pc.norm), 9) AS text_score
FROM practice_cases pc LEFT JOIN dots d USING (case_no), widened_norm wn
WHERE pc.case_no IN (SELECT unnest(widen_cases));

DROP VIEW practice_pairs;
DROP VIEW practice_title_pairs;
DROP TABLE practice_stems;
DROP TABLE practice_elements;
DROP TABLE practice_title_stems;
DROP TABLE practice_title_elements;
DROP TABLE practice_term_keys;
DROP TABLE practice_term_ids;
