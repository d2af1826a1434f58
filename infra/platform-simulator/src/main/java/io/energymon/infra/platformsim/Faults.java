package io.energymon.infra.platformsim;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Faults a test (or {@code POST /sim/faults}) injects into the simulated platform: HTTP errors, slow answers,
 * refusals with responseCode "1", decryption failures, revoked client certificates. HTTP failures and refusals
 * apply to data uploads of both dialects ({@code centerData}, {@code dataEnterpriseEnergy}; the token dialect
 * answers a refusal with responseCode 400), decryption failures to {@code centerData} only (the token dialect does
 * not encrypt fields); a slow answer, down and a revoked certificate apply to every operation. Thread-safe.
 */
final class Faults {

    private final AtomicInteger httpFailuresLeft = new AtomicInteger();
    private final AtomicInteger httpStatus = new AtomicInteger(503);
    private final AtomicInteger rejectionsLeft = new AtomicInteger();
    private volatile String rejectionMessage = "平台拒收 / rejected by the platform";
    private final AtomicInteger decryptFailuresLeft = new AtomicInteger();
    private final AtomicLong slowMillis = new AtomicLong();
    private final Set<String> revoked = ConcurrentHashMap.newKeySet();

    void failNext(int n, int status) {
        if (status < 100 || status > 599 || n < 0) {
            throw new IllegalArgumentException("n " + n + ", HTTP status " + status);
        }
        httpStatus.set(status);
        httpFailuresLeft.set(n);
    }

    /** The HTTP status of an injected failure of this upload, or 0. */
    int takeHttpFailure() {
        return httpFailuresLeft.getAndUpdate(n -> Math.max(0, n - 1)) > 0 ? httpStatus.get() : 0;
    }

    void rejectNext(int n, String message) {
        if (n < 0) {
            throw new IllegalArgumentException("n " + n);
        }
        if (message != null && !message.isBlank()) {
            rejectionMessage = message;
        }
        rejectionsLeft.set(n);
    }

    /** The message of an injected refusal of this upload, or null. */
    String takeRejection() {
        return rejectionsLeft.getAndUpdate(n -> Math.max(0, n - 1)) > 0 ? rejectionMessage : null;
    }

    void failDecryptionNext(int n) {
        if (n < 0) {
            throw new IllegalArgumentException("n " + n);
        }
        decryptFailuresLeft.set(n);
    }

    boolean takeDecryptionFailure() {
        return decryptFailuresLeft.getAndUpdate(n -> Math.max(0, n - 1)) > 0;
    }

    void slow(long millis) {
        if (millis < 0) {
            throw new IllegalArgumentException("millis " + millis);
        }
        slowMillis.set(millis);
    }

    long slowMillis() {
        return slowMillis.get();
    }

    void revoke(String commonName) {
        revoked.add(commonName);
    }

    void unrevoke(String commonName) {
        revoked.remove(commonName);
    }

    boolean isRevoked(String commonName) {
        return revoked.contains(commonName);
    }

    Set<String> revoked() {
        return Set.copyOf(revoked);
    }

    void clear() {
        httpFailuresLeft.set(0);
        rejectionsLeft.set(0);
        decryptFailuresLeft.set(0);
        slowMillis.set(0);
        revoked.clear();
    }

    /** State for {@code GET /sim/faults}. */
    java.util.Map<String, Object> describe() {
        return java.util.Map.of("httpFailuresLeft", httpFailuresLeft.get(), "httpStatus", httpStatus.get(),
                "rejectionsLeft", rejectionsLeft.get(), "decryptFailuresLeft", decryptFailuresLeft.get(),
                "slowMillis", slowMillis.get(), "revoked", revoked());
    }
}
