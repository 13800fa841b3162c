package org.glimmr.jobs.fetch;

import java.util.HashMap;
import java.util.Map;
import org.glimmr.common.GlimmrConfig;

/** Test configurations: only 127.0.0.1 opened, short timeouts and backoff. */
public final class TestingFetchConfig {
    private TestingFetchConfig() {}

    public static Map<String, String> defaults() {
        Map<String, String> v = new HashMap<>();
        v.put(GlimmrConfig.FETCH_ALLOW_RANGES, "127.0.0.1/32");
        v.put(GlimmrConfig.FETCH_CONNECT_TIMEOUT_SECONDS, "2");
        v.put(GlimmrConfig.FETCH_READ_TIMEOUT_SECONDS, "1");
        v.put(GlimmrConfig.FETCH_RETRIES, "2");
        v.put(GlimmrConfig.FETCH_BACKOFF_MS, "10");
        return v;
    }

    public static GlimmrConfig.Fetch settings(Map<String, String> overrides) {
        Map<String, String> v = defaults();
        v.putAll(overrides);
        return GlimmrConfig.Fetch.parse(v);
    }

    /** {@code base} with test fetch settings. */
    public static GlimmrConfig with(GlimmrConfig base, Map<String, String> overrides) {
        GlimmrConfig c = base;
        return new GlimmrConfig(c.dataDir(), c.lakehouseRoot(), c.rawRoot(), c.sparkMaster(), c.s3(), c.database(), c.apiPort(),
                c.splitBytes(), c.vacuumRetentionHours(), c.api(), settings(overrides));
    }
}
