package io.energymon.uploader.queue;

import io.energymon.domain.event.EventCodec;
import io.energymon.domain.event.ItemValue;
import io.energymon.domain.event.Topics;
import io.energymon.uploader.config.UploaderProperties;
import io.energymon.uploader.config.UploaderProperties.EnterpriseConfig;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * Consumes {@code item-values.v1} into the durable queue, one row per platform the enterprise reports to. The
 * offset is committed after the database transaction; a replay finds equal versions and changes nothing.
 */
@Component
public class ItemValuesListener {
    private static final Logger log = LoggerFactory.getLogger(ItemValuesListener.class);

    private final UploadQueue queue;
    private final Map<String, EnterpriseConfig> enterprises;
    private final Counter queued;
    private final Counter ignored;
    private final Counter malformed;

    public ItemValuesListener(UploadQueue queue, UploaderProperties props, MeterRegistry registry) {
        this.queue = queue;
        this.enterprises = props.enterprises().stream()
                .collect(Collectors.toMap(e -> e.tenantId() + "/" + e.enterpriseCode(), Function.identity()));
        this.queued = Counter.builder("uploader_items_queued_total").register(registry);
        this.ignored = Counter.builder("uploader_items_ignored_total").register(registry);
        this.malformed = Counter.builder("uploader_malformed_events_total").tag("topic", Topics.ITEM_VALUES).register(registry);
    }

    @KafkaListener(topics = Topics.ITEM_VALUES, groupId = "${spring.kafka.consumer.group-id:uploader}")
    @Transactional
    public void onItemValue(ConsumerRecord<String, byte[]> record) {
        ItemValue v;
        try {
            v = EventCodec.decode(record.value(), ItemValue.class);
        } catch (EventCodec.MalformedEventException e) {
            malformed.increment();
            log.error("skipping malformed record {}-{}@{}: {}", record.topic(), record.partition(), record.offset(),
                    e.getMessage());
            return;
        }
        EnterpriseConfig e = enterprises.get(v.tenantId() + "/" + v.enterpriseCode());
        if (e == null) {
            ignored.increment();
            log.warn("item value for unconfigured enterprise {}/{} ignored", v.tenantId(), v.enterpriseCode());
            return;
        }
        for (String platformId : e.platforms()) {
            if (queue.offer(platformId, v)) {
                queued.increment();
            }
        }
    }
}
