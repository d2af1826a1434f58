package io.energymon.uploader.config;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Objects;
import java.util.UUID;

/**
 * This uploader instance among the replicas sharing one database: written as {@code claimed_by} on the queue rows it
 * has in flight and as the holder of a registration lease, for operators. Host name plus a random suffix, so that
 * two instances on one host differ.
 */
public record ReplicaId(String value) {
    public ReplicaId {
        Objects.requireNonNull(value, "value");
    }

    /** A new id for this process. */
    public static ReplicaId generate() {
        String host;
        try {
            host = InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            host = "uploader";
        }
        return new ReplicaId(host + "-" + UUID.randomUUID().toString().substring(0, 8));
    }
}
