package org.glimmr.serving.log;

import java.io.BufferedOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.ILoggerFactory;
import org.slf4j.IMarkerFactory;
import org.slf4j.Logger;
import org.slf4j.event.Level;
import org.slf4j.helpers.BasicMDCAdapter;
import org.slf4j.helpers.BasicMarkerFactory;
import org.slf4j.spi.MDCAdapter;
import org.slf4j.spi.SLF4JServiceProvider;

/**
 * SLF4J binding of the serving process: structured JSON lines on standard error. Our loggers log at
 * {@code -Dglimmr.log.level} (default INFO), libraries (Jetty, Hikari, Flyway, embedded PostgreSQL) at WARN unless
 * {@code -Dglimmr.log.libraries} says otherwise.
 */
public final class JsonLogProvider implements SLF4JServiceProvider {
    private ILoggerFactory factory;
    private IMarkerFactory markers;
    private MDCAdapter mdc;

    @Override
    public ILoggerFactory getLoggerFactory() {
        return factory;
    }

    @Override
    public IMarkerFactory getMarkerFactory() {
        return markers;
    }

    @Override
    public MDCAdapter getMDCAdapter() {
        return mdc;
    }

    @Override
    public String getRequestedApiVersion() {
        return "2.0.99";
    }

    @Override
    public void initialize() {
        Level ours = level("glimmr.log.level", Level.INFO);
        Level libraries = level("glimmr.log.libraries", Level.WARN);
        // standard error, buffered and flushed once per line: the access log must not cost a write per field
        PrintStream out = new PrintStream(new BufferedOutputStream(System.err, 1 << 16), true, StandardCharsets.UTF_8);
        Map<String, Logger> loggers = new ConcurrentHashMap<>();
        factory = name -> loggers.computeIfAbsent(name,
                n -> new JsonLogger(n, n.startsWith("org.glimmr") ? ours : libraries, out));
        markers = new BasicMarkerFactory();
        mdc = new BasicMDCAdapter();
    }

    private static Level level(String property, Level fallback) {
        String v = System.getProperty(property);
        if (v == null || v.isBlank()) {
            return fallback;
        }
        try {
            return Level.valueOf(v.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            return fallback;
        }
    }
}
