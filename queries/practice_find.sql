-- The filtered cases that best meet a need typed in plain words (Replication finder).
-- Parameters: the filters; $need (the words typed); $limit
-- Columns: case_id, title, organisation, countries (names), itu_regions, score,
--   shared_terms (index terms the need and the case both hold, rarest first), description
-- Score: the cosine of the need's and the case's weighted terms, as in similar_cases.sql.
WITH q AS (SELECT practice_terms_of($need) AS terms),
q_terms AS (
    SELECT w.term_id, w.term, w.weight FROM (SELECT unnest(terms) AS term FROM q) t
    JOIN practice_weights w USING (term) WHERE w.weight > 0
),
q_norm AS (SELECT sqrt(sum(weight * weight)) AS norm FROM q_terms),
shared AS (
    SELECT p.case_no, sum(t.weight * t.weight) AS dot
    FROM practice_postings p JOIN q_terms t USING (term_id)
    WHERE p.case_no IN (SELECT case_no FROM filtered_cases($filters))
    GROUP BY p.case_no
),
top AS (
    SELECT s.case_no, s.dot / (qn.norm * n.norm) AS score
    FROM shared s JOIN practice_norms n USING (case_no), q_norm qn
    ORDER BY score DESC, s.case_no
    LIMIT $limit
),
names AS (SELECT map(list(iso3), list(name)) AS country FROM countries)
SELECT c.case_id, c.title, c.organisation,
       array_to_string(list_transform(c.countries, lambda x: coalesce(nm.country[x], x)), '; ') AS countries,
       array_to_string(c.itu_regions, '; ') AS itu_regions,
       round(t.score, 4) AS score,
       (SELECT list(a.term ORDER BY a.weight DESC, a.term) FROM q_terms a
        WHERE list_contains(t.shared, a.term)) AS shared_terms,
       c.description
FROM (
    SELECT f.*, practice_shared(q.terms, f.stems) AS shared
    FROM (SELECT top.*, practice_stems_of(c.search_text) AS stems FROM top JOIN cases c USING (case_no)) f, q
) t
JOIN cases c USING (case_no) CROSS JOIN q CROSS JOIN names nm
ORDER BY t.score DESC, c.case_no
