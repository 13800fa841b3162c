package org.glimmr.serving;

import static java.util.Objects.requireNonNull;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.Optional;
import org.glimmr.common.GlimmrConfig;
import org.glimmr.serving.auth.ApiKeys;
import org.glimmr.serving.auth.Authenticator;
import org.glimmr.serving.auth.JwtTokens;
import org.glimmr.serving.data.AuditLog;
import org.glimmr.serving.data.Db;

/** What route groups are built from: the configuration, the pooled database, keys, audit log, tokens, metrics. */
public record ServingContext(GlimmrConfig config, Db db, AuditLog audit, ApiKeys keys, Authenticator authenticator,
                             Optional<JwtTokens> jwt, PrometheusMeterRegistry metrics) {
    public ServingContext {
        requireNonNull(config, "config is null");
        requireNonNull(db, "db is null");
        requireNonNull(audit, "audit is null");
        requireNonNull(keys, "keys is null");
        requireNonNull(authenticator, "authenticator is null");
        requireNonNull(jwt, "jwt is null");
        requireNonNull(metrics, "metrics is null");
    }
}
