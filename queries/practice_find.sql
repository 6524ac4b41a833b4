-- The filtered cases that best meet a need typed in plain words (Replication finder).
-- Parameters: the filters; $need (the words typed); $limit
-- Columns: case_id, title, organisation, countries (names), itu_regions, score,
--   shared_terms (index terms the need and the case both hold, rarest first), description
-- Score: the cosine of the need's and the case's weighted terms, as in similar_cases.sql.
WITH q_terms AS (
    SELECT w.term, w.weight FROM (SELECT unnest(practice_terms_of($need)) AS term) t
    JOIN practice_weights w USING (term)
),
q_norm AS (SELECT sqrt(sum(weight * weight)) AS norm FROM q_terms),
shared AS (
    SELECT p.case_no, sum(t.weight * t.weight) AS dot, list(t.term ORDER BY t.weight DESC, t.term) AS terms
    FROM practice_postings p JOIN q_terms t USING (term)
    WHERE p.case_no IN (SELECT case_no FROM filtered_cases($filters))
    GROUP BY p.case_no
),
names AS (SELECT map(list(iso3), list(name)) AS country FROM countries)
SELECT c.case_id, c.title, c.organisation,
       array_to_string(list_transform(c.countries, lambda x: coalesce(nm.country[x], x)), '; ') AS countries,
       array_to_string(c.itu_regions, '; ') AS itu_regions,
       round(s.dot / (qn.norm * n.norm), 4) AS score, s.terms AS shared_terms, c.description
FROM shared s
JOIN cases c USING (case_no)
JOIN practice_norms n USING (case_no)
CROSS JOIN q_norm qn CROSS JOIN names nm
ORDER BY s.dot / (qn.norm * n.norm) DESC, c.case_no
LIMIT $limit
