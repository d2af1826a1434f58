package io.energymon.uploader.platform;

/**
 * The platform answered a registration, version check or download with a well-formed refusal (responseCode other
 * than "0"). Not retryable without a change of configuration.
 */
public class PlatformRejectedException extends RuntimeException {

    private final String responseCode;
    private final String responseMessage;

    public PlatformRejectedException(String responseCode, String responseMessage) {
        super("platform refused (responseCode " + responseCode + "): " + responseMessage);
        this.responseCode = responseCode;
        this.responseMessage = responseMessage;
    }

    public String responseCode() {
        return responseCode;
    }

    public String responseMessage() {
        return responseMessage;
    }
}
