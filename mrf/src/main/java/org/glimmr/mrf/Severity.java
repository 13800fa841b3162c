package org.glimmr.mrf;

/** CMS validator severities: an error breaks a rule of the template; an alert is advice. */
public enum Severity {
    ERROR("error"),
    ALERT("alert");

    private final String value;

    Severity(String value) {
        this.value = value;
    }

    public String value() {
        return value;
    }
}
