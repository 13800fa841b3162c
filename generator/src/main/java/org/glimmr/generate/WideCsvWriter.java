package org.glimmr.generate;

import java.io.IOException;
import java.io.OutputStream;

/**
 * CSV wide: one data row per item with one column group per payer × plan, each with every column of the version
 * (2.x: dollar, percentage, algorithm, estimated amount, methodology, payer notes; 3.0: dollar, percentage,
 * algorithm, median, 10th, 90th, count, methodology, payer notes). Groups without a rate are empty cells.
 */
final class WideCsvWriter extends CsvWriter {
    private final byte[] emptyGroup;

    WideCsvWriter(GeneratorOptions options, Hospital hospital, PayerPanel panel, Bytes out, OutputStream stream) {
        super(options, hospital, panel, out, stream);
        emptyGroup = new byte[payerColumns()];
        java.util.Arrays.fill(emptyGroup, (byte) ',');
    }

    @Override
    void header() throws IOException {
        generalRows();
        itemHeaders();
        for (PayerPanel.Group group : panel.groups()) {
            String pq = group.payer() + "|" + group.plan();
            headerCell("standard_charge|" + pq + "|negotiated_dollar");
            headerCell("standard_charge|" + pq + "|negotiated_percentage");
            headerCell("standard_charge|" + pq + "|negotiated_algorithm");
            if (v3) {
                headerCell("median_amount|" + pq);
                headerCell("10th_percentile|" + pq);
                headerCell("90th_percentile|" + pq);
                headerCell("count|" + pq);
            } else {
                headerCell("estimated_amount|" + pq);
            }
            headerCell("standard_charge|" + pq + "|methodology");
            headerCell("additional_payer_notes|" + pq);
            drainIfFull();
        }
        out.utf8(",standard_charge|min,standard_charge|max,additional_generic_notes\n");
    }

    private void headerCell(String name) {
        out.put(',').csv(name);
    }

    @Override
    void item(Item item) throws IOException {
        itemCells(out, item);
        int next = 0;
        for (int g = 0; g < panel.size(); g++) {
            if (next < item.payerCount && item.group[next] == g) {
                out.put(',');
                dollar(out, item, next);
                rateCells(out, item, next);
                out.put(',').put(item.methodology[next].csv()).put(',');
                if (item.notes[next] != null) {
                    out.put(item.notes[next].csv());
                }
                next++;
            } else {
                out.put(emptyGroup);
            }
        }
        out.put(',');
        amount(out, item.min);
        out.put(',');
        amount(out, item.max);
        out.put(',');
        if (item.genericNotes != null) {
            out.put(item.genericNotes.csv());
        }
        out.put('\n');
        drainIfFull();
    }

    @Override
    void footer() {
        // a CSV has no closing part
    }
}
