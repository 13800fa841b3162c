package org.glimmr.serving.data;

import static java.util.Objects.requireNonNull;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Payer-specific rates from {@code curated.negotiated_rates}. Published dollars ({@code negotiated_dollar}) and
 * estimates derived from a percentage of the gross charge ({@code derived_dollar}) are separate fields, and each
 * row says which one it has in {@code price_basis}.
 */
public final class PriceQueries {
    /** The columns every rate answer has, in this order (the CSV export's header too). */
    public static final List<String> RATE_COLUMNS = List.of("rate_id", "hospital_id", "hospital_name", "state", "code_type",
            "code", "setting", "billing_class", "modifiers", "description", "payer", "payer_name", "plan_name", "methodology",
            "negotiated_dollar", "negotiated_percentage", "negotiated_algorithm", "derived_dollar", "price_basis",
            "gross_charge", "discounted_cash");

    private static final String RATE_SELECT = "r.rate_id, r.hospital_id, r.state, r.code_type, r.code, r.setting, r.billing_class,"
            + " r.modifiers, r.description, r.payer, r.payer_name, r.plan_name, r.methodology, r.negotiated_dollar, r.negotiated_percentage,"
            + " r.negotiated_algorithm, r.derived_dollar, r.gross_charge, r.discounted_cash";
    private static final String OUTER_SELECT = "select u.rate_id, u.hospital_id, h.hospital_name, u.state, u.code_type, u.code,"
            + " u.setting, u.billing_class, u.modifiers, u.description, u.payer, u.payer_name, u.plan_name, u.methodology, u.negotiated_dollar,"
            + " u.negotiated_percentage, u.negotiated_algorithm, u.derived_dollar,"
            + " case when u.negotiated_dollar is not null then 'published' when u.derived_dollar is not null then 'derived' end"
            + " as price_basis, u.gross_charge, u.discounted_cash";
    /** The paged statements also name the load they read ({@link CuratedLoad}); the CSV stream does not page. */
    private static final String PAGED_SELECT = OUTER_SELECT + CuratedLoad.SELECTED;

    private final Db db;

    public PriceQueries(Db db) {
        this.db = requireNonNull(db, "db is null");
    }

    /**
     * Where the previous page ended: its last published dollar (empty once in the rates without one), hospital and
     * rate id. A rate id numbers one hospital's rates, so only the three together name a position across hospitals.
     */
    public record After(Optional<BigDecimal> dollar, String hospitalId, long rateId) {
        public After {
            requireNonNull(dollar, "dollar is null");
            requireNonNull(hospitalId, "hospitalId is null");
        }
    }

    /**
     * One code across hospitals, sorted by published dollar (rates without one last), ties by hospital then rate id,
     * keyset-paged on (negotiated_dollar, hospital_id, rate_id). One statement: a UNION ALL of the priced and unpriced
     * rates, each read in the order of the index (code_type, code[, state], negotiated_dollar, hospital_id, rate_id).
     */
    public CuratedLoad.LoadedRows byPrice(RateFilter filter, boolean descending, Optional<After> after, int limit) {
        List<Object> args = new ArrayList<>();
        return CuratedLoad.list(db, byPriceSql(filter, descending, after, limit, args), args);
    }

    public static String byPriceSql(RateFilter filter, boolean descending, Optional<After> after, int limit, List<Object> args) {
        String dir = descending ? "desc" : "asc";
        String cmp = descending ? "<" : ">";
        String order = " order by r.negotiated_dollar " + dir + ", r.hospital_id " + dir + ", r.rate_id " + dir + " limit ?)";
        boolean inUnpriced = after.isPresent() && after.get().dollar().isEmpty();
        StringBuilder sql = new StringBuilder(PAGED_SELECT).append(" from (");
        if (!inUnpriced) {
            sql.append("(select ").append(RATE_SELECT).append(" from curated.negotiated_rates r where ")
                    .append(filter.where(args)).append(" and r.negotiated_dollar is not null");
            after.ifPresent(a -> {
                sql.append(" and (r.negotiated_dollar, r.hospital_id, r.rate_id) ").append(cmp).append(" (?, ?, ?)");
                args.add(a.dollar().orElseThrow());
                args.add(a.hospitalId());
                args.add(a.rateId());
            });
            sql.append(order);
            args.add(limit);
            sql.append(" union all ");
        }
        sql.append("(select ").append(RATE_SELECT).append(" from curated.negotiated_rates r where ")
                .append(filter.where(args)).append(" and r.negotiated_dollar is null");
        if (inUnpriced) {
            sql.append(" and (r.hospital_id, r.rate_id) ").append(cmp).append(" (?, ?)");
            args.add(after.get().hospitalId());
            args.add(after.get().rateId());
        }
        // ordered like the priced branch (every dollar here is null, so this is hospital and rate id order): the index
        // then delivers rows already in the merge order, and the merge reads only as many unpriced rows as the page
        // shows, instead of all of them and a sort
        sql.append(order);
        args.add(limit);
        sql.append(") u left join curated.hospitals h on h.hospital_id = u.hospital_id order by u.negotiated_dollar ")
                .append(dir).append(" nulls last, u.hospital_id ").append(dir).append(", u.rate_id ").append(dir).append(" limit ?");
        args.add(limit);
        return sql.toString();
    }

    /** A hospital's rates (optionally one code, payer, plan, setting, billing class, modifiers), paged by rate id (unique within a hospital). */
    public CuratedLoad.LoadedRows byRateId(RateFilter filter, long afterRateId, int limit) {
        List<Object> args = new ArrayList<>();
        String sql = PAGED_SELECT + " from (select " + RATE_SELECT + " from curated.negotiated_rates r where " + filter.where(args)
                + " and r.rate_id > ? order by r.rate_id limit ?) u left join curated.hospitals h on h.hospital_id = u.hospital_id"
                + " order by u.rate_id";
        args.add(afterRateId);
        args.add(limit);
        return CuratedLoad.list(db, sql, args);
    }

    /** Every matching rate by hospital then rate id, streamed from a server-side cursor (memory does not grow with the result). */
    public void stream(RateFilter filter, RowSink sink) {
        List<Object> args = new ArrayList<>();
        String sql = OUTER_SELECT + " from (select " + RATE_SELECT + " from curated.negotiated_rates r where " + filter.where(args)
                + ") u left join curated.hospitals h on h.hospital_id = u.hospital_id order by u.hospital_id, u.rate_id";
        db.withConnection(c -> {
            c.setAutoCommit(false);
            try (PreparedStatement st = Db.prepare(c, sql, args)) {
                st.setFetchSize(1000);
                try (ResultSet rs = st.executeQuery()) {
                    while (rs.next()) {
                        sink.accept(rs);
                    }
                }
            } finally {
                rollbackQuietly(c);
            }
            return null;
        });
    }

    private static void rollbackQuietly(Connection c) throws SQLException {
        c.rollback();
        c.setAutoCommit(true);
    }

    @FunctionalInterface
    public interface RowSink {
        void accept(ResultSet rs) throws SQLException;
    }
}
