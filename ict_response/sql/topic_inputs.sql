-- What topics.sql reads at build time: each record's texts (title, description, keywords,
-- organisation; the first field with a tag is its evidence) and codes (Action Lines, SDGs),
-- from each record's latest version.
CREATE OR REPLACE TEMP VIEW topic_texts AS
SELECT 'case' AS record_kind, case_id AS record_id, 'title' AS field, 1 AS field_order, title AS text
FROM ranked_cases WHERE version = 1
UNION ALL SELECT 'case', case_id, 'description', 2, description FROM ranked_cases WHERE version = 1
UNION ALL SELECT 'case', case_id, 'keywords', 3, keywords FROM ranked_cases WHERE version = 1
UNION ALL SELECT 'case', case_id, 'organisation', 4, organisation FROM ranked_cases WHERE version = 1
UNION ALL SELECT 'session', session_id, 'title', 1, title FROM ranked_sessions WHERE version = 1
UNION ALL SELECT 'session', session_id, 'description', 2, description FROM ranked_sessions WHERE version = 1
UNION ALL SELECT 'session', session_id, 'keywords', 3, keywords FROM ranked_sessions WHERE version = 1;

CREATE OR REPLACE TEMP VIEW topic_codes AS
SELECT 'case' AS record_kind, case_id AS record_id, 'action_line' AS signal, unnest(action_lines) AS code
FROM ranked_cases WHERE version = 1
UNION ALL SELECT 'case', case_id, 'sdg', unnest(sdgs)::VARCHAR FROM ranked_cases WHERE version = 1
UNION ALL SELECT 'session', session_id, 'action_line', unnest(action_lines) FROM ranked_sessions WHERE version = 1
UNION ALL SELECT 'session', session_id, 'sdg', unnest(sdgs)::VARCHAR FROM ranked_sessions WHERE version = 1;
