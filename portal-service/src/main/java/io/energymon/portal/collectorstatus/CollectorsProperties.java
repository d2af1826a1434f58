package io.energymon.portal.collectorstatus;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code energymon.portal.collectors.*}: the collectors the portal asks for their devices' status.
 *
 * @param urls           base URLs of the collectors ({@code COLLECTOR_URLS}, comma-separated); each is asked
 *                       {@code GET <url>/actuator/devices}. Default: one collector on {@code http://localhost:8081}
 * @param connectTimeout TCP connect timeout per collector (default 1 s)
 * @param timeout        longest wait for a collector's whole answer (default 3 s); one that takes longer is listed
 *                       as unreachable. The collectors are asked in parallel, so a request waits at most this long
 */
@ConfigurationProperties("energymon.portal.collectors")
public record CollectorsProperties(@DefaultValue("http://localhost:8081") List<URI> urls,
                                   @DefaultValue("PT1S") Duration connectTimeout,
                                   @DefaultValue("PT3S") Duration timeout) {
}
