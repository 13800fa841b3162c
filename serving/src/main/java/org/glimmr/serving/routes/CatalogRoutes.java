package org.glimmr.serving.routes;

import static java.util.Objects.requireNonNull;
import static org.glimmr.serving.http.ApiParam.integer;
import static org.glimmr.serving.http.ApiParam.oneOf;
import static org.glimmr.serving.http.ApiParam.path;
import static org.glimmr.serving.http.ApiParam.query;
import static org.glimmr.serving.http.ApiParam.requiredQuery;

import io.javalin.http.Context;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.glimmr.serving.data.CodeQueries;
import org.glimmr.serving.data.CuratedLoad;
import org.glimmr.serving.data.GroupFilter;
import org.glimmr.serving.data.HospitalQueries;
import org.glimmr.serving.data.PriceQueries;
import org.glimmr.serving.data.RateFilter;
import org.glimmr.serving.data.ReferenceQueries;
import org.glimmr.serving.http.Access;
import org.glimmr.serving.http.ApiParam;
import org.glimmr.serving.http.ApiRoute;
import org.glimmr.serving.http.Cursor;
import org.glimmr.serving.http.Params;
import org.glimmr.serving.http.Problem;
import org.glimmr.serving.http.RouteGroup;

/** The read routes: hospitals, prices, code statistics, prices per hospital and search, payers, files. Role viewer and up. */
public final class CatalogRoutes implements RouteGroup {
    static final List<String> SETTINGS = List.of("inpatient", "outpatient", "both");
    static final List<String> MEASURES = List.of("negotiated_dollar", "derived_dollar", "gross_charge", "discounted_cash");
    static final List<String> BILLING_CLASSES = List.of("professional", "facility", "both", "unknown");
    /** The value of {@code modifiers} that asks for the group without a modifier (stored as {@code ''}). */
    static final String NO_MODIFIERS = "none";
    private static final Pattern MODIFIER = Pattern.compile("[A-Z0-9]{1,10}");
    private static final Pattern STATE = Pattern.compile("[A-Z]{2}");
    private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");

    private final HospitalQueries hospitals;
    private final PriceQueries prices;
    private final CodeQueries codes;
    private final ReferenceQueries reference;
    private final CuratedLoad load;

    public CatalogRoutes(HospitalQueries hospitals, PriceQueries prices, CodeQueries codes, ReferenceQueries reference,
                         CuratedLoad load) {
        this.hospitals = requireNonNull(hospitals, "hospitals is null");
        this.prices = requireNonNull(prices, "prices is null");
        this.codes = requireNonNull(codes, "codes is null");
        this.reference = requireNonNull(reference, "reference is null");
        this.load = requireNonNull(load, "load is null");
    }

    /** Filters on the comparable group besides code and setting: prices of different groups are never pooled. */
    static final List<ApiParam> GROUP_FILTERS = List.of(
            oneOf("billing_class", "billing class: professional, facility, both, or unknown (not published)",
                    BILLING_CLASSES.toArray(String[]::new)),
            query("modifiers", "the group's modifier codes, comma-separated, in any order or case (26, 26,TC), or none for"
                    + " no modifier; an exact match: 26 does not match 26,TC"));

    /** Filters of the rate routes and the CSV export. */
    static final List<ApiParam> RATE_FILTERS = concat(List.of(
            query("state", "two-letter state, e.g. OR"),
            query("payer", "canonical payer id (see /api/v1/payers)"),
            query("plan", "plan name, case-insensitive exact match"),
            oneOf("setting", "care setting", "inpatient", "outpatient", "both")), GROUP_FILTERS);

    @Override
    public List<ApiRoute> routes() {
        List<ApiParam> pricesParams = new ArrayList<>(List.of(
                requiredQuery("code_type", "code set, e.g. CPT, HCPCS, MS-DRG"), requiredQuery("code", "the code, e.g. 99213")));
        pricesParams.addAll(RATE_FILTERS);
        pricesParams.add(oneOf("sort", "by published dollar: price (lowest first, default) or -price", "price", "-price"));
        pricesParams.addAll(ApiParam.paging(20, 200));

        List<ApiParam> hospitalPricesParams = new ArrayList<>(List.of(path("id", "hospital id"),
                query("code_type", "code set (with code)"), query("code", "the code (with code_type)"),
                query("payer", "canonical payer id"), query("plan", "plan name, case-insensitive exact match"),
                oneOf("setting", "care setting", "inpatient", "outpatient", "both")));
        hospitalPricesParams.addAll(GROUP_FILTERS);
        hospitalPricesParams.addAll(ApiParam.paging(100, 1000));

        // every route here reads only the curated tables and answers every caller alike: cached until the next export
        return Stream.of(
                ApiRoute.get("/api/v1/hospitals", Access.VIEWER, "hospitals", "Hospitals, by name; filter by state and name",
                        concat(List.of(query("state", "two-letter state, e.g. OR"), query("q", "part of the hospital name")),
                                ApiParam.paging(50, 500)), this::listHospitals),
                ApiRoute.get("/api/v1/hospitals/{id}", Access.VIEWER, "hospitals",
                        "One hospital: locations, summary, data quality, files and the findings of its current file",
                        List.of(path("id", "hospital id")), this::getHospital),
                ApiRoute.get("/api/v1/hospitals/{id}/prices", Access.VIEWER, "prices",
                        "A hospital's payer-specific rates; filter by code, payer, plan, setting, billing class, modifiers",
                        hospitalPricesParams, this::hospitalPrices),
                ApiRoute.get("/api/v1/hospitals/{id}/codes", Access.VIEWER, "prices",
                        "A hospital's prices per code, setting, billing class and modifiers: gross, cash, min/max, negotiated"
                                + " min/median/max",
                        concat(concat(List.of(path("id", "hospital id"), query("code_type", "code set"), query("code", "the code"),
                                oneOf("setting", "care setting", "inpatient", "outpatient", "both")), GROUP_FILTERS),
                                ApiParam.paging(100, 1000)),
                        this::hospitalCodes),
                ApiRoute.get("/api/v1/prices", Access.VIEWER, "prices",
                        "One code across hospitals, sorted by published dollar; derived dollars are marked price_basis=derived",
                        pricesParams, this::pricesAcrossHospitals),
                ApiRoute.get("/api/v1/codes/{codeType}/{code}/stats", Access.VIEWER, "codes",
                        "Price statistics of a code per setting, billing class and modifiers: national (US) and per state,"
                                + " all payers (*) and per payer",
                        concat(concat(List.of(path("codeType", "code set"), path("code", "the code"),
                                query("geography", "US or a two-letter state"), query("payer", "canonical payer id or *"),
                                oneOf("setting", "care setting", "inpatient", "outpatient", "both")), GROUP_FILTERS),
                                List.of(oneOf("measure", "which amount", MEASURES.toArray(String[]::new)),
                                        integer("limit", "rows, 1 to 10000; default 1000"))), this::codeStats),
                ApiRoute.get("/api/v1/codes/{codeType}/{code}/hospitals", Access.VIEWER, "codes",
                        "A code's prices per hospital and comparable group (setting, billing class, modifiers): each hospital's"
                                + " negotiated dollars, min, median and max; the lowest median first",
                        concat(concat(List.of(path("codeType", "code set"), path("code", "the code"),
                                query("state", "two-letter state, e.g. OR"),
                                oneOf("setting", "care setting", "inpatient", "outpatient", "both")), GROUP_FILTERS),
                                ApiParam.paging(100, 1000)), this::codeHospitals),
                ApiRoute.get("/api/v1/codes/search", Access.VIEWER, "codes", "Codes whose description matches q, ranked",
                        List.of(requiredQuery("q", "words of the description (web-search syntax) or a code"),
                                query("code_type", "only this code set"), integer("limit", "results, 1 to 100; default 20")),
                        this::searchCodes),
                ApiRoute.get("/api/v1/payers", Access.VIEWER, "reference", "Canonical payers with the raw names found",
                        concat(List.of(query("q", "part of the payer name")), ApiParam.paging(100, 1000)), this::payers),
                ApiRoute.get("/api/v1/files", Access.VIEWER, "reference", "Ingested files with their status and finding counts",
                        concat(List.of(query("hospital_id", "only this hospital's files"),
                                oneOf("status", "ingest status", "ok", "partial", "rejected")), ApiParam.paging(100, 1000)), this::files),
                ApiRoute.get("/api/v1/files/{sha256}", Access.VIEWER, "reference", "One file: ingest status and its findings",
                        List.of(path("sha256", "the file's SHA-256"), integer("findings_limit", "findings, 1 to 1000; default 100")),
                        this::file)).map(ApiRoute::cached).toList();
    }

    static List<ApiParam> concat(List<ApiParam> a, List<ApiParam> b) {
        List<ApiParam> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }

    private void listHospitals(Context ctx) {
        Params p = new Params(ctx);
        Optional<String> state = state(p, "state");
        Optional<String> q = p.text("q");
        int limit = p.integer("limit", 50, 1, 500);
        String fp = Cursor.fingerprint("hospitals", state, q);
        Optional<Cursor> after = Cursor.decode(p.text("cursor"), fp, 2);
        ctx.json(Page.of(hospitals.list(state, q, after.map(Cursor::keys), limit + 1), limit, after, load::current, fp,
                row -> List.of((String) row.get("hospital_name"), (String) row.get("hospital_id"))));
    }

    private void getHospital(Context ctx) {
        String id = new Params(ctx).path("id");
        ctx.json(hospitals.get(id).orElseThrow(() -> unknownHospital(id)));
    }

    private static Problem unknownHospital(String id) {
        return Problem.notFound("there is no hospital '" + id + "'. Fix: find hospital ids with /api/v1/hospitals?q=<name>.");
    }

    private void hospitalPrices(Context ctx) {
        Params p = new Params(ctx);
        String id = p.path("id");
        Optional<String> codeType = p.text("code_type");
        Optional<String> code = p.text("code");
        if (codeType.isPresent() != code.isPresent()) {
            throw Problem.badRequest("parameters 'code_type' and 'code' go together. Fix: give both, or neither.");
        }
        RateFilter filter = new RateFilter(codeType, code, Optional.of(id), Optional.empty(), p.text("payer"), p.text("plan"),
                p.oneOf("setting", SETTINGS), group(p));
        int limit = p.integer("limit", 100, 1, 1000);
        String fp = Cursor.fingerprint("hospital-prices", filter.fingerprintParts());
        Optional<Cursor> after = Cursor.decode(p.text("cursor"), fp, 1);
        long afterRateId = after.map(c -> parseLong(c.keys().get(0))).orElse(Long.MIN_VALUE);
        if (!hospitals.exists(id)) {
            throw unknownHospital(id);
        }
        ctx.json(Page.of(prices.byRateId(filter, afterRateId, limit + 1), limit, after, load::current, fp,
                row -> List.of(String.valueOf(row.get("rate_id")))));
    }

    private void hospitalCodes(Context ctx) {
        Params p = new Params(ctx);
        String id = p.path("id");
        Optional<String> codeType = p.text("code_type");
        Optional<String> code = p.text("code");
        Optional<String> setting = p.oneOf("setting", SETTINGS);
        GroupFilter group = group(p);
        int limit = p.integer("limit", 100, 1, 1000);
        String fp = Cursor.fingerprint("hospital-codes", id, codeType, code, setting, group.billingClass(), group.modifiers());
        // a row per code, setting, billing class and modifiers: the position names all five
        Optional<Cursor> after = Cursor.decode(p.text("cursor"), fp, 5);
        if (!hospitals.exists(id)) {
            throw unknownHospital(id);
        }
        ctx.json(Page.of(hospitals.codes(id, codeType, code, setting, group, after.map(Cursor::keys), limit + 1), limit, after,
                load::current, fp, row -> List.of((String) row.get("code_type"), (String) row.get("code"), orEmpty(row, "setting"),
                        orEmpty(row, "billing_class"), orEmpty(row, "modifiers"))));
    }

    private static String orEmpty(Map<String, Object> row, String column) {
        return Optional.ofNullable((String) row.get(column)).orElse("");
    }

    private void pricesAcrossHospitals(Context ctx) {
        Params p = new Params(ctx);
        RateFilter filter = rateFilter(p, true);
        boolean descending = p.oneOf("sort", List.of("price", "-price")).map("-price"::equals).orElse(false);
        int limit = p.integer("limit", 20, 1, 200);
        String fp = Cursor.fingerprint("prices", descending, filter.fingerprintParts());
        // a rate id numbers one hospital's rates: the position is (dollar, hospital, rate id), or rates of two
        // hospitals with the same dollar and the same id would be skipped or repeated at a page boundary
        Optional<Cursor> cursor = Cursor.decode(p.text("cursor"), fp, 3);
        Optional<PriceQueries.After> after = cursor.map(c -> new PriceQueries.After(
                decimalKey(c.keys().get(0)), c.keys().get(1), parseLong(c.keys().get(2))));
        ctx.json(Page.of(prices.byPrice(filter, descending, after, limit + 1), limit, cursor, load::current, fp, row -> List.of(
                decimalKey(row, "negotiated_dollar"),
                (String) row.get("hospital_id"), String.valueOf(row.get("rate_id")))));
    }

    /** The rate filters from the query; {@code codeRequired} for the across-hospitals routes. */
    static RateFilter rateFilter(Params p, boolean codeRequired) {
        Optional<String> codeType = codeRequired ? Optional.of(p.requiredText("code_type", "CPT")) : p.text("code_type");
        Optional<String> code = codeRequired ? Optional.of(p.requiredText("code", "99213")) : p.text("code");
        if (codeType.isPresent() != code.isPresent()) {
            throw Problem.badRequest("parameters 'code_type' and 'code' go together. Fix: give both, or neither.");
        }
        Optional<String> hospitalId = codeRequired ? Optional.empty() : p.text("hospital_id");
        return new RateFilter(codeType, code, hospitalId, state(p, "state"), p.text("payer"), p.text("plan"),
                p.oneOf("setting", SETTINGS), group(p));
    }

    /** The comparable-group filters from the query: billing class, and modifiers in their curated form. */
    static GroupFilter group(Params p) {
        return new GroupFilter(p.oneOf("billing_class", BILLING_CLASSES), p.text("modifiers").map(CatalogRoutes::modifiers));
    }

    /**
     * {@code modifiers} as the curated tables hold them: {@value #NO_MODIFIERS} is {@code ""}; codes are trimmed, upper
     * case, distinct, sorted and joined with ',' (as the aggregate writes them), so {@code tc,26} is the group
     * {@code 26,TC}.
     */
    static String modifiers(String value) {
        if (value.equalsIgnoreCase(NO_MODIFIERS)) {
            return "";
        }
        TreeSet<String> codes = new TreeSet<>();
        for (String part : value.split(",", -1)) {
            String code = part.trim().toUpperCase(Locale.ROOT);
            if (code.equalsIgnoreCase(NO_MODIFIERS)) {
                throw Problem.badParameter("modifiers", value, "mixes none with modifier codes",
                        "write none alone for the rates without a modifier, or only codes such as 26,TC");
            }
            if (!MODIFIER.matcher(code).matches()) {
                throw Problem.badParameter("modifiers", value, code.isEmpty() ? "has an empty modifier code"
                        : "has a modifier code that is not 1 to 10 letters or digits", "write modifier codes separated by"
                        + " commas, such as 26 or 26,TC, or none for the rates without a modifier");
            }
            codes.add(code);
        }
        return String.join(",", codes);
    }

    private void codeStats(Context ctx) {
        Params p = new Params(ctx);
        Optional<String> geography = p.text("geography");
        geography.ifPresent(g -> {
            if (!g.equals("US") && !STATE.matcher(g).matches()) {
                throw Problem.badParameter("geography", g, "is neither US nor a state", "write US or a two-letter state such as OR");
            }
        });
        ctx.json(Map.of("code_type", p.path("codeType"), "code", p.path("code"), "data",
                codes.stats(p.path("codeType"), p.path("code"), geography, p.text("payer"), p.oneOf("setting", SETTINGS), group(p),
                        p.oneOf("measure", MEASURES), p.integer("limit", 1000, 1, 10_000))));
    }

    private void codeHospitals(Context ctx) {
        Params p = new Params(ctx);
        String codeType = p.path("codeType");
        String code = p.path("code");
        Optional<String> state = state(p, "state");
        Optional<String> setting = p.oneOf("setting", SETTINGS);
        GroupFilter group = group(p);
        int limit = p.integer("limit", 100, 1, 1000);
        String fp = Cursor.fingerprint("code-hospitals", codeType, code, state, setting, group.billingClass(), group.modifiers());
        // the position: the median ("" once past the rows with one), then the hospital and the group
        Optional<Cursor> cursor = Cursor.decode(p.text("cursor"), fp, 5);
        Optional<CodeQueries.HospitalsAfter> after = cursor.map(c -> new CodeQueries.HospitalsAfter(decimalKey(c.keys().get(0)),
                c.keys().get(1), c.keys().get(2), c.keys().get(3), c.keys().get(4)));
        ctx.json(Page.of(codes.hospitals(codeType, code, state, setting, group, after, limit + 1), limit, cursor, load::current, fp,
                row -> List.of(decimalKey(row, "negotiated_median"), (String) row.get("hospital_id"), orEmpty(row, "setting"),
                        orEmpty(row, "billing_class"), orEmpty(row, "modifiers"))));
    }

    private void searchCodes(Context ctx) {
        Params p = new Params(ctx);
        String q = p.requiredText("q", "office visit");
        ctx.json(Map.of("q", q, "data", codes.search(q, p.text("code_type"), p.integer("limit", 20, 1, 100))));
    }

    private void payers(Context ctx) {
        Params p = new Params(ctx);
        Optional<String> q = p.text("q");
        int limit = p.integer("limit", 100, 1, 1000);
        String fp = Cursor.fingerprint("payers", q);
        Optional<Cursor> after = Cursor.decode(p.text("cursor"), fp, 1);
        ctx.json(Page.of(reference.payers(q, after.map(c -> c.keys().get(0)), limit + 1), limit, after, load::current, fp,
                row -> List.of((String) row.get("payer"))));
    }

    private void files(Context ctx) {
        Params p = new Params(ctx);
        Optional<String> hospitalId = p.text("hospital_id");
        Optional<String> status = p.oneOf("status", List.of("ok", "partial", "rejected"));
        int limit = p.integer("limit", 100, 1, 1000);
        String fp = Cursor.fingerprint("files", hospitalId, status);
        Optional<Cursor> after = Cursor.decode(p.text("cursor"), fp, 1);
        ctx.json(Page.of(reference.files(hospitalId, status, after.map(c -> c.keys().get(0)), limit + 1), limit, after,
                load::current, fp, row -> List.of((String) row.get("sha256"))));
    }

    private void file(Context ctx) {
        Params p = new Params(ctx);
        String sha = p.path("sha256");
        if (!SHA256.matcher(sha).matches()) {
            throw Problem.badParameter("sha256", sha, "is not a SHA-256", "write the 64 lower-case hex digits from /api/v1/files");
        }
        int findingLimit = p.integer("findings_limit", 100, 1, 1000);
        ctx.json(reference.file(sha, findingLimit).orElseThrow(() -> Problem.notFound("there is no file with SHA-256 " + sha
                + ". Fix: list files with /api/v1/files.")));
    }

    static Optional<String> state(Params p, String name) {
        Optional<String> state = p.text(name);
        state.ifPresent(s -> {
            if (!STATE.matcher(s).matches()) {
                throw Problem.badParameter(name, s, "is not a two-letter state", "write it like OR or NY (upper case)");
            }
        });
        return state;
    }

    private static long parseLong(String s) {
        try {
            return Long.parseLong(s);
        } catch (NumberFormatException e) {
            throw Cursor.invalid(s);
        }
    }

    /** A cursor key of an amount that may be missing: its plain digits, or "" for none (sorted last). */
    private static String decimalKey(Map<String, Object> row, String column) {
        return row.get(column) == null ? "" : ((BigDecimal) row.get(column)).toPlainString();
    }

    /** The amount a cursor key names: empty for "", once the page is past the rows with one. */
    private static Optional<BigDecimal> decimalKey(String key) {
        return key.isEmpty() ? Optional.empty() : Optional.of(parseDecimal(key));
    }

    private static BigDecimal parseDecimal(String s) {
        try {
            BigDecimal d = new BigDecimal(s);
            // the cursor holds a numeric(20, 6) we wrote; anything else was not
            if (d.scale() > 6 || d.precision() - d.scale() > 14) {
                throw Cursor.invalid(s);
            }
            return d;
        } catch (NumberFormatException | ArithmeticException e) {
            throw Cursor.invalid(s);
        }
    }
}
