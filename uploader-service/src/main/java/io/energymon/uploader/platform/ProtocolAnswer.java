package io.energymon.uploader.platform;

import io.energymon.uploader.platform.http.HttpAnswer;
import java.net.URI;
import java.time.Duration;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * An answer of a platform's JSON protocol, as both dialects receive them: an object with {@code responseCode} and
 * {@code responseMessage} (and the dialect's payload).
 *
 * @param body the parsed answer, or null when it was no protocol JSON (then the codes are null too)
 */
public record ProtocolAnswer(int status, JsonNode body, String responseCode, String responseMessage, Duration latency) {

    /**
     * Reads an HTTP answer. HTTP 5xx, 408 and 429, and a 2xx whose body is no protocol JSON, are transport failures
     * (retried with back-off); another status without protocol JSON is an answer without codes.
     *
     * @throws PlatformTransportException for the transport failures above
     */
    public static ProtocolAnswer of(URI url, HttpAnswer answer, JsonMapper json) {
        int status = answer.status();
        if (status >= 500 || status == 408 || status == 429) {
            throw new PlatformTransportException("HTTP " + status + " from " + url, status);
        }
        JsonNode node;
        try {
            node = json.readTree(answer.body());
        } catch (JacksonException e) {
            node = null;
        }
        if (node == null || !node.isObject() || text(node, "responseCode") == null) {
            if (status / 100 == 2) {
                throw new PlatformTransportException("answer from " + url + " is not protocol JSON (HTTP " + status
                        + ")", status);
            }
            return new ProtocolAnswer(status, null, null, null, answer.latency());
        }
        return new ProtocolAnswer(status, node, text(node, "responseCode"), text(node, "responseMessage"),
                answer.latency());
    }

    /** A scalar field of a JSON object as text, or null when absent, null or not a scalar. */
    public static String text(JsonNode node, String field) {
        JsonNode value = node == null ? null : node.get(field);
        return value != null && value.isValueNode() && !value.isNull() ? value.asString() : null;
    }
}
