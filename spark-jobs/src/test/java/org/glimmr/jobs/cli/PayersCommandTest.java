package org.glimmr.jobs.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.glimmr.common.payers.PayerMatch;
import org.glimmr.common.payers.PayerRegistry;
import org.glimmr.common.testing.TestingCli;
import org.glimmr.lakehouse.LakehouseCatalog;
import org.glimmr.lakehouse.LakehouseTables;
import org.glimmr.lakehouse.testing.SharedSpark;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** {@code glimmr payers ...} through the command line entry, over a silver.payer_names written here with the registry's matches. */
@ExtendWith(SharedSpark.class)
class PayersCommandTest {
    @Test
    void unmatchedListsTheNamesWithoutAPayerMostRowsFirst(SharedSpark.Context ctx) {
        TestingCli.Result missing = CommandsTest.run(ctx, "payers", "unmatched");
        assertThat(missing.exit()).isEqualTo(64);
        assertThat(missing.err()).contains("silver.payer_names does not exist yet").contains("Fix: run ./glimmr aggregate");

        LakehouseCatalog.create(ctx.spark(), ctx.config(), LakehouseTables.PAYER_NAMES);
        // name -> {hospitals, rows}, as the aggregate job would count them
        Map<String, long[]> counts = Map.of(
                "AETNA [1003]", new long[] {3, 9000},
                "Blue Cross and Blue Shield of Texas", new long[] {2, 5000},
                "Facey Medical Group - RMG", new long[] {1, 40},
                "Walt Disney World", new long[] {1, 700},
                "Select Health", new long[] {2, 700},
                "Medicare Advantage", new long[] {4, 12000});
        PayerRegistry registry = PayerRegistry.load();
        String values = counts.entrySet().stream().map(e -> {
            PayerMatch m = registry.match(e.getKey());
            return "(" + String.join(", ", sql(m.payerName()), sql(m.normalizedName()), sql(m.canonicalId()), sql(m.canonicalName()),
                    sql(m.payerTypeId()), sql(m.matchedById()), Long.toString(e.getValue()[0]), Long.toString(e.getValue()[1])) + ")";
        }).collect(Collectors.joining(", "));
        ctx.spark().sql("INSERT INTO silver.payer_names VALUES " + values);

        TestingCli.Result csv = CommandsTest.run(ctx, "payers", "unmatched", "--format", "csv");
        assertThat(csv.exit()).as(csv.err()).isZero();
        assertThat(csv.out().lines()).containsExactly(
                "payer_name,normalized_name,hospitals,rows",
                "Medicare Advantage,medicare advantage,4,12000",
                "Select Health,select health,2,700", // same rows: more hospitals first
                "Walt Disney World,walt disney world,1,700",
                "Facey Medical Group - RMG,facey medical group rmg,1,40");

        TestingCli.Result json = CommandsTest.run(ctx, "payers", "unmatched", "--format", "json");
        assertThat(json.out().lines().findFirst()).contains(
                "{\"payer_name\":\"Medicare Advantage\",\"normalized_name\":\"medicare advantage\",\"hospitals\":4,\"rows\":12000}");
        assertThat(json.out().lines()).hasSize(4);

        TestingCli.Result table = CommandsTest.run(ctx, "payers", "unmatched", "--max-rows", "2");
        assertThat(table.exit()).as(table.err()).isZero();
        assertThat(table.out()).contains("| Medicare Advantage ").contains("| Select Health ").doesNotContain("Walt Disney")
                .contains("2+ rows (first 2 shown")
                .contains("4 of 6 payer names unmatched, 13440 of 27440 rows.")
                .contains("spark-jobs/src/main/resources/payers/payers.csv");
    }

    @Test
    void matchAndListShowTheRegistry(SharedSpark.Context ctx) {
        TestingCli.Result match = CommandsTest.run(ctx, "payers", "match", "BCBSTX", "Aetna Medicare", "Nobody Health");
        assertThat(match.exit()).as(match.err()).isZero();
        List<String> lines = match.out().lines().toList();
        assertThat(lines).anySatisfy(l -> assertThat(l).contains("| BCBSTX ").contains("| bcbs_texas ").contains("| exact "));
        assertThat(lines).anySatisfy(l -> assertThat(l).contains("| Aetna Medicare ").contains("| aetna ")
                .contains("| medicare_advantage ").contains("| pattern "));
        assertThat(lines).anySatisfy(l -> assertThat(l).contains("| Nobody Health ").contains("| NULL ").contains("| unmatched "));

        TestingCli.Result list = CommandsTest.run(ctx, "payers", "list");
        assertThat(list.exit()).as(list.err()).isZero();
        assertThat(list.out()).contains("| unitedhealthcare ").contains("| medicare_advantage ")
                .contains(PayerRegistry.load().payers().size() + " payers, from payers/payers.csv");
    }

    private static String sql(String value) {
        return value == null ? "NULL" : "'" + value.replace("'", "''") + "'";
    }
}
