package org.glimmr.jobs.aggregate;

import java.math.BigDecimal;
import java.sql.Date;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.DecimalType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/** Inputs of the aggregate steps written by hand: rows of a table's schema by column name, and a stand-in registry. */
final class HandInputs {
    /** A stand-in payer registry: three payers, everything else unmatched. */
    static final PayerMatcher MATCHER = name -> {
        String n = name.trim().toLowerCase(Locale.ROOT);
        return switch (n) {
            case "aetna" -> new PayerMatcher.Match(n, "aetna", "Aetna", "commercial", "exact");
            case "cigna" -> new PayerMatcher.Match(n, "cigna", "Cigna", "commercial", "exact");
            case "unitedhealthcare" -> new PayerMatcher.Match(n, "unitedhealthcare", "UnitedHealthcare", "commercial", "exact");
            default -> new PayerMatcher.Match(n, null, null, null, "unmatched");
        };
    };

    private HandInputs() {}

    /**
     * One row as column names and values in turn: {@code row("hospital_id", "alder", "gross_charge", "300")}. Columns
     * not named are null. Amounts may be written as text, dates as {@code YYYY-MM-DD}, longs as ints.
     */
    static Map<String, Object> row(Object... namesAndValues) {
        if (namesAndValues.length % 2 != 0) {
            throw new IllegalArgumentException("names and values come in pairs: " + List.of(namesAndValues));
        }
        Map<String, Object> row = new LinkedHashMap<>();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            row.put((String) namesAndValues[i], namesAndValues[i + 1]);
        }
        return row;
    }

    /** The same row with some columns set again. */
    static Map<String, Object> with(Map<String, Object> row, Object... namesAndValues) {
        Map<String, Object> copy = new LinkedHashMap<>(row);
        copy.putAll(row(namesAndValues));
        return copy;
    }

    /** A dataset of {@code schema} holding the given rows; a name that is not a column of the schema fails. */
    @SafeVarargs
    static Dataset<Row> rows(SparkSession spark, StructType schema, Map<String, Object>... rows) {
        return rows(spark, schema, List.of(rows));
    }

    static Dataset<Row> rows(SparkSession spark, StructType schema, List<Map<String, Object>> rows) {
        List<Row> out = new ArrayList<>();
        for (Map<String, Object> row : rows) {
            for (String name : row.keySet()) {
                if (!List.of(schema.fieldNames()).contains(name)) {
                    throw new IllegalArgumentException(name + " is not a column of " + schema.simpleString());
                }
            }
            Object[] values = new Object[schema.fields().length];
            for (int i = 0; i < values.length; i++) {
                StructField f = schema.fields()[i];
                values[i] = value(f.dataType(), row.get(f.name()));
            }
            out.add(RowFactory.create(values));
        }
        return spark.createDataFrame(out, schema);
    }

    private static Object value(DataType type, Object v) {
        if (v == null) {
            return null;
        }
        if (type instanceof DecimalType) {
            return new BigDecimal(v.toString());
        }
        if (type.equals(DataTypes.DateType)) {
            return Date.valueOf(v.toString());
        }
        if (type.equals(DataTypes.LongType)) {
            return ((Number) v).longValue();
        }
        return v;
    }

    /** A step's rows by a key each row has once. */
    static Map<String, Row> byKey(Dataset<Row> data, Function<Row, String> key) {
        return data.collectAsList().stream().collect(Collectors.toMap(key, r -> r));
    }
}
