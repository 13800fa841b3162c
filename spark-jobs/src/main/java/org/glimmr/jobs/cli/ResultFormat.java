package org.glimmr.jobs.cli;

import java.math.BigDecimal;
import java.util.List;
import org.apache.spark.sql.Row;

/** Renders query results as an aligned text table or as CSV (sql, sources report). */
public final class ResultFormat {
    private ResultFormat() {}

    static String value(Object v) {
        if (v == null) {
            return "NULL";
        }
        if (v instanceof BigDecimal d) {
            return d.stripTrailingZeros().scale() < 0 ? d.setScale(0).toPlainString() : d.stripTrailingZeros().toPlainString();
        }
        if (v instanceof scala.collection.Seq<?> seq) {
            return scala.jdk.javaapi.CollectionConverters.asJava(seq).stream().map(ResultFormat::value).toList().toString();
        }
        if (v instanceof Row r) {
            StringBuilder b = new StringBuilder("{");
            for (int i = 0; i < r.size(); i++) {
                b.append(i == 0 ? "" : ", ").append(r.schema() != null ? r.schema().fieldNames()[i] + "=" : "").append(value(r.get(i)));
            }
            return b.append('}').toString();
        }
        return v.toString();
    }

    static String csv(String s) {
        if (s.indexOf(',') >= 0 || s.indexOf('"') >= 0 || s.indexOf('\n') >= 0 || s.indexOf('\r') >= 0) {
            return '"' + s.replace("\"", "\"\"") + '"';
        }
        return s;
    }

    public static String csvRow(Row row) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < row.size(); i++) {
            if (i > 0) {
                b.append(',');
            }
            Object v = row.get(i);
            b.append(v == null ? "" : csv(value(v)));
        }
        return b.toString();
    }

    public static String table(String[] columns, List<Row> rows) {
        int[] width = new int[columns.length];
        String[][] cells = new String[rows.size()][columns.length];
        for (int c = 0; c < columns.length; c++) {
            width[c] = columns[c].length();
        }
        for (int r = 0; r < rows.size(); r++) {
            for (int c = 0; c < columns.length; c++) {
                String s = value(rows.get(r).get(c)).replace('\n', ' ');
                if (s.length() > 60) {
                    s = s.substring(0, 57) + "...";
                }
                cells[r][c] = s;
                width[c] = Math.max(width[c], s.length());
            }
        }
        StringBuilder b = new StringBuilder();
        line(b, width);
        row(b, columns, width);
        line(b, width);
        for (String[] row : cells) {
            row(b, row, width);
        }
        line(b, width);
        return b.toString();
    }

    private static void line(StringBuilder b, int[] width) {
        for (int w : width) {
            b.append('+').append("-".repeat(w + 2));
        }
        b.append("+\n");
    }

    private static void row(StringBuilder b, String[] cells, int[] width) {
        for (int c = 0; c < cells.length; c++) {
            b.append("| ").append(cells[c]).append(" ".repeat(width[c] - cells[c].length() + 1));
        }
        b.append("|\n");
    }
}
