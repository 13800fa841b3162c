package org.glimmr.serving.data;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Payers, files with their ingest status and findings, and the last export (for /health). */
public final class ReferenceQueries {
    private final Db db;

    public ReferenceQueries(Db db) {
        this.db = requireNonNull(db, "db is null");
    }

    public CuratedLoad.LoadedRows payers(Optional<String> nameContains, Optional<String> afterPayer, int limit) {
        List<Object> args = new ArrayList<>();
        StringBuilder sql = new StringBuilder("select payer, payer_name, payer_type, raw_names, hospitals, rows" + CuratedLoad.SELECTED
                + " from curated.payers where true");
        nameContains.ifPresent(q -> {
            sql.append(" and lower(payer_name) like ? escape '\\'");
            args.add("%" + HospitalQueries.likeEscape(q.toLowerCase(java.util.Locale.ROOT)) + "%");
        });
        afterPayer.ifPresent(a -> {
            sql.append(" and payer > ?");
            args.add(a);
        });
        sql.append(" order by payer limit ?");
        args.add(limit);
        return CuratedLoad.list(db, sql.toString(), args);
    }

    public CuratedLoad.LoadedRows files(Optional<String> hospitalId, Optional<String> status, Optional<String> afterSha, int limit) {
        List<Object> args = new ArrayList<>();
        StringBuilder sql = new StringBuilder("select sha256, hospital_id, hospital_name, source_path, layout, template_version, status,"
                + " reason, row_count, rejected_count, finding_errors, finding_alerts, last_updated_on, ingested_at, is_current"
                + CuratedLoad.SELECTED + " from curated.files where true");
        hospitalId.ifPresent(h -> {
            sql.append(" and hospital_id = ?");
            args.add(h);
        });
        status.ifPresent(s -> {
            sql.append(" and status = ?");
            args.add(s);
        });
        afterSha.ifPresent(a -> {
            sql.append(" and sha256 > ?");
            args.add(a);
        });
        sql.append(" order by sha256 limit ?");
        args.add(limit);
        return CuratedLoad.list(db, sql.toString(), args);
    }

    /** One file with its findings (errors first, at most {@code findingLimit}); empty when unknown. */
    public Optional<Map<String, Object>> file(String sha256, int findingLimit) {
        String sql = "select f.*, coalesce((select json_agg(json_build_object('rule', x.rule, 'severity', x.severity,"
                + " 'location', x.location, 'message', x.message)) from (select rule, severity, location, message"
                + " from curated.file_findings where file_sha256 = f.sha256 order by severity, rule, location limit ?) x)::text, '[]')"
                + " as findings_json from curated.files f where f.sha256 = ?";
        return db.one(sql, List.of(findingLimit, sha256), rs -> {
            Map<String, Object> row = Rows.map(rs);
            Object findings = Json.parse((String) row.remove("findings_json"));
            row.put("findings", findings);
            return row;
        });
    }

    /** The newest export run, if any. */
    public Optional<Map<String, Object>> lastExport() {
        return db.one("select run_id, started_at, finished_at, status from glimmr.export_runs"
                + " order by started_at desc limit 1", List.of(), Rows.reader());
    }
}
