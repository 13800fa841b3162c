package org.glimmr.serving.log;

import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Instant;
import java.util.Map;
import org.slf4j.MDC;
import org.slf4j.Marker;
import org.slf4j.event.KeyValuePair;
import org.slf4j.event.Level;
import org.slf4j.event.LoggingEvent;
import org.slf4j.helpers.AbstractLogger;
import org.slf4j.helpers.MessageFormatter;
import org.slf4j.spi.LoggingEventAware;

/**
 * A logger that writes one JSON object per line to standard error: time, level, logger, message, the MDC
 * (request_id) and the event's key-value pairs. Stack traces go into an {@code error} field, never loose lines.
 */
final class JsonLogger extends AbstractLogger implements LoggingEventAware {
    private static final long serialVersionUID = 1L;

    private final transient Level threshold;
    private final transient PrintStream out;

    JsonLogger(String name, Level threshold, PrintStream out) {
        this.name = name;
        this.threshold = threshold;
        this.out = out;
    }

    private boolean enabled(Level level) {
        return level.toInt() >= threshold.toInt();
    }

    @Override public boolean isTraceEnabled() { return enabled(Level.TRACE); }
    @Override public boolean isTraceEnabled(Marker marker) { return enabled(Level.TRACE); }
    @Override public boolean isDebugEnabled() { return enabled(Level.DEBUG); }
    @Override public boolean isDebugEnabled(Marker marker) { return enabled(Level.DEBUG); }
    @Override public boolean isInfoEnabled() { return enabled(Level.INFO); }
    @Override public boolean isInfoEnabled(Marker marker) { return enabled(Level.INFO); }
    @Override public boolean isWarnEnabled() { return enabled(Level.WARN); }
    @Override public boolean isWarnEnabled(Marker marker) { return enabled(Level.WARN); }
    @Override public boolean isErrorEnabled() { return enabled(Level.ERROR); }
    @Override public boolean isErrorEnabled(Marker marker) { return enabled(Level.ERROR); }

    @Override
    protected String getFullyQualifiedCallerName() {
        return null;
    }

    @Override
    protected void handleNormalizedLoggingCall(Level level, Marker marker, String pattern, Object[] args, Throwable t) {
        write(level, MessageFormatter.basicArrayFormat(pattern, args), t, java.util.List.of());
    }

    @Override
    public void log(LoggingEvent event) {
        if (enabled(event.getLevel())) {
            Object[] args = event.getArgumentArray();
            String message = args == null ? event.getMessage() : MessageFormatter.basicArrayFormat(event.getMessage(), args);
            write(event.getLevel(), message, event.getThrowable(),
                    event.getKeyValuePairs() == null ? java.util.List.of() : event.getKeyValuePairs());
        }
    }

    private void write(Level level, String message, Throwable t, java.util.List<KeyValuePair> pairs) {
        StringBuilder s = new StringBuilder(256).append('{');
        field(s, "ts", Instant.now().toString());
        s.append(',');
        field(s, "level", level.name());
        s.append(',');
        field(s, "logger", name);
        s.append(',');
        field(s, "msg", message);
        Map<String, String> mdc = MDC.getCopyOfContextMap();
        if (mdc != null) {
            mdc.forEach((k, v) -> field(s.append(','), k, v));
        }
        for (KeyValuePair p : pairs) {
            s.append(',');
            if (p.value instanceof Number || p.value instanceof Boolean) {
                s.append('"').append(escape(p.key)).append("\":").append(p.value);
            } else {
                field(s, p.key, p.value == null ? null : p.value.toString());
            }
        }
        if (t != null) {
            StringWriter trace = new StringWriter();
            t.printStackTrace(new PrintWriter(trace));
            field(s.append(','), "error", trace.toString());
        }
        s.append("}\n");
        out.print(s);
    }

    private static void field(StringBuilder s, String key, String value) {
        s.append('"').append(escape(key)).append("\":");
        if (value == null) {
            s.append("null");
        } else {
            s.append('"').append(escape(value)).append('"');
        }
    }

    static String escape(String v) {
        StringBuilder s = new StringBuilder(v.length() + 8);
        for (int i = 0; i < v.length(); i++) {
            char c = v.charAt(i);
            switch (c) {
                case '"' -> s.append("\\\"");
                case '\\' -> s.append("\\\\");
                case '\n' -> s.append("\\n");
                case '\r' -> s.append("\\r");
                case '\t' -> s.append("\\t");
                default -> {
                    if (c < 0x20) {
                        s.append(String.format("\\u%04x", (int) c));
                    } else {
                        s.append(c);
                    }
                }
            }
        }
        return s.toString();
    }
}
