-- Cases per topic per quarter of their start date (else submission date).
-- Parameters: the filters
-- Columns: quarter (DATE), topic, label, cases
WITH tagged AS (
    SELECT date_trunc('quarter', reference_date)::DATE AS quarter,
           unnest(topics) AS topic  -- a case's list holds each topic once
    FROM filtered_cases($filters)
    WHERE reference_date IS NOT NULL
)
SELECT quarter, topic, t.label, count(*) AS cases
FROM tagged JOIN topics t USING (topic)
GROUP BY ALL
ORDER BY quarter, t.label
