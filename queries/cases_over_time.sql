-- Cases per month of their start date (else submission date); cases with neither are left
-- out and counted in headline_figures.
-- Parameters: the filters
-- Columns: month (DATE), cases
SELECT date_trunc('month', reference_date)::DATE AS month, count(*) AS cases
FROM filtered_cases($filters)
WHERE reference_date IS NOT NULL
GROUP BY ALL
ORDER BY month
