package io.energymon.portal.overview;

import io.energymon.portal.config.PortalProperties;
import io.energymon.portal.masterdata.EnterpriseRow;
import io.energymon.portal.masterdata.MasterDataStore;
import io.energymon.security.CurrentCaller;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.client.RestClient;
import org.springframework.web.server.ResponseStatusException;

/**
 * The portal's API for its page: the enterprises, and per enterprise the latest readings, recent data item values
 * and upload status, fetched from aggregator-service and uploader-service over their documented HTTP APIs with the
 * caller's own token (relayed: those services check the same tenant, enterprise and role again).
 */
@RestController
@RequestMapping("/api/portal")
public class OverviewController {
    private final MasterDataStore masterData;
    private final VisibleEnterprises visible;
    private final RestClient aggregator;
    private final RestClient uploader;
    private final CurrentCaller callers;

    public OverviewController(PortalProperties props, MasterDataStore masterData, VisibleEnterprises visible,
                              RestClient.Builder http, CurrentCaller callers) {
        this.masterData = masterData;
        this.visible = visible;
        this.callers = callers;
        RestClient.Builder relaying = http.clone().requestInterceptor((request, body, execution) -> {
            String token = callers.bearerToken();
            if (token != null) {
                request.getHeaders().setBearerAuth(token);
            }
            return execution.execute(request, body);
        });
        this.aggregator = relaying.clone().baseUrl(props.aggregatorUrl().toString()).build();
        this.uploader = relaying.clone().baseUrl(props.uploaderUrl().toString()).build();
    }

    /** An enterprise as the page lists it. */
    public record EnterpriseSummary(String tenantId, String enterpriseCode, String name) {
        static EnterpriseSummary of(EnterpriseRow e) {
            return new EnterpriseSummary(e.tenantId(), e.enterpriseCode(), e.profile().name());
        }
    }

    /** The enterprises the caller may see, of every tenant for platform operators. */
    @GetMapping("/enterprises")
    public List<EnterpriseSummary> enterprises() {
        return visible.of(callers.get());
    }

    public record Overview(EnterpriseSummary enterprise, List<?> readings, List<?> itemValues, List<?> uploads,
                           List<?> attempts) {
    }

    @GetMapping("/tenants/{tenantId}/enterprises/{enterpriseCode}/overview")
    public Overview overview(@PathVariable String tenantId, @PathVariable String enterpriseCode) {
        EnterpriseSummary e = masterData.enterprise(tenantId, enterpriseCode).filter(x -> x.retiredAt() == null)
                .map(EnterpriseSummary::of)
                .orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND,
                        "用能单位不存在或无权访问 / enterprise not found or not accessible: " + tenantId + "/" + enterpriseCode));
        String base = "/api/v1/tenants/{t}/enterprises/{e}";
        return new Overview(e,
                get(aggregator, base + "/readings/latest", tenantId, enterpriseCode),
                get(aggregator, base + "/item-values?limit=20", tenantId, enterpriseCode),
                get(uploader, base + "/uploads?limit=20", tenantId, enterpriseCode),
                get(uploader, base + "/upload-attempts?limit=10", tenantId, enterpriseCode));
    }

    private static List<?> get(RestClient client, String uri, String tenantId, String enterpriseCode) {
        List<?> body = client.get().uri(uri, Map.of("t", tenantId, "e", enterpriseCode)).retrieve().body(List.class);
        return body == null ? List.of() : body;
    }
}
