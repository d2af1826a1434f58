package io.energymon.uploader.platform.http;

import java.time.Duration;
import java.util.Objects;

/**
 * Connection handling of one platform.
 *
 * @param connectTimeout  TCP connect and TLS handshake, each
 * @param responseTimeout longest wait for the answer (and between two reads of it); a slower platform is a
 *                        transport failure, retried later by the delivery's back-off
 * @param idleTimeout     a kept-alive connection idle this long is closed by the client before the platform's web
 *                        stack closes it under us (most close idle connections after 5 to 75 s)
 */
public record HttpSettings(Duration connectTimeout, Duration responseTimeout, Duration idleTimeout) {

    public HttpSettings {
        positive(connectTimeout, "connectTimeout");
        positive(responseTimeout, "responseTimeout");
        positive(idleTimeout, "idleTimeout");
    }

    private static void positive(Duration d, String name) {
        Objects.requireNonNull(d, name);
        if (d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException(name + " must be positive");
        }
    }
}
