package io.energymon.uploader.outbox;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Bound from {@code energymon.uploader.outbox.*}: how {@link OutboxRelay} relays the outbox (the audit events of
 * re-upload requests) to Kafka.
 *
 * @param pollInterval how often the relay looks for due rows (the delay between an event's commit and its send)
 * @param batchSize    rows claimed per round
 * @param sendTimeout  longest wait for the broker's acknowledgement of one round's sends; a row not acknowledged by
 *                     then counts as a failed attempt (it may still arrive: a re-send keeps the event id)
 * @param lease        how long a replica owns the rows it claimed; a claim that ran out (a replica that crashed
 *                     between send and record) makes them due again. Must exceed {@code sendTimeout}, so that a
 *                     slow round is not sent twice by another replica
 * @param firstBackoff wait after a row's first failed send; doubles with each further failure
 * @param maxBackoff   upper bound of that wait
 * @param retention    published rows are deleted once published longer ago than this
 */
@ConfigurationProperties("energymon.uploader.outbox")
public record OutboxProperties(@DefaultValue("PT1S") Duration pollInterval,
                               @DefaultValue("100") int batchSize,
                               @DefaultValue("PT30S") Duration sendTimeout,
                               @DefaultValue("PT2M") Duration lease,
                               @DefaultValue("PT1S") Duration firstBackoff,
                               @DefaultValue("PT5M") Duration maxBackoff,
                               @DefaultValue("P7D") Duration retention) {

    public OutboxProperties {
        for (Duration d : new Duration[] {pollInterval, sendTimeout, lease, firstBackoff, maxBackoff, retention}) {
            if (d.isNegative() || d.isZero()) {
                throw new IllegalArgumentException("energymon.uploader.outbox: durations must be positive");
            }
        }
        if (batchSize < 1) {
            throw new IllegalArgumentException("energymon.uploader.outbox.batch-size must be at least 1");
        }
        if (lease.compareTo(sendTimeout) <= 0) {
            throw new IllegalArgumentException("energymon.uploader.outbox.lease must exceed send-timeout");
        }
        if (maxBackoff.compareTo(firstBackoff) < 0) {
            throw new IllegalArgumentException("energymon.uploader.outbox.max-backoff must not be below first-backoff");
        }
    }
}
