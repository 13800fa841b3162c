package org.glimmr.serving.http;

import static java.util.Objects.requireNonNull;

import io.javalin.http.Handler;
import io.javalin.http.HandlerType;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * One route of the API: method, path, who may call it, what it answers, its parameters and handler. The same
 * description registers the route, checks its parameters and access, and writes its part of the OpenAPI document.
 */
public record ApiRoute(HandlerType method, String path, Access access, String tag, String summary, String produces,
                       List<ApiParam> params, Handler handler, boolean cacheable) {
    public static final String JSON = "application/json";
    public static final String CSV = "text/csv";

    public ApiRoute {
        requireNonNull(method, "method is null");
        requireNonNull(path, "path is null");
        requireNonNull(access, "access is null");
        requireNonNull(tag, "tag is null");
        requireNonNull(summary, "summary is null");
        requireNonNull(produces, "produces is null");
        params = List.copyOf(params);
        requireNonNull(handler, "handler is null");
        Set<String> inPath = pathParamNames(path);
        Set<String> declared = params.stream().filter(p -> p.in() == ApiParam.In.PATH).map(ApiParam::name).collect(Collectors.toSet());
        if (!inPath.equals(declared)) {
            throw new IllegalArgumentException("route " + path + " declares path parameters " + declared + " but has " + inPath);
        }
    }

    public ApiRoute(HandlerType method, String path, Access access, String tag, String summary, String produces,
                    List<ApiParam> params, Handler handler) {
        this(method, path, access, tag, summary, produces, params, handler, false);
    }

    /**
     * This route with its answers kept in the {@link ResponseCache}: for routes that read only the curated tables
     * (which change only with an export) and answer every caller alike.
     */
    public ApiRoute cached() {
        if (method != HandlerType.GET || !produces.equals(JSON)) {
            throw new IllegalArgumentException("only GET routes answering JSON are cached, not " + method + " " + path);
        }
        return new ApiRoute(method, path, access, tag, summary, produces, params, handler, true);
    }

    public static ApiRoute get(String path, Access access, String tag, String summary, List<ApiParam> params, Handler handler) {
        return new ApiRoute(HandlerType.GET, path, access, tag, summary, JSON, params, handler);
    }

    public Set<String> queryParamNames() {
        return params.stream().filter(p -> p.in() == ApiParam.In.QUERY).map(ApiParam::name).collect(Collectors.toUnmodifiableSet());
    }

    /** {@code /a/{b}/c/{d}} ⇒ {@code [b, d]}. */
    public static Set<String> pathParamNames(String path) {
        return java.util.Arrays.stream(path.split("/")).filter(s -> s.startsWith("{") && s.endsWith("}"))
                .map(s -> s.substring(1, s.length() - 1)).collect(Collectors.toSet());
    }
}
