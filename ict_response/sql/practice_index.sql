-- Build step 3: the replication finder's index (ict_response/replication.py). Cases that
-- describe the same practice in different words share few words, so each case is indexed by
-- the stems of the words of its title and description (their first six letters, lower case,
-- no accents: "vaccination" and "vaccines" are one) and by the practice elements it names in
-- any of the words that data/reference/practice_terms.csv groups ("SMS", "text message" and
-- "USSD push" all name text messages). A term weighs its inverse document frequency (rare
-- terms say more), an element twice as much as a word. Queries/similar_cases.sql and
-- queries/practice_find.sql score cases by the weights of the terms they share.
-- Inputs: cases, practice_terms. The same terms of one text: practice_terms_of() below.

CREATE OR REPLACE MACRO practice_words(text) AS
    regexp_extract_all(strip_accents(lower(text)), '[a-z0-9]+');

-- Words that say nothing about a practice (function words, and the verbs and words of a
-- need typed in plain words: "help", "people", "without"), as stems, and numbers.
CREATE TABLE practice_ignored_stems AS
SELECT DISTINCT left(unnest([
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
    ]), 6) AS stem;

CREATE OR REPLACE MACRO practice_ignored(stem) AS
    length(stem) < 2 OR regexp_full_match(stem, '[0-9]+') OR stem IN (SELECT stem FROM practice_ignored_stems);

-- Each entry of each element as the stems it needs, all of them present in a text.
CREATE TABLE practice_entries AS
SELECT row_number() OVER (ORDER BY concept, entry) AS entry_no, concept, label, entry,
       list_distinct(list_transform(practice_words(entry), lambda w: left(w, 6))) AS stems
FROM (SELECT concept, label, trim(unnest(string_split(words, ';'))) AS entry FROM practice_terms)
WHERE entry <> '';

CREATE TEMP TABLE practice_stems AS
SELECT case_no, unnest(list_distinct(list_transform(
           practice_words(concat_ws(' ', title, description)), lambda w: left(w, 6)))) AS stem
FROM cases;

CREATE TEMP TABLE practice_found AS
SELECT DISTINCT s.case_no, e.concept
FROM (SELECT entry_no, concept, unnest(stems) AS stem, len(stems) AS needed FROM practice_entries) e
JOIN practice_stems s USING (stem)
GROUP BY s.case_no, e.entry_no, e.concept, e.needed
HAVING count(*) = e.needed;

CREATE TABLE practice_postings AS
SELECT term, case_no FROM (
    SELECT stem AS term, case_no FROM practice_stems WHERE NOT practice_ignored(stem)
    UNION ALL
    SELECT 'c:' || concept, case_no FROM practice_found
)
ORDER BY term;

CREATE TABLE practice_weights AS
WITH n AS (SELECT count(*) AS cases FROM cases)
SELECT term, count(*) AS cases,
       ln((n.cases + 1) / (count(*) + 0.5)) * CASE WHEN term LIKE 'c:%' THEN 2 ELSE 1 END AS weight
FROM practice_postings, n
GROUP BY term, n.cases;

CREATE TABLE practice_norms AS
SELECT p.case_no, sqrt(sum(w.weight * w.weight)) AS norm
FROM practice_postings p JOIN practice_weights w USING (term)
GROUP BY p.case_no
ORDER BY p.case_no;

-- The terms of one text, exactly as above: a need typed on the Replication page, or a case.
CREATE OR REPLACE MACRO practice_terms_of(text) AS (
    WITH stems AS (
        SELECT list_distinct(list_transform(practice_words(text), lambda w: left(w, 6))) AS s
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

DROP TABLE practice_stems;
DROP TABLE practice_found;
