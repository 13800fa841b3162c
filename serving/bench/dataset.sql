-- A synthetic curated data set for the API load benchmark: :rows payer-specific rates over 400 hospitals in 50
-- states and 1,000 codes ('1000'..'1999', code type CPT; about :rows/1000 rates per code), 10 payers, 2 settings,
-- a seventh of the rates with modifier 26 (statistics per setting, billing class and modifiers, as the aggregate
-- makes them), 5% of rates given only as a percentage (derived dollars). rate_id numbers each hospital's rates from
-- 1, as in the curated schema (V4). Deterministic (setseed). Replaces the curated tables.
select setseed(0.42);
truncate curated.negotiated_rates, curated.hospitals, curated.code_price_stats, curated.hospital_code_prices, curated.payers;

insert into curated.hospitals (hospital_id, hospital_name, state, license_number, files, rows, codes, payers, dollar_share, quality_score)
select 'bh-' || h, 'Bench Hospital ' || h, s.states[1 + h % 50], 'L' || h, 1, :rows / 400, 1000, 10, 0.95, 0.9
from generate_series(0, 399) h,
     (select array['AL','AK','AZ','AR','CA','CO','CT','DE','FL','GA','HI','ID','IL','IN','IA','KS','KY','LA','ME','MD','MA','MI','MN',
                   'MS','MO','MT','NE','NV','NH','NJ','NM','NY','NC','ND','OH','OK','OR','PA','RI','SC','SD','TN','TX','UT','VT','VA',
                   'WA','WV','WI','WY'] as states) s;

insert into curated.payers (payer, payer_name, payer_type, raw_names, hospitals, rows)
select 'payer' || p, 'Bench Payer ' || p, 'commercial', array['BENCH PAYER ' || p], 400, :rows / 10 from generate_series(0, 9) p;

insert into curated.negotiated_rates (rate_id, hospital_id, state, code_type, code, setting, billing_class, modifiers, description, payer,
    payer_name, plan_name, methodology, negotiated_dollar, negotiated_percentage, derived_dollar, gross_charge, discounted_cash, file_sha256,
    source_location)
select (g - 1) / 400 + 1, 'bh-' || (g % 400), h.state, 'CPT', (1000 + (g / 400) % 1000)::text,
       case when g % 2 = 0 then 'outpatient' else 'inpatient' end, 'professional', case when g % 7 = 0 then '26' else '' end,
       'Bench procedure ' || (1000 + (g / 400) % 1000),
       'payer' || (g % 10), 'Bench Payer ' || (g % 10), 'Plan ' || (g % 3), 'fee schedule',
       case when g % 20 = 0 then null else round((50 + random() * 5000)::numeric, 2) end,
       case when g % 20 = 0 then 60 end,
       case when g % 20 = 0 then round((60 + random() * 3000)::numeric, 2) end,
       round((100 + random() * 9000)::numeric, 2), null, 'bench', 'row ' || g
from generate_series(1, :rows) g join curated.hospitals h on h.hospital_id = 'bh-' || (g % 400);

insert into curated.code_price_stats (code_type, code, setting, billing_class, modifiers, payer, geography, measure, hospitals, rates, min,
    p10, p25, median, p75, p90, max, mean)
select code_type, code, setting, billing_class, modifiers, '*', coalesce(state, 'US'), 'negotiated_dollar', count(distinct hospital_id), count(*),
       min(negotiated_dollar), percentile_disc(0.1) within group (order by negotiated_dollar),
       percentile_disc(0.25) within group (order by negotiated_dollar), percentile_disc(0.5) within group (order by negotiated_dollar),
       percentile_disc(0.75) within group (order by negotiated_dollar), percentile_disc(0.9) within group (order by negotiated_dollar),
       max(negotiated_dollar), avg(negotiated_dollar)
from curated.negotiated_rates where negotiated_dollar is not null
group by grouping sets ((code_type, code, setting, billing_class, modifiers), (code_type, code, setting, billing_class, modifiers, state));
