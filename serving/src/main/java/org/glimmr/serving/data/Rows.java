package org.glimmr.serving.data;

import java.math.BigDecimal;
import java.sql.Array;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * A result row as a JSON object whose keys are the column names of the curated schema (so the API and the
 * schema use one vocabulary). Money stays exact: numerics are BigDecimals without trailing zeros, written
 * as plain JSON numbers.
 */
public final class Rows {
    private Rows() {}

    /**
     * A mapper for one result (use a new one per statement): reads the column labels once, then gives every row as a
     * read-only {@link Row}. Callers that change a row use {@link #map(ResultSet)}.
     */
    public static Db.RowMapper<Map<String, Object>> reader() {
        return readerWithout(null, v -> {});
    }

    /** Like {@link #reader()}, but the column {@code label} (if not null) is not in the rows: its value goes to {@code taken}. */
    static Db.RowMapper<Map<String, Object>> readerWithout(String label, Consumer<Object> taken) {
        return new Db.RowMapper<>() {
            private Row.Columns columns;
            private int skipped = -1;
            private int[] types;

            @Override
            public Map<String, Object> map(ResultSet rs) throws SQLException {
                if (columns == null) {
                    ResultSetMetaData md = rs.getMetaData();
                    List<String> labels = new ArrayList<>(md.getColumnCount());
                    types = new int[md.getColumnCount() + 1];
                    for (int i = 1; i <= md.getColumnCount(); i++) {
                        types[i] = md.getColumnType(i);
                        if (md.getColumnLabel(i).equals(label) && skipped < 0) {
                            skipped = i;
                        } else {
                            labels.add(md.getColumnLabel(i));
                        }
                    }
                    columns = Row.Columns.of(labels);
                }
                Object[] values = new Object[columns.size()];
                for (int i = 0, column = 1; i < values.length; i++, column++) {
                    if (column == skipped) {
                        column++;
                    }
                    values[i] = value(rs, column, types[column]);
                }
                if (skipped > 0) {
                    taken.accept(value(rs, skipped, types[skipped]));
                }
                return new Row(columns, values);
            }
        };
    }

    /** A row as a new, changeable map. */
    public static Map<String, Object> map(ResultSet rs) throws SQLException {
        ResultSetMetaData md = rs.getMetaData();
        Map<String, Object> row = new LinkedHashMap<>(md.getColumnCount() * 2);
        for (int i = 1; i <= md.getColumnCount(); i++) {
            row.put(md.getColumnLabel(i), value(rs, i));
        }
        return row;
    }

    /**
     * A value of a column whose JDBC type is known (looked up once per result): text and whole numbers through their
     * own getters, the same values {@code getObject} gives, without asking the driver's type cache (under its lock)
     * for the type of every value of every row.
     */
    static Object value(ResultSet rs, int i, int type) throws SQLException {
        switch (type) {
            case Types.VARCHAR, Types.CHAR, Types.LONGVARCHAR -> {
                return rs.getString(i);
            }
            case Types.BIGINT -> {
                long v = rs.getLong(i);
                return rs.wasNull() ? null : v;
            }
            case Types.INTEGER -> {
                int v = rs.getInt(i);
                return rs.wasNull() ? null : v;
            }
            default -> {
                return value(rs, i);
            }
        }
    }

    static Object value(ResultSet rs, int i) throws SQLException {
        Object v = rs.getObject(i);
        if (v == null) {
            return null;
        }
        if (v instanceof BigDecimal d) {
            return exact(d);
        }
        if (v instanceof Timestamp t) {
            return t.toInstant().toString();
        }
        if (v instanceof java.sql.Date d) {
            return d.toLocalDate().toString();
        }
        if (v instanceof Array a) {
            return List.copyOf(Arrays.asList((Object[]) a.getArray()));
        }
        return v;
    }

    public static BigDecimal exact(BigDecimal d) {
        BigDecimal s = d.stripTrailingZeros();
        return s.scale() < 0 ? s.setScale(0) : s;
    }
}
