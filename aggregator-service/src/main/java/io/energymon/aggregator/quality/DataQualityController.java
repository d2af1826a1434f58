package io.energymon.aggregator.quality;

import io.energymon.aggregator.config.EnterpriseCatalog;
import io.energymon.aggregator.config.ItemCatalog;
import io.energymon.aggregator.query.ApiErrors;
import io.swagger.v3.oas.annotations.Operation;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** The data-quality indices of an enterprise per day ({@link DataQuality}); scoped by tenant and enterprise. */
@RestController
@RequestMapping("/api/v1/tenants/{tenantId}/enterprises/{enterpriseCode}")
public class DataQualityController {
    private final DataQuality quality;
    private final ItemCatalog catalog;

    public DataQualityController(DataQuality quality, ItemCatalog catalog) {
        this.quality = quality;
        this.catalog = catalog;
    }

    @Operation(summary = "每日数据质量 / data quality per day",
            description = "completeness, timeliness, day consistency, statDate alignment, meters in verification and "
                    + "their composite, per local day; from inclusive, to exclusive, at most 92 days")
    @GetMapping("/quality")
    public List<DataQuality.Day> quality(@PathVariable String tenantId, @PathVariable String enterpriseCode,
                                        @RequestParam LocalDate from, @RequestParam LocalDate to) {
        EnterpriseCatalog e = ApiErrors.enterprise(catalog, tenantId, enterpriseCode);
        long days = ChronoUnit.DAYS.between(from, to);
        if (days < 1 || days > 92) {
            throw new IllegalArgumentException("日期范围应为1至92天 / the range must be 1 to 92 days, got " + days);
        }
        return quality.days(e, from, to);
    }
}
