package io.energymon.collector.opcua;

import java.nio.file.Path;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How the collector talks to OPC UA servers. Bound from {@code energymon.collector.opcua.*}.
 *
 * <p>The PKI directory holds the collector's application instance certificate and the servers it trusts:
 * <pre>
 * &lt;pki-dir&gt;/collector.pfx       the collector's key and self-signed certificate (PKCS#12), made at first use
 * &lt;pki-dir&gt;/collector.der       the same certificate, to hand to the server's administrator
 * &lt;pki-dir&gt;/trusted/certs/      server certificates (DER or PEM) the collector trusts
 * &lt;pki-dir&gt;/issuer/certs/       CA certificates used only to check chains
 * &lt;pki-dir&gt;/rejected/certs/     certificates of servers that were refused, for the operator to inspect
 * </pre>
 * To trust a server, copy its certificate into {@code trusted/certs} (or move it there from {@code rejected/certs}
 * after checking its thumbprint with the server's administrator); it is picked up without restart.
 *
 * @param pkiDir                          the PKI directory (default {@code data/collector-pki})
 * @param acceptUnknownServerCertificates commissioning only: accept a server certificate that is not trusted (it is
 *                                        logged at WARN with its thumbprint, not added to the trust list). Default
 *                                        false; never leave it on in production: it allows a man in the middle
 * @param publishingInterval              SUBSCRIBE devices: how often the server sends the changes (default PT1S);
 *                                        it is also the sampling interval of the monitored items
 * @param keepAlive                       SUBSCRIBE devices: the longest a quiet subscription waits before the server
 *                                        sends a keep-alive (default PT5S); a value is stale (BAD) once the subscription
 *                                        has been silent for longer than max(2 x slot length, 3 x keep-alive)
 */
@ConfigurationProperties("energymon.collector.opcua")
public record OpcUaProperties(@DefaultValue("data/collector-pki") Path pkiDir,
                              @DefaultValue("false") boolean acceptUnknownServerCertificates,
                              @DefaultValue("PT1S") Duration publishingInterval,
                              @DefaultValue("PT5S") Duration keepAlive) {

    /** The defaults. */
    public static final OpcUaProperties DEFAULTS = new OpcUaProperties(Path.of("data/collector-pki"), false,
            Duration.ofSeconds(1), Duration.ofSeconds(5));

    public OpcUaProperties {
        if (pkiDir == null) {
            throw new IllegalArgumentException("energymon.collector.opcua.pki-dir must be set");
        }
        if (publishingInterval == null || publishingInterval.toMillis() < 10) {
            throw new IllegalArgumentException("energymon.collector.opcua.publishing-interval must be at least 10 ms, got "
                    + publishingInterval);
        }
        if (keepAlive == null || keepAlive.compareTo(publishingInterval) < 0) {
            throw new IllegalArgumentException("energymon.collector.opcua.keep-alive must not be shorter than "
                    + "publishing-interval, got " + keepAlive);
        }
    }
}
