package org.glimmr.serving.data;

import java.math.BigDecimal;
import java.sql.Array;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A result row as a JSON object whose keys are the column names of the curated schema (so the API and the
 * schema use one vocabulary). Money stays exact: numerics are BigDecimals without trailing zeros, written
 * as plain JSON numbers.
 */
public final class Rows {
    private Rows() {}

    public static Map<String, Object> map(ResultSet rs) throws SQLException {
        ResultSetMetaData md = rs.getMetaData();
        Map<String, Object> row = new LinkedHashMap<>(md.getColumnCount() * 2);
        for (int i = 1; i <= md.getColumnCount(); i++) {
            row.put(md.getColumnLabel(i), value(rs, i));
        }
        return row;
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
