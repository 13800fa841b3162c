package org.glimmr.jobs.cli;

import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Set;
import org.apache.spark.SparkThrowable;
import org.apache.spark.sql.AnalysisException;
import org.glimmr.common.GlimmrException;

/**
 * Tells a user's mistake from a Glimmr bug. A user's mistake is a {@link GlimmrException}, or a Spark error that
 * the user's query caused: one Spark raises while reading it (a syntax or analysis error, {@link AnalysisException}),
 * or while running it (division by zero, an array index out of bounds, text cast to a number: a {@link SparkThrowable}
 * whose SQLSTATE class says the statement or its data was wrong, never one of Spark's internal errors). Anything
 * else is a bug, reported with its trace.
 */
public final class UserErrors {
    /**
     * SQLSTATE classes of errors in the statement or the data it meets (SQL standard; Spark's error conditions use
     * them): 07 dynamic SQL, 0A feature not supported, 21 cardinality violation, 22 data exception, 23 integrity
     * constraint violation, 2B dependent objects, 42 syntax error or access rule violation, P0 raised by the query
     * ({@code raise_error}). Not: XX internal, 58 system, 08 connection, KD data source, 53/54/82 resources.
     */
    static final Set<String> USER_SQLSTATE_CLASSES = Set.of("07", "0A", "21", "22", "23", "2B", "42", "P0");

    private UserErrors() {}

    /** The user-facing error behind an exception, if it is one; null for anything else (a bug). */
    public static GlimmrException of(Throwable e) {
        Set<Throwable> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        for (Throwable t = e; t != null && seen.add(t); t = t.getCause()) {
            if (t instanceof GlimmrException ge) {
                return ge;
            }
            if (isUsersQueryError(t)) {
                return new GlimmrException(GlimmrException.ErrorCode.USAGE, t.getMessage().strip()
                        + "\nFix the query (Spark's message above says what and where); tables are named bronze.*, silver.*,"
                        + " gold.* (see: glimmr tables list).", t);
            }
        }
        return null;
    }

    /** Whether Spark raised {@code t} because of the query it was given (its text or the data it read), not a bug. */
    static boolean isUsersQueryError(Throwable t) {
        if (!(t instanceof SparkThrowable spark) || spark.isInternalError()) {
            return false;
        }
        if (t instanceof AnalysisException) {
            return true;
        }
        String state = spark.getSqlState();
        return state != null && state.length() >= 2 && USER_SQLSTATE_CLASSES.contains(state.substring(0, 2));
    }
}
