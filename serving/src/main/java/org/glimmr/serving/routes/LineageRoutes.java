package org.glimmr.serving.routes;

import static java.util.Objects.requireNonNull;

import io.javalin.http.Context;
import java.util.List;
import org.glimmr.serving.data.RateLineage;
import org.glimmr.serving.http.Access;
import org.glimmr.serving.http.ApiErrors;
import org.glimmr.serving.http.ApiParam;
import org.glimmr.serving.http.ApiRoute;
import org.glimmr.serving.http.Params;
import org.glimmr.serving.http.Problem;
import org.glimmr.serving.http.RouteGroup;

/** A rate's lineage: the file it was read from and its CSV line or JSON path. Role viewer and up. */
public final class LineageRoutes implements RouteGroup {
    private final RateLineage lineage;

    public LineageRoutes(RateLineage lineage) {
        this.lineage = requireNonNull(lineage, "lineage is null");
    }

    @Override
    public List<ApiRoute> routes() {
        // reads only the curated tables and answers every caller alike: cached until the next export
        return List.of(ApiRoute.get("/api/v1/hospitals/{id}/prices/{rateId}/lineage", Access.VIEWER, "prices",
                "Where a rate comes from: its file (SHA-256, path, layout, dates) and its CSV line or JSON path",
                List.of(ApiParam.path("id", "hospital id"), ApiParam.path("rateId", "the rate's id within the hospital")),
                this::lineage).cached());
    }

    private void lineage(Context ctx) {
        Params p = new Params(ctx);
        String id = p.path("id");
        String rate = p.path("rateId");
        if (!rate.matches("[0-9]{1,18}")) {
            throw Problem.badParameter("rateId", rate, "is not a rate id", "use the rate_id of a price, a whole number");
        }
        ctx.json(lineage.of(id, Long.parseLong(rate)).orElseThrow(() -> Problem.notFound("hospital '" + ApiErrors.safe(id)
                + "' has no rate " + rate + ". Fix: take hospital_id and rate_id from /api/v1/prices or /api/v1/hospitals/{id}/prices.")));
    }
}
