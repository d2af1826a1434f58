package io.energymon.uploader.alarm;

import java.net.URI;
import java.time.Duration;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Bound from {@code energymon.uploader.alarm-webhook.*}: an optional HTTP endpoint told of each upload alarm
 * ({@code UPLOAD_FAILING} raised and cleared) besides {@code alarms.v1}.
 *
 * @param url       the endpoint for every platform; absent = no webhook
 * @param platforms an endpoint per platform id, instead of {@code url} for that platform
 * @param timeout   connect and answer timeout of the single attempt (a failure is logged, never retried)
 */
@ConfigurationProperties("energymon.uploader.alarm-webhook")
public record AlarmWebhookProperties(URI url, @DefaultValue Map<String, URI> platforms,
                                     @DefaultValue("PT5S") Duration timeout) {

    public AlarmWebhookProperties {
        if (url != null && url.toString().isBlank()) {
            url = null; // an empty environment variable: no webhook
        }
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("energymon.uploader.alarm-webhook.timeout must be positive");
        }
        for (URI u : platforms.values()) {
            checkHttp(u);
        }
        if (url != null) {
            checkHttp(url);
        }
    }

    private static void checkHttp(URI u) {
        if (u.getScheme() == null || !(u.getScheme().equals("http") || u.getScheme().equals("https"))) {
            throw new IllegalArgumentException("energymon.uploader.alarm-webhook: not an http(s) URL: " + u);
        }
    }

    /** The endpoint for a platform's alarms, or null when none is configured. */
    public URI urlFor(String platformId) {
        return platforms.getOrDefault(platformId, url);
    }
}
