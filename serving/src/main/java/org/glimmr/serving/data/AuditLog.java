package org.glimmr.serving.data;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** {@code api.audit_log}: who created or revoked keys, issued tokens, streamed exports. Appended to, never changed. */
public final class AuditLog {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Db db;

    public AuditLog(Db db) {
        this.db = requireNonNull(db, "db is null");
    }

    public void record(String actor, String action, String target, Optional<String> requestId, Map<String, ?> detail) {
        String json;
        try {
            json = JSON.writeValueAsString(detail);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("audit detail is not JSON-serialisable: " + detail, e);
        }
        List<Object> args = new ArrayList<>();
        args.add(actor);
        args.add(action);
        args.add(target);
        args.add(requestId.orElse(null));
        args.add(json);
        db.update("insert into api.audit_log (actor, action, target, request_id, detail) values (?, ?, ?, ?, ?::jsonb)", args);
    }

    /** Newest first, paged by id: entries with an id below {@code beforeId}. */
    public List<Map<String, Object>> page(long beforeId, int limit) {
        return db.list("select id, at, actor, action, target, request_id, detail::text as detail from api.audit_log"
                + " where id < ? order by id desc limit ?", List.of(beforeId, limit), rs -> {
                    Map<String, Object> m = new LinkedHashMap<>();
                    m.put("id", rs.getLong("id"));
                    m.put("at", rs.getTimestamp("at").toInstant().toString());
                    m.put("actor", rs.getString("actor"));
                    m.put("action", rs.getString("action"));
                    m.put("target", rs.getString("target"));
                    m.put("request_id", rs.getString("request_id"));
                    try {
                        m.put("detail", JSON.readTree(rs.getString("detail")));
                    } catch (JsonProcessingException e) {
                        throw new java.sql.SQLException("audit detail is not JSON", e);
                    }
                    return m;
                });
    }
}
