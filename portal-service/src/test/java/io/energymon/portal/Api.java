package io.energymon.portal;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A plain HTTP client of the portal's API for tests: JSON in, status and JSON out. Every request carries a bearer
 * token of the caller it was made for (minted per request by the test identity provider; none: no header).
 */
public final class Api {
    public static final JsonMapper JSON = JsonMapper.builder().build();
    private final String base;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private final Supplier<String> token;

    public Api(String base, Supplier<String> token) {
        this.base = base;
        this.token = token;
    }

    /** The same API called with other tokens (null: without any). */
    public Api as(Supplier<String> other) {
        return new Api(base, other == null ? () -> null : other);
    }

    /** A response: status and body (JSON when the body is JSON, else null). */
    public record Response(int status, JsonNode json, byte[] body) {
        public String text() {
            return new String(body, StandardCharsets.UTF_8);
        }

        /** The fields named by the violations of an error body. */
        public List<String> violationFields() {
            return json.path("violations").valueStream().map(v -> v.path("field").asString()).toList();
        }
    }

    public Response get(String path) {
        return send(HttpRequest.newBuilder(URI.create(base + path)).GET());
    }

    public Response post(String path, Object body) {
        return send(json(path, body).POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body))));
    }

    public Response put(String path, Object body) {
        return send(json(path, body).PUT(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body))));
    }

    /** POST of a raw JSON text (for malformed bodies). */
    public Response postRaw(String path, String json) {
        return send(HttpRequest.newBuilder(URI.create(base + path)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)));
    }

    public Response send(HttpRequest.Builder request) {
        try {
            String bearer = token.get();
            if (bearer != null) {
                request.setHeader("Authorization", "Bearer " + bearer);
            }
            HttpResponse<byte[]> r = http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
            String type = r.headers().firstValue("Content-Type").orElse("");
            JsonNode node = type.contains("json") && r.body().length > 0 ? JSON.readTree(r.body()) : null;
            return new Response(r.statusCode(), node, r.body());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private HttpRequest.Builder json(String path, Object body) {
        return HttpRequest.newBuilder(URI.create(base + path)).header("Content-Type", "application/json");
    }

    /** A JSON object from alternating keys and values. */
    public static Map<String, Object> obj(Object... kv) {
        Map<String, Object> m = new java.util.LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], kv[i + 1]);
        }
        return m;
    }
}
