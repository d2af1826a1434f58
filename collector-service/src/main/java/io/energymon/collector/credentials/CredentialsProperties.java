package io.energymon.collector.credentials;

import java.nio.file.Path;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Where the collector finds the passwords its devices' {@code credentialRef} name (bound from
 * {@code energymon.collector.*}; see {@link Credentials}). Its {@code toString} never shows a secret.
 *
 * @param credentials    secrets by name: {@code energymon.collector.credentials.<ref>=<password>} (for a name with dots
 *                       write {@code energymon.collector.credentials[mes.db]}); default none
 * @param credentialsDir a directory holding one file per secret, named like the secret, its content the password
 *                       (a trailing line break is ignored), e.g. a mounted Kubernetes secret; default none
 */
@ConfigurationProperties("energymon.collector")
public record CredentialsProperties(Map<String, String> credentials, Path credentialsDir) {
    public CredentialsProperties {
        credentials = credentials == null ? Map.of() : Map.copyOf(credentials);
    }

    @Override
    public String toString() {
        return "CredentialsProperties[credentials=" + credentials.keySet() + " (values hidden), credentialsDir="
                + credentialsDir + "]";
    }
}
