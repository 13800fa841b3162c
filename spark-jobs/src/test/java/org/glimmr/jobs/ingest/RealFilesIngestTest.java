package org.glimmr.jobs.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Clock;
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
 *   <li>code types are compared in capitals: silver stores the CMS spelling of a code type, the digest the cell.
 * </ul>
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
    }

    /** Each key ("type|code|description") on which the two sides differ, with both sides' figures. */
    private static Map<String, String> mismatches(SparkSession spark, Dataset<Row> silver, Path digestFile) {
        Dataset<Row> ours = silver.selectExpr(
                "upper(coalesce(element_at(codes, 1).type, '')) AS code_type",
                "coalesce(element_at(codes, 1).code, '') AS code",
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
