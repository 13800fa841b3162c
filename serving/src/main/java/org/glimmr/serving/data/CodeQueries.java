package org.glimmr.serving.data;

import static java.util.Objects.requireNonNull;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Statistics per code ({@code curated.code_price_stats}), a code's prices per hospital, and the ranked description search. */
public final class CodeQueries {
    private final Db db;

    public CodeQueries(Db db) {
        this.db = requireNonNull(db, "db is null");
    }

    /**
     * Statistic rows of one code, one per setting, billing class, modifiers, payer, geography and measure: national
     * ('US') and per state, all payers ('*') and per payer; at most {@code limit}.
     */
    public List<Map<String, Object>> stats(String codeType, String code, Optional<String> geography, Optional<String> payer,
                                           Optional<String> setting, GroupFilter group, Optional<String> measure, int limit) {
        List<Object> args = new ArrayList<>(List.of(codeType, code));
        StringBuilder sql = new StringBuilder("select setting, billing_class, modifiers, payer, geography, measure, hospitals, rates,"
                + " min, p10, p25, median, p75, p90, max, mean from curated.code_price_stats where code_type = ? and code = ?");
        optional(sql, args, " and geography = ?", geography);
        optional(sql, args, " and payer = ?", payer);
        optional(sql, args, " and setting = ?", setting);
        sql.append(group.and("", args));
        optional(sql, args, " and measure = ?", measure);
        // national first, then states; all payers first, then payers by name; within a measure and setting, the billing
        // classes by name ('unknown' last), and the group without a modifier ('') before those with one
        sql.append(" order by geography <> 'US', geography, payer <> '*', payer, measure, setting nulls first,"
                + " billing_class nulls last, modifiers nulls last limit ?");
        args.add(limit);
        return db.list(sql.toString(), args, Rows.reader());
    }

    /** Where a page of {@link #hospitals} ended: the median ({@code empty} among the rows without one) and the row's group. */
    public record HospitalsAfter(Optional<BigDecimal> median, String hospitalId, String setting, String billingClass,
                                 String modifiers) {
        public HospitalsAfter {
            requireNonNull(median, "median is null");
        }
    }

    /**
     * One code's prices per hospital ({@code curated.hospital_code_prices}: each hospital's negotiated dollars of one
     * comparable group, their min, median and max), the lowest median first and rows without a published dollar last;
     * the hospital's name and state beside.
     */
    public CuratedLoad.LoadedRows hospitals(String codeType, String code, Optional<String> state, Optional<String> setting,
                                            GroupFilter group, Optional<HospitalsAfter> after, int limit) {
        List<Object> args = new ArrayList<>(List.of(codeType, code));
        StringBuilder sql = new StringBuilder("select p.hospital_id, h.hospital_name, p.state, p.setting, p.billing_class,"
                + " p.modifiers, p.description, p.negotiated_min, p.negotiated_median, p.negotiated_max, p.dollar_rates, p.payers,"
                + " p.gross_charge, p.discounted_cash" + CuratedLoad.SELECTED
                + " from curated.hospital_code_prices p left join curated.hospitals h on h.hospital_id = p.hospital_id"
                + " where p.code_type = ? and p.code = ?");
        optional(sql, args, " and p.state = ?", state);
        optional(sql, args, " and p.setting = ?", setting);
        sql.append(group.and("p.", args));
        String rest = "p.hospital_id, coalesce(p.setting, ''), coalesce(p.billing_class, ''), coalesce(p.modifiers, '')";
        after.ifPresent(a -> {
            List<String> position = List.of(a.hospitalId(), a.setting(), a.billingClass(), a.modifiers());
            if (a.median().isPresent()) {
                sql.append(" and (p.negotiated_median > ? or p.negotiated_median is null or (p.negotiated_median = ? and ")
                        .append("(").append(rest).append(") > (?, ?, ?, ?)))");
                args.add(a.median().get());
                args.add(a.median().get());
            } else {
                sql.append(" and p.negotiated_median is null and (").append(rest).append(") > (?, ?, ?, ?)");
            }
            args.addAll(position);
        });
        sql.append(" order by p.negotiated_median nulls last, ").append(rest).append(" limit ?");
        args.add(limit);
        return CuratedLoad.list(db, sql.toString(), args);
    }

    /**
     * Codes whose description matches the words of {@code q} (English stemming, web-search syntax), ranked by text
     * rank then by how many hospitals price the code; a query that is itself a code also finds that code.
     */
    public List<Map<String, Object>> search(String q, Optional<String> codeType, int limit) {
        List<Object> args = new ArrayList<>();
        return db.list(searchSql(q, codeType, limit, args), args, Rows.reader());
    }

    /** The SQL of {@link #search}, its parameters appended to {@code args}. */
    public static String searchSql(String q, Optional<String> codeType, int limit, List<Object> args) {
        StringBuilder sql = new StringBuilder("with m as (select p.code_type, p.code, p.description, p.hospital_id,"
                + " ts_rank(to_tsvector('english', coalesce(p.description, '')), websearch_to_tsquery('english', ?))"
                + "   + case when p.code = ? then 1 else 0 end as rank"
                + " from curated.hospital_code_prices p"
                + " where (to_tsvector('english', coalesce(p.description, '')) @@ websearch_to_tsquery('english', ?) or p.code = ?)");
        args.addAll(List.of(q, q, q, q));
        optional(sql, args, " and p.code_type = ?", codeType);
        sql.append(") select code_type, code, mode() within group (order by description) as description,"
                + " count(distinct hospital_id) as hospitals, max(rank)::numeric(10, 6) as rank"
                + " from m group by code_type, code order by max(rank) desc, count(distinct hospital_id) desc, code_type, code limit ?");
        args.add(limit);
        return sql.toString();
    }

    private static void optional(StringBuilder sql, List<Object> args, String term, Optional<String> value) {
        value.ifPresent(v -> {
            sql.append(term);
            args.add(v);
        });
    }
}
