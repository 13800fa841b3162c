package org.glimmr.mrf;

/** The CMS file layouts, detected from content. {@link #value()} is what the tables store. */
public enum Layout {
    JSON("json"),
    CSV_TALL("csv_tall"),
    CSV_WIDE("csv_wide"),
    UNKNOWN("unknown");

    private final String value;

    Layout(String value) {
        this.value = value;
    }

    public String value() {
        return value;
    }
}
