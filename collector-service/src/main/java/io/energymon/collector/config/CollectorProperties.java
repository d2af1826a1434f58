package io.energymon.collector.config;

import io.energymon.domain.tenancy.EnterpriseRef;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * What this collector polls. Bound from {@code energymon.collector.*}; see the README of collector-service.
 *
 * @param collectorId  name of this collector instance, carried in every batch
 * @param slot         poll slot; readings are stamped with the slot start (default 15 minutes, as DB36 §9.8.1 asks)
 * @param slotOffset   how long after the slot start the poll runs, so that meters have updated (default 1 s)
 * @param enterprises  the enterprises whose meters this collector reads
 */
@ConfigurationProperties("energymon.collector")
public record CollectorProperties(@DefaultValue("collector-1") String collectorId,
                                  @DefaultValue("PT15M") Duration slot,
                                  @DefaultValue("PT1S") Duration slotOffset,
                                  @DefaultValue List<EnterpriseConfig> enterprises) {

    public CollectorProperties {
        if (slot.isNegative() || slot.isZero() || Duration.ofDays(1).toMillis() % slot.toMillis() != 0) {
            throw new IllegalArgumentException("energymon.collector.slot must divide a day evenly, got " + slot);
        }
        if (slotOffset.compareTo(slot) >= 0) {
            throw new IllegalArgumentException("energymon.collector.slot-offset must be shorter than the slot");
        }
    }

    public record EnterpriseConfig(String tenantId, String enterpriseCode, @DefaultValue List<DeviceConfig> devices) {
        public EnterpriseConfig {
            new EnterpriseRef(tenantId, enterpriseCode); // a valid tenant and USCC, or a clear start-up error
        }
    }

    /**
     * One device on the network.
     *
     * @param id       device id, unique within the enterprise (e.g. the meter code)
     * @param protocol only {@code modbus-tcp} so far
     * @param host     host of the device or of its serial-to-TCP gateway
     * @param port     TCP port (Modbus default 502)
     * @param unitId   Modbus unit id
     * @param timeout  response timeout
     * @param points   the points read from this device
     */
    public record DeviceConfig(String id, @DefaultValue("modbus-tcp") String protocol, String host,
                               @DefaultValue("502") int port, @DefaultValue("1") int unitId,
                               @DefaultValue("PT2S") Duration timeout, @DefaultValue List<PointConfig> points) {
    }

    /**
     * One point of a device.
     *
     * @param id       point id, unique within the enterprise
     * @param register first register address (0-based protocol address)
     * @param function HOLDING (function 03) or INPUT (function 04)
     * @param type     UINT16, INT16, UINT32, INT32, FLOAT32
     * @param wordOrder BIG (high word first) or LITTLE, for 32-bit types
     * @param scale    multiplier applied to the raw value (e.g. 0.01 for a register in 0.01 kWh)
     * @param source   data source code of Table 3 (default 4: meter)
     */
    public record PointConfig(String id, int register, @DefaultValue("HOLDING") String function,
                              @DefaultValue("UINT32") String type, @DefaultValue("BIG") String wordOrder,
                              @DefaultValue("1") BigDecimal scale, @DefaultValue("4") int source) {
    }
}
