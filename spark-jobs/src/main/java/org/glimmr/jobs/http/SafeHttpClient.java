package org.glimmr.jobs.http;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import org.apache.http.Header;
import org.apache.http.HttpEntity;
import org.apache.http.client.config.CookieSpecs;
import org.apache.http.client.config.RequestConfig;
import org.apache.http.client.methods.CloseableHttpResponse;
import org.apache.http.client.methods.HttpGet;
import org.apache.http.config.RegistryBuilder;
import org.apache.http.config.SocketConfig;
import org.apache.http.conn.socket.ConnectionSocketFactory;
import org.apache.http.conn.socket.PlainConnectionSocketFactory;
import org.apache.http.conn.ssl.SSLConnectionSocketFactory;
import org.apache.http.impl.client.CloseableHttpClient;
import org.apache.http.impl.client.HttpClients;
import org.apache.http.impl.conn.PoolingHttpClientConnectionManager;
import org.glimmr.common.GlimmrConfig;

/**
 * GET over http(s) with the safety rules of discover and fetch: only http and https; every host resolved by the
 * {@link AddressPolicy} (which checks every address and is the only lookup, so the connection goes to a checked
 * address); redirects followed here, at most {@value #MAX_REDIRECTS}, each hop checked again; no proxy from the
 * environment, no cookies, no automatic retries or decompression; connect and read timeouts from configuration.
 * Certificates are verified as Java does by default.
 */
public final class SafeHttpClient implements AutoCloseable {
    static final int MAX_REDIRECTS = 5;

    private final CloseableHttpClient client;

    public SafeHttpClient(GlimmrConfig.Fetch settings) {
        requireNonNull(settings, "settings is null");
        var sockets = RegistryBuilder.<ConnectionSocketFactory>create()
                .register("http", PlainConnectionSocketFactory.getSocketFactory())
                .register("https", SSLConnectionSocketFactory.getSocketFactory())
                .build();
        PoolingHttpClientConnectionManager connections = new PoolingHttpClientConnectionManager(sockets,
                new AddressPolicy(settings.allowRanges()));
        connections.setMaxTotal(settings.threads() * 2);
        connections.setDefaultMaxPerRoute(settings.perHost());
        connections.setDefaultSocketConfig(SocketConfig.custom().setSoTimeout(settings.readTimeoutSeconds() * 1000).build());
        RequestConfig request = RequestConfig.custom()
                .setConnectTimeout(settings.connectTimeoutSeconds() * 1000)
                .setSocketTimeout(settings.readTimeoutSeconds() * 1000)
                .setConnectionRequestTimeout(settings.readTimeoutSeconds() * 1000)
                .setRedirectsEnabled(false)
                .setContentCompressionEnabled(false)
                .setCookieSpec(CookieSpecs.IGNORE_COOKIES)
                .build();
        this.client = HttpClients.custom()
                .setConnectionManager(connections)
                .setDefaultRequestConfig(request)
                .disableAutomaticRetries()
                .disableRedirectHandling()
                .disableContentCompression()
                .disableCookieManagement()
                .setUserAgent(settings.userAgent())
                .build();
    }

    /**
     * Sends GET {@code url} with {@code headers}, following redirects. The caller reads the body and closes the
     * response; closing aborts the connection rather than reading the rest of a large body.
     */
    public Response get(URI url, Map<String, String> headers) throws IOException {
        URI current = url;
        for (int hop = 0; ; hop++) {
            HttpGet get = new HttpGet(current);
            headers.forEach(get::setHeader);
            CloseableHttpResponse response = client.execute(get);
            int status = response.getStatusLine().getStatusCode();
            Header location = response.getFirstHeader("Location");
            if (status < 300 || status > 399 || status == 304 || location == null) {
                return new Response(current, status, get, response);
            }
            get.abort();
            response.close();
            if (hop == MAX_REDIRECTS) {
                throw new UnsafeUrlException("more than " + MAX_REDIRECTS + " redirects from " + url);
            }
            current = Urls.parse(next(current, location.getValue()).toString());
        }
    }

    /** Where a Location header points; it may be relative. The result is checked like any URL. */
    private static URI next(URI base, String location) throws UnsafeUrlException {
        String l = location.strip().replace(" ", "%20");
        try {
            return base.resolve(new URI(l));
        } catch (java.net.URISyntaxException | IllegalArgumentException e) {
            throw new UnsafeUrlException("redirect from " + base + " to an invalid location '" + location.strip() + "'");
        }
    }

    @Override
    public void close() throws IOException {
        client.close();
    }

    /** An answer whose body has not been read yet. */
    public static final class Response implements AutoCloseable {
        private final URI finalUrl;
        private final int status;
        private final HttpGet request;
        private final CloseableHttpResponse response;

        Response(URI finalUrl, int status, HttpGet request, CloseableHttpResponse response) {
            this.finalUrl = finalUrl;
            this.status = status;
            this.request = request;
            this.response = response;
        }

        public URI finalUrl() {
            return finalUrl;
        }

        public int status() {
            return status;
        }

        public Optional<String> header(String name) {
            return Optional.ofNullable(response.getFirstHeader(name)).map(Header::getValue);
        }

        /** Length announced by the server, if any. */
        public OptionalLong contentLength() {
            HttpEntity entity = response.getEntity();
            return entity == null || entity.getContentLength() < 0 ? OptionalLong.empty() : OptionalLong.of(entity.getContentLength());
        }

        /** The body; never close it yourself (closing would read it to the end): close the response. */
        public InputStream body() throws IOException {
            HttpEntity entity = response.getEntity();
            return entity == null ? InputStream.nullInputStream() : entity.getContent();
        }

        /** Seconds of a Retry-After header given in seconds (dates are ignored). */
        public OptionalLong retryAfterSeconds() {
            return header("Retry-After").map(String::strip).filter(s -> s.matches("[0-9]{1,6}"))
                    .map(s -> OptionalLong.of(Long.parseLong(s))).orElse(OptionalLong.empty());
        }

        @Override
        public void close() throws IOException {
            request.abort();
            response.close();
        }
    }
}
