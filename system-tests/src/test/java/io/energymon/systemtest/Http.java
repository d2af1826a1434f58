package io.energymon.systemtest;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/** Small HTTP/JSON helper for the system tests. */
final class Http {
    private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).build();
    static final JsonMapper JSON = JsonMapper.builder().build();

    private Http() {
    }

    static HttpResponse<String> get(URI uri) {
        return send("GET", uri, null);
    }

    /** Sends JSON (body null: none) and returns the response, whatever its status. */
    static HttpResponse<String> send(String method, URI uri, Object body) {
        HttpRequest.BodyPublisher publisher = body == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body));
        try {
            return CLIENT.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30))
                            .header("Content-Type", "application/json").method(method, publisher).build(),
                    HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new IllegalStateException(method + " " + uri + " failed: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static List<Map<String, Object>> getList(URI uri) {
        HttpResponse<String> r = get(uri);
        if (r.statusCode() != 200) {
            throw new IllegalStateException("GET " + uri + " -> " + r.statusCode() + " " + r.body());
        }
        return JSON.readValue(r.body(), new TypeReference<List<Map<String, Object>>>() { });
    }

    static Map<String, Object> getObject(URI uri) {
        HttpResponse<String> r = get(uri);
        if (r.statusCode() != 200) {
            throw new IllegalStateException("GET " + uri + " -> " + r.statusCode() + " " + r.body());
        }
        return JSON.readValue(r.body(), new TypeReference<Map<String, Object>>() { });
    }
}
