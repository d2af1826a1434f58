package io.energymon.systemtest;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/** Small HTTP/JSON helper for the system tests. */
final class Http {
    private static final HttpClient CLIENT = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(3)).build();
    static final JsonMapper JSON = JsonMapper.builder().build();

    private Http() {
    }

    /**
     * Where the bearer token of the next requests comes from (null or a null token: none), e.g. a sample user's token
     * from the dev stack's Keycloak. A supplier, so that a long test never sends an expired token.
     */
    static volatile Supplier<String> bearer = () -> null;

    static HttpResponse<String> get(URI uri) {
        return send("GET", uri, null);
    }

    /** Sends JSON (body null: none) with the current {@link #bearer} and returns the response, whatever its status. */
    static HttpResponse<String> send(String method, URI uri, Object body) {
        return send(method, uri, body, bearer.get());
    }

    /** Sends JSON (body null: none) with a bearer token (null: none) and returns the response, whatever its status. */
    static HttpResponse<String> send(String method, URI uri, Object body, String token) {
        HttpRequest.BodyPublisher publisher = body == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body));
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json").method(method, publisher);
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        try {
            return CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new IllegalStateException(method + " " + uri + " failed: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** POSTs one file as the multipart part {@code part} with a bearer token; the response, whatever its status. */
    static HttpResponse<String> postFile(URI uri, String part, String fileName, String contentType, byte[] content,
                                         String token) {
        String boundary = "energymon-" + UUID.randomUUID();
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + part + "\"; filename=\""
                + fileName + "\"\r\nContent-Type: " + contentType + "\r\n\r\n").getBytes(StandardCharsets.UTF_8));
        body.writeBytes(content);
        body.writeBytes(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        HttpRequest request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30))
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .header("Authorization", "Bearer " + token)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray())).build();
        try {
            return CLIENT.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new IllegalStateException("POST " + uri + " failed: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static List<Map<String, Object>> getList(URI uri) {
        return getList(uri, bearer.get());
    }

    static List<Map<String, Object>> getList(URI uri, String token) {
        HttpResponse<String> r = send("GET", uri, null, token);
        if (r.statusCode() != 200) {
            throw new IllegalStateException("GET " + uri + " -> " + r.statusCode() + " " + r.body());
        }
        return JSON.readValue(r.body(), new TypeReference<List<Map<String, Object>>>() { });
    }

    static Map<String, Object> getObject(URI uri) {
        return getObject(uri, bearer.get());
    }

    static Map<String, Object> getObject(URI uri, String token) {
        HttpResponse<String> r = send("GET", uri, null, token);
        if (r.statusCode() != 200) {
            throw new IllegalStateException("GET " + uri + " -> " + r.statusCode() + " " + r.body());
        }
        return JSON.readValue(r.body(), new TypeReference<Map<String, Object>>() { });
    }
}
