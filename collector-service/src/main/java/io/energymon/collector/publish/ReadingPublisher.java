package io.energymon.collector.publish;

import io.energymon.domain.event.EventCodec;
import io.energymon.domain.event.ReadingBatch;
import io.energymon.domain.event.Topics;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.stereotype.Component;

/**
 * Publishes reading batches to {@code readings.v1}, keyed by enterprise, and waits for the broker's acknowledgement.
 *
 * <p>How long one publication can block when the broker is unreachable: the producer's {@code max.block.ms} (waiting
 * for the topic's metadata inside {@code send}, Kafka default 60 s) plus at most {@value #ACK_WAIT_SECONDS} s waiting
 * for the acknowledgement (bounded by the producer's {@code delivery.timeout.ms} as well).
 */
@Component
public class ReadingPublisher {
    static final long ACK_WAIT_SECONDS = 30;

    private final KafkaTemplate<String, byte[]> kafka;

    public ReadingPublisher(KafkaTemplate<String, byte[]> kafka) {
        this.kafka = kafka;
    }

    /** @throws PublishException when the broker did not acknowledge within the time above */
    public void publish(ReadingBatch batch) {
        publishRaw(batch.enterpriseCode(), EventCodec.encode(batch));
    }

    /**
     * Publishes an encoded batch under its key (the USCC).
     *
     * @throws PublishException when the broker did not acknowledge within the time above
     */
    public void publishRaw(String key, byte[] value) {
        try {
            kafka.send(Topics.READINGS, key, value).get(ACK_WAIT_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PublishException("interrupted while publishing a batch of " + key, e, false);
        } catch (ExecutionException | TimeoutException | RuntimeException e) {
            throw new PublishException("batch of " + key + " not acknowledged: " + e, e, isTimeout(e));
        }
    }

    private static boolean isTimeout(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
            if (c instanceof TimeoutException || c instanceof org.apache.kafka.common.errors.TimeoutException) {
                return true;
            }
        }
        return false;
    }

    public static final class PublishException extends RuntimeException {
        private final boolean brokerUnreachable;

        PublishException(String message, Throwable cause, boolean brokerUnreachable) {
            super(message, cause);
            this.brokerUnreachable = brokerUnreachable;
        }

        /** True when the broker did not answer in time (as opposed to rejecting the batch). */
        public boolean brokerUnreachable() {
            return brokerUnreachable;
        }
    }
}
