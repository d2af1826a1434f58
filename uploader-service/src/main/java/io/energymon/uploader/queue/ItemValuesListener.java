package io.energymon.uploader.queue;

import io.energymon.domain.event.EventCodec;
import io.energymon.domain.event.ItemValue;
import io.energymon.uploader.config.UploaderProperties;
import io.energymon.uploader.directory.Enterprise;
import io.energymon.uploader.directory.EnterpriseDirectory;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * Consumes {@code item-values.v1} into the durable queue, one row per upload target of the enterprise (enabled or
 * paused: a paused target keeps its queue). A value of an enterprise the uploader has no configuration for yet, or
 * whose configuration names no target, is parked ({@link ParkingLot}) and queued when the configuration arrives;
 * it is never dropped. The offset is committed after the database transaction; a replay finds equal versions and
 * changes nothing.
 *
 * <p>The aggregator computes real-time values of every item (day and month values are built from them), but a
 * platform receives only the periods an item is configured to report ({@code ItemConfig.statTypes}): a value of a
 * known enterprise whose item is configured and whose statType is not among the item's is neither queued nor parked;
 * it is counted ({@code uploader_items_not_reported_total}, every time it is received), logged at DEBUG, and its
 * offset committed — a rule, not a failure. A value of an item that is not in the enterprise's configuration (retired, or not known yet) is queued as
 * any other: the configuration does not describe it, so nothing is withheld on its strength.
 */
@Component
public class ItemValuesListener {
    private static final Logger log = LoggerFactory.getLogger(ItemValuesListener.class);

    private final UploadQueue queue;
    private final ParkingLot parking;
    private final EnterpriseDirectory directory;
    private final Counter queued;
    private final Counter notReported;
    private final Counter malformed;

    public ItemValuesListener(UploadQueue queue, ParkingLot parking, EnterpriseDirectory directory,
                              UploaderProperties props, MeterRegistry registry) {
        this.queue = queue;
        this.parking = parking;
        this.directory = directory;
        this.queued = Counter.builder("uploader_items_queued_total").register(registry);
        this.notReported = notReportedCounter(registry);
        this.malformed = Counter.builder("uploader_malformed_events_total").tag("topic", props.itemValuesTopic())
                .register(registry);
    }

    @KafkaListener(topics = "${energymon.uploader.item-values-topic:item-values.v1}",
            groupId = "${spring.kafka.consumer.group-id:uploader}")
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
        Enterprise e = directory.find(v.tenantId(), v.enterpriseCode()).orElse(null);
        if (e == null || !e.hasTargets()) {
            // the configuration may be arriving right now: decide under the lock the move takes too
            parking.lock(v.tenantId(), v.enterpriseCode());
            e = directory.find(v.tenantId(), v.enterpriseCode()).orElse(null);
        }
        if (e != null && !e.reports(v.dataCode(), v.statType())) {
            notReported.increment();
            log.debug("item value {} {} {} of {}/{} not queued: config.v1 revision {} reports the item for statTypes "
                    + "{}",
                    v.dataCode(), v.statType(), v.statDate(), v.tenantId(), v.enterpriseCode(), e.revision(),
                    e.statTypes().get(v.dataCode()));
            return;
        }
        if (e == null || !e.hasTargets()) {
            String reason = e != null ? "no upload target in config.v1" : "enterprise not (yet) in config.v1";
            if (parking.park(v, record.value(), reason)) {
                log.info("item value {} {} {} of {}/{} parked: {}", v.dataCode(), v.statType(), v.statDate(),
                        v.tenantId(), v.enterpriseCode(), reason);
            }
            return;
        }
        for (Enterprise.Target t : e.targets()) {
            if (queue.offer(t.platformId(), v)) {
                queued.increment();
            }
        }
    }

    /**
     * Values not queued because their item is not reported for their period; shared with the park's move
     * ({@link ParkingLot}), which applies the same rule.
     */
    static Counter notReportedCounter(MeterRegistry registry) {
        return Counter.builder("uploader_items_not_reported_total")
                .description("item values not queued because their item is not configured to report their statType")
                .register(registry);
    }
}
