package org.glimmr.serving.routes;

import static java.util.Objects.requireNonNull;

import io.javalin.http.Context;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.glimmr.serving.data.AuditLog;
import org.glimmr.serving.data.PriceQueries;
import org.glimmr.serving.data.RateFilter;
import org.glimmr.serving.http.Access;
import org.glimmr.serving.http.ApiParam;
import org.glimmr.serving.http.ApiRoute;
import org.glimmr.serving.http.Guard;
import org.glimmr.serving.http.Params;
import org.glimmr.serving.http.Problem;
import org.glimmr.serving.http.RequestIds;
import org.glimmr.serving.http.RouteGroup;

/** Bulk CSV: every rate matching a query, streamed (role analyst and up); each export is in the audit log. */
public final class ExportRoutes implements RouteGroup {
    private final PriceQueries prices;
    private final AuditLog audit;

    public ExportRoutes(PriceQueries prices, AuditLog audit) {
        this.prices = requireNonNull(prices, "prices is null");
        this.audit = requireNonNull(audit, "audit is null");
    }

    @Override
    public List<ApiRoute> routes() {
        List<ApiParam> params = new ArrayList<>(List.of(ApiParam.query("code_type", "code set (with code)"),
                ApiParam.query("code", "the code (with code_type)"), ApiParam.query("hospital_id", "only this hospital")));
        params.addAll(CatalogRoutes.RATE_FILTERS);
        return List.of(new ApiRoute(io.javalin.http.HandlerType.GET, "/api/v1/exports/rates.csv", Access.ANALYST, "exports",
                "Every rate matching the filters as CSV, streamed; needs code_type+code or hospital_id", ApiRoute.CSV, params,
                this::rates));
    }

    private void rates(Context ctx) throws IOException {
        RateFilter filter = CatalogRoutes.rateFilter(new Params(ctx), false);
        if (filter.code().isEmpty() && filter.hospitalId().isEmpty()) {
            throw Problem.badRequest("an export needs code_type and code, or hospital_id. Fix: add them; a whole-table"
                    + " export is what the lakehouse tables are for.");
        }
        audit.record(Guard.principal(ctx).id(), "export.rates", null, Optional.of(RequestIds.get(ctx)),
                Map.of("filter", filter.toString()));
        ctx.contentType("text/csv; charset=utf-8");
        ctx.header("Content-Disposition", "attachment; filename=\"rates.csv\"");
        Writer out = new BufferedWriter(new OutputStreamWriter(ctx.outputStream(), StandardCharsets.UTF_8), 1 << 16);
        out.write(String.join(",", PriceQueries.RATE_COLUMNS));
        out.write("\r\n");
        PriceQueries.Streamed streamed = prices.stream(filter, rate -> {
            try {
                for (int i = 0; i < PriceQueries.RATE_COLUMNS.size(); i++) {
                    if (i > 0) {
                        out.write(',');
                    }
                    Object v = rate.get(PriceQueries.RATE_COLUMNS.get(i));
                    out.write(csv(v instanceof BigDecimal d ? d.toPlainString() : v == null ? "" : v.toString()));
                }
                out.write("\r\n");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
        if (!streamed.complete()) {
            // the status went out with the first bytes: the last line says why the rates stop there. (Cutting the
            // transfer instead loses that line: an abort resets the connection, and the client drops what it has not read.)
            out.write(interrupted(streamed));
        }
        out.flush();
    }

    /** The last line of a download an export cut short: not a rate (a rate's line starts with its number), and what to do. */
    static String interrupted(PriceQueries.Streamed streamed) {
        return "# glimmr: incomplete: an export replaced the data (load '" + streamed.load().orElse("")
                + "') during this download, after " + streamed.rows() + " rates; they are the first of that load's; the new load is '"
                + streamed.replacedBy().orElseThrow() + "'. Fix: download again (the same query then reads the new load whole).\r\n";
    }

    /** RFC 4180 quoting, and a leading quote for text a spreadsheet would run as a formula. */
    static String csv(String v) {
        String s = !v.isEmpty() && "=+-@".indexOf(v.charAt(0)) >= 0 && !v.matches("-?[0-9.]+") ? "'" + v : v;
        if (s.indexOf(',') >= 0 || s.indexOf('"') >= 0 || s.indexOf('\n') >= 0 || s.indexOf('\r') >= 0) {
            return '"' + s.replace("\"", "\"\"") + '"';
        }
        return s;
    }
}
