package org.glimmr.serving.http;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;
import org.glimmr.serving.data.Json;

/**
 * Problem JSON for what Jetty refuses before Javalin sees it (a NUL or ambiguous encoding in the path, a broken
 * request line, headers too large), so that even those answers are RFC 9457 and not an HTML page.
 */
public final class JettyProblems extends ErrorHandler {
    /** Every method gets its problem body (Jetty's own handler writes one for GET, POST and HEAD only). */
    @Override
    public boolean errorPageForMethod(String method) {
        return true;
    }

    @Override
    protected void generateResponse(Request request, Response response, int code, String message, Throwable cause, Callback callback)
            throws IOException {
        String requestId = UUID.randomUUID().toString();
        int status = clientStatus(code);
        response.setStatus(status);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, ApiErrors.PROBLEM_JSON);
        response.getHeaders().put(RequestIds.HEADER, requestId);
        response.write(true, ByteBuffer.wrap(body(status, request.getHttpURI().getPath(), requestId)), callback);
    }

    @Override
    public ByteBuffer badMessageError(int status, String reason, HttpFields.Mutable fields) {
        fields.put(HttpHeader.CONTENT_TYPE, ApiErrors.PROBLEM_JSON);
        return ByteBuffer.wrap(body(status, "", UUID.randomUUID().toString()));
    }

    /**
     * A request line with an HTTP version Jetty does not speak (say HTTP/9.9) is the client's mistake, not the
     * server's: 400, not Jetty's 505, so that nothing a client sends gets a 5xx.
     */
    static int clientStatus(int code) {
        return code == HttpStatus.HTTP_VERSION_NOT_SUPPORTED_505 ? HttpStatus.BAD_REQUEST_400 : code;
    }

    private static byte[] body(int status, String path, String requestId) {
        Map<String, Object> p = new LinkedHashMap<>();
        boolean client = status >= 400 && status < 500;
        p.put("type", Problem.TYPE_BASE + (client ? "bad-request" : "internal"));
        p.put("title", client ? "Bad request" : "Internal error");
        p.put("status", status);
        p.put("detail", client
                ? "the request could not be read (its line, path encoding or headers are malformed or too large). Fix: send a"
                        + " plain URL-encoded path and query without control characters, and headers under 8 KB."
                : "the server failed on this request. Fix: retry later.");
        p.put("instance", path == null ? "" : ApiErrors.safe(path));
        p.put("request_id", requestId);
        try {
            return Json.MAPPER.writeValueAsBytes(p);
        } catch (IOException e) {
            return ("{\"status\":" + status + "}").getBytes(StandardCharsets.US_ASCII);
        }
    }
}
