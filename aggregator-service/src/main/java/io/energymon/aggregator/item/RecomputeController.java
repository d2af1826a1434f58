package io.energymon.aggregator.item;

import io.energymon.aggregator.config.CatalogItem;
import io.energymon.aggregator.config.EnterpriseCatalog;
import io.energymon.aggregator.config.ItemCatalog;
import io.energymon.aggregator.query.ApiErrors;
import io.swagger.v3.oas.annotations.Operation;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** Starts the recomputation of a data item from a date ({@link Recompute}); scoped by tenant and enterprise. */
@RestController
@RequestMapping("/api/v1/tenants/{tenantId}/enterprises/{enterpriseCode}")
public class RecomputeController {
    private static final Logger log = LoggerFactory.getLogger(RecomputeController.class);

    private final Recompute recompute;
    private final ItemCatalog catalog;

    public RecomputeController(Recompute recompute, ItemCatalog catalog) {
        this.recompute = recompute;
        this.catalog = catalog;
    }

    @Operation(summary = "从某日起按当前公式重算数据项 / recompute a data item from a date with its current formula",
            description = "local dates of the enterprise's zone, from inclusive, to exclusive (default: tomorrow), at "
                    + "most 366 days; answers when done with the days, periods and values that changed")
    @PostMapping("/items/{dataCode}/recompute")
    public Recompute.Result recompute(@PathVariable String tenantId, @PathVariable String enterpriseCode,
                                      @PathVariable String dataCode, @RequestParam LocalDate from,
                                      @RequestParam(required = false) LocalDate to) {
        EnterpriseCatalog e = ApiErrors.enterprise(catalog, tenantId, enterpriseCode);
        CatalogItem item = ApiErrors.item(e, dataCode);
        Instant now = Instant.now();
        LocalDate end = to != null ? to : now.atZone(e.zone()).toLocalDate().plusDays(1);
        long days = ChronoUnit.DAYS.between(from, end);
        if (days < 1 || days > 366) {
            throw new IllegalArgumentException("重算范围应为1至366天 / the range must be 1 to 366 days, got " + days);
        }
        Recompute.Result r = recompute.recompute(e, item, from, end, now);
        log.info("tenant={} enterprise={} item {} recomputed from {} to {}: {} period(s), {} value(s) changed",
                tenantId, enterpriseCode, item.dataCode(), from, end, r.periods(), r.valuesChanged());
        return r;
    }
}
