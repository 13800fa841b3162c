package org.glimmr.mrf;

import static java.util.Objects.requireNonNull;

/**
 * Something that could not be read, kept with its raw text so nothing is lost silently.
 *
 * @param location {@code line 17} (CSV, 1-based physical line where the record starts), optionally with a column,
 *                 or a JSON path such as {@code standard_charge_information[3].standard_charges[0].payers_information[1]}
 * @param reason   why
 * @param raw      the raw text: the CSV record, or the JSON value; truncated to {@link #MAX_RAW} characters with a marker
 * @param message  what is wrong and how to fix it, for a person
 */
public record RejectedRow(String location, RejectReason reason, String raw, String message) implements java.io.Serializable {
    public static final int MAX_RAW = 32_768;

    public RejectedRow {
        requireNonNull(location, "location is null");
        requireNonNull(reason, "reason is null");
        requireNonNull(raw, "raw is null");
        requireNonNull(message, "message is null");
        if (raw.length() > MAX_RAW) {
            raw = raw.substring(0, MAX_RAW) + "…[truncated " + (raw.length() - MAX_RAW) + " chars]";
        }
    }
}
