package io.energymon.uploader.secrets;

import java.nio.file.Path;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Bound from {@code energymon.uploader.secrets.*}: the key secrets are encrypted with in the database (AES-256-GCM).
 *
 * @param keyFile     a mounted secret file holding the base64 of 32 random bytes (one line). Every replica sharing
 *                    the database must read the same key.
 * @param generateKey when the key file is missing, create it with a new random key (owner-only permissions) and warn
 *                    instead of refusing to start. For the dev stack and tests only: production mounts the file, and
 *                    replicas generating their own keys could not read each other's rows.
 */
@ConfigurationProperties("energymon.uploader.secrets")
public record SecretsProperties(@DefaultValue("secrets/uploader-secrets.key") Path keyFile,
                                @DefaultValue("false") boolean generateKey) {
}
