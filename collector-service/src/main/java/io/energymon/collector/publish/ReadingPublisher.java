package io.energymon.collector.publish;

import io.energymon.domain.event.EventCodec;
import io.energymon.domain.event.ReadingBatch;
import io.energymon.domain.event.Topics;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.stereotype.Component;

/** Publishes reading batches to {@code readings.v1}, keyed by enterprise, and waits for the broker's acknowledgement. */
@Component
public class ReadingPublisher {
    private final KafkaTemplate<String, byte[]> kafka;

    public ReadingPublisher(KafkaTemplate<String, byte[]> kafka) {
        this.kafka = kafka;
    }

    /** @throws PublishException when the broker did not acknowledge within 30 s */
    public void publish(ReadingBatch batch) {
        try {
            kafka.send(Topics.READINGS, batch.enterpriseCode(), EventCodec.encode(batch)).get(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PublishException("interrupted while publishing batch " + batch.batchId(), e);
        } catch (ExecutionException | TimeoutException e) {
            throw new PublishException("batch " + batch.batchId() + " of " + batch.enterpriseCode() + " not acknowledged: " + e, e);
        }
    }

    public static final class PublishException extends RuntimeException {
        PublishException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
