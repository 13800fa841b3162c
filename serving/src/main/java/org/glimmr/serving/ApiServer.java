package org.glimmr.serving;

import static java.util.Objects.requireNonNull;

import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.staticfiles.Location;
import io.javalin.json.JavalinJackson;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.glimmr.common.GlimmrConfig;
import org.glimmr.common.GlimmrException;
import org.glimmr.common.db.GlimmrDatabase;
import org.glimmr.serving.auth.ApiKeys;
import org.glimmr.serving.auth.Authenticator;
import org.glimmr.serving.auth.JwtTokens;
import org.glimmr.serving.data.AuditLog;
import org.glimmr.serving.data.CuratedLoad;
import org.glimmr.serving.data.Db;
import org.glimmr.serving.data.Json;
import org.glimmr.serving.http.ApiErrors;
import org.glimmr.serving.http.ApiRoute;
import org.glimmr.serving.http.Cors;
import org.glimmr.serving.http.Guard;
import org.glimmr.serving.http.JettyProblems;
import org.glimmr.serving.http.RequestIds;
import org.glimmr.serving.http.ResponseCache;
import org.glimmr.serving.limit.RateLimiter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * The running REST API: Javalin on the configured address, a connection pool over the given database, every
 * route of {@link ServingRoutes}. Start it in-process (tests, the demo) with {@link #start(GlimmrConfig, GlimmrDatabase, int)};
 * closing it stops the server and the pool, not the database.
 */
public final class ApiServer implements AutoCloseable {
    private static final Logger ACCESS = LoggerFactory.getLogger("org.glimmr.serving.access");
    /** Headers of the web application's files: only its own scripts, styles and API; never framed; revalidated. */
    static final Map<String, String> WEB_HEADERS = Map.of(
            "Content-Security-Policy", "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:;"
                    + " connect-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'",
            "X-Content-Type-Options", "nosniff",
            "Referrer-Policy", "no-referrer",
            "Cache-Control", "no-cache");

    private final Javalin app;
    private final Db db;
    private final JvmGcMetrics gcMetrics;
    private final List<ApiRoute> routes;
    private final Optional<ResponseCache> cache;

    private ApiServer(Javalin app, Db db, JvmGcMetrics gcMetrics, List<ApiRoute> routes, Optional<ResponseCache> cache) {
        this.cache = cache;
        this.app = app;
        this.db = db;
        this.gcMetrics = gcMetrics;
        this.routes = routes;
    }

    /** Starts on {@code glimmr.api.host}:{@code glimmr.api.port}. */
    public static ApiServer start(GlimmrConfig config, GlimmrDatabase database) {
        return start(config, database, config.apiPort(), List.of());
    }

    /** Starts on {@code port} (0 = any free port, see {@link #port()}). */
    public static ApiServer start(GlimmrConfig config, GlimmrDatabase database, int port) {
        return start(config, database, port, List.of());
    }

    /** Starts with extra route groups besides the standard ones. */
    public static ApiServer start(GlimmrConfig config, GlimmrDatabase database, int port, List<ServingRoutes.Factory> extra) {
        requireNonNull(config, "config is null");
        requireNonNull(database, "database is null");
        GlimmrConfig.Api api = config.api();
        PrometheusMeterRegistry metrics = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        new JvmMemoryMetrics().bindTo(metrics);
        new JvmThreadMetrics().bindTo(metrics);
        new ProcessorMetrics().bindTo(metrics);
        new UptimeMetrics().bindTo(metrics);
        JvmGcMetrics gc = new JvmGcMetrics();
        gc.bindTo(metrics);
        Db db = new Db(database, api, metrics);
        AuditLog audit = new AuditLog(db);
        ApiKeys keys = new ApiKeys(db, audit);
        var jwt = JwtTokens.fromConfig(api);
        // keys and tokens in one limiter, client addresses (anonymous callers, unknown keys) in another
        RateLimiter principals = new RateLimiter();
        RateLimiter addresses = new RateLimiter();
        Authenticator authenticator = new Authenticator(keys, jwt, Duration.ofSeconds(api.keyCacheSeconds()), addresses,
                api.rateLimitPerSecond());
        ServingContext context = new ServingContext(config, db, audit, keys, authenticator, jwt, metrics);
        List<ApiRoute> routes = ServingRoutes.all(context, extra);
        Optional<ResponseCache> cache = api.cacheMegabytes() == 0 ? Optional.empty()
                : Optional.of(responseCache(api, db, metrics));
        Guard guard = new Guard(authenticator, principals, addresses, api, cache);
        Cors cors = new Cors(api.corsOrigins());

        Javalin app = Javalin.create(c -> {
            c.startup.showJavalinBanner = false;
            c.startup.showOldJavalinVersionWarning = false;
            c.jsonMapper(new JavalinJackson(Json.MAPPER, false));
            c.http.maxRequestSize = Guard.MAX_BODY_BYTES;
            c.http.prefer405over404 = true;
            c.jetty.host = api.host();
            c.jetty.port = port;
            c.jetty.modifyServer(server -> server.setErrorHandler(new JettyProblems()));
            c.staticFiles.enableWebjars();
            // the web application (resources/web: plain HTML, CSS and JavaScript modules) at /, under a strict policy;
            // it calls the API with the user's token like any client, so it needs no route or guard of its own
            c.staticFiles.add(files -> {
                files.hostedPath = "/";
                files.directory = "/web";
                files.location = Location.CLASSPATH;
                files.headers = WEB_HEADERS;
            });
            c.routes.before(ctx -> {
                MDC.put("request_id", RequestIds.assign(ctx));
                ctx.attribute("glimmr.started", System.nanoTime());
                if (cors.apply(ctx)) {
                    ctx.skipRemainingHandlers();
                }
            });
            for (ApiRoute route : routes) {
                c.routes.addHttpHandler(route.method(), route.path(), guard.wrap(route));
            }
            ApiErrors.register(c.routes);
            Map<TimerKey, Timer> timers = new ConcurrentHashMap<>();
            c.requestLogger.http((ctx, ms) -> finished(ctx, ms, metrics, timers));
        });
        try {
            app.start();
        } catch (RuntimeException e) {
            cache.ifPresent(ResponseCache::close);
            db.close();
            gc.close();
            throw new GlimmrException(GlimmrException.ErrorCode.CONFIGURATION, "the API could not listen on " + api.host() + ":"
                    + port + ": " + e.getMessage() + ". Fix: free the port or set " + GlimmrConfig.API_PORT + " (environment "
                    + GlimmrConfig.envName(GlimmrConfig.API_PORT) + ") to another one.", e);
        }
        return new ApiServer(app, db, gc, routes, cache);
    }

    /** The answer cache of the read routes, emptied when a newer export is done; its hits and misses as metrics. */
    private static ResponseCache responseCache(GlimmrConfig.Api api, Db db, PrometheusMeterRegistry metrics) {
        ResponseCache cache = new ResponseCache(api.cacheMegabytes() * 1024L * 1024L, api.cacheCheckMillis(),
                new CuratedLoad(db)::latestExport);
        FunctionCounter.builder("glimmr.api.cache.hits", cache, ResponseCache::hits)
                .description("answers of the read routes served from the cache").register(metrics);
        FunctionCounter.builder("glimmr.api.cache.misses", cache, ResponseCache::misses)
                .description("answers of the read routes computed (not in the cache, or cache older than the last export)")
                .register(metrics);
        Gauge.builder("glimmr.api.cache.bytes", cache, ResponseCache::bytes).description("bytes of kept answers")
                .register(metrics);
        return cache;
    }

    /** A request timer per method, route and status, looked up without building a meter id per request. */
    private record TimerKey(String method, String route, int status) {}

    private static void finished(Context ctx, Float ms, PrometheusMeterRegistry metrics, Map<TimerKey, Timer> timers) {
        String route = ctx.endpoints().list().stream().filter(e -> e.method.isHttpMethod()).map(e -> e.path).findFirst().orElse("unmatched");
        timers.computeIfAbsent(new TimerKey(ctx.method().name(), route, ctx.statusCode()), k -> timer(k, metrics))
                .record((long) (ms * 1000), TimeUnit.MICROSECONDS);
        ACCESS.atInfo().addKeyValue("method", ctx.method().name()).addKeyValue("path", ctx.path())
                .addKeyValue("route", route).addKeyValue("status", ctx.statusCode())
                .addKeyValue("duration_ms", Math.round(ms * 100) / 100.0)
                .addKeyValue("principal", Guard.principalIfKnown(ctx).map(p -> p.id()).orElse(null))
                .log("request");
        MDC.clear();
    }

    private static Timer timer(TimerKey k, PrometheusMeterRegistry metrics) {
        return Timer.builder("glimmr.http.requests").description("API requests by route and status")
                .tag("method", k.method()).tag("route", k.route()).tag("status", String.valueOf(k.status()))
                .publishPercentileHistogram().register(metrics);
    }

    public int port() {
        return app.port();
    }

    /** http://host:port of the running API. */
    public URI baseUri() {
        String host = app.unsafe.jetty.host;
        return URI.create("http://" + (host == null || host.equals("0.0.0.0") ? "127.0.0.1" : host) + ":" + port());
    }

    /** Every route this server registered, as described (the OpenAPI document is written from these). */
    public List<ApiRoute> routes() {
        return routes;
    }

    /** The method and path of every HTTP handler Javalin has, to check the description against. */
    public List<String> registeredHandlers() {
        return app.unsafe.internalRouter.allHttpHandlers().stream().filter(e -> e.endpoint.method.isHttpMethod())
                .map(e -> e.endpoint.method.name() + " " + e.endpoint.path).toList();
    }

    @Override
    public void close() {
        app.stop();
        cache.ifPresent(ResponseCache::close);
        db.close();
        gcMetrics.close();
    }
}
