package org.glimmr.jobs.cli;

import org.glimmr.common.GlimmrException;

/** Tells a user's mistake (a {@link GlimmrException}, or a Spark SQL error in a user's query) from a Glimmr bug. */
public final class UserErrors {
    private UserErrors() {}

    /** The user-facing error behind an exception, if it is one; null for anything else (a bug). */
    public static GlimmrException of(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof GlimmrException ge) {
                return ge;
            }
            if (t instanceof org.apache.spark.sql.AnalysisException
                    || t.getClass().getName().equals("org.apache.spark.sql.catalyst.parser.ParseException")) {
                return new GlimmrException(GlimmrException.ErrorCode.USAGE, t.getMessage().strip()
                        + "\nFix the query; tables are named bronze.*, silver.*, gold.* (see: glimmr tables list).", t);
            }
        }
        return null;
    }
}
