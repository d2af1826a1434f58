package io.energymon.collector.poll;

import io.energymon.collector.config.PollingProperties;
import java.time.Instant;

/**
 * The supervision state machine of one device (one connection: a Modbus device, a DL/T 645 or CJ/T 188 gateway bus,
 * an OPC UA server...), modelled on a per-bus task state machine with a defective-device state:
 *
 * <pre>
 *   ONLINE --failed slot--> RETRYING --failed slot (n &lt; defective-after)--> RETRYING (back-off doubled)
 *                             |--failed slot (n = defective-after)--> DEFECTIVE --failed probe--> DEFECTIVE
 *   any state --answered--> ONLINE
 * </pre>
 *
 * A failed slot is one where every point asked for came back BAD for a reason other than its configuration, or the
 * device did not answer within the read budget. Outside ONLINE the device is asked again only once its back-off has
 * passed ({@link PollingProperties#backoff}: doubling from {@code backoff-initial}; {@code backoff-max} once
 * DEFECTIVE); until then {@link #admit} says why its points are BAD, without spending a timeout on it.
 *
 * <p>Time is the slot timeline: every call names the slot (tick) it is about, and back-offs are counted on it. In
 * production a slot is read at its start plus the offset, so this is the wall clock give or take the offset and the
 * read budget; it keeps the machine deterministic and lets tests drive slots back to back. Thread safe.
 */
public final class DeviceSupervision {
    private final String deviceId;
    private final PollingProperties policy;

    private DeviceState state = DeviceState.ONLINE;
    private int consecutiveFailures;
    private Instant nextAttempt;
    private Instant lastSuccess;
    private Instant lastFailure;
    private String lastError;
    private Instant stateSince;

    public DeviceSupervision(String deviceId, PollingProperties policy) {
        this.deviceId = deviceId;
        this.policy = policy;
    }

    /** A point-in-time copy of the state ({@code stateSince} is null until the first change). */
    public record Snapshot(DeviceState state, Instant stateSince, int consecutiveFailures, Instant nextAttempt,
                           Instant lastSuccess, Instant lastFailure, String lastError) {
    }

    /**
     * Whether the device is to be asked for {@code slot}: null when it is, else the reason its points are BAD this
     * slot (bilingual, with the last error).
     */
    public synchronized String admit(Instant slot) {
        if (state == DeviceState.ONLINE || !slot.isBefore(nextAttempt)) {
            return null;
        }
        return skipReason();
    }

    private String skipReason() {
        if (state == DeviceState.DEFECTIVE) {
            return "设备 " + deviceId + " 故障, 下次探测 " + nextAttempt + " / device " + deviceId + " defective since "
                    + stateSince + " (" + consecutiveFailures + " failed slots), next probe at " + nextAttempt
                    + "; last error: " + lastError;
        }
        return "设备 " + deviceId + " 通信失败, 下次重试 " + nextAttempt + " / device " + deviceId + " failing ("
                + consecutiveFailures + " failed slot(s)), retrying at " + nextAttempt + "; last error: " + lastError;
    }

    /** The device answered for {@code slot}: ONLINE. */
    public synchronized void answered(Instant now) {
        lastSuccess = now;
        consecutiveFailures = 0;
        nextAttempt = null;
        enter(DeviceState.ONLINE, now);
    }

    /**
     * Slot {@code now} failed with this reason: RETRYING with back-off, or DEFECTIVE after {@code defective-after} in
     * a row.
     */
    public synchronized void failed(Instant now, String reason) {
        lastFailure = now;
        lastError = reason;
        consecutiveFailures++;
        nextAttempt = now.plus(policy.backoff(consecutiveFailures));
        enter(consecutiveFailures >= policy.defectiveAfter() ? DeviceState.DEFECTIVE : DeviceState.RETRYING, now);
    }

    /** The device's configuration changed at slot {@code now}: ONLINE (last success and error are kept). */
    public synchronized void reset(Instant now) {
        consecutiveFailures = 0;
        nextAttempt = null;
        enter(DeviceState.ONLINE, now);
    }

    private void enter(DeviceState next, Instant now) {
        if (state != next) {
            state = next;
            stateSince = now;
        }
    }

    public synchronized DeviceState state() {
        return state;
    }

    public synchronized Snapshot snapshot() {
        return new Snapshot(state, stateSince, consecutiveFailures, nextAttempt, lastSuccess, lastFailure, lastError);
    }
}
