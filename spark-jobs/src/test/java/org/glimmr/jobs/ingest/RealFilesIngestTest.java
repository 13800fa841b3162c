package org.glimmr.jobs.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.glimmr.lakehouse.LakehouseTables;
import org.glimmr.lakehouse.testing.SharedSpark;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Two whole real hospital files (a tall CSV and a JSON, 63 and 42 MB unpacked) through the real entry point, one
 * ingest run, against a digest someone else computed from the original files with Python (see
 * {@code ../shared/real-mrf/README.md}): for every key (type and value of the first code, first 200 characters of
 * the description) the number of negotiated dollars, their minimum and their maximum must be the same in
 * {@code silver.standard_charges}. A reader that loses no price agrees on every key.
 *
 * <p>How keys are compared, where the two sides write the same key differently (neither is wrong):
 * <ul>
 *   <li>descriptions are compared without white space at either end: the digest cuts the description at 200
 *       characters after stripping it (CSV) or cuts it as written (JSON), which can leave a space at the end;
 *       silver stores every description stripped;
 *   <li>code types are compared in capitals: silver stores the CMS spelling of a code type, the digest the cell;
 *   <li>codes as published ({@code published_codes}): the digest keys by the published code, silver's {@code codes}
 *       hold the normalised ones.
 * </ul>
 * The same run reports, for issue 23, what the code normalisation made of the files' NDCs: the share in the 11-digit
 * 5-4-2 form after normalisation, and that every NDC left in another form has its reason.
 * Differences where the digest is wrong would be listed one by one in {@link #DIGEST_WRONG} with why; there are none.
 */
@ExtendWith(SharedSpark.class)
class RealFilesIngestTest {
    /** Keys ("type|code|description") on which the digest is wrong and silver right, with why. None so far. */
    private static final Map<String, String> DIGEST_WRONG = Map.of();

    /** Canonical rows and negotiated dollars of each file, from ../shared/real-mrf/README.md. */
    private static final Map<String, long[]> README_FIGURES = Map.of(
            "mgh.csv.gz", new long[] {159_489, 158_945},
            "uchicago.json.gz", new long[] {136_857, 66_052});

    private static final String KEY_TRIM = "regexp_replace(%s, '^\\\\s+|\\\\s+$', '')";

    @Test
    void silverAgreesWithTheOutsidersDigestOnEveryCode(SharedSpark.Context ctx) {
        SparkSession spark = ctx.spark();
        Path input = RealMrfFiles.linkedInto(ctx.dataDir().resolve("real"));

        IngestSummary summary = new IngestJob(spark, ctx.config(), System.out, Clock.systemUTC()).run(input.toString());

        assertThat(summary.files()).as("both files read whole and made current").hasSize(2)
                .allSatisfy(f -> {
                    assertThat(f.status()).as(f.uri()).isEqualTo("ok");
                    assertThat(f.current()).as(f.uri()).isTrue();
                });
        org.glimmr.common.StorageRoot lakehouse = ctx.config().lakehouseRoot();
        Dataset<Row> files = spark.read().format("delta").load(LakehouseTables.MRF_FILES.location(lakehouse));
        for (String name : RealMrfFiles.NAMES) {
            Row file = files.where("source_path LIKE '%/" + name + "'").first();
            String sha = file.getAs("sha256");
            Dataset<Row> silver = spark.read().format("delta").load(LakehouseTables.STANDARD_CHARGES.location(lakehouse))
                    .where("file_sha256 = '" + sha + "'");
            long[] figures = README_FIGURES.get(name);
            assertThat(silver.count()).as(name + ": rows in silver").isEqualTo(file.<Long>getAs("row_count"))
                    .isEqualTo(figures[0]);
            assertThat(silver.where("negotiated_dollar IS NOT NULL").count()).as(name + ": negotiated dollars")
                    .isEqualTo(figures[1]);
            Map<String, String> differ = mismatches(spark, silver, RealMrfFiles.digest(RealMrfFiles.root(), name));
            assertThat(differ.keySet()).as(name + ": keys where silver and the digest differ (count, minimum or maximum"
                    + " of the negotiated dollars, or a key on one side only): " + differ.values())
                    .containsExactlyInAnyOrderElementsOf(DIGEST_WRONG.keySet());
        }
        ndcsAreInThe542FormOrSayWhyNot(spark, spark.read().format("delta")
                .load(LakehouseTables.STANDARD_CHARGES.location(lakehouse)));
        spark.read().format("delta").load(LakehouseTables.FILE_FINDINGS.location(lakehouse))
                .where("rule LIKE 'Code%' OR rule LIKE 'Ndc%'").select("file_sha256", "rule", "message").orderBy("file_sha256", "rule")
                .collectAsList().forEach(r -> System.out.printf("code normalisation, file %s: %s %s%n",
                        r.getString(0).substring(0, 8), r.getString(1), r.getString(2)));
    }

    /**
     * Over the items of both files (distinct per file), every NDC as published: how many are in the 5-4-2 form after
     * normalisation, printed; each one that is not has the reason in its row's {@code code_fixes}.
     */
    private static void ndcsAreInThe542FormOrSayWhyNot(SparkSession spark, Dataset<Row> silver) {
        Dataset<Row> items = silver.where("exists(published_codes, c -> c.type = 'NDC')")
                .selectExpr("file_sha256", "published_codes", "codes", "code_fixes").distinct()
                .selectExpr("size(filter(published_codes, c -> c.type = 'NDC')) AS published",
                        "size(filter(codes, c -> c.type = 'NDC' AND c.code RLIKE '^[0-9]{5}-[0-9]{4}-[0-9]{2}$')) AS in542",
                        "size(filter(codes, c -> c.type = 'NDC' AND NOT c.code RLIKE '^[0-9]{5}-[0-9]{4}-[0-9]{2}$')) AS other",
                        "array_contains(code_fixes, 'NdcUnconverted') AS unconverted",
                        "code_fixes", "published_codes");
        Row total = items.selectExpr("sum(published)", "sum(in542)", "sum(other)", "count(*)").first();
        long published = total.isNullAt(0) ? 0 : total.getLong(0);
        long in542 = total.isNullAt(1) ? 0 : total.getLong(1);
        System.out.printf("code normalisation, real files: %,d NDCs published (%,d items), %,d in the 11-digit 5-4-2 form"
                + " after normalisation (%.1f%%), %,d kept in another form, %,d no longer NDCs%n", published, total.getLong(3),
                in542, published == 0 ? 0.0 : 100.0 * in542 / published, total.isNullAt(2) ? 0 : total.getLong(2),
                published - in542 - (total.isNullAt(2) ? 0 : total.getLong(2)));
        assertThat(published).as("the real files publish NDCs").isPositive();
        List<String> withoutReason = items.where("(other > 0 AND NOT unconverted) OR (published > in542 + other"
                        + " AND NOT (array_contains(code_fixes, 'CodeNotOfItsType') OR array_contains(code_fixes, 'CodeNotACode')))")
                .selectExpr("cast(published_codes AS string)").limit(20).as(org.apache.spark.sql.Encoders.STRING()).collectAsList();
        assertThat(withoutReason).as("items with an NDC not in the 5-4-2 form and no reason for it").isEmpty();
    }

    /** Each key ("type|code|description") on which the two sides differ, with both sides' figures. */
    private static Map<String, String> mismatches(SparkSession spark, Dataset<Row> silver, Path digestFile) {
        Dataset<Row> ours = silver.selectExpr(
                "upper(coalesce(element_at(published_codes, 1).type, '')) AS code_type",
                "coalesce(element_at(published_codes, 1).code, '') AS code",
                String.format(KEY_TRIM, "substring(description, 1, 200)") + " AS description",
                "negotiated_dollar")
                .groupBy("code_type", "code", "description")
                .agg(org.apache.spark.sql.functions.count("negotiated_dollar").as("n"),
                        org.apache.spark.sql.functions.min("negotiated_dollar").as("lo"),
                        org.apache.spark.sql.functions.max("negotiated_dollar").as("hi"));
        Dataset<Row> digest = spark.read().option("header", "true").option("multiLine", "true").option("escape", "\"")
                .csv(digestFile.toString())
                .selectExpr("upper(coalesce(code_type, '')) AS code_type", "coalesce(code, '') AS code",
                        String.format(KEY_TRIM, "coalesce(description, '')") + " AS description",
                        "cast(payer_entries AS long) AS n", "cast(min_negotiated AS decimal(20,6)) AS lo",
                        "cast(max_negotiated AS decimal(20,6)) AS hi");
        assertThat(digest.count()).as("the digest's keys are distinct as compared")
                .isEqualTo(digest.select("code_type", "code", "description").distinct().count());
        assertThat(digest.count()).as("the digest was read").isGreaterThan(10_000);
        Dataset<Row> joined = digest.as("d").join(ours.as("s"), org.apache.spark.sql.functions.expr(
                "d.code_type <=> s.code_type AND d.code <=> s.code AND d.description <=> s.description"), "full_outer");
        return joined.where("d.n IS NULL OR s.n IS NULL OR d.n != s.n OR (d.n > 0 AND (d.lo != s.lo OR d.hi != s.hi))")
                .selectExpr("concat(coalesce(d.code_type, s.code_type), '|', coalesce(d.code, s.code), '|',"
                        + " coalesce(d.description, s.description)) AS key",
                        "concat('digest ', coalesce(cast(d.n AS string), 'absent'), ' ', coalesce(cast(d.lo AS string), '-'),"
                        + " '..', coalesce(cast(d.hi AS string), '-'), ' / silver ', coalesce(cast(s.n AS string), 'absent'),"
                        + " ' ', coalesce(cast(s.lo AS string), '-'), '..', coalesce(cast(s.hi AS string), '-')) AS detail")
                .limit(200).collectAsList().stream()
                .collect(java.util.stream.Collectors.toMap(r -> r.getString(0), r -> r.getString(0) + ": " + r.getString(1),
                        (a, b) -> a + "; " + b, java.util.TreeMap::new));
    }
}
