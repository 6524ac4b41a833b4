-- Cases by collection (the Stocktaking repository, ITU's own initiatives, ...).
-- Parameters: the filters
-- Columns: collection, cases
SELECT collection, count(*) AS cases
FROM filtered_cases($action_line, $sdg, $region, $region_scheme, $country, $entity_type, $topic, $collection, $date_from, $date_to, $q)
GROUP BY ALL
ORDER BY cases DESC, collection
