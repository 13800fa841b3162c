package org.glimmr.serving.http;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.http.Context;
import java.io.IOException;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.glimmr.serving.data.Json;

/** A request's body as one JSON object with known fields; anything else is a 413 or 400 that says what to send. */
public final class JsonBody {
    private JsonBody() {}

    /**
     * The body as an object of at most {@code maxBytes}, with no field outside {@code fields} (a misspelt field would
     * otherwise be dropped without a word); empty when there is no body.
     *
     * @param example the body to show in the fix, e.g. {@code {"name": …}}
     */
    public static Optional<JsonNode> object(Context ctx, int maxBytes, Set<String> fields, String example) {
        byte[] bytes = ctx.bodyAsBytes();
        if (bytes.length == 0) {
            return Optional.empty();
        }
        if (bytes.length > maxBytes) {
            throw new Problem(413, "too-large", "Content too large", "the body has " + bytes.length + " bytes. Fix: send at most "
                    + maxBytes + ".", Map.of());
        }
        JsonNode node;
        try {
            node = Json.MAPPER.reader().with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS).readTree(bytes);
        } catch (IOException e) {
            throw Problem.badRequest("the body is not valid JSON. Fix: send " + example + " with Content-Type application/json.");
        }
        if (node == null || !node.isObject()) {
            throw Problem.badRequest("the body is not a JSON object. Fix: send " + example + ".");
        }
        Set<String> unknown = new TreeSet<>();
        node.fieldNames().forEachRemaining(unknown::add);
        unknown.removeAll(fields);
        if (!unknown.isEmpty()) {
            throw Problem.badRequest("unknown field(s) " + ApiErrors.safe(String.join(", ", unknown)) + " in the body. Fix: send"
                    + " only " + String.join(", ", new TreeSet<>(fields)) + ".");
        }
        return Optional.of(node);
    }
}
