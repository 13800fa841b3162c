package org.glimmr.serving.http;

import static java.util.Objects.requireNonNull;

import io.javalin.http.Context;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/** Reads a request's parameters with checks; every bad value is a 400 that names the parameter and the fix. */
public final class Params {
    /** Longest text value accepted in any parameter; longer is a mistake or an attack. */
    public static final int MAX_TEXT = 200;
    private static final Pattern CONTROL = Pattern.compile("\\p{Cntrl}");

    private final Context ctx;

    public Params(Context ctx) {
        this.ctx = requireNonNull(ctx, "ctx is null");
    }

    public Optional<String> text(String name) {
        List<String> values = ctx.queryParams(name);
        if (values.isEmpty()) {
            return Optional.empty();
        }
        if (values.size() > 1) {
            throw Problem.badRequest("parameter '" + name + "' is given " + values.size() + " times. Fix: give it once.");
        }
        return Optional.of(checkText(name, values.get(0))).filter(s -> !s.isEmpty());
    }

    public String requiredText(String name, String example) {
        return text(name).orElseThrow(() -> Problem.badRequest(
                "parameter '" + name + "' is missing. Fix: add it, e.g. " + name + "=" + example + "."));
    }

    public String path(String name) {
        return checkText(name, ctx.pathParam(name));
    }

    public int integer(String name, int defaultValue, int min, int max) {
        Optional<String> value = text(name);
        if (value.isEmpty()) {
            if (!ctx.queryParams(name).isEmpty()) {
                throw Problem.badParameter(name, "", "is empty", "write a number from " + min + " to " + max + ", or leave it out");
            }
            return defaultValue;
        }
        String v = value.get();
        if (!v.matches("-?[0-9]{1,10}")) {
            throw Problem.badParameter(name, v, "is not a whole number", "write a number from " + min + " to " + max);
        }
        long n = Long.parseLong(v);
        if (n < min || n > max) {
            throw Problem.badParameter(name, v, "is out of range", "write a number from " + min + " to " + max);
        }
        return (int) n;
    }

    public Optional<String> oneOf(String name, List<String> allowed) {
        Optional<String> value = text(name);
        value.ifPresent(v -> {
            if (!allowed.contains(v)) {
                throw Problem.badParameter(name, v, "is not allowed", "use one of " + String.join(", ", allowed));
            }
        });
        return value;
    }

    private static String checkText(String name, String value) {
        if (value.length() > MAX_TEXT) {
            throw Problem.badParameter(name, value, "is " + value.length() + " characters long",
                    "send at most " + MAX_TEXT + " characters");
        }
        if (CONTROL.matcher(value).find()) {
            throw Problem.badParameter(name, value.replaceAll("\\p{Cntrl}", "?"), "contains control characters",
                    "send printable text only");
        }
        return value.trim();
    }
}
