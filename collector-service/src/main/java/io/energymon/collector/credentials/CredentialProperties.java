package io.energymon.collector.credentials;

import java.nio.file.Path;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Where the collector finds the passwords of the systems it logs in to (OPC UA servers, databases). Master data only
 * names a secret ({@code DeviceConfig.credentialRef}); the secret itself lives with the collector. Bound from
 * {@code energymon.collector.credentials.*}.
 *
 * @param dir    a directory holding one file per secret, named by the reference, whose content is the password (a
 *               trailing line break is ignored): the layout of Docker and Kubernetes secrets mounted as files, e.g.
 *               {@code /run/secrets/energymon}. Default none.
 * @param values secrets given as properties, {@code energymon.collector.credentials.values.<ref>=<password>} (or
 *               the environment variable {@code ENERGYMON_COLLECTOR_CREDENTIALS_VALUES_<REF>}); they win over the
 *               directory. Default none.
 */
@ConfigurationProperties("energymon.collector.credentials")
public record CredentialProperties(Path dir, Map<String, String> values) {

    /** No secrets at all. */
    public static final CredentialProperties NONE = new CredentialProperties(null, Map.of());

    public CredentialProperties {
        values = values == null ? Map.of() : Map.copyOf(values);
    }
}
