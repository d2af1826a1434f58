package io.energymon.security;

import jakarta.servlet.http.HttpServletRequest;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;

/**
 * Where the request being served came from, for audit records. Behind the gateway (Spring Cloud Gateway appends the
 * peer it saw to {@code X-Forwarded-For}) the client address is the <em>last</em> entry of that header: earlier
 * entries were sent by the client itself and prove nothing. Without the header it is the TCP peer's address.
 *
 * @param clientAddress null outside a request
 * @param userAgent     null when absent
 */
public record RequestOrigin(String clientAddress, String userAgent) {
    private static final int MAX_ADDRESS = 64;
    public static final RequestOrigin NONE = new RequestOrigin(null, null);

    /** The origin of the current HTTP request; {@link #NONE} outside a request (start-up, Kafka, scheduled work). */
    public static RequestOrigin current() {
        if (RequestContextHolder.getRequestAttributes() instanceof ServletRequestAttributes a) {
            HttpServletRequest r = a.getRequest();
            return new RequestOrigin(clientAddress(r.getHeader("X-Forwarded-For"), r.getRemoteAddr()),
                    r.getHeader("User-Agent"));
        }
        return NONE;
    }

    /** The last non-blank entry of an {@code X-Forwarded-For} value, else {@code remoteAddress}. */
    public static String clientAddress(String forwardedFor, String remoteAddress) {
        String address = remoteAddress;
        if (forwardedFor != null) {
            String[] hops = forwardedFor.split(",");
            for (int i = hops.length - 1; i >= 0; i--) {
                if (!hops[i].isBlank()) {
                    address = hops[i].strip();
                    break;
                }
            }
        }
        return address == null || address.length() <= MAX_ADDRESS ? address : address.substring(0, MAX_ADDRESS);
    }
}
