package io.energymon.collector.opcua;

import io.energymon.domain.config.DeviceConfig;
import java.util.Locale;
import org.eclipse.milo.opcua.stack.core.security.SecurityPolicy;
import org.eclipse.milo.opcua.stack.core.types.enumerated.MessageSecurityMode;

/**
 * The security policy and mode of an OPC UA device: {@code securityPolicy} None (default) or Basic256Sha256;
 * {@code securityMode} None, Sign or SignAndEncrypt (default None with policy None, else SignAndEncrypt).
 */
record OpcUaSecurity(SecurityPolicy policy, MessageSecurityMode mode) {

    /** The device's security, or an IllegalArgumentException saying what is wrong. */
    static OpcUaSecurity of(DeviceConfig d) {
        String p = d.securityPolicy() == null || d.securityPolicy().isBlank() ? "None" : d.securityPolicy().strip();
        SecurityPolicy policy = switch (p.toLowerCase(Locale.ROOT)) {
            case "none" -> SecurityPolicy.None;
            case "basic256sha256" -> SecurityPolicy.Basic256Sha256;
            default -> throw new IllegalArgumentException("securityPolicy must be None or Basic256Sha256, got " + p);
        };
        String m = d.securityMode() == null || d.securityMode().isBlank()
                ? (policy == SecurityPolicy.None ? "None" : "SignAndEncrypt") : d.securityMode().strip();
        MessageSecurityMode mode = switch (m.toLowerCase(Locale.ROOT)) {
            case "none" -> MessageSecurityMode.None;
            case "sign" -> MessageSecurityMode.Sign;
            case "signandencrypt" -> MessageSecurityMode.SignAndEncrypt;
            default -> throw new IllegalArgumentException("securityMode must be None, Sign or SignAndEncrypt, got " + m);
        };
        if ((policy == SecurityPolicy.None) != (mode == MessageSecurityMode.None)) {
            throw new IllegalArgumentException("securityMode " + mode + " does not go with securityPolicy " + p
                    + " (None goes with None only)");
        }
        return new OpcUaSecurity(policy, mode);
    }

    @Override
    public String toString() {
        return policy.name() + "/" + mode.name();
    }
}
