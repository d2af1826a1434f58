package io.energymon.infra.platformsim;

import io.energymon.infra.pki.DevPki;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.TrustManagerFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** A minimal mutual-TLS JSON client for the simulator's own tests. */
final class SimClient implements AutoCloseable {

    static final JsonMapper JSON = JsonMapper.builder().build();

    private final HttpClient http;

    SimClient(DevPki pki, Path clientKeystore) throws Exception {
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(pki.load(clientKeystore), pki.password());
        TrustManagerFactory tmf = TrustManagerFactory.getInstance("PKIX");
        tmf.init(pki.load(pki.truststore()));
        SSLContext ssl = SSLContext.getInstance("TLS");
        ssl.init(kmf.getKeyManagers(), tmf.getTrustManagers(), null);
        SSLParameters params = ssl.getDefaultSSLParameters();
        params.setEndpointIdentificationAlgorithm("HTTPS");
        http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).sslContext(ssl).sslParameters(params)
                .connectTimeout(Duration.ofSeconds(5)).build();
    }

    HttpResponse<String> postRaw(URI url, String body) throws Exception {
        return http.send(HttpRequest.newBuilder(url).timeout(Duration.ofSeconds(5))
                .header("Content-Type", "application/json; charset=UTF-8")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> postRaw(URI url, String body, Duration timeout) throws Exception {
        return http.send(HttpRequest.newBuilder(url).timeout(timeout)
                .header("Content-Type", "application/json; charset=UTF-8")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> postRaw(URI url, String body, java.util.Map<String, String> headers) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(url).timeout(Duration.ofSeconds(5))
                .header("Content-Type", "application/json; charset=UTF-8")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        headers.forEach(b::header);
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    JsonNode post(URI url, Object body) throws Exception {
        HttpResponse<String> response = postRaw(url, JSON.writeValueAsString(body));
        if (response.statusCode() != 200) {
            throw new AssertionError("HTTP " + response.statusCode() + ": " + response.body());
        }
        return JSON.readTree(response.body());
    }

    @Override
    public void close() {
        http.close();
    }
}
