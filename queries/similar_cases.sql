-- The cases most like one case: the practice elsewhere worth copying (Replication finder).
-- Parameters: $case_id; $limit; $scope ('anywhere', 'other_countries': sharing none of its
--   countries, 'other_regions': sharing none of its ITU regions)
-- Columns: case_id, title, organisation, countries (names), itu_regions, score, text_score,
--   shared_terms (index terms both hold, rarest first), shared_topics, shared_action_lines,
--   shared_sdgs, description (for the words shown as why)
-- Score: the cosine of the two cases' weighted terms (ict_response/sql/practice_index.sql:
-- stems of their words and the practice elements they name, weighed by rarity), plus a tenth
-- of how much their tags overlap (topics 0.6, Action Lines 0.25, SDGs 0.15 of each list's
-- overlap over union).
WITH q AS (
    SELECT case_no, countries, itu_regions, topics, action_lines, sdgs,
           practice_terms_of(concat_ws(' ', title, description)) AS terms
    FROM cases WHERE case_id = $case_id
),
q_terms AS (
    SELECT w.term, w.weight, w.cases FROM (SELECT unnest(terms) AS term FROM q) t JOIN practice_weights w USING (term)
),
q_norm AS (SELECT sqrt(sum(weight * weight)) AS norm FROM q_terms),
shared AS (
    SELECT p.case_no, sum(t.weight * t.weight) AS dot, list(t.term ORDER BY t.weight DESC, t.term) AS terms
    FROM practice_postings p JOIN q_terms t USING (term)
    WHERE p.case_no <> (SELECT case_no FROM q)
    GROUP BY p.case_no
),
names AS (SELECT map(list(iso3), list(name)) AS country FROM countries),
scored AS (
    SELECT c.case_no, s.terms,
           s.dot / (qn.norm * n.norm) AS text_score,
           0.6 * coalesce(len(list_intersect(c.topics, q.topics)) / nullif(len(list_distinct(c.topics || q.topics)), 0), 0)
         + 0.25 * coalesce(len(list_intersect(c.action_lines, q.action_lines))
                           / nullif(len(list_distinct(c.action_lines || q.action_lines)), 0), 0)
         + 0.15 * coalesce(len(list_intersect(c.sdgs, q.sdgs)) / nullif(len(list_distinct(c.sdgs || q.sdgs)), 0), 0)
           AS tag_score,
           list_intersect(c.topics, q.topics) AS shared_topics,
           list_intersect(c.action_lines, q.action_lines) AS shared_action_lines,
           list_intersect(c.sdgs, q.sdgs) AS shared_sdgs
    FROM shared s
    JOIN cases c USING (case_no)
    JOIN practice_norms n USING (case_no)
    CROSS JOIN q CROSS JOIN q_norm qn
    WHERE $scope = 'anywhere'
       OR ($scope = 'other_countries' AND NOT list_has_any(c.countries, q.countries))
       OR ($scope = 'other_regions' AND NOT list_has_any(c.itu_regions, q.itu_regions))
)
SELECT c.case_id, c.title, c.organisation,
       array_to_string(list_transform(c.countries, lambda x: coalesce(nm.country[x], x)), '; ') AS countries,
       array_to_string(c.itu_regions, '; ') AS itu_regions,
       round(s.text_score + 0.1 * s.tag_score, 4) AS score, round(s.text_score, 4) AS text_score,
       s.terms AS shared_terms, s.shared_topics, s.shared_action_lines, s.shared_sdgs, c.description
FROM scored s JOIN cases c USING (case_no) CROSS JOIN names nm
ORDER BY s.text_score + 0.1 * s.tag_score DESC, c.case_no
LIMIT $limit
