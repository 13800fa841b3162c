package org.glimmr.mrf;

import static java.util.Objects.requireNonNull;

/**
 * A CMS rule broken by a file, as the CMS validator would report it. A finding never stops parsing.
 *
 * @param rule     stable rule id, e.g. {@code HeaderColumnMissing}, {@code InvalidNumber}, {@code CodePairMissing}
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
}
