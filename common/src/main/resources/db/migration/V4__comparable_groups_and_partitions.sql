-- Comparable groups and partitions.
--
-- 1. Prices compare only within a group that means one thing: billing class and modifiers join the code and setting
--    (gold.hospital_code_prices, gold.code_price_stats), and every rate keeps its modifiers.
-- 2. A rate is named by (hospital_id, rate_id): rate_id numbers a hospital's rates, and stays while its file does.
-- 3. The tables that grow with the corpus are hash-partitioned, 16 ways: rates and per-hospital prices by hospital
--    (an export replaces one hospital's rows in one partition, every other row untouched), statistics by code (a
--    code's statistics are one partition's). Indexes are defined on the parents, so every partition has them.
-- Rows loaded before this migration are moved as they are (modifiers unknown: null) until the next export.

-- negotiated_rates -------------------------------------------------------------------------------------------------
ALTER TABLE curated.negotiated_rates RENAME TO negotiated_rates_v3;
ALTER TABLE curated.negotiated_rates_v3 RENAME CONSTRAINT negotiated_rates_pkey TO negotiated_rates_v3_pkey;
DROP INDEX curated.negotiated_rates_code_price_idx;
DROP INDEX curated.negotiated_rates_code_state_idx;
DROP INDEX curated.negotiated_rates_hospital_idx;
DROP INDEX curated.negotiated_rates_hospital_rate_idx;

CREATE TABLE curated.negotiated_rates (
    rate_id                bigint NOT NULL,     -- the rate's number within its hospital
    hospital_id            text NOT NULL,
    state                  text,
    code_type              text,                -- null when the item has no code (it is still a published rate)
    code                   text,
    setting                text,
    billing_class          text,                -- professional | facility | both | unknown
    modifiers              text,                -- sorted, ',' joined; '' = none
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
    PRIMARY KEY (hospital_id, rate_id)
) PARTITION BY HASH (hospital_id);
DO $$
BEGIN
    FOR p IN 0..15 LOOP
        EXECUTE format('CREATE TABLE curated.negotiated_rates_p%s PARTITION OF curated.negotiated_rates'
                       ' FOR VALUES WITH (MODULUS 16, REMAINDER %s)', lpad(p::text, 2, '0'), p);
    END LOOP;
END $$;
INSERT INTO curated.negotiated_rates (rate_id, hospital_id, state, code_type, code, setting, billing_class, description,
        payer, payer_name, plan_name, methodology, negotiated_dollar, negotiated_percentage, negotiated_algorithm,
        derived_dollar, gross_charge, discounted_cash, file_sha256, source_location)
    SELECT rate_id, hospital_id, state, code_type, code, setting, billing_class, description, payer, payer_name, plan_name,
           methodology, negotiated_dollar, negotiated_percentage, negotiated_algorithm, derived_dollar, gross_charge,
           discounted_cash, file_sha256, source_location
    FROM curated.negotiated_rates_v3;
DROP TABLE curated.negotiated_rates_v3;
-- one code across hospitals, sorted by price, cursor-paged on (price, hospital, rate)
CREATE INDEX negotiated_rates_code_price_idx ON curated.negotiated_rates
    (code_type, code, negotiated_dollar, hospital_id, rate_id);
CREATE INDEX negotiated_rates_code_state_idx ON curated.negotiated_rates
    (code_type, code, state, negotiated_dollar, hospital_id, rate_id);
CREATE INDEX negotiated_rates_hospital_idx ON curated.negotiated_rates (hospital_id, code_type, code);

-- hospital_code_prices ---------------------------------------------------------------------------------------------
ALTER TABLE curated.hospital_code_prices RENAME TO hospital_code_prices_v3;
DROP INDEX curated.hospital_code_prices_hospital_idx;
DROP INDEX curated.hospital_code_prices_code_idx;
DROP INDEX curated.hospital_code_prices_description_fts_idx;

CREATE TABLE curated.hospital_code_prices (
    hospital_id        text NOT NULL,
    state              text,
    code_type          text NOT NULL,
    code               text NOT NULL,
    setting            text,
    billing_class      text,
    modifiers          text,
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
) PARTITION BY HASH (hospital_id);
DO $$
BEGIN
    FOR p IN 0..15 LOOP
        EXECUTE format('CREATE TABLE curated.hospital_code_prices_p%s PARTITION OF curated.hospital_code_prices'
                       ' FOR VALUES WITH (MODULUS 16, REMAINDER %s)', lpad(p::text, 2, '0'), p);
    END LOOP;
END $$;
INSERT INTO curated.hospital_code_prices (hospital_id, state, code_type, code, setting, description, gross_charge,
        discounted_cash, minimum, maximum, negotiated_min, negotiated_median, negotiated_max, derived_min, derived_max,
        payers, plans, dollar_rates, percentage_rates, algorithm_rates)
    SELECT hospital_id, state, code_type, code, setting, description, gross_charge, discounted_cash, minimum, maximum,
           negotiated_min, negotiated_median, negotiated_max, derived_min, derived_max, payers, plans, dollar_rates,
           percentage_rates, algorithm_rates
    FROM curated.hospital_code_prices_v3;
DROP TABLE curated.hospital_code_prices_v3;
CREATE INDEX hospital_code_prices_hospital_idx ON curated.hospital_code_prices (hospital_id, code_type, code);
CREATE INDEX hospital_code_prices_code_idx ON curated.hospital_code_prices (code_type, code, state);
-- description search, ranked: full text (English stemming) over the description
CREATE INDEX hospital_code_prices_description_fts_idx ON curated.hospital_code_prices
    USING gin (to_tsvector('english', coalesce(description, '')));

-- code_price_stats -------------------------------------------------------------------------------------------------
ALTER TABLE curated.code_price_stats RENAME TO code_price_stats_v3;
DROP INDEX curated.code_price_stats_code_idx;

CREATE TABLE curated.code_price_stats (
    code_type      text NOT NULL,
    code           text NOT NULL,
    setting        text,
    billing_class  text,
    modifiers      text,
    payer          text NOT NULL,
    geography      text NOT NULL,
    measure        text NOT NULL,
    hospitals      bigint,
    rates          bigint,
    min            numeric(20, 6),
    p10            numeric(20, 6),
    p25            numeric(20, 6),
    median         numeric(20, 6),
    p75            numeric(20, 6),
    p90            numeric(20, 6),
    max            numeric(20, 6),
    mean           numeric(20, 6)
) PARTITION BY HASH (code);
DO $$
BEGIN
    FOR p IN 0..15 LOOP
        EXECUTE format('CREATE TABLE curated.code_price_stats_p%s PARTITION OF curated.code_price_stats'
                       ' FOR VALUES WITH (MODULUS 16, REMAINDER %s)', lpad(p::text, 2, '0'), p);
    END LOOP;
END $$;
INSERT INTO curated.code_price_stats (code_type, code, setting, payer, geography, measure, hospitals, rates, min, p10,
        p25, median, p75, p90, max, mean)
    SELECT code_type, code, setting, payer, geography, measure, hospitals, rates, min, p10, p25, median, p75, p90, max, mean
    FROM curated.code_price_stats_v3;
DROP TABLE curated.code_price_stats_v3;
CREATE INDEX code_price_stats_code_idx ON curated.code_price_stats (code_type, code, geography, payer);

-- what each export covered -----------------------------------------------------------------------------------------
ALTER TABLE glimmr.export_runs
    ADD COLUMN mode text,                    -- full | incremental
    ADD COLUMN aggregate_run text,           -- the last gold.aggregate_runs run the export brought over
    ADD COLUMN covered jsonb NOT NULL DEFAULT '{}'::jsonb;   -- hospitals, states and codes an incremental export replaced
CREATE INDEX export_runs_status_finished_idx ON glimmr.export_runs (status, finished_at);
