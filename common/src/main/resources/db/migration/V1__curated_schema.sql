-- The curated PostgreSQL schema: what `glimmr export` loads from the gold Delta tables and what the API reads.
-- This folder is the one source of truth for the database; export and serving both run these migrations (Flyway).
--
-- Export never updates these tables in place: it builds each one as a copy in schema `curated_load`
-- (CREATE TABLE ... (LIKE curated.x INCLUDING ALL), so columns and indexes stay defined here only), fills it with
-- COPY, and then swaps every table in one transaction. A reader sees the complete old or the complete new data.

CREATE SCHEMA IF NOT EXISTS curated;
CREATE SCHEMA IF NOT EXISTS glimmr;

-- One row per hospital: identity (silver.hospitals) and summary (gold.hospital_summary).
CREATE TABLE curated.hospitals (
    hospital_id          text PRIMARY KEY,
    hospital_name        text NOT NULL,
    state                text,
    license_number       text,
    location_names       text[] NOT NULL DEFAULT '{}',
    addresses            text[] NOT NULL DEFAULT '{}',
    current_file_sha256  text,
    last_updated_on      date,
    files                bigint,
    rows                 bigint,
    rejected_rows        bigint,
    codes                bigint,
    payers               bigint,
    payer_rates          bigint,
    dollar_share         double precision,
    finding_errors       bigint,
    finding_alerts       bigint,
    quality_score        double precision,
    as_of                date
);
CREATE INDEX hospitals_state_name_idx ON curated.hospitals (state, hospital_name);
CREATE INDEX hospitals_name_lower_idx ON curated.hospitals (lower(hospital_name) text_pattern_ops);

-- gold.hospital_code_prices
CREATE TABLE curated.hospital_code_prices (
    hospital_id        text NOT NULL,
    state              text,
    code_type          text NOT NULL,
    code               text NOT NULL,
    setting            text,
    description        text,
    gross_charge       numeric(20, 6),
    discounted_cash    numeric(20, 6),
    minimum            numeric(20, 6),
    maximum            numeric(20, 6),
    negotiated_min     numeric(20, 6),
    negotiated_median  numeric(20, 6),
    negotiated_max     numeric(20, 6),
    derived_min        numeric(20, 6),
    derived_max        numeric(20, 6),
    payers             bigint,
    plans              bigint,
    dollar_rates       bigint,
    percentage_rates   bigint,
    algorithm_rates    bigint
);
CREATE INDEX hospital_code_prices_hospital_idx ON curated.hospital_code_prices (hospital_id, code_type, code);
CREATE INDEX hospital_code_prices_code_idx ON curated.hospital_code_prices (code_type, code, state);
-- description search, ranked: full text (English stemming) over the description
CREATE INDEX hospital_code_prices_description_fts_idx ON curated.hospital_code_prices
    USING gin (to_tsvector('english', coalesce(description, '')));

-- gold.negotiated_rates: every payer-specific rate; the API's one-code-across-hospitals query reads it.
CREATE TABLE curated.negotiated_rates (
    rate_id                bigint NOT NULL,
    hospital_id            text NOT NULL,
    state                  text,
    code_type              text,                -- null when the item has no code (it is still a published rate)
    code                   text,
    setting                text,
    billing_class          text,
    description            text,
    payer                  text NOT NULL,
    payer_name             text,
    plan_name              text,
    methodology            text,
    negotiated_dollar      numeric(20, 6),
    negotiated_percentage  numeric(20, 6),
    negotiated_algorithm   text,
    derived_dollar         numeric(20, 6),
    gross_charge           numeric(20, 6),
    discounted_cash        numeric(20, 6),
    file_sha256            text,
    source_location        text,
    PRIMARY KEY (rate_id)
);
-- one code across hospitals, sorted by price, cursor-paged on (price, rate_id)
CREATE INDEX negotiated_rates_code_price_idx ON curated.negotiated_rates (code_type, code, negotiated_dollar, rate_id);
CREATE INDEX negotiated_rates_code_state_idx ON curated.negotiated_rates (code_type, code, state, negotiated_dollar, rate_id);
CREATE INDEX negotiated_rates_hospital_idx ON curated.negotiated_rates (hospital_id, code_type, code);

-- gold.code_price_stats
CREATE TABLE curated.code_price_stats (
    code_type  text NOT NULL,
    code       text NOT NULL,
    setting    text,
    payer      text NOT NULL,
    geography  text NOT NULL,
    measure    text NOT NULL,
    hospitals  bigint,
    rates      bigint,
    min        numeric(20, 6),
    p10        numeric(20, 6),
    p25        numeric(20, 6),
    median     numeric(20, 6),
    p75        numeric(20, 6),
    p90        numeric(20, 6),
    max        numeric(20, 6),
    mean       numeric(20, 6)
);
CREATE INDEX code_price_stats_code_idx ON curated.code_price_stats (code_type, code, geography, payer);

-- canonical payers with what the data holds of them (silver.payer_names grouped)
CREATE TABLE curated.payers (
    payer          text PRIMARY KEY,
    payer_name     text NOT NULL,
    payer_type     text,
    raw_names      text[] NOT NULL DEFAULT '{}',
    hospitals      bigint,
    rows           bigint
);

-- bronze.mrf_files: ingest status per file
CREATE TABLE curated.files (
    sha256            text PRIMARY KEY,
    hospital_id       text,
    hospital_name     text,
    source_path       text,
    layout            text,
    template_version  text,
    status            text,
    reason            text,
    row_count         bigint,
    rejected_count    bigint,
    finding_errors    bigint,
    finding_alerts    bigint,
    last_updated_on   date,
    ingested_at       timestamptz,
    is_current        boolean NOT NULL DEFAULT false
);
CREATE INDEX files_hospital_idx ON curated.files (hospital_id);

-- silver.file_findings
CREATE TABLE curated.file_findings (
    file_sha256  text NOT NULL,
    hospital_id  text,
    rule         text,
    severity     text,
    location     text,
    message      text
);
CREATE INDEX file_findings_file_idx ON curated.file_findings (file_sha256, severity);

-- What each export loaded: which gold table versions, how many rows, when. Not swapped; appended to.
CREATE TABLE glimmr.export_runs (
    run_id          text PRIMARY KEY,
    started_at      timestamptz NOT NULL,
    finished_at     timestamptz,
    status          text NOT NULL,          -- running | done | failed
    source_versions jsonb NOT NULL DEFAULT '{}'::jsonb,   -- Delta table -> version exported
    row_counts      jsonb NOT NULL DEFAULT '{}'::jsonb,   -- curated table -> rows loaded
    message         text
);
