package io.energymon.uploader.platform;

import java.util.OptionalInt;

/**
 * The platform could not be reached or did not answer in protocol form: connection refused, TLS handshake failure,
 * timeout, HTTP 5xx/408/429, or a body that is not the protocol's JSON. Retryable.
 */
public class PlatformTransportException extends RuntimeException {

    private final int httpStatus;

    public PlatformTransportException(String message, Throwable cause) {
        super(message, cause);
        this.httpStatus = -1;
    }

    public PlatformTransportException(String message, int httpStatus) {
        super(message);
        this.httpStatus = httpStatus;
    }

    /** Always true: the caller may try again later. */
    public boolean retryable() {
        return true;
    }

    /** The HTTP status when the failure was an HTTP answer. */
    public OptionalInt httpStatus() {
        return httpStatus < 0 ? OptionalInt.empty() : OptionalInt.of(httpStatus);
    }
}
