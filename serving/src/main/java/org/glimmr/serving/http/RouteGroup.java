package org.glimmr.serving.http;

import java.util.List;

/**
 * A set of routes (hospitals, prices, admin, …). {@code ApiServer} registers every group it is given; adding an
 * area to the API is writing one of these and adding it to {@code ServingRoutes}.
 */
public interface RouteGroup {
    List<ApiRoute> routes();
}
