-- A trial of topic rules (ict_response/topic_trial.py): topic_matches holds the tags the
-- trial rules give (made by topics.sql, as a build would), current.topic_matches the tags
-- the database holds. Per kind and topic: how many records have it now, gain it, lose it;
-- and the examples of each change, with what tags (or tagged) the topic: the signal, the
-- field and words (or the code), and the narrower topic a family tag came from.

CREATE TEMP TABLE topic_changes AS
SELECT coalesce(t.record_kind, c.record_kind) AS record_kind,
       coalesce(t.record_id, c.record_id) AS record_id,
       coalesce(t.topic, c.topic) AS topic,
       CASE WHEN c.topic IS NULL THEN 'gained' WHEN t.topic IS NULL THEN 'lost' ELSE 'kept' END AS change,
       -- A gain shows the trial's evidence, a loss what tagged the record until now.
       -- (A gain has no current row, a loss no trial row: each column comes from one side.)
       coalesce(t.signal, c.signal) AS signal,
       coalesce(t.field, c.field) AS field,
       coalesce(t.matched, c.matched) AS matched,
       coalesce(t.via, c.via) AS via
FROM topic_matches t
FULL JOIN current.topic_matches c
  ON c.record_kind = t.record_kind AND c.record_id = t.record_id AND c.topic = t.topic;

CREATE TEMP TABLE topic_change_counts AS
SELECT record_kind, topic,
       count(*) FILTER (WHERE change <> 'gained') AS now,
       count(*) FILTER (WHERE change = 'gained') AS gained,
       count(*) FILTER (WHERE change = 'lost') AS lost
FROM topic_changes
GROUP BY ALL;

CREATE TEMP TABLE topic_change_examples AS
WITH titled AS (
    SELECT x.*, coalesce(k.title, s.title) AS title, a.name AS action_line_name
    FROM topic_changes x
    LEFT JOIN current.cases k ON x.record_kind = 'case' AND k.case_id = x.record_id
    LEFT JOIN current.sessions s ON x.record_kind = 'session' AND s.session_id = x.record_id
    LEFT JOIN current.action_lines a ON x.signal = 'action_line' AND a.code = x.matched
    WHERE x.change <> 'kept'
)
SELECT record_kind, topic, change, record_id, title, signal, field, matched, via, action_line_name,
       row_number() OVER (PARTITION BY record_kind, topic, change ORDER BY record_id) AS example
FROM titled
-- Only the first few per change are shown: no need to keep the others.
QUALIFY example <= 10;
