package org.glimmr.lakehouse;

import java.util.Locale;

/** The lakehouse layers; each is a database (schema) of the same name and a folder under the lakehouse root. */
public enum Layer {
    BRONZE("raw file registry and download history, as received"),
    SILVER("clean canonical rows, rejections and rule findings, one version of the truth per hospital"),
    GOLD("aggregates for comparison: price statistics, hospital summaries, quality scores");

    private final String description;

    Layer(String description) {
        this.description = description;
    }

    public String database() {
        return name().toLowerCase(Locale.ROOT);
    }

    public String description() {
        return description;
    }
}
