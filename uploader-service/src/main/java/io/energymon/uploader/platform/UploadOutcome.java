package io.energymon.uploader.platform;

import java.time.Duration;

/**
 * The platform's answer to an upload that reached it.
 *
 * @param accepted        true when the platform answered responseCode "0"
 * @param httpStatus      HTTP status
 * @param responseCode    the platform's responseCode, or null when the answer carried none
 * @param responseMessage the platform's responseMessage (or a description of a non-protocol answer)
 * @param latency         time from sending to the complete answer
 * @param requestBody     the JSON body exactly as sent (field values encrypted when the dialect encrypts)
 */
public record UploadOutcome(boolean accepted, int httpStatus, String responseCode, String responseMessage,
                            Duration latency, String requestBody) {
}
