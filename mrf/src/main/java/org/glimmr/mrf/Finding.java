package org.glimmr.mrf;

import static java.util.Objects.requireNonNull;

/**
 * A CMS rule broken by a file, as the CMS validator would report it. A finding never stops parsing.
 *
 * @param rule     stable rule id: a {@link Rule#id()} (e.g. {@code HeaderColumnMissing}, {@code InvalidNumberFormat},
 *                 {@code CodePairMissing}), or, for findings about the ingest rather than the file's content, an id
 *                 of the caller's own (e.g. {@code IngestFailure})
 * @param severity error or alert
 * @param location where: {@code line 12, column "standard_charge|gross"} or a JSON path
 * @param message  what is wrong and how to fix it, for a person
 */
public record Finding(String rule, Severity severity, String location, String message) implements java.io.Serializable {
    public Finding {
        requireNonNull(rule, "rule is null");
        requireNonNull(severity, "severity is null");
        requireNonNull(location, "location is null");
        requireNonNull(message, "message is null");
    }

    /** A finding of one of the readers' rules. */
    public Finding(Rule rule, Severity severity, String location, String message) {
        this(requireNonNull(rule, "rule is null").id(), severity, location, message);
    }

    /** Whether this finding is of {@code rule}; compare through this, as {@link #rule()} is the id, not the enum. */
    public boolean is(Rule rule) {
        return this.rule.equals(rule.id());
    }
}
