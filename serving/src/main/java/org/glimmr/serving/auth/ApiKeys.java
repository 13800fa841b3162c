package org.glimmr.serving.auth;

import static java.util.Objects.requireNonNull;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import org.glimmr.serving.data.AuditLog;
import org.glimmr.serving.data.Db;

/** API keys in {@code api.api_keys}: created (secret shown once), listed, revoked, looked up by id. */
public final class ApiKeys {
    private static final String COLUMNS = "key_id, secret_sha256, name, role, rate_limit, created_at, created_by, revoked_at";

    private final Db db;
    private final AuditLog audit;

    public ApiKeys(Db db, AuditLog audit) {
        this.db = requireNonNull(db, "db is null");
        this.audit = requireNonNull(audit, "audit is null");
    }

    /** A stored key, without its secret. */
    public record ApiKey(String keyId, String secretSha256, String name, Role role, OptionalInt rateLimit, Instant createdAt,
                         String createdBy, Optional<Instant> revokedAt) {
        public ApiKey {
            requireNonNull(keyId, "keyId is null");
            requireNonNull(secretSha256, "secretSha256 is null");
            requireNonNull(name, "name is null");
            requireNonNull(role, "role is null");
            requireNonNull(rateLimit, "rateLimit is null");
            requireNonNull(createdAt, "createdAt is null");
            requireNonNull(createdBy, "createdBy is null");
            requireNonNull(revokedAt, "revokedAt is null");
        }

        public boolean revoked() {
            return revokedAt.isPresent();
        }

        /** What a client or admin may see: everything but the hash. */
        public Map<String, Object> describe() {
            Map<String, Object> m = new java.util.LinkedHashMap<>();
            m.put("key_id", keyId);
            m.put("name", name);
            m.put("role", role.wireName());
            m.put("rate_limit", rateLimit.isPresent() ? rateLimit.getAsInt() : null);
            m.put("created_at", createdAt.toString());
            m.put("created_by", createdBy);
            m.put("revoked_at", revokedAt.map(Instant::toString).orElse(null));
            return m;
        }
    }

    /** A new key and its one-time token. */
    public record Created(ApiKey key, String token) {
        public Created {
            requireNonNull(key, "key is null");
            requireNonNull(token, "token is null");
        }
    }

    public Created create(String name, Role role, OptionalInt rateLimit, String actor, Optional<String> requestId) {
        requireNonNull(name, "name is null");
        ApiKeySecret secret = ApiKeySecret.generate();
        ApiKey key = db.one("insert into api.api_keys (key_id, secret_sha256, name, role, rate_limit, created_by)"
                        + " values (?, ?, ?, ?, ?, ?) returning " + COLUMNS,
                args(secret.keyId(), secret.secretSha256(), name, role.wireName(),
                        rateLimit.isPresent() ? rateLimit.getAsInt() : null, actor), ApiKeys::map).orElseThrow();
        audit.record(actor, "apikey.create", key.keyId(), requestId, Map.of("name", name, "role", role.wireName()));
        return new Created(key, secret.token());
    }

    public List<ApiKey> list() {
        return db.list("select " + COLUMNS + " from api.api_keys order by created_at, key_id", List.of(), ApiKeys::map);
    }

    public Optional<ApiKey> find(String keyId) {
        return db.one("select " + COLUMNS + " from api.api_keys where key_id = ?", List.of(keyId), ApiKeys::map);
    }

    /** Revokes a key; empty when there is no such key. Revoking twice keeps the first time. */
    public Optional<ApiKey> revoke(String keyId, String actor, Optional<String> requestId) {
        Optional<ApiKey> key = db.one("update api.api_keys set revoked_at = coalesce(revoked_at, now()) where key_id = ? returning "
                + COLUMNS, List.of(keyId), ApiKeys::map);
        key.ifPresent(k -> audit.record(actor, "apikey.revoke", keyId, requestId, Map.of()));
        return key;
    }

    private static List<Object> args(Object... values) {
        List<Object> list = new ArrayList<>(values.length);
        java.util.Collections.addAll(list, values);
        return list;
    }

    private static ApiKey map(ResultSet rs) throws SQLException {
        int limit = rs.getInt("rate_limit");
        OptionalInt rateLimit = rs.wasNull() ? OptionalInt.empty() : OptionalInt.of(limit);
        Timestamp revoked = rs.getTimestamp("revoked_at");
        return new ApiKey(rs.getString("key_id"), rs.getString("secret_sha256"), rs.getString("name"),
                Role.parse(rs.getString("role")).orElseThrow(), rateLimit, rs.getTimestamp("created_at").toInstant(),
                rs.getString("created_by"), Optional.ofNullable(revoked).map(Timestamp::toInstant));
    }
}
