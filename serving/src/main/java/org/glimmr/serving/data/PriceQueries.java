package org.glimmr.serving.data;

import static java.util.Objects.requireNonNull;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
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
    /** Every statement also names the load it read ({@link CuratedLoad}), the CSV stream's pages too. */
    private static final String PAGED_SELECT = OUTER_SELECT + CuratedLoad.SELECTED;

    /** Rows per statement of {@link #stream}: a few MB in memory, and few statements for the largest downloads. */
    static final int STREAM_PAGE_ROWS = 5_000;

    private final Db db;
    private final CuratedLoad loads;

    public PriceQueries(Db db) {
        this.db = requireNonNull(db, "db is null");
        this.loads = new CuratedLoad(db);
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
     * keyset-paged on (negotiated_dollar, hospital_id, rate_id). A page of a code with enough published dollars holds
     * only those: {@link #pricedSql} asks for them alone, each hospital partition's index read in its order. Only when
     * that page is short (the last priced rates, or none) does {@link #byPriceSql} read both, a UNION ALL of the priced
     * and the unpriced rates, again in one statement, so a page never mixes two loads. On the hospital-partitioned
     * rates the unpriced half cost a third of PostgreSQL's time per page, for pages that never show an unpriced rate.
     */
    public CuratedLoad.LoadedRows byPrice(RateFilter filter, boolean descending, Optional<After> after, int limit) {
        if (!pastPriced(after)) {
            List<Object> args = new ArrayList<>();
            CuratedLoad.LoadedRows priced = CuratedLoad.list(db, pricedSql(filter, descending, after, limit, args), args);
            if (priced.rows().size() == limit) {
                return priced;
            }
        }
        List<Object> args = new ArrayList<>();
        return CuratedLoad.list(db, byPriceSql(filter, descending, after, limit, args), args);
    }

    /** Up to {@code limit} rates with a published dollar after {@code after} (which must name a dollar, if any). */
    public static String pricedSql(RateFilter filter, boolean descending, Optional<After> after, int limit, List<Object> args) {
        StringBuilder sql = new StringBuilder(PAGED_SELECT).append(" from (");
        pricedBranch(sql, filter, descending, after, limit, args);
        return outerOrder(sql, descending, limit, args);
    }

    /** Up to {@code limit} rates, the priced ones first (unless {@code after} is already past them), then the unpriced. */
    public static String byPriceSql(RateFilter filter, boolean descending, Optional<After> after, int limit, List<Object> args) {
        boolean inUnpriced = pastPriced(after);
        StringBuilder sql = new StringBuilder(PAGED_SELECT).append(" from (");
        if (!inUnpriced) {
            pricedBranch(sql, filter, descending, after, limit, args);
            sql.append(" union all ");
        }
        sql.append("(select ").append(RATE_SELECT).append(" from curated.negotiated_rates r where ")
                .append(filter.where(args)).append(" and r.negotiated_dollar is null");
        if (inUnpriced) {
            sql.append(" and (r.hospital_id, r.rate_id) ").append(descending ? "<" : ">").append(" (?, ?)");
            args.add(after.get().hospitalId());
            args.add(after.get().rateId());
        }
        // ordered like the priced branch (every dollar here is null, so this is hospital and rate id order): the index
        // then delivers rows already in the merge order, and the merge reads only as many unpriced rows as the page
        // shows, instead of all of them and a sort
        sql.append(branchOrder(descending));
        args.add(limit);
        return outerOrder(sql, descending, limit, args);
    }

    /** True when the page starts among the rates without a published dollar: the cursor's position names none. */
    private static boolean pastPriced(Optional<After> after) {
        return after.isPresent() && after.get().dollar().isEmpty();
    }

    /** The rates with a published dollar, after {@code after}, read in the order of the index, as a subquery. */
    private static void pricedBranch(StringBuilder sql, RateFilter filter, boolean descending, Optional<After> after, int limit,
            List<Object> args) {
        sql.append("(select ").append(RATE_SELECT).append(" from curated.negotiated_rates r where ")
                .append(filter.where(args)).append(" and r.negotiated_dollar is not null");
        after.ifPresent(a -> {
            sql.append(" and (r.negotiated_dollar, r.hospital_id, r.rate_id) ").append(descending ? "<" : ">").append(" (?, ?, ?)");
            args.add(a.dollar().orElseThrow());
            args.add(a.hospitalId());
            args.add(a.rateId());
        });
        sql.append(branchOrder(descending));
        args.add(limit);
    }

    private static String branchOrder(boolean descending) {
        String dir = descending ? "desc" : "asc";
        return " order by r.negotiated_dollar " + dir + ", r.hospital_id " + dir + ", r.rate_id " + dir + " limit ?)";
    }

    /** Closes the subquery {@code u}, names each rate's hospital, and orders the page (unpriced rates last). */
    private static String outerOrder(StringBuilder sql, boolean descending, int limit, List<Object> args) {
        String dir = descending ? "desc" : "asc";
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

    /**
     * Every matching rate by hospital then rate id, handed to {@code sink} page by page. Each page is one short
     * statement, read whole before its rows are handed on, keyset-paged on (hospital_id, rate_id): a slow client holds
     * no transaction and no lock on the curated tables between pages, so an export's swap never waits for a download.
     * Each page names the load it read; when a later page finds another load (an export swapped one in meanwhile), the
     * stream stops before its first row, and the result says so: the rows handed on are exactly a prefix of the
     * earlier load's. Memory holds one page.
     */
    public Streamed stream(RateFilter filter, RowSink sink) {
        Optional<String> load = Optional.empty();
        long sent = 0;
        Optional<Map<String, Object>> last = Optional.empty();
        while (true) {
            List<Object> args = new ArrayList<>();
            CuratedLoad.LoadedRows page = CuratedLoad.list(db, streamPageSql(filter, last, STREAM_PAGE_ROWS, args), args);
            // an empty page carries no load: after rows of one, ask which is current now (loads only ever move on, so
            // the same one now means the same one when the page was read)
            boolean after = sent > 0;
            Optional<String> read = page.load().or(() -> after ? Optional.of(loads.current()) : Optional.empty());
            if (load.isPresent() && read.isPresent() && !read.equals(load)) {
                return new Streamed(sent, load, read);
            }
            load = load.or(() -> read);
            for (Map<String, Object> row : page.rows()) {
                sink.accept(row);
                sent++;
            }
            if (page.rows().size() < STREAM_PAGE_ROWS) {
                return new Streamed(sent, load, Optional.empty());
            }
            last = Optional.of(page.rows().get(page.rows().size() - 1));
        }
    }

    /** One page of {@link #stream}: the rates after {@code last} (a row of the previous page) by hospital then rate id. */
    static String streamPageSql(RateFilter filter, Optional<Map<String, Object>> last, int limit, List<Object> args) {
        StringBuilder sql = new StringBuilder(PAGED_SELECT).append(" from (select ").append(RATE_SELECT)
                .append(" from curated.negotiated_rates r where ").append(filter.where(args));
        last.ifPresent(row -> {
            sql.append(" and (r.hospital_id, r.rate_id) > (?, ?)");
            args.add(row.get("hospital_id"));
            args.add(row.get("rate_id"));
        });
        sql.append(" order by r.hospital_id, r.rate_id limit ?) u left join curated.hospitals h on h.hospital_id = u.hospital_id"
                + " order by u.hospital_id, u.rate_id");
        args.add(limit);
        return sql.toString();
    }

    /**
     * How a streamed download ended: the rows handed on, the load they were read from (none when there were none), and
     * the load that replaced it midway, when one did (the stream then stopped early).
     */
    public record Streamed(long rows, Optional<String> load, Optional<String> replacedBy) {
        public Streamed {
            requireNonNull(load, "load is null");
            requireNonNull(replacedBy, "replacedBy is null");
        }

        public boolean complete() {
            return replacedBy.isEmpty();
        }
    }

    /** Takes one rate of a stream, its values under {@link #RATE_COLUMNS} (amounts exact, as {@link Rows} gives them). */
    @FunctionalInterface
    public interface RowSink {
        void accept(Map<String, Object> rate);
    }
}
