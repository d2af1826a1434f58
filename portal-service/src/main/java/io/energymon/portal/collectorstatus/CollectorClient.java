package io.energymon.portal.collectorstatus;

import io.energymon.security.ServiceTokens;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Asks every configured collector for {@code GET /actuator/devices}, in parallel, with the portal's own service
 * token (client credentials, {@link ServiceTokens}): the collectors admit only platform operators and services there,
 * so a user's token would be refused. Short timeouts ({@link CollectorsProperties}); a collector that does not answer
 * in time, refuses or answers something unreadable is reported with the reason. No database work happens here.
 */
@Component
public class CollectorClient {
    private static final Logger log = LoggerFactory.getLogger(CollectorClient.class);
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final CollectorsProperties props;
    private final ServiceTokens tokens;
    private final HttpClient http;

    public CollectorClient(CollectorsProperties props, ServiceTokens tokens) {
        this.props = props;
        this.tokens = tokens;
        this.http = HttpClient.newBuilder().connectTimeout(props.connectTimeout()).build();
    }

    /** What one collector said. */
    public sealed interface Answer permits Report, Failure {
        URI collector();
    }

    /** The collector's devices report ({@code {collectorId, states, devices[...]}}). */
    public record Report(URI collector, JsonNode body) implements Answer {
    }

    /** The collector did not answer, or not usably. */
    public record Failure(URI collector, String reason) implements Answer {
    }

    /** Every collector's answer, in the order of the configuration; waits at most about the timeout. */
    public List<Answer> askAll() {
        String token;
        try {
            token = tokens.configured() ? tokens.token() : null;
        } catch (RuntimeException e) {
            log.warn("No service token for the collectors' status: {}", e.getMessage());
            return props.urls().stream().<Answer>map(u -> new Failure(u,
                    "门户未能取得服务令牌 / the portal could not obtain its service token")).toList();
        }
        List<CompletableFuture<Answer>> calls = props.urls().stream().map(u -> ask(u, token)).toList();
        return calls.stream().map(CompletableFuture::join).toList();
    }

    private CompletableFuture<Answer> ask(URI collector, String token) {
        URI uri = URI.create(collector.toString().replaceAll("/+$", "") + "/actuator/devices");
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(props.timeout())
                .header("Accept", "application/json").GET();
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return http.sendAsync(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8))
                .handle((response, error) -> {
                    if (error != null) {
                        return failure(collector, error);
                    }
                    if (response.statusCode() == 401 && token != null) {
                        tokens.invalidate(token); // e.g. the realm's keys changed: the next request gets a new one
                    }
                    if (response.statusCode() != 200) {
                        log.warn("Collector {} answered HTTP {} to its devices' status", collector,
                                response.statusCode());
                        return new Failure(collector,
                                "采集器拒绝请求 / the collector refused the request: HTTP " + response.statusCode());
                    }
                    try {
                        JsonNode body = JSON.readTree(response.body());
                        if (body.path("devices").isArray()) {
                            return new Report(collector, body);
                        }
                    } catch (JacksonException e) {
                        // reported below
                    }
                    return new Failure(collector, "采集器应答无法解析 / the collector's answer is unreadable");
                });
    }

    private Answer failure(URI collector, Throwable error) {
        Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
        log.warn("Collector {} did not answer its devices' status: {}", collector, cause.toString());
        if (cause instanceof HttpTimeoutException) {
            return new Failure(collector, "采集器未在 " + props.timeout().toMillis() + " ms 内应答 / no answer within "
                    + props.timeout().toMillis() + " ms");
        }
        if (cause instanceof ConnectException) {
            return new Failure(collector, "无法连接采集器 / cannot connect to the collector");
        }
        return new Failure(collector, "采集器无应答 / the collector did not answer");
    }
}
