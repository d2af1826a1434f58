package io.energymon.portal.overview;

import io.energymon.portal.config.PortalProperties;
import io.energymon.portal.config.PortalProperties.EnterpriseConfig;
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
 * and upload status, fetched from aggregator-service and uploader-service over their documented HTTP APIs.
 */
@RestController
@RequestMapping("/api/portal")
public class OverviewController {
    private final PortalProperties props;
    private final RestClient aggregator;
    private final RestClient uploader;

    public OverviewController(PortalProperties props, RestClient.Builder http) {
        this.props = props;
        this.aggregator = http.clone().baseUrl(props.aggregatorUrl().toString()).build();
        this.uploader = http.clone().baseUrl(props.uploaderUrl().toString()).build();
    }

    @GetMapping("/enterprises")
    public List<EnterpriseConfig> enterprises() {
        return props.enterprises();
    }

    public record Overview(EnterpriseConfig enterprise, List<?> readings, List<?> itemValues, List<?> uploads,
                           List<?> attempts) {
    }

    @GetMapping("/tenants/{tenantId}/enterprises/{enterpriseCode}/overview")
    public Overview overview(@PathVariable String tenantId, @PathVariable String enterpriseCode) {
        EnterpriseConfig e = props.enterprises().stream()
                .filter(x -> x.tenantId().equals(tenantId) && x.enterpriseCode().equals(enterpriseCode))
                .findFirst()
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
