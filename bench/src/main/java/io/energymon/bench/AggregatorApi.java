package io.energymon.bench;

import io.energymon.security.testing.TestIdentityProvider;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * The one place the benchmarks call the aggregator's HTTP API from: every request is built by {@link #get}, so a
 * header the API comes to require (a bearer token) is added here once. One HTTP/1.1 client, connections kept alive,
 * as a portal backend would hold them.
 */
public final class AggregatorApi implements AutoCloseable {
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10)).build();
    private final String baseUrl;
    /** a service token of the test identity provider the in-process aggregator trusts (they last 5 minutes) */
    private volatile String token = TestIdentityProvider.shared().service();
    private volatile long tokenAt = System.nanoTime();

    /** @param baseUrl e.g. {@code http://localhost:8080} */
    public AggregatorApi(String baseUrl) {
        this.baseUrl = baseUrl;
    }

    /**
     * GETs a path of the API and returns the body of a 200 answer.
     *
     * @throws IllegalStateException on any other status, with the body
     */
    public String get(String pathAndQuery) {
        HttpRequest request = HttpRequest.newBuilder(URI.create(baseUrl + pathAndQuery))
                .timeout(Duration.ofSeconds(60)).header("Accept", "application/json")
                .header("Authorization", "Bearer " + token()).GET().build();
        try {
            HttpResponse<String> r = http.send(request, HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() != 200) {
                throw new IllegalStateException("GET " + pathAndQuery + " answered " + r.statusCode() + ": " + r.body());
            }
            return r.body();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The token, a new one after a minute: a run lasts longer than a token. */
    private String token() {
        if (System.nanoTime() - tokenAt > 60_000_000_000L) {
            token = TestIdentityProvider.shared().service();
            tokenAt = System.nanoTime();
        }
        return token;
    }

    @Override
    public void close() {
        http.close();
    }
}
