-- Build step 3, after practice_index.sql: what the replication finder needs to compare cases
-- by the meaning of their words (ict_response/meaning.py), not only by the words they share.
-- Input: vocabulary_words (row, word, vector), registered from data/reference/word_vectors.npz.

-- Every word of the vocabulary, with its weight in this collection, its rarity as a term of
-- the index weighs (practice_rarity): a word no case holds the most (a need may use it), and
-- nothing for the words that say nothing about a practice.
CREATE TABLE practice_vocabulary AS
WITH n AS (SELECT count(*) AS total FROM cases),
held AS (
    SELECT word, count(*) AS cases FROM search_postings
    WHERE word IN (SELECT word FROM vocabulary_words)
    GROUP BY word
)
SELECT v.word, v.vector,
       CASE WHEN practice_ignored(practice_stem(v.word)) THEN 0
            ELSE practice_rarity(coalesce(h.cases, 0), n.total)
       END AS weight
FROM vocabulary_words v LEFT JOIN held h USING (word), n
ORDER BY v.word;

-- Each case's words that weigh something and have a meaning (the build sums their vectors,
-- weighted, into the case's).
CREATE OR REPLACE TEMP VIEW practice_meaning_words AS
SELECT p.case_no, v.row, v.weight
FROM search_postings p
JOIN (SELECT w.word, w.row, v.weight FROM vocabulary_words w JOIN practice_vocabulary v USING (word)
      WHERE v.weight > 0) v USING (word);

-- How close two texts are in meaning (queries/similar_cases.sql, queries/practice_find.sql):
-- the cosine of their vectors, 0 where either has none (a case or need none of whose words
-- has a meaning: one told in Russian, say). Guarded, not left to give NULL: the cosine
-- refuses a column of vectors in which some are missing.
CREATE OR REPLACE MACRO practice_closeness(one, other) AS
    CASE WHEN one IS NOT NULL AND other IS NOT NULL
         THEN list_cosine_similarity(one::FLOAT[], other::FLOAT[]) ELSE 0 END;
