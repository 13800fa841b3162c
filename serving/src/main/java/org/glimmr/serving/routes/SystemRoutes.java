package org.glimmr.serving.routes;

import static java.util.Objects.requireNonNull;

import io.javalin.http.Context;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.InputStream;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.function.Supplier;
import org.glimmr.serving.data.Db;
import org.glimmr.serving.data.ReferenceQueries;
import org.glimmr.serving.http.Access;
import org.glimmr.serving.http.ApiRoute;
import org.glimmr.serving.http.OpenApi;
import org.glimmr.serving.http.RouteGroup;

/** Health (with a database check), Prometheus metrics, the OpenAPI document and the browsable docs. */
public final class SystemRoutes implements RouteGroup {
    public static final String API_VERSION = "1.0.0";

    private final Db db;
    private final ReferenceQueries reference;
    private final PrometheusMeterRegistry metrics;
    private final Supplier<List<ApiRoute>> allRoutes;

    public SystemRoutes(Db db, ReferenceQueries reference, PrometheusMeterRegistry metrics, Supplier<List<ApiRoute>> allRoutes) {
        this.db = requireNonNull(db, "db is null");
        this.reference = requireNonNull(reference, "reference is null");
        this.metrics = requireNonNull(metrics, "metrics is null");
        this.allRoutes = requireNonNull(allRoutes, "allRoutes is null");
    }

    @Override
    public List<ApiRoute> routes() {
        return List.of(
                ApiRoute.get("/health", Access.PUBLIC, "system", "Up, and whether the database answers (503 when not)", List.of(),
                        this::health),
                new ApiRoute(io.javalin.http.HandlerType.GET, "/metrics", Access.ADMIN, "system", "Prometheus metrics",
                        "text/plain", List.of(), ctx -> ctx.contentType("text/plain; version=0.0.4; charset=utf-8").result(metrics.scrape())),
                ApiRoute.get("/openapi.json", Access.PUBLIC, "system", "This OpenAPI document", List.of(),
                        ctx -> ctx.json(OpenApi.document(allRoutes.get(), API_VERSION))),
                new ApiRoute(io.javalin.http.HandlerType.GET, "/docs", Access.PUBLIC, "system", "Browsable API documentation",
                        "text/html", List.of(), this::docs));
    }

    private void health(Context ctx) {
        Map<String, Object> body = new LinkedHashMap<>();
        boolean up = db.answers();
        body.put("status", up ? "ok" : "unavailable");
        body.put("database", up ? "ok" : "not answering");
        if (up) {
            body.put("last_export", reference.lastExport().orElse(null));
        }
        ctx.status(up ? 200 : 503).json(body);
    }

    private void docs(Context ctx) {
        String ui = "/webjars/swagger-ui/" + swaggerUiVersion();
        ctx.html("<!doctype html><html><head><meta charset=\"utf-8\"><title>Glimmr API</title>"
                + "<link rel=\"stylesheet\" href=\"" + ui + "/swagger-ui.css\"></head><body><div id=\"ui\"></div>"
                + "<script src=\"" + ui + "/swagger-ui-bundle.js\"></script>"
                + "<script>SwaggerUIBundle({url: '/openapi.json', dom_id: '#ui'});</script></body></html>");
    }

    private static String swaggerUiVersion() {
        try (InputStream in = SystemRoutes.class.getResourceAsStream("/META-INF/maven/org.webjars/swagger-ui/pom.properties")) {
            Properties p = new Properties();
            if (in != null) {
                p.load(in);
            }
            return p.getProperty("version", "unknown");
        } catch (IOException e) {
            return "unknown";
        }
    }
}
