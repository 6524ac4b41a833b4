-- Cases by type of entity that submitted them ('Not given' when the export had none).
-- Parameters: the filters
-- Columns: entity_type, cases
SELECT coalesce(entity_type, 'Not given') AS entity_type, count(*) AS cases
FROM filtered_cases($filters)
GROUP BY ALL
ORDER BY cases DESC, entity_type
