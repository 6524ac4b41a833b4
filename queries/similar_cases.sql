-- The cases most like one case: the practice elsewhere worth copying (Replication finder).
-- Parameters: $case_id; $limit; $scope ('anywhere', 'other_countries': sharing none of its
--   countries, 'other_regions': sharing none of its ITU regions); $tag_weight (0.1:
--   ict_response/queries.py); $meaning_weight (0.4: ict_response/meaning.py)
-- Columns: case_id, title, organisation, countries (names), itu_regions, score, text_score,
--   meaning (the cosine of the two cases' meaning vectors), shared_terms (index terms both
--   hold, rarest first), shared_topics, shared_action_lines, shared_sdgs, description (for
--   the words shown as why)
-- Score: the cosine of the two cases' weighted terms (ict_response/sql/practice_index.sql:
-- stems of their words and the practice elements they name, weighed by rarity, a title's
-- terms twice), plus $tag_weight of how much their tags overlap (topics 0.6, Action Lines 0.25,
-- SDGs 0.15 of each list's overlap over union), plus $meaning_weight of the cosine of their
-- meaning vectors (ict_response/meaning.py), for the 50 best by their terms; then the terms'
-- cosine once more, with the case's terms widened by half of those of the case first by that
-- score (text_score is this second cosine).
WITH q AS (
    SELECT c.case_no, c.countries, c.itu_bits, c.topics, c.action_lines, c.sdgs,
           coalesce(pc.term_ids, []) AS term_ids, coalesce(pc.title_ids, []) AS title_ids,
           pm.vector AS meaning
    FROM cases c LEFT JOIN practice_cases pc USING (case_no) LEFT JOIN practice_meaning pm USING (case_no)
    WHERE c.case_no = (SELECT case_no FROM case_ids WHERE case_id = $case_id)
),
-- Each term's weight in the case (q_weight: doubled in its title) and in any other (weight).
q_terms AS (
    SELECT w.term_id, w.term, w.weight,
           w.weight * CASE WHEN list_contains(q.title_ids, w.term_id) THEN 2 ELSE 1 END AS q_weight
    FROM (SELECT unnest(term_ids) AS term_id FROM q) t
    JOIN practice_weights w USING (term_id), q WHERE w.weight > 0
),
q_norm AS (SELECT sqrt(sum(q_weight * q_weight)) AS norm FROM q_terms),
-- A term in the other case's title adds its weight a second time.
shared AS (
    SELECT case_no, sum(dot) AS dot FROM (
        SELECT p.case_no, t.q_weight * t.weight AS dot FROM practice_postings p JOIN q_terms t USING (term_id)
        UNION ALL
        SELECT p.case_no, t.q_weight * t.weight FROM practice_title_postings p JOIN q_terms t USING (term_id)
    )
    GROUP BY case_no
),
-- The best by the text alone: the tags (a tenth at most) then order the 50 best of these
-- that are where the case may be, and only those are read in full.
candidates AS (
    -- Rounded: sums of floating-point weights differ in their last bits with the order the
    -- threads add them in, and equal cases must tie (then go by number) on every run.
    SELECT s.case_no, round(s.dot / (qn.norm * n.norm), 9) AS text_score
    FROM shared s JOIN practice_cases n USING (case_no), q_norm qn
    WHERE s.case_no <> (SELECT case_no FROM q)
    ORDER BY text_score DESC, s.case_no
    LIMIT 2000
),
best AS (
    SELECT b.case_no, b.text_score
    FROM candidates b JOIN cases c USING (case_no), q
    WHERE $scope = 'anywhere'
       OR ($scope = 'other_countries' AND NOT list_has_any(c.countries, q.countries))
       OR ($scope = 'other_regions' AND c.itu_bits & q.itu_bits = 0)
    ORDER BY b.text_score DESC, b.case_no
    LIMIT 50
),
names AS (SELECT map(list(iso3), list(name)) AS country FROM countries),
scored AS (
    SELECT c.case_no, b.text_score,
           0.6 * coalesce(len(list_intersect(c.topics, q.topics)) / nullif(len(list_distinct(c.topics || q.topics)), 0), 0)
         + 0.25 * coalesce(len(list_intersect(c.action_lines, q.action_lines))
                           / nullif(len(list_distinct(c.action_lines || q.action_lines)), 0), 0)
         + 0.15 * coalesce(len(list_intersect(c.sdgs, q.sdgs)) / nullif(len(list_distinct(c.sdgs || q.sdgs)), 0), 0)
           AS tag_score,
           -- Close in meaning even where the words differ ("jab", "immunisation").
           practice_closeness(m.vector, q.meaning) AS meaning
    FROM best b JOIN cases c USING (case_no) LEFT JOIN practice_meaning m USING (case_no), q
),
-- The case widened by the terms of the case most like it (pseudo-relevance feedback), at half
-- their weight, and the 50 scored again against it: a case that tells of the practice as its
-- closest peer does rises, though it shares fewer of this case's own words.
leader AS (SELECT case_no FROM scored ORDER BY text_score + $tag_weight * tag_score + $meaning_weight * meaning DESC, case_no LIMIT 1),
rescored AS (
    SELECT * FROM practice_widened_scores(
        (SELECT list(term_id ORDER BY term_id) FROM q_terms),
        (SELECT list(q_weight / weight ORDER BY term_id) FROM q_terms),
        (SELECT list(case_no) FROM leader), 0.5, (SELECT list(case_no) FROM scored))
),
top AS (
    SELECT f.case_no, r.text_score, f.tag_score, f.meaning,
           r.text_score + $tag_weight * f.tag_score + $meaning_weight * f.meaning AS score
    FROM scored f JOIN rescored r USING (case_no)
    ORDER BY score DESC, f.case_no LIMIT $limit
),
-- The terms each found case shares with the case, rarest first: from the postings, not by
-- reading its text again.
top_shared AS (
    SELECT p.case_no, list(t.term ORDER BY t.weight DESC, t.term) AS shared_terms
    FROM practice_postings p JOIN q_terms t USING (term_id)
    WHERE p.case_no IN (SELECT case_no FROM top)
    GROUP BY p.case_no
)
SELECT c.case_id, c.title, c.organisation,
       array_to_string(list_transform(c.countries, lambda x: coalesce(nm.country[x], x)), '; ') AS countries,
       array_to_string(c.itu_regions, '; ') AS itu_regions,
       round(t.score, 4) AS score, round(t.text_score, 4) AS text_score, round(t.meaning, 4) AS meaning,
       coalesce(ts.shared_terms, []) AS shared_terms,
       list_intersect(c.topics, q.topics) AS shared_topics,
       list_intersect(c.action_lines, q.action_lines) AS shared_action_lines,
       list_intersect(c.sdgs, q.sdgs) AS shared_sdgs,
       c.description
FROM top t
LEFT JOIN top_shared ts USING (case_no)
JOIN cases c USING (case_no) CROSS JOIN q CROSS JOIN names nm
ORDER BY t.score DESC, c.case_no
