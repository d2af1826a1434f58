package io.energymon.aggregator.query;

import io.energymon.aggregator.config.CatalogItem;
import io.energymon.aggregator.config.EnterpriseCatalog;
import io.energymon.aggregator.config.ItemCatalog;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.headers.Header;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import java.time.LocalDate;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.StreamingResponseBody;

/**
 * Data export (§9.9): the values of an enterprise's data items over a range, per period, as a CSV or Excel file,
 * streamed as it is read ({@link ExportQuery}). Periods, range and items as {@code /series}: local dates of the
 * enterprise's zone, {@code from} inclusive and {@code to} exclusive, a period listed when its local start lies between
 * them; at most {@link #MAX_MONTHS} months at any period. Before the file, header {@value #ROWS_HEADER} gives the
 * number of data rows (without the header row), for a client's progress.
 */
@RestController
@RequestMapping("/api/v1/tenants/{tenantId}/enterprises/{enterpriseCode}")
public class ExportController {
    public static final String ROWS_HEADER = "X-Export-Rows";
    /** The longest range of one export, in months. */
    public static final int MAX_MONTHS = 24;
    private static final Logger log = LoggerFactory.getLogger(ExportController.class);

    private final ItemCatalog catalog;
    private final ExportQuery query;

    public ExportController(ItemCatalog catalog, ExportQuery query) {
        this.catalog = catalog;
        this.query = query;
    }

    @Operation(summary = "导出数据项的值 / export data item values (§9.9)",
            description = "A CSV (UTF-8 with BOM) or XLSX file, one row per data item and period: data code, item "
                    + "name, stat date (local), period, value, unit, kgce (calorific equivalent and equal value), "
                    + "valid, version; the header row is bilingual. from (inclusive) and to (exclusive) are local "
                    + "dates of the enterprise's zone, at most " + MAX_MONTHS + " months apart.",
            responses = @ApiResponse(responseCode = "200", description = "the file, streamed",
                    headers = @Header(name = ROWS_HEADER, description = "number of data rows in the file")))
    @GetMapping("/export")
    public ResponseEntity<StreamingResponseBody> export(
            @PathVariable String tenantId, @PathVariable String enterpriseCode,
            @Parameter(description = "first local date, yyyy-MM-dd") @RequestParam LocalDate from,
            @Parameter(description = "local date after the last, yyyy-MM-dd") @RequestParam LocalDate to,
            @Parameter(description = "quarter (or 15min), hour, day, month or year") @RequestParam String period,
            @Parameter(description = "csv (default) or xlsx") @RequestParam(defaultValue = "csv") String format,
            @Parameter(description = "data item codes, comma-separated or repeated; default: all items of the "
                    + "enterprise") @RequestParam(required = false) List<String> dataCodes) {
        EnterpriseCatalog enterprise = ApiErrors.enterprise(catalog, tenantId, enterpriseCode);
        SeriesPeriod p = SeriesPeriod.parse(period);
        ExportFormat f = ExportFormat.parse(format);
        Map<String, CatalogItem> items = items(enterprise, dataCodes);
        if (!to.isAfter(from)) {
            throw new IllegalArgumentException("结束日期 to 须晚于开始日期 from / to (" + to + ") must be after from ("
                    + from + ")");
        }
        if (to.isAfter(from.plusMonths(MAX_MONTHS))) {
            throw new IllegalArgumentException("导出范围过长：最多 " + MAX_MONTHS + " 个月 / export range " + from + ".."
                    + to + " too long: at most " + MAX_MONTHS + " months");
        }
        ExportQuery.Request request = new ExportQuery.Request(enterprise, items, p, p.aligned(from, to,
                enterprise.zone()));
        long rows = query.count(request);
        String filename = "export-" + enterpriseCode + "-" + p.param + "-" + from + "-" + to + "." + f.extension;
        StreamingResponseBody body = out -> {
            try (ExportFormat.ExportSink sink = f.open(out)) {
                query.stream(request, sink::row);
            } catch (RuntimeException e) {
                log.warn("export {} of {}/{} broken off: {}", filename, tenantId, enterpriseCode, e.toString());
                throw e;
            }
        };
        return ResponseEntity.ok()
                .header(HttpHeaders.CONTENT_DISPOSITION,
                        ContentDisposition.attachment().filename(filename).build().toString())
                .header(ROWS_HEADER, Long.toString(rows))
                .contentType(MediaType.parseMediaType(f.contentType))
                .body(body);
    }

    /** The items asked (in code order, a code asked twice once), or all items of the enterprise. */
    private static Map<String, CatalogItem> items(EnterpriseCatalog enterprise, List<String> dataCodes) {
        Map<String, CatalogItem> items = new LinkedHashMap<>();
        if (dataCodes == null || dataCodes.isEmpty()) {
            enterprise.items().stream().sorted(Comparator.comparing(CatalogItem::dataCode))
                    .forEach(i -> items.put(i.dataCode(), i));
            if (items.isEmpty()) {
                throw new ApiErrors.NotFound("用能单位 " + enterprise.ref().enterpriseCode() + " 没有数据项 / enterprise "
                        + enterprise.ref().enterpriseCode() + " has no data items");
            }
            return items;
        }
        if (dataCodes.size() > SeriesController.MAX_ITEMS) {
            throw new IllegalArgumentException("数据项最多 " + SeriesController.MAX_ITEMS + " 个，实为 " + dataCodes.size()
                    + " / at most " + SeriesController.MAX_ITEMS + " data codes, got " + dataCodes.size());
        }
        for (String dataCode : dataCodes) {
            CatalogItem item = ApiErrors.item(enterprise, dataCode.strip());
            items.put(item.dataCode(), item);
        }
        return items;
    }
}
