package io.energymon.domain.event;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * JSON form of the event values (UTF-8). Instants are ISO-8601 UTC strings, local date-times ISO strings without
 * zone, durations ISO-8601 ("PT15M"), decimals JSON numbers kept exactly. Unknown properties are ignored so that a
 * consumer reads values of a newer minor schema.
 */
public final class EventCodec {
    private static final JsonMapper MAPPER = JsonMapper.builder()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();

    private EventCodec() {
    }

    public static byte[] encode(Object value) {
        return MAPPER.writeValueAsBytes(value);
    }

    /**
     * @throws MalformedEventException when the bytes are not a valid value of the type (the message says why)
     */
    public static <T> T decode(byte[] json, Class<T> type) {
        if (json == null || json.length == 0) {
            throw new MalformedEventException("empty " + type.getSimpleName() + " value");
        }
        try {
            return MAPPER.readValue(json, type);
        } catch (JacksonException | IllegalArgumentException | NullPointerException e) {
            throw new MalformedEventException("malformed " + type.getSimpleName() + ": " + e.getMessage(), e);
        }
    }

    /** An event value that cannot be decoded; consumers skip it (after logging) instead of blocking the partition. */
    public static final class MalformedEventException extends RuntimeException {
        public MalformedEventException(String message) {
            super(message);
        }

        public MalformedEventException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
