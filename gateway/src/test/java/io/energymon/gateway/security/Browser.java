package io.energymon.gateway.security;

import java.net.InetAddress;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

/**
 * A minimal browser for the login tests: follows no redirect by itself, keeps cookies per server (host and port;
 * the gateway and Keycloak share 127.0.0.1, and Keycloak marks its cookies Secure even on plain HTTP).
 */
final class Browser {

    private final HttpClient http;
    private final Map<String, Map<String, String>> cookies = new ConcurrentHashMap<>();

    Browser() {
        this(null);
    }

    /** @param localAddress the client's own address (e.g. 127.0.0.2), {@code null} = default */
    Browser(InetAddress localAddress) {
        // HTTP/1.1 as browsers speak it on plain http (no h2c upgrade attempts)
        HttpClient.Builder b = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .followRedirects(HttpClient.Redirect.NEVER)
                .connectTimeout(Duration.ofSeconds(10));
        if (localAddress != null) {
            b.localAddress(localAddress);
        }
        http = b.build();
    }

    HttpResponse<String> get(URI uri, String... headers) throws Exception {
        return send(request(uri, headers).GET().build());
    }

    HttpResponse<String> postForm(URI uri, Map<String, String> form, String... headers) throws Exception {
        String body = form.entrySet().stream().map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
                + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8)).collect(Collectors.joining("&"));
        return send(request(uri, headers).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build());
    }

    /** The value of a cookie the server at {@code uri} has set, or {@code null}. */
    String cookie(URI uri, String name) {
        return cookies.getOrDefault(origin(uri), Map.of()).get(name);
    }

    /** Follows a redirect: the absolute {@code Location} of a response, resolved against its request. */
    static URI location(HttpResponse<?> response) {
        String location = response.headers().firstValue("Location").orElseThrow(() ->
                new AssertionError("no Location header; status " + response.statusCode()));
        return response.uri().resolve(location);
    }

    private HttpRequest.Builder request(URI uri, String... headers) {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(90));
        for (int i = 0; i + 1 < headers.length; i += 2) {
            b.header(headers[i], headers[i + 1]);
        }
        Map<String, String> jar = cookies.getOrDefault(origin(uri), Map.of());
        if (!jar.isEmpty()) {
            b.header("Cookie", jar.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue())
                    .collect(Collectors.joining("; ")));
        }
        return b;
    }

    private HttpResponse<String> send(HttpRequest request) throws Exception {
        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
        Map<String, String> jar = cookies.computeIfAbsent(origin(request.uri()), k -> new LinkedHashMap<>());
        for (String setCookie : response.headers().allValues("Set-Cookie")) {
            String pair = setCookie.split(";", 2)[0];
            int eq = pair.indexOf('=');
            String name = pair.substring(0, eq).trim();
            String value = pair.substring(eq + 1).trim();
            String lower = setCookie.toLowerCase();
            if (value.isEmpty() || lower.contains("max-age=0") || lower.contains("expires=thu, 01 jan 1970")) {
                jar.remove(name);
            } else {
                jar.put(name, value);
            }
        }
        return response;
    }

    private static String origin(URI uri) {
        return uri.getHost() + ":" + uri.getPort();
    }
}
