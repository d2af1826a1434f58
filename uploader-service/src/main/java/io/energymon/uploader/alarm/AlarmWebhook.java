package io.energymon.uploader.alarm;

import io.energymon.domain.event.AlarmEvent;
import io.energymon.domain.event.EventCodec;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;

/**
 * POSTs an upload alarm's JSON (as on {@code alarms.v1}) to the configured webhook, asynchronously, after the alarm
 * was recorded and published, never inside a database transaction. One attempt with a short timeout: a failure is
 * logged and not retried, so an endpoint that is down cannot cause a storm of requests.
 */
@Component
public class AlarmWebhook implements DisposableBean {
    private static final Logger log = LoggerFactory.getLogger(AlarmWebhook.class);

    private final AlarmWebhookProperties props;
    private final HttpClient http;

    public AlarmWebhook(AlarmWebhookProperties props) {
        this.props = props;
        this.http = HttpClient.newBuilder().connectTimeout(props.timeout())
                .followRedirects(HttpClient.Redirect.NEVER).build();
    }

    /**
     * Sends the alarm to the platform's webhook, if one is configured.
     *
     * @return completes with true once the endpoint answered 2xx, false on any failure or when there is no webhook
     */
    public CompletableFuture<Boolean> notify(AlarmEvent event) {
        URI url = props.urlFor(event.subject());
        if (url == null) {
            return CompletableFuture.completedFuture(false);
        }
        HttpRequest request = HttpRequest.newBuilder(url).timeout(props.timeout())
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(EventCodec.encode(event))).build();
        return http.sendAsync(request, HttpResponse.BodyHandlers.discarding()).handle((answer, failure) -> {
            if (failure != null) {
                log.warn("alarm webhook {} not told of alarm {} ({} {} of {}/{}): {}", url, event.alarmId(),
                        event.type(), event.state(), event.tenantId(), event.enterpriseCode(), failure.toString());
                return false;
            }
            if (answer.statusCode() / 100 != 2) {
                log.warn("alarm webhook {} answered HTTP {} to alarm {} ({} {} of {}/{})", url,
                        answer.statusCode(), event.alarmId(), event.type(), event.state(), event.tenantId(),
                        event.enterpriseCode());
                return false;
            }
            return true;
        });
    }

    @Override
    public void destroy() {
        http.close();
    }
}
