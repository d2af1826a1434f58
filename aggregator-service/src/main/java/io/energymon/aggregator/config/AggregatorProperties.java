package io.energymon.aggregator.config;

import io.energymon.codes.itemcode.DataItemCode;
import io.energymon.codes.itemcode.Scope;
import io.energymon.domain.tenancy.EnterpriseRef;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.ZoneId;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Bound from {@code energymon.aggregator.*}. Until master data arrives over {@code config.v1} (portal issue), the
 * enterprises and their data items are configured here.
 *
 * @param outboxPollInterval how often the outbox relay looks for unpublished rows
 * @param outboxBatchSize    rows relayed per round
 * @param enterprises        enterprises with their local zone and data items
 */
@ConfigurationProperties("energymon.aggregator")
public record AggregatorProperties(@DefaultValue("PT0.2S") Duration outboxPollInterval,
                                   @DefaultValue("500") int outboxBatchSize,
                                   @DefaultValue List<EnterpriseConfig> enterprises) {

    /**
     * @param zone day and month boundaries are local to this zone (default Asia/Shanghai), never UTC
     */
    public record EnterpriseConfig(String tenantId, String enterpriseCode, @DefaultValue("Asia/Shanghai") ZoneId zone,
                                   @DefaultValue List<ItemConfig> items) {
        public EnterpriseConfig {
            new EnterpriseRef(tenantId, enterpriseCode); // a valid tenant and USCC, or a clear start-up error
        }
    }

    /**
     * A data item computed from one cumulative point (formulas over several points come with the formula issue).
     *
     * @param dataCode  the platform's data item code, bare digits
     * @param pointId   the cumulative point whose interval consumption is the item's real-time value
     * @param factor    multiplier from the point's unit to the item's unit (default 1)
     * @param inputType data source (Table 3) reported to the platform
     * @param scope     1 whole plant, 2 process, 3 process unit, 4 key equipment
     */
    public record ItemConfig(String dataCode, String pointId, @DefaultValue("1") BigDecimal factor,
                             @DefaultValue("4") int inputType, @DefaultValue("1") int scope) {
        public ItemConfig {
            DataItemCode code = DataItemCode.parse(dataCode);
            Scope s = Scope.ofCode(scope).orElseThrow(() -> new IllegalArgumentException(
                    "数据项 " + dataCode + " 的范围应为1..4 / scope of item " + dataCode + " must be 1..4, got " + scope));
            if (!code.withScope(s).equals(code)) {
                throw new IllegalArgumentException("数据项编码 " + dataCode + " 与范围" + scope + "（" + s.nameZh()
                        + "）不一致：应为 " + code.withScope(s).format() + " / data item code " + dataCode
                        + " does not match scope " + scope + " (" + s.nameEn() + "): expected " + code.withScope(s).format());
            }
            if (inputType < 1 || inputType > 7) {
                throw new IllegalArgumentException("数据项 " + dataCode + " 的数据来源应为1..7 / inputType of item "
                        + dataCode + " must be a Table 3 code 1..7, got " + inputType);
            }
            if (pointId == null || pointId.isBlank()) {
                throw new IllegalArgumentException("数据项 " + dataCode + " 缺少采集点 / item " + dataCode + " has no point-id");
            }
        }
    }
}
