-- Build step: the tables every build starts from. cases and sessions are derived later
-- (derive.sql) from the staging rows of all imports.

CREATE TABLE meta (key VARCHAR PRIMARY KEY, value VARCHAR);

CREATE TABLE imports (
    import_id VARCHAR PRIMARY KEY, seq INTEGER, kind VARCHAR, file_name VARCHAR,
    sha256 VARCHAR, stored_name VARCHAR, added_at VARCHAR, added_by VARCHAR,
    is_sample BOOLEAN, shipped BOOLEAN, format VARCHAR, encoding VARCHAR,
    rows_read INTEGER, rows_loaded INTEGER, rows_rejected INTEGER, rows_superseded INTEGER,
    warnings INTEGER,
    columns VARCHAR  -- JSON: header in the file -> field it was read as (null: kept as extra)
);

CREATE TABLE rejected_rows (import_id VARCHAR, source_row INTEGER, reason VARCHAR, raw VARCHAR);

CREATE TABLE import_warnings (
    import_id VARCHAR, source_row INTEGER, field VARCHAR, value VARCHAR, message VARCHAR
);

CREATE TABLE action_lines (
    code VARCHAR PRIMARY KEY, name VARCHAR, short_name VARCHAR, parent VARCHAR, sort INTEGER
);

CREATE TABLE sdgs (sdg INTEGER PRIMARY KEY, name VARCHAR, colour VARCHAR);

CREATE TABLE countries (
    iso3 VARCHAR PRIMARY KEY, iso2 VARCHAR, name VARCHAR,
    itu_region VARCHAR, m49_region VARCHAR, m49_subregion VARCHAR
);

CREATE TABLE topics (topic VARCHAR PRIMARY KEY, label VARCHAR, parent VARCHAR, description VARCHAR);

CREATE TABLE topic_rules (rule VARCHAR PRIMARY KEY, topic VARCHAR, signal VARCHAR, lang VARCHAR, pattern VARCHAR);

-- ITU's WSIS-SDG Matrix (data/reference/wsis_sdg_matrix.csv): which SDGs each Action Line
-- serves. in_both_source_files is false for the 8 pairs only one source file lists.
CREATE TABLE sdg_linkages (
    action_line VARCHAR, sdg INTEGER, targets VARCHAR, in_both_source_files BOOLEAN,
    PRIMARY KEY (action_line, sdg)
);

-- The replication finder's groups of words that name one practice element in different ways
-- (data/reference/practice_terms.csv; see ict_response/replication.py).
CREATE TABLE practice_terms (concept VARCHAR PRIMARY KEY, label VARCHAR, words VARCHAR);
