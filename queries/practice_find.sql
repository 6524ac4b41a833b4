-- The filtered cases that best meet a need typed in plain words (Replication finder).
-- Parameters: the filters; $need (the words typed); $limit; $meaning_weight (0.4:
--   ict_response/meaning.py)
-- Columns: case_id, title, organisation, countries (names), itu_regions, score, text_score,
--   meaning, shared_terms (index terms the need and the case both hold, rarest first),
--   description
-- Score: the cosine of the need's and the case's weighted terms (a case's title terms
--   twice), plus $meaning_weight of the cosine of their meaning vectors for the 50 best by
--   their terms (the need's from its words as a case's is: ict_response/meaning.py), as in
--   similar_cases.sql; then the terms' cosine once more, with the need's terms widened by
--   those of the two cases first by that score (text_score is this second cosine).
WITH q AS (SELECT practice_terms_of($need) AS terms),
q_terms AS (
    SELECT w.term_id, w.term, w.weight FROM (SELECT unnest(terms) AS term FROM q) t
    JOIN practice_weights w USING (term) WHERE w.weight > 0
),
q_norm AS (SELECT sqrt(sum(weight * weight)) AS norm FROM q_terms),
-- A term in a case's title adds its weight a second time.
shared AS (
    SELECT case_no, sum(dot) AS dot FROM (
        SELECT p.case_no, t.weight * t.weight AS dot FROM practice_postings p JOIN q_terms t USING (term_id)
        UNION ALL
        SELECT p.case_no, t.weight * t.weight FROM practice_title_postings p JOIN q_terms t USING (term_id)
    )
    WHERE case_no IN (SELECT case_no FROM filtered_cases($filters))
    GROUP BY case_no
),
best AS (
    -- Rounded: sums of floating-point weights differ in their last bits with the order the
    -- threads add them in, and equal cases must tie (then go by number) on every run.
    SELECT s.case_no, round(s.dot / (qn.norm * n.norm), 9) AS text_score
    FROM shared s JOIN practice_cases n USING (case_no), q_norm qn
    ORDER BY text_score DESC, s.case_no
    LIMIT greatest($limit, 50)
),
-- The need's meaning: the sum of its words' vectors, each weighed as in a case, made of
-- length one, taken relative to the average case and without the directions of language.
-- A need none of whose words has a meaning (one typed in Arabic, Chinese or Russian: the
-- vocabulary is English, French and Spanish) has one from the words of every entry of the
-- practice elements it names ("短信" names text messages: "sms", "text", "message",
-- "texting", "mensaje"...). (The elements' labels alone did no better than nothing:
-- tests/fixtures/replication/README.md.)
own_words AS (
    SELECT DISTINCT w.word
    FROM (SELECT unnest(practice_words($need)) AS word) w JOIN practice_vocabulary v USING (word)
    WHERE v.weight > 0
),
element_words AS (
    SELECT DISTINCT unnest(practice_words(e.entry)) AS word
    FROM (SELECT DISTINCT entry FROM practice_entries
          WHERE 'c:' || concept IN (SELECT unnest(terms) FROM q)) e
    WHERE NOT EXISTS (SELECT 1 FROM own_words)
),
need_words AS (
    SELECT v.weight, unnest(v.vector::TINYINT[]) AS x, generate_subscripts(v.vector::TINYINT[], 1) AS d
    FROM (SELECT word FROM own_words UNION SELECT word FROM element_words) w JOIN practice_vocabulary v USING (word)
    WHERE v.weight > 0
),
need_sum AS (
    SELECT list(s ORDER BY d) AS v, sqrt(sum(s * s)) AS length
    FROM (SELECT d, sum(weight * x) AS s FROM need_words GROUP BY d)
),
need_centred AS (
    -- (None for a need without a word of the vocabulary: its meaning then adds nothing.)
    SELECT CASE WHEN n.length > 0 THEN list_transform(list_zip(n.v, c.vector), lambda p: p[1] / n.length - p[2]) END
           AS vector
    FROM need_sum n, practice_meaning_centre c
),
-- Without its part along the two directions of language, as a case's.
need_meaning AS (
    SELECT CASE WHEN n.vector IS NOT NULL THEN
               list_transform(list_zip(n.vector, c.french, c.spanish),
                              lambda p: p[1] - list_inner_product(n.vector, c.french) * p[2]
                                             - list_inner_product(n.vector, c.spanish) * p[3]) END AS vector
    FROM need_centred n, practice_meaning_centre c
),
-- The 50 best by their terms, each with its closeness in meaning.
first AS (
    SELECT b.case_no, b.text_score,
           practice_closeness(m.vector, nm.vector) AS meaning
    FROM best b LEFT JOIN practice_meaning m USING (case_no), need_meaning nm
),
-- A need is a few words; the cases that meet it tell of it in many. So the need is widened by
-- the terms of the two cases that meet it best (pseudo-relevance feedback), each term adding
-- its weight once for each of the two that hold it, and the 50 are scored again against it:
-- a case that tells of the practice as they do rises, though it shares few of the need's
-- own words.
leaders AS (SELECT case_no FROM first ORDER BY text_score + $meaning_weight * meaning DESC, case_no LIMIT 2),
rescored AS (
    SELECT * FROM practice_widened_scores(
        (SELECT list(term_id ORDER BY term_id) FROM q_terms), (SELECT list(1.0) FROM q_terms),
        (SELECT list(case_no) FROM leaders), 1.0, (SELECT list(case_no) FROM first))
),
top AS (
    SELECT f.case_no, r.text_score, f.meaning, r.text_score + $meaning_weight * f.meaning AS score
    FROM first f JOIN rescored r USING (case_no)
    ORDER BY score DESC, f.case_no
    LIMIT $limit
),
-- The terms each found case shares with the need, rarest first: from the postings.
top_shared AS (
    SELECT p.case_no, list(t.term ORDER BY t.weight DESC, t.term) AS shared_terms
    FROM practice_postings p JOIN q_terms t USING (term_id)
    WHERE p.case_no IN (SELECT case_no FROM top)
    GROUP BY p.case_no
),
names AS (SELECT map(list(iso3), list(name)) AS country FROM countries)
SELECT c.case_id, c.title, c.organisation,
       array_to_string(list_transform(c.countries, lambda x: coalesce(nm.country[x], x)), '; ') AS countries,
       array_to_string(c.itu_regions, '; ') AS itu_regions,
       round(t.score, 4) AS score, round(t.text_score, 4) AS text_score, round(t.meaning, 4) AS meaning,
       coalesce(ts.shared_terms, []) AS shared_terms,
       c.description
FROM top t
LEFT JOIN top_shared ts USING (case_no)
JOIN cases c USING (case_no) CROSS JOIN names nm
ORDER BY t.score DESC, c.case_no
