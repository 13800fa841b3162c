package org.glimmr.serving.data;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Hospitals ({@code curated.hospitals}) with their files, findings and code-level prices. */
public final class HospitalQueries {
    private static final String LIST_COLUMNS = "hospital_id, hospital_name, state, license_number, last_updated_on, codes, payers,"
            + " dollar_share, quality_score";

    private final Db db;

    public HospitalQueries(Db db) {
        this.db = requireNonNull(db, "db is null");
    }

    /** Hospitals by name then id, optionally in one state and/or whose name contains {@code nameContains}. */
    public CuratedLoad.LoadedRows list(Optional<String> state, Optional<String> nameContains, Optional<List<String>> after, int limit) {
        List<Object> args = new ArrayList<>();
        StringBuilder sql = new StringBuilder("select " + LIST_COLUMNS + CuratedLoad.SELECTED + " from curated.hospitals where true");
        state.ifPresent(s -> {
            sql.append(" and state = ?");
            args.add(s);
        });
        nameContains.ifPresent(q -> {
            sql.append(" and lower(hospital_name) like ? escape '\\'");
            args.add("%" + likeEscape(q.toLowerCase(java.util.Locale.ROOT)) + "%");
        });
        after.ifPresent(a -> {
            sql.append(" and (hospital_name, hospital_id) > (?, ?)");
            args.add(a.get(0));
            args.add(a.get(1));
        });
        sql.append(" order by hospital_name, hospital_id limit ?");
        args.add(limit);
        return CuratedLoad.list(db, sql.toString(), args);
    }

    /** One hospital with its summary, files and finding counts; empty when unknown. One statement (one snapshot). */
    public Optional<Map<String, Object>> get(String hospitalId) {
        String sql = "select h.*,"
                + " coalesce((select json_agg(json_build_object('sha256', f.sha256, 'source_path', f.source_path, 'layout', f.layout,"
                + "   'template_version', f.template_version, 'status', f.status, 'row_count', f.row_count,"
                + "   'rejected_count', f.rejected_count, 'finding_errors', f.finding_errors, 'finding_alerts', f.finding_alerts,"
                + "   'last_updated_on', f.last_updated_on, 'ingested_at', f.ingested_at, 'is_current', f.is_current)"
                + "   order by f.is_current desc, f.last_updated_on desc nulls last, f.sha256)"
                + "  from curated.files f where f.hospital_id = h.hospital_id)::text, '[]') as files_json,"
                + " coalesce((select json_agg(json_build_object('rule', x.rule, 'severity', x.severity, 'count', x.n)"
                + "   order by x.severity, x.n desc, x.rule)"
                + "  from (select ff.rule, ff.severity, count(*) as n from curated.file_findings ff"
                + "        where ff.file_sha256 = h.current_file_sha256 group by ff.rule, ff.severity) x)::text, '[]') as findings_json"
                + " from curated.hospitals h where h.hospital_id = ?";
        return db.one(sql, List.of(hospitalId), rs -> {
            Map<String, Object> row = Rows.map(rs);
            Map<String, Object> out = new LinkedHashMap<>();
            row.forEach((k, v) -> {
                if (!k.endsWith("_json")) {
                    out.put(k, v);
                }
            });
            out.put("files", Json.parse((String) row.get("files_json")));
            out.put("current_file_findings", Json.parse((String) row.get("findings_json")));
            return out;
        });
    }

    public boolean exists(String hospitalId) {
        return db.one("select 1 from curated.hospitals where hospital_id = ?", List.of(hospitalId), rs -> true).isPresent();
    }

    /**
     * A hospital's prices per comparable group ({@code curated.hospital_code_prices}: code, setting, billing class,
     * modifiers), paged by (code type, code, setting, billing class, modifiers), the group without a modifier first.
     */
    public CuratedLoad.LoadedRows codes(String hospitalId, Optional<String> codeType, Optional<String> code,
                                        Optional<String> setting, GroupFilter group, Optional<List<String>> after, int limit) {
        List<Object> args = new ArrayList<>();
        args.add(hospitalId);
        StringBuilder sql = new StringBuilder("select code_type, code, setting, billing_class, modifiers, description, gross_charge,"
                + " discounted_cash, minimum, maximum, negotiated_min, negotiated_median, negotiated_max, derived_min, derived_max,"
                + " payers, plans, dollar_rates, percentage_rates, algorithm_rates" + CuratedLoad.SELECTED
                + " from curated.hospital_code_prices where hospital_id = ?");
        codeType.ifPresent(t -> {
            sql.append(" and code_type = ?");
            args.add(t);
        });
        code.ifPresent(c -> {
            sql.append(" and code = ?");
            args.add(c);
        });
        setting.ifPresent(s -> {
            sql.append(" and setting = ?");
            args.add(s);
        });
        sql.append(group.and("", args));
        String key = "code_type, code, coalesce(setting, ''), coalesce(billing_class, ''), coalesce(modifiers, '')";
        after.ifPresent(a -> {
            sql.append(" and (").append(key).append(") > (?, ?, ?, ?, ?)");
            args.addAll(a);
        });
        sql.append(" order by ").append(key).append(" limit ?");
        args.add(limit);
        return CuratedLoad.list(db, sql.toString(), args);
    }

    static String likeEscape(String s) {
        return s.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
    }
}
