package io.energymon.systemtest;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;

/**
 * Walks every GET operation of a service's own OpenAPI document ({@code /v3/api-docs}, read from the service itself)
 * twice with the same token: directly at the service and through the gateway. The routes checked are the ones the
 * running service declares, not a list kept by hand: an endpoint the gateway does not route to its service answers
 * differently through it (the portal's 404, or another service's answer).
 */
final class GatewayRouteWalk {

    /** One operation: its path template, the concrete URI path called, and what each side answered. */
    record Call(String service, String template, String pathAndQuery, int directStatus, String directBody,
                int gatewayStatus, String gatewayBody) {
        boolean same() {
            return directStatus == gatewayStatus && directBody.equals(gatewayBody);
        }

        @Override
        public String toString() {
            return service + " GET " + pathAndQuery + ": direct " + directStatus + ", gateway " + gatewayStatus
                    + (same() ? "" : " (direct body " + abbreviate(directBody) + ", gateway body "
                    + abbreviate(gatewayBody) + ")");
        }
    }

    private static final Pattern VARIABLE = Pattern.compile("\\{([^}]+)}");
    /** Attempts per operation: a service's data may change between its two calls (new readings every slot). */
    private static final int ATTEMPTS = 5;

    private final URI gateway;
    private final Supplier<String> token;
    private final Map<String, String> pathValues;
    private final Map<String, String> queryValues;

    /**
     * @param pathValues  the value of each path variable (real values of the dev data)
     * @param queryValues the value of each required query parameter by name, or by name and format (e.g.
     *                    {@code from:date-time} before {@code from}); else its schema's first enum value or default
     */
    GatewayRouteWalk(URI gateway, Supplier<String> token, Map<String, String> pathValues,
                     Map<String, String> queryValues) {
        this.gateway = gateway;
        this.token = token;
        this.pathValues = pathValues;
        this.queryValues = queryValues;
    }

    /** Calls every GET operation of the service's OpenAPI document directly and through the gateway. */
    List<Call> walk(String service, URI serviceUrl) {
        HttpResponse<String> docs = Http.send("GET", serviceUrl.resolve("/v3/api-docs"), null, token.get());
        if (docs.statusCode() != 200) {
            throw new IllegalStateException(service + " /v3/api-docs -> " + docs.statusCode() + " " + docs.body());
        }
        JsonNode paths = Http.JSON.readTree(docs.body()).path("paths");
        List<Call> calls = new ArrayList<>();
        for (Map.Entry<String, JsonNode> path : paths.properties()) {
            JsonNode get = path.getValue().get("get");
            if (get != null) {
                calls.add(call(service, serviceUrl, path.getKey(), concrete(path.getKey(), get)));
            }
        }
        return calls;
    }

    private Call call(String service, URI serviceUrl, String template, String pathAndQuery) {
        Call last = null;
        for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
            String bearer = token.get();
            HttpResponse<String> direct = Http.send("GET", serviceUrl.resolve(pathAndQuery), null, bearer);
            HttpResponse<String> routed = Http.send("GET", gateway.resolve(pathAndQuery), null, bearer);
            last = new Call(service, template, pathAndQuery, direct.statusCode(), direct.body(), routed.statusCode(),
                    routed.body());
            if (last.same()) {
                return last;
            }
            sleep(Duration.ofMillis(300));
        }
        return last;
    }

    /** The template with its variables filled and its required query parameters appended. */
    private String concrete(String template, JsonNode operation) {
        Matcher m = VARIABLE.matcher(template);
        StringBuilder path = new StringBuilder();
        while (m.find()) {
            String value = pathValues.get(m.group(1));
            if (value == null) {
                throw new IllegalStateException("no value for the path variable {" + m.group(1) + "} of GET "
                        + template + ": add one to the walk's path values");
            }
            m.appendReplacement(path, Matcher.quoteReplacement(encode(value)));
        }
        m.appendTail(path);
        List<String> query = new ArrayList<>();
        for (JsonNode p : operation.path("parameters")) {
            if ("query".equals(p.path("in").asString()) && p.path("required").asBoolean(false)) {
                String name = p.path("name").asString();
                query.add(encode(name) + "=" + encode(queryValue(template, name, p.path("schema"))));
            }
        }
        return query.isEmpty() ? path.toString() : path + "?" + String.join("&", query);
    }

    private String queryValue(String template, String name, JsonNode schema) {
        String value = queryValues.getOrDefault(name + ":" + schema.path("format").asString(""), queryValues.get(name));
        if (value != null) {
            return value;
        }
        if (schema.path("enum").isArray() && !schema.path("enum").isEmpty()) {
            return schema.path("enum").get(0).asString();
        }
        if (schema.has("default")) {
            return schema.path("default").asString();
        }
        throw new IllegalStateException("no value for the required query parameter " + name + " of GET " + template
                + ": add one to the walk's query values");
    }

    private static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private static String abbreviate(String s) {
        return s.length() <= 300 ? s : s.substring(0, 300) + "…";
    }

    private static void sleep(Duration d) {
        try {
            Thread.sleep(d);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Path and query values as an ordered map (for readable failure messages). */
    static Map<String, String> values(String... keysAndValues) {
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            m.put(keysAndValues[i], keysAndValues[i + 1]);
        }
        return m;
    }
}
