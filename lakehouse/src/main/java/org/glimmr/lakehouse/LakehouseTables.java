package org.glimmr.lakehouse;

import static org.apache.spark.sql.types.DataTypes.BooleanType;
import static org.apache.spark.sql.types.DataTypes.DateType;
import static org.apache.spark.sql.types.DataTypes.DoubleType;
import static org.apache.spark.sql.types.DataTypes.IntegerType;
import static org.apache.spark.sql.types.DataTypes.LongType;
import static org.apache.spark.sql.types.DataTypes.StringType;
import static org.apache.spark.sql.types.DataTypes.TimestampType;
import static org.apache.spark.sql.types.DataTypes.createArrayType;
import static org.apache.spark.sql.types.DataTypes.createDecimalType;
import static org.apache.spark.sql.types.DataTypes.createMapType;
import static org.apache.spark.sql.types.DataTypes.createStructField;
import static org.apache.spark.sql.types.DataTypes.createStructType;

import java.util.List;
import java.util.Optional;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DecimalType;

/** Every Delta table of the lakehouse, by layer. The one place table names and schemas are written. */
public final class LakehouseTables {
    /** Money, percentages and units: up to 14 digits before the point and 6 after. */
    public static final DecimalType AMOUNT = createDecimalType(20, 6);
    private static final DataType STRINGS = createArrayType(StringType, true);
    public static final DataType CODES = createArrayType(createStructType(List.of(
            createStructField("code", StringType, true),
            createStructField("type", StringType, true))), true);

    private LakehouseTables() {}

    // ---------------------------------------------------------------- bronze
    public static final TableDefinition MRF_FILES = TableDefinition.builder(Layer.BRONZE, "mrf_files",
                    "One row per raw MRF version (by content hash): what it is, where it came from, how its ingest went.")
            .required("sha256", StringType, "hex SHA-256 of the raw bytes as stored; the file's identity")
            .column("source_path", StringType, "where ingest read it (file, folder entry or s3a:// URI)")
            .column("size_bytes", LongType, "size of the stored bytes")
            .column("compression", StringType, "none | gzip | zip (wrapper detected from content)")
            .column("layout", StringType, "json | csv_tall | csv_wide | unknown, detected from content")
            .column("template_version", StringType, "CMS rule set applied: 2.0.0 (v2.x files) or 3.0.0")
            .column("version_cell", StringType, "the version as written in the file")
            .column("status", StringType, "ok (every row and value read) | partial (rows set aside or values left out: see silver.rejected_rows) | rejected (nothing readable)")
            .column("row_count", LongType, "canonical rows written to silver.standard_charges")
            .column("rejected_count", LongType, "rows written to silver.rejected_rows (rows set aside and values left out of kept rows)")
            .column("finding_errors", LongType, "CMS rule findings of severity error")
            .column("finding_alerts", LongType, "CMS rule findings of severity alert")
            .column("encoding_repairs", LongType, "bytes that were not UTF-8 and were read as Windows-1252")
            .column("splits", IntegerType, "parts the file was parsed in")
            .column("reason", StringType, "why the file is rejected or partial, for a person")
            .column("hospital_id", StringType, "see silver.hospitals.hospital_id")
            .column("hospital_name", StringType, "hospital_name as published")
            .column("last_updated_on", DateType, "last_updated_on as published (null when unreadable: see findings)")
            .column("location_names", STRINGS, "hospital_location / location_name values")
            .column("addresses", STRINGS, "hospital_address values")
            .column("license_number", StringType, "license number as published")
            .column("license_state", StringType, "two-letter state of the license")
            .column("type_2_npis", STRINGS, "type 2 NPIs (v3)")
            .column("attestation", BooleanType, "affirmation (v2) / attestation (v3) value")
            .column("attester_name", StringType, "attester_name (v3)")
            .column("ingested_at", TimestampType, "when this version was first ingested (UTC)")
            .column("ingest_run", StringType, "id of the ingest run that wrote it")
            .changeDataFeed()
            .build();

    // discovery and fetch: hospital_list, mrf_sources, mrf_downloads
    public static final TableDefinition MRF_SOURCES = TableDefinition.builder(Layer.BRONZE, "mrf_sources",
                    "Entries of hospitals' cms-hpt.txt files as discovered, one row per hospital x entry x discovery run "
                            + "(a hospital without entries has one row): status and history.")
            .required("hospital_key", StringType, "bronze.hospital_list.hospital_key")
            .column("website", StringType, "hospital website the cms-hpt.txt was looked for at")
            .column("txt_url", StringType, "URL of the cms-hpt.txt (the website's domain root)")
            .column("status", StringType, "found | missing | blocked | malformed | unreachable | refused | no_website")
            .column("http_status", IntegerType, "HTTP status of the cms-hpt.txt request, null when no answer")
            .column("entry", IntegerType, "position of the entry in the file (1-based), null when no entry")
            .column("location_name", StringType, "location-name")
            .column("source_page_url", StringType, "source-page-url")
            .column("mrf_url", StringType, "mrf-url (http or https only; else the entry is malformed)")
            .column("contact_name", StringType, "contact-name")
            .column("contact_email", StringType, "contact-email")
            .column("message", StringType, "what went wrong or what was tolerated, for a person")
            .column("discovered_at", TimestampType, "when this was read (UTC)")
            .column("run_date", DateType, "logical date of the discovery run; a rerun of a date replaces its rows")
            .changeDataFeed()
            .build();

    public static final TableDefinition MRF_DOWNLOADS = TableDefinition.builder(Layer.BRONZE, "mrf_downloads",
                    "Every download attempt of an MRF URL (each retry is a row), successful or not.")
            .required("mrf_url", StringType, "URL fetched (as listed in cms-hpt.txt)")
            .column("hospital_keys", STRINGS, "hospitals listing this URL")
            .column("run_id", StringType, "id of the fetch run")
            .column("run_date", DateType, "logical date of the fetch run")
            .column("try", IntegerType, "1 for the first try of the URL in this run, 2 for the first retry, ...")
            .column("last_try", BooleanType, "true on the try whose outcome stands for the run")
            .column("attempt_at", TimestampType, "when the try started (UTC)")
            .column("final_url", StringType, "URL after redirects")
            .column("http_status", IntegerType, "HTTP status, null when no answer")
            .column("outcome", StringType, "stored | unchanged | not_modified | http_error | blocked | html | timeout | truncated | "
                    + "too_large | refused | failed")
            .column("content_type", StringType, "Content-Type header")
            .column("etag", StringType, "ETag header (sent back as If-None-Match next time)")
            .column("last_modified", StringType, "Last-Modified header (sent back as If-Modified-Since next time)")
            .column("last_modified_at", TimestampType, "Last-Modified as a time, when it parses (RFC 1123)")
            .column("sha256", StringType, "hex SHA-256 of the bytes as served")
            .column("size_bytes", LongType, "bytes received")
            .column("files", createArrayType(createStructType(List.of(
                    createStructField("sha256", StringType, true),
                    createStructField("raw_path", StringType, true),
                    createStructField("size_bytes", LongType, true),
                    createStructField("zip_entry", StringType, true))), true),
                    "files in the raw store for this content (a zip gives one per entry): ingest reads these")
            .column("message", StringType, "what went wrong, for a person")
            .changeDataFeed()
            .build();

    public static final TableDefinition HOSPITAL_LIST = TableDefinition.builder(Layer.BRONZE, "hospital_list",
                    "Hospitals to discover: imported from CMS's Hospital General Information file or a list of one's own.")
            .required("hospital_key", StringType, "CCN when known, else the hash of normalised name and state (as silver.hospitals.hospital_id)")
            .column("name", StringType, "hospital name")
            .column("state", StringType, "two-letter state")
            .column("website", StringType, "hospital website (http or https); null: not discoverable until given")
            .column("ccn", StringType, "CMS Certification Number (6 characters)")
            .column("source", StringType, "file the row was imported from")
            .column("imported_at", TimestampType, "when imported or last changed (UTC)")
            .build();

    // ---------------------------------------------------------------- silver
    public static final TableDefinition STANDARD_CHARGES = TableDefinition.builder(Layer.SILVER, "standard_charges",
                    "Canonical standard charges: one row per item x charge x payer/plan (or without payer), current file of each hospital.")
            .required("file_sha256", StringType, "bronze.mrf_files.sha256 of the file the row came from")
            .required("hospital_id", StringType, "silver.hospitals.hospital_id")
            .column("description", StringType, "item or service description as published")
            .column("codes", CODES, "every billing code of the item, normalised (docs/codes.md); no-codes (None, N/A) left out")
            .column("code", StringType, "primary code, normalised: the item's most comparable code (CPT > HCPCS > MS-DRG > ... > CDM/LOCAL)")
            .column("code_type", StringType, "type of the primary code, normalised (CPT for a five-digit code published as HCPCS)")
            .column("modifiers", STRINGS, "modifier codes")
            .column("setting", StringType, "inpatient | outpatient | both")
            .column("drug_unit", AMOUNT, "drug unit of measurement")
            .column("drug_type", StringType, "drug type of measurement (GR, ME, ML, UN, F2, EA, GM)")
            .column("gross_charge", AMOUNT, "gross charge in dollars")
            .column("discounted_cash", AMOUNT, "discounted cash price in dollars")
            .column("minimum", AMOUNT, "de-identified minimum negotiated charge")
            .column("maximum", AMOUNT, "de-identified maximum negotiated charge")
            .column("payer_name", StringType, "payer as published (null: payer-independent row)")
            .column("plan_name", StringType, "plan as published")
            .column("negotiated_dollar", AMOUNT, "payer-specific negotiated charge in dollars")
            .column("negotiated_percentage", AMOUNT, "payer-specific negotiated charge as a percentage (70.5 = 70.5%)")
            .column("negotiated_algorithm", StringType, "payer-specific negotiated charge as an algorithm (text)")
            .column("methodology", StringType, "case rate | fee schedule | percent of total billed charges | per diem | other")
            .column("estimated_amount", AMOUNT, "v2.x estimated allowed amount")
            .column("median_amount", AMOUNT, "v3 median allowed amount")
            .column("percentile_10", AMOUNT, "v3 10th percentile allowed amount")
            .column("percentile_90", AMOUNT, "v3 90th percentile allowed amount")
            .column("allowed_count", StringType, "v3 count of allowed amounts: 0, 1 through 10, or a number")
            .column("billing_class", StringType, "professional | facility | both")
            .column("generic_notes", StringType, "additional_generic_notes")
            .column("payer_notes", StringType, "additional_payer_notes")
            .column("source_line", LongType, "CSV: physical line where the record starts (1-based)")
            .column("source_path_in_file", StringType, "JSON: path of the element")
            .column("layout", StringType, "layout of the source file")
            .column("template_version", StringType, "CMS rule set of the source file")
            .column("last_updated_on", DateType, "the source file's last_updated_on")
            // lineage of the code normalisation, after the older columns so that a table made before takes them as
            // added columns ('glimmr tables create')
            .column("published_codes", CODES, "every billing code of the item as published (code trimmed, type upper case)")
            .column("published_code", StringType, "the primary code as published")
            .column("published_code_type", StringType, "the primary code's type as published")
            .column("code_internal_id", StringType, "a bracketed internal id published after the primary code (NDC 10019-553-03 [293981]: 293981)")
            .column("code_fixes", STRINGS, "what normalising the item's codes changed (CodeReadAsCpt, NdcTo11Digits, ...: docs/codes.md); empty: published as normalised")
            .clusterBy("hospital_id", "code")
            // statistics on what queries and ingest's replaceWhere filter by; on all 32 leading columns (Delta's
            // default) they took about a quarter of ingest's CPU samples, most of it copying text for min/max
            .statsColumns("file_sha256", "hospital_id", "code", "code_type", "setting", "payer_name", "plan_name",
                    "last_updated_on")
            .changeDataFeed()
            .build();

    public static final TableDefinition REJECTED_ROWS = TableDefinition.builder(Layer.SILVER, "rejected_rows",
                    "What could not be read, with where and why; nothing is dropped silently.")
            .required("file_sha256", StringType, "bronze.mrf_files.sha256")
            .column("hospital_id", StringType, "silver.hospitals.hospital_id when the header was readable")
            .column("location", StringType, "file, line N (CSV) or JSON path; for a value left out, with its column (line N, column \"...\") or key")
            .column("reason", StringType, "reason code. A value left out of a row that is kept: BAD_NUMBER, AMOUNT_OUT_OF_RANGE; a row or JSON part set aside: ROW_TOO_LONG, MALFORMED_RECORD, MALFORMED_ELEMENT; the file: NOT_AN_MRF, TEMPLATE_PLACEHOLDERS, BAD_HEADER, TRUNCATED")
            .column("raw", StringType, "the raw text (the value left out, the record or JSON part set aside, or the file start), capped at 32 KiB")
            .column("message", StringType, "what is wrong and how to fix it")
            .changeDataFeed()
            .build();

    public static final TableDefinition FILE_FINDINGS = TableDefinition.builder(Layer.SILVER, "file_findings",
                    "CMS rule findings per file, following the CMS validator's rule set for the file's version.")
            .required("file_sha256", StringType, "bronze.mrf_files.sha256")
            .column("hospital_id", StringType, "silver.hospitals.hospital_id")
            .column("rule", StringType, "rule id, e.g. HeaderColumnMissing, RequiredValue, InvalidNumberFormat")
            .column("severity", StringType, "error | alert")
            .column("location", StringType, "where: line and column, or JSON path")
            .column("message", StringType, "what is wrong and how to fix it")
            .changeDataFeed()
            .build();

    public static final TableDefinition HOSPITALS = TableDefinition.builder(Layer.SILVER, "hospitals",
                    "Hospitals as identified from their files' headers; one row per hospital, from its current file.")
            .required("hospital_id", StringType, "stable id: hash of the normalised hospital name and license state")
            .column("hospital_name", StringType, "hospital_name as published in the current file")
            .column("license_state", StringType, "two-letter state")
            .column("license_number", StringType, "license number")
            .column("location_names", STRINGS, "locations")
            .column("addresses", STRINGS, "addresses")
            .column("type_2_npis", STRINGS, "type 2 NPIs")
            .column("current_file_sha256", StringType, "the file whose rows are current in silver.standard_charges")
            .column("last_updated_on", DateType, "last_updated_on of the current file")
            .column("files_seen", LongType, "distinct file versions ingested for this hospital")
            .column("updated_at", TimestampType, "when the current file became current (UTC)")
            .changeDataFeed()
            .build();

    public static final TableDefinition PAYER_NAMES = TableDefinition.builder(Layer.SILVER, "payer_names",
                    "Every payer name as published, mapped to a canonical payer of the registry, or unmatched for a person to review.")
            .required("payer_name", StringType, "payer name exactly as published")
            .column("normalized_name", StringType, "the name after the normalisation rules (case, punctuation, suffixes, bracketed ids)")
            .column("canonical_payer", StringType, "canonical payer id of the registry; null = unmatched")
            .column("canonical_name", StringType, "display name of the canonical payer")
            .column("payer_type", StringType, "commercial | medicare | medicare_advantage | medicaid | medicaid_managed_care | tricare | workers_comp | other")
            .column("matched_by", StringType, "how it matched: exact | alias | pattern | unmatched")
            .column("hospitals", LongType, "hospitals publishing this name")
            .column("rows", LongType, "current silver rows with this name")
            .build();

    // ---------------------------------------------------------------- gold
    // Prices are compared only within a group that means one thing: code, setting, billing class and modifiers.
    private static final String BILLING_CLASS = "professional | facility | both | unknown (not published)";
    private static final String MODIFIERS = "modifier codes of the charge, upper case, sorted, joined with ',' ('' = none)";

    public static final TableDefinition NEGOTIATED_RATES = TableDefinition.builder(Layer.GOLD, "negotiated_rates",
                    "Per hospital x code x setting x billing class x modifiers x payer x plan: each payer-specific rate with its "
                            + "canonical payer. Published dollars and dollars derived from a percentage are separate columns, never mixed.")
            .required("rate_id", LongType, "the rate's number within its hospital (1, 2, ...) in the order of its lineage; "
                    + "(hospital_id, rate_id) names a rate, and stays the same while the hospital's current file does")
            .required("hospital_id", StringType, "silver.hospitals.hospital_id")
            .column("state", StringType, "license state of the hospital")
            .column("code_type", StringType, "primary code type")
            .column("code", StringType, "primary code")
            .column("setting", StringType, "inpatient | outpatient | both")
            .column("billing_class", StringType, BILLING_CLASS)
            .column("modifiers", StringType, MODIFIERS)
            .column("description", StringType, "description as published")
            .column("payer", StringType, "canonical payer id (silver.payer_names), or 'unmatched:<normalised name>' when the name is not in the registry")
            .column("payer_name", StringType, "payer name as published")
            .column("plan_name", StringType, "plan name as published")
            .column("methodology", StringType, "case rate | fee schedule | percent of total billed charges | per diem | other")
            .column("negotiated_dollar", AMOUNT, "published negotiated dollar amount")
            .column("negotiated_percentage", AMOUNT, "published percentage (70.5 = 70.5%)")
            .column("negotiated_algorithm", StringType, "published algorithm text")
            .column("derived_dollar", AMOUNT, "estimate = percentage x gross charge, only where no dollar is published and the gross is known")
            .column("gross_charge", AMOUNT, "the item's gross charge")
            .column("discounted_cash", AMOUNT, "the item's discounted cash price")
            .column("file_sha256", StringType, "lineage: the source file")
            .column("source_location", StringType, "lineage: 'line N' (CSV) or the JSON path")
            // one folder per hospital: an incremental aggregate replaces a hospital's rates without touching the others'
            .partitionBy("hospital_id")
            // statistics on what readers filter by, not on the amounts: on every leading column (Delta's default) they
            // cost about a tenth of a full aggregate's CPU, most of it decoding decimals
            .statsColumns("state", "code_type", "code", "setting", "billing_class", "payer")
            .build();

    public static final TableDefinition HOSPITAL_CODE_PRICES = TableDefinition.builder(Layer.GOLD, "hospital_code_prices",
                    "Per hospital x code x setting x billing class x modifiers: the hospital's prices for one item, over all payers and plans.")
            .required("hospital_id", StringType, "silver.hospitals.hospital_id")
            .column("state", StringType, "license state of the hospital")
            .column("code_type", StringType, "primary code type")
            .column("code", StringType, "primary code")
            .column("setting", StringType, "inpatient | outpatient | both")
            .column("billing_class", StringType, BILLING_CLASS)
            .column("modifiers", StringType, MODIFIERS)
            .column("description", StringType, "a description of the item at this hospital (the shortest published)")
            .column("gross_charge", AMOUNT, "gross charge (the highest when the item is listed more than once)")
            .column("discounted_cash", AMOUNT, "discounted cash price (the lowest when listed more than once)")
            .column("minimum", AMOUNT, "de-identified minimum negotiated charge")
            .column("maximum", AMOUNT, "de-identified maximum negotiated charge")
            .column("negotiated_min", AMOUNT, "lowest published negotiated dollar over payers and plans")
            .column("negotiated_median", AMOUNT, "median published negotiated dollar (exact, linear interpolation)")
            .column("negotiated_max", AMOUNT, "highest published negotiated dollar")
            .column("derived_min", AMOUNT, "lowest dollar derived from a percentage (never mixed into negotiated_*)")
            .column("derived_max", AMOUNT, "highest dollar derived from a percentage")
            .column("payers", LongType, "distinct canonical payers with a rate")
            .column("plans", LongType, "distinct payer x plan with a rate")
            .column("dollar_rates", LongType, "payer rates published in dollars")
            .column("percentage_rates", LongType, "payer rates published only as a percentage")
            .column("algorithm_rates", LongType, "payer rates published only as an algorithm")
            .partitionBy("hospital_id")
            .statsColumns("state", "code_type", "code", "setting", "billing_class", "modifiers")
            .build();

    public static final TableDefinition CODE_PRICE_VALUES = TableDefinition.builder(Layer.GOLD, "code_price_values",
                    "The values behind gold.code_price_stats at their finest grain, per code x setting x billing class x modifiers "
                            + "x measure x payer x state, sorted: an incremental aggregate merges these instead of reading every rate again.")
            .required("code_type", StringType, "code type")
            .required("code", StringType, "code")
            .column("setting", StringType, "inpatient | outpatient | both")
            .column("billing_class", StringType, BILLING_CLASS)
            .column("modifiers", StringType, MODIFIERS)
            .column("measure", StringType, "negotiated_dollar | derived_dollar | gross_charge | discounted_cash")
            .column("payer", StringType, "canonical payer id; '' for gross_charge and discounted_cash (counted under all payers only)")
            .column("state", StringType, "license state of the hospitals; '' when not known (their values count under US only)")
            .column("value_count", LongType, "values")
            .column("total", createDecimalType(38, 6), "sum of the values (exact)")
            .column("min", AMOUNT, "least value")
            .column("max", AMOUNT, "greatest value")
            .column("sorted_values", createArrayType(DoubleType, false), "every value, ascending, in double precision (the percentiles' input)")
            .column("hospital_keys", createArrayType(LongType, false), "the hospitals with a value, as 64-bit hashes of hospital_id, ascending")
            // an incremental run replaces the rows of some codes in a state: through deletion vectors, the state's other
            // rows stay where they are
            .partitionBy("state")
            .statsColumns("code_type", "code", "setting", "billing_class", "modifiers", "measure", "payer")
            .deletionVectors()
            .build();

    public static final TableDefinition CODE_PRICE_STATS = TableDefinition.builder(Layer.GOLD, "code_price_stats",
                    "Per code x setting x billing class x modifiers x payer (or all) x geography x measure: how prices spread across "
                            + "hospitals. Percentiles are exact, with linear interpolation between ranks.")
            .required("code_type", StringType, "code type")
            .required("code", StringType, "code")
            .column("setting", StringType, "inpatient | outpatient | both")
            .column("billing_class", StringType, BILLING_CLASS)
            .column("modifiers", StringType, MODIFIERS)
            .column("payer", StringType, "canonical payer id, or '*' for all payers")
            .column("geography", StringType, "two-letter state, or 'US'")
            .column("measure", StringType, "negotiated_dollar | derived_dollar | gross_charge | discounted_cash")
            .column("hospitals", LongType, "hospitals with a value")
            .column("rates", LongType, "values counted")
            .column("min", AMOUNT, "minimum")
            .column("p10", AMOUNT, "10th percentile")
            .column("p25", AMOUNT, "25th percentile")
            .column("median", AMOUNT, "median")
            .column("p75", AMOUNT, "75th percentile")
            .column("p90", AMOUNT, "90th percentile")
            .column("max", AMOUNT, "maximum")
            .column("mean", AMOUNT, "mean")
            // a state's rows are replaced by partition; the US rows of the codes a change touches, through deletion vectors
            .partitionBy("geography")
            .statsColumns("code_type", "code", "setting", "billing_class", "modifiers", "payer", "measure")
            .deletionVectors()
            .build();

    public static final TableDefinition PAYER_NAME_COUNTS = TableDefinition.builder(Layer.GOLD, "payer_name_counts",
                    "Per hospital x payer name as published: its current rows; silver.payer_names sums these.")
            .required("hospital_id", StringType, "silver.hospitals.hospital_id")
            .required("payer_name", StringType, "payer name exactly as published")
            .column("rows", LongType, "current silver rows of the hospital with this name")
            .build();

    public static final TableDefinition HOSPITAL_SUMMARY = TableDefinition.builder(Layer.GOLD, "hospital_summary",
                    "Per hospital: files, freshness, coverage and a data-quality score.")
            .required("hospital_id", StringType, "silver.hospitals.hospital_id")
            .column("hospital_name", StringType, "name")
            .column("state", StringType, "license state")
            .column("current_file_sha256", StringType, "the file whose rows are current")
            .column("files", LongType, "file versions ingested")
            .column("last_updated_on", DateType, "last_updated_on of the current file")
            .column("rows", LongType, "current canonical rows")
            .column("rejected_rows", LongType, "rejected rows of the current file")
            .column("codes", LongType, "distinct primary codes")
            .column("payers", LongType, "distinct canonical payers")
            .column("payer_rates", LongType, "payer-specific rates")
            .column("dollar_share", DoubleType, "share of payer rates given in dollars (0..1; null without payer rates)")
            .column("finding_errors", LongType, "rule findings of severity error in the current file")
            .column("finding_alerts", LongType, "rule findings of severity alert in the current file")
            .column("quality_score", DoubleType, "data-quality score 0..100 (formula in the README)")
            .column("as_of", DateType, "the date freshness was judged against (the aggregate run's date)")
            .build();

    public static final TableDefinition AGGREGATE_RUNS = TableDefinition.builder(Layer.GOLD, "aggregate_runs",
                    "Every aggregate run: what it read and recomputed. A run that did not finish is resumed by the next one.")
            .required("run_id", StringType, "aggregate-<UTC time>")
            .column("mode", StringType, "full | incremental")
            .column("status", StringType, "running | done")
            .column("reason", StringType, "why the run was full, or what it found changed")
            .column("as_of", DateType, "the date freshness was judged against")
            .column("started_at", TimestampType, "when the run started (UTC)")
            .column("finished_at", TimestampType, "when the run committed its last table (UTC)")
            .column("silver_versions", createMapType(StringType, LongType), "version of each silver table read")
            .column("gold_versions", createMapType(StringType, LongType), "version of each gold table before the run (what it changed from)")
            .column("written_versions", createMapType(StringType, LongType), "version of each gold table when the run was done: "
                    + "what an export of this run reads")
            .column("hospitals", STRINGS, "hospitals whose rates and prices were recomputed (null for a full run: all)")
            .column("states", STRINGS, "states whose statistics were recomputed (null for a full run: all)")
            .column("codes", STRINGS, "codes whose national statistics were recomputed (null for a full run: all)")
            .column("registry", StringType, "fingerprint of the payer registry the run matched names with")
            .column("rows", createMapType(StringType, LongType), "rows written per table")
            .build();

    public static final List<TableDefinition> ALL = List.of(
            MRF_FILES, MRF_SOURCES, MRF_DOWNLOADS, HOSPITAL_LIST,
            STANDARD_CHARGES, REJECTED_ROWS, FILE_FINDINGS, HOSPITALS, PAYER_NAMES,
            NEGOTIATED_RATES, HOSPITAL_CODE_PRICES, CODE_PRICE_VALUES, CODE_PRICE_STATS, PAYER_NAME_COUNTS, HOSPITAL_SUMMARY,
            AGGREGATE_RUNS);

    /** Finds a table by {@code layer.name}, case-insensitively. */
    public static Optional<TableDefinition> byName(String qualifiedName) {
        return ALL.stream().filter(t -> t.qualifiedName().equalsIgnoreCase(qualifiedName.trim())).findFirst();
    }
}
