package org.glimmr.serving;

import java.util.ArrayList;
import java.time.Duration;
import java.util.List;
import java.util.function.Supplier;
import org.glimmr.serving.airflow.AirflowClient;
import org.glimmr.serving.data.CodeQueries;
import org.glimmr.serving.data.CuratedLoad;
import org.glimmr.serving.data.HospitalQueries;
import org.glimmr.serving.data.PriceQueries;
import org.glimmr.serving.data.RateLineage;
import org.glimmr.serving.data.ReferenceQueries;
import org.glimmr.serving.http.ApiRoute;
import org.glimmr.serving.http.RouteGroup;
import org.glimmr.serving.routes.AdminRoutes;
import org.glimmr.serving.routes.CatalogRoutes;
import org.glimmr.serving.routes.EventsRoutes;
import org.glimmr.serving.routes.ExportRoutes;
import org.glimmr.serving.routes.JobsRoutes;
import org.glimmr.serving.routes.LineageRoutes;
import org.glimmr.serving.routes.SystemRoutes;

/**
 * Every route group of the API. To add an area (say the Airflow job routes), write a {@link RouteGroup} whose
 * constructor takes a {@link ServingContext} (or what it needs from it) and add one line to {@link #GROUPS}; the
 * guard, problem JSON, metrics and the OpenAPI document then cover its routes with nothing else to do.
 */
public final class ServingRoutes {
    /** Builds a route group from the server's shared parts. */
    @FunctionalInterface
    public interface Factory {
        RouteGroup create(ServingContext context);
    }

    static final List<Factory> GROUPS = List.of(
            c -> new CatalogRoutes(new HospitalQueries(c.db()), new PriceQueries(c.db()), new CodeQueries(c.db()),
                    new ReferenceQueries(c.db()), new CuratedLoad(c.db())),
            c -> new ExportRoutes(new PriceQueries(c.db()), c.audit()),
            c -> new AdminRoutes(c.keys(), c.audit(), c.authenticator(), c.jwt()),
            c -> new JobsRoutes(new AirflowClient(c.config().airflow()), c.audit()),
            c -> EventsRoutes.over(new AirflowClient(c.config().airflow()), new ReferenceQueries(c.db()),
                    Duration.ofMillis(c.config().api().cacheCheckMillis())),
            c -> new LineageRoutes(new RateLineage(c.db())));

    private ServingRoutes() {}

    /** The standard groups plus {@code extra}, and the system routes whose OpenAPI document lists them all. */
    static List<ApiRoute> all(ServingContext context, List<Factory> extra) {
        List<ApiRoute> routes = new ArrayList<>();
        Supplier<List<ApiRoute>> everything = () -> List.copyOf(routes);
        routes.addAll(new SystemRoutes(context.db(), new ReferenceQueries(context.db()), context.metrics(), everything).routes());
        for (Factory f : GROUPS) {
            routes.addAll(f.create(context).routes());
        }
        for (Factory f : extra) {
            routes.addAll(f.create(context).routes());
        }
        return List.copyOf(routes);
    }
}
