package org.glimmr.jobs.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.glimmr.lakehouse.LakehouseTables;
import org.glimmr.lakehouse.testing.SharedSpark;
import org.glimmr.mrf.CmsHptFiles;
import org.glimmr.mrf.CollectingSink;
import org.glimmr.mrf.ItemCodes;
import org.glimmr.mrf.LocalByteSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The whole {@code ../shared/cms-hpt/files} folder (CMS examples, templates, validator fixtures, real fragments, an
 * HTML page, cms-hpt.txt files, schemas) in ONE ingest run: nothing crashes or stops the batch, and for every MRF
 * of the manifest the Spark job records exactly what the parser reads on its own (whose counts the parser tests
 * compare with independent counts), the valid ones with no rejected row, the templates and the HTML page rejected
 * with a reason a person understands.
 */
@ExtendWith(SharedSpark.class)
class IngestConformanceTest {
    @Test
    void everyCmsFileInOneBatch(SharedSpark.Context ctx) throws Exception {
        List<CmsHptFiles.Entry> manifest = CmsHptFiles.manifest();
        Path files = CmsHptFiles.root().resolve("files");
        IngestSummary summary = new IngestJob(ctx.spark(), ctx.config(), System.out, Clock.systemUTC()).run(files.toString());
        assertThat(summary.filesSeen()).isGreaterThan(120);

        Map<String, Row> bronze = new HashMap<>();
        for (Row r : ctx.spark().read().format("delta").load(LakehouseTables.MRF_FILES.location(ctx.config().lakehouseRoot()))
                .collectAsList()) {
            bronze.put(Path.of(r.<String>getAs("source_path").replaceFirst("^file:", "")).toString(), r);
        }
        int checked = 0;
        for (CmsHptFiles.Entry e : manifest) {
            if (!(e.format().startsWith("csv") || e.format().equals("json") || e.format().contains("html"))) {
                continue;
            }
            Row row = bronze.get(e.file().toString());
            if (row == null) {
                continue; // the same bytes stored under another path of the batch (deduplicated by sha256)
            }
            checked++;
            String status = row.getAs("status");
            System.out.printf("%-9s rows=%-5d rejected=%-4d errors=%-4d %s%n", status, row.<Long>getAs("row_count"),
                    row.<Long>getAs("rejected_count"), row.<Long>getAs("finding_errors"), e.localPath());
            if (e.format().contains("html")) {
                assertThat(status).as(e.localPath()).isEqualTo("rejected");
                assertThat(row.<String>getAs("reason")).contains("NOT_AN_MRF").contains("HTML");
                continue;
            }
            if (e.expectedValidity().contains("placeholder headers")) {
                assertThat(status).as(e.localPath()).isEqualTo("rejected");
                assertThat(row.<String>getAs("reason")).contains("TEMPLATE_PLACEHOLDERS").contains("template");
                continue;
            }
            CollectingSink alone = CollectingSink.parseAll(new LocalByteSource(e.file()), ctx.config().splitBytes());
            assertThat(row.<Long>getAs("row_count")).as("rows of %s", e.localPath()).isEqualTo(alone.rows.size());
            assertThat(row.<Long>getAs("rejected_count")).as("rejected of %s", e.localPath()).isEqualTo(alone.rejected.size());
            // and one alert per kind of fix the code normalisation made to its rows
            long codeFixKinds = alone.rows.stream().flatMap(r -> ItemCodes.of(r.codes()).fixes().stream()).distinct().count();
            assertThat(row.<Long>getAs("finding_errors") + row.<Long>getAs("finding_alerts")).as("findings of %s", e.localPath())
                    .isEqualTo(alone.findings.size() + codeFixKinds);
            if (e.expectedValid()) {
                assertThat(status).as(e.localPath()).isEqualTo("ok");
                assertThat(row.<Long>getAs("rejected_count")).as(e.localPath()).isZero();
            }
        }
        assertThat(checked).as("manifest MRFs checked").isGreaterThan(60);
        long rejectedRows = ctx.spark().read().format("delta").load(LakehouseTables.REJECTED_ROWS.location(ctx.config().lakehouseRoot())).count();
        assertThat(rejectedRows).as("silver.rejected_rows holds every rejection of the batch").isEqualTo(summary.rejectedRows());
    }
}
