-- Shared filtering, stored in the database by every build so that every query filters the
-- same way. Each argument is a list (empty = no filter) or NULL (no bound), bound by the
-- runner from one Filters value:
--   action_line  VARCHAR[]  codes; a 'C7' filter also finds its sub-lines (action_line_match)
--   sdg          INTEGER[]  goal numbers 1-17
--   region       VARCHAR[]  region names in region_scheme, or the scopes 'Global', 'Regional'
--   region_scheme VARCHAR   'itu' (ITU regions) or 'm49' (UN M49 regions and sub-regions)
--   country      VARCHAR[]  ISO 3166 alpha-3 codes
--   entity_type  VARCHAR[]  Government, Private Sector, ...
--   topic        VARCHAR[]  topic ids
--   collection   VARCHAR[]  collection names
--   date_from, date_to DATE  on the case's start date (else its submission date)
--   q            VARCHAR    text searched, case-insensitively, in title, organisation, description

CREATE OR REPLACE MACRO filtered_cases(
    action_line, sdg, region, region_scheme, country, entity_type, topic, collection,
    date_from, date_to, q
) AS TABLE
SELECT *
FROM cases c
WHERE (len(action_line) = 0 OR list_has_any(c.action_line_match, action_line::VARCHAR[]))
  AND (len(sdg) = 0 OR list_has_any(c.sdgs, sdg::INTEGER[]))
  AND (len(region) = 0
       OR list_contains(region::VARCHAR[], c.scope)
       OR (region_scheme = 'm49' AND list_has_any(c.m49_regions || c.m49_subregions, region::VARCHAR[]))
       OR (region_scheme <> 'm49' AND list_has_any(c.itu_regions, region::VARCHAR[])))
  AND (len(country) = 0 OR list_has_any(c.countries, country::VARCHAR[]))
  AND (len(entity_type) = 0 OR list_contains(entity_type::VARCHAR[], c.entity_type))
  AND (len(topic) = 0 OR list_has_any(c.topics, topic::VARCHAR[]))
  AND (len(collection) = 0 OR list_contains(collection::VARCHAR[], c.collection))
  AND (date_from IS NULL OR c.reference_date >= date_from::DATE)
  AND (date_to IS NULL OR c.reference_date <= date_to::DATE)
  AND (q IS NULL OR q = ''
       OR contains(lower(c.title), lower(q))
       OR contains(lower(coalesce(c.organisation, '')), lower(q))
       OR contains(lower(coalesce(c.description, '')), lower(q)));

-- Workshops have no region, entity type or collection: those filters do not apply to them.
CREATE OR REPLACE MACRO filtered_workshops(action_line, sdg, topic, date_from, date_to, q) AS TABLE
SELECT *
FROM workshops w
WHERE (len(action_line) = 0 OR list_has_any(w.action_line_match, action_line::VARCHAR[]))
  AND (len(sdg) = 0 OR list_has_any(w.sdgs, sdg::INTEGER[]))
  AND (len(topic) = 0 OR list_has_any(w.topics, topic::VARCHAR[]))
  AND (date_from IS NULL OR w.held_on >= date_from::DATE)
  AND (date_to IS NULL OR w.held_on <= date_to::DATE)
  AND (q IS NULL OR q = ''
       OR contains(lower(w.title), lower(q))
       OR contains(lower(array_to_string(w.organisers, ' ')), lower(q))
       OR contains(lower(coalesce(w.description, '')), lower(q)));
