-- Topic tagging, step 2: each case's signals, one list per case, as the model of
-- ict_response/topic_model.py reads them, at a build and in training alike: the first six
-- letters of each word of three letters or more in its title, description, keywords and
-- organisation (lower case, no accents: "patien" for patient and patients), its Action
-- Lines (`action_line:C7-EHEALTH`) and SDGs (`sdg:3`), and `rule:health` for each topic
-- the rules found (step 1, rule_topic_matches). Sessions keep the rules' tags: the model
-- learned from case descriptions, not workshop programmes.
CREATE TEMP TABLE rule_features AS
SELECT record_id, list(DISTINCT 'rule:' || topic) AS rules
FROM rule_topic_matches WHERE record_kind = 'case' GROUP BY record_id;

-- A view: a build reads it once, as it goes (a million cases' lists take gigabytes). A word
-- may be listed twice: readers count each feature once, and topic_model.decide makes them
-- distinct after hashing, where it is cheaper (8.7 s instead of 10.3 s at a million cases).
CREATE TEMP VIEW case_features AS
SELECT c.case_id AS record_id,
       list_transform(
           regexp_extract_all(topic_fold(concat_ws(' ', c.title, c.description, c.keywords, c.organisation)),
                              '[a-z0-9]{3,}'),
           lambda w: left(w, 6))
           || list_transform(coalesce(c.action_lines, []), lambda a: 'action_line:' || a)
           || list_transform(coalesce(c.sdgs, []), lambda g: 'sdg:' || g::VARCHAR)
           || coalesce(f.rules, []) AS features
FROM ranked_cases c LEFT JOIN rule_features f ON f.record_id = c.case_id
WHERE c.version = 1;
