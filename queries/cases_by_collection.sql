-- Cases by collection (the Stocktaking repository, ITU's own initiatives, ...).
-- Parameters: the filters
-- Columns: collection, cases
SELECT collection, count(*) AS cases
FROM filtered_cases($filters)
GROUP BY ALL
ORDER BY cases DESC, collection
