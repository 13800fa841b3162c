package org.glimmr.generate;

import java.io.IOException;
import java.io.OutputStream;

/**
 * CSV tall: one data row per item × payer/plan (one row without payer when the item has none). The item's cells are
 * encoded once per item and copied into each of its rows. Payer notes (methodology {@code other}, count {@code 0})
 * go to {@code additional_generic_notes}, as the CMS rules want for tall files.
 */
final class TallCsvWriter extends CsvWriter {
    private final Bytes prefix = new Bytes(512);
    private final Bytes suffix = new Bytes(64);

    TallCsvWriter(GeneratorOptions options, Hospital hospital, PayerPanel panel, Bytes out, OutputStream stream) {
        super(options, hospital, panel, out, stream);
    }

    @Override
    void header() {
        generalRows();
        itemHeaders();
        out.utf8(",payer_name,plan_name,standard_charge|negotiated_dollar,standard_charge|negotiated_percentage,"
                + "standard_charge|negotiated_algorithm,");
        out.utf8(v3 ? "median_amount,10th_percentile,90th_percentile,count," : "estimated_amount,");
        out.utf8("standard_charge|methodology,standard_charge|min,standard_charge|max,additional_generic_notes\n");
    }

    @Override
    void item(Item item) throws IOException {
        prefix.reset();
        itemCells(prefix, item);
        suffix.reset();
        suffix.put(',');
        amount(suffix, item.min);
        suffix.put(',');
        amount(suffix, item.max);
        suffix.put(',');
        if (item.payerCount == 0) {
            out.put(prefix).repeat((byte) ',', v3 ? 10 : 7).put(suffix);
            if (item.genericNotes != null) {
                out.put(item.genericNotes.csv());
            }
            out.put('\n');
            return;
        }
        for (int i = 0; i < item.payerCount; i++) {
            PayerPanel.Group group = panel.get(item.group[i]);
            out.put(prefix).put(',').put(group.payerCsv()).put(',').put(group.planCsv()).put(',');
            dollar(out, item, i);
            rateCells(out, item, i);
            out.put(',').put(item.methodology[i].csv()).put(suffix);
            // one notes column in a tall file: the item's notes, then the payer's
            if (item.notes[i] != null && item.genericNotes != null) {
                out.put(Text.of(item.genericNotes.value() + " " + item.notes[i].value()).csv());
            } else if (item.notes[i] != null) {
                out.put(item.notes[i].csv());
            } else if (item.genericNotes != null) {
                out.put(item.genericNotes.csv());
            }
            out.put('\n');
            drainIfFull();
        }
    }

    @Override
    void footer() {
        // a CSV has no closing part
    }
}
