package org.glimmr.serving.data;

import static java.util.Objects.requireNonNull;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Where a rate comes from: its file ({@code curated.files}) and its place in it (a CSV line or a JSON path). */
public final class RateLineage {
    private static final List<String> FILE_COLUMNS = List.of("source_path", "layout", "template_version", "status",
            "last_updated_on", "ingested_at", "is_current");

    private final Db db;

    public RateLineage(Db db) {
        this.db = requireNonNull(db, "db is null");
    }

    /** The rate's file and location, or empty when the hospital has no such rate. One statement. */
    public Optional<Map<String, Object>> of(String hospitalId, long rateId) {
        String sql = "select r.hospital_id, r.rate_id, r.code_type, r.code, r.payer_name, r.plan_name, r.file_sha256,"
                + " r.source_location, f.source_path, f.layout, f.template_version, f.status, f.last_updated_on, f.ingested_at,"
                + " f.is_current from curated.negotiated_rates r left join curated.files f on f.sha256 = r.file_sha256"
                + " where r.hospital_id = ? and r.rate_id = ?";
        return db.one(sql, List.of(hospitalId, rateId), rs -> {
            Map<String, Object> row = Rows.map(rs);
            Map<String, Object> out = new LinkedHashMap<>();
            Map<String, Object> file = new LinkedHashMap<>();
            row.forEach((k, v) -> {
                if (FILE_COLUMNS.contains(k)) {
                    file.put(k, v);
                } else {
                    out.put(k, v);
                }
            });
            out.put("file", file);
            return out;
        });
    }
}
