package io.energymon.portal.collectorstatus;

import io.energymon.portal.collectorstatus.CollectorStatus.Device;
import io.energymon.portal.collectorstatus.CollectorStatus.Unreachable;
import io.energymon.portal.masterdata.MasterDataStore;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;
import tools.jackson.databind.JsonNode;

/**
 * {@code GET /api/v1/tenants/{tenantId}/enterprises/{enterpriseCode}/collector-status}: the enterprise's devices as
 * the collectors supervise them, for the portal's "collector status" screen. The collectors are asked in the portal's
 * own name ({@link CollectorClient}); what they report about other tenants' and enterprises' devices is dropped here.
 * The enterprise is looked up first (its own short query, no transaction left open), then the collectors are called.
 */
@RestController
public class CollectorStatusController {
    static final List<String> STATES = List.of("ONLINE", "RETRYING", "DEFECTIVE");

    private final MasterDataStore masterData;
    private final CollectorClient collectors;

    public CollectorStatusController(MasterDataStore masterData, CollectorClient collectors) {
        this.masterData = masterData;
        this.collectors = collectors;
    }

    @GetMapping("/api/v1/tenants/{tenantId}/enterprises/{enterpriseCode}/collector-status")
    public CollectorStatus collectorStatus(@PathVariable String tenantId, @PathVariable String enterpriseCode) {
        masterData.enterprise(tenantId, enterpriseCode).filter(e -> e.retiredAt() == null)
                .orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND,
                        "用能单位不存在或无权访问 / enterprise not found or not accessible: " + tenantId + "/" + enterpriseCode));
        return of(tenantId, enterpriseCode, collectors.askAll());
    }

    /** Keeps the devices of this tenant and enterprise only; counts them per state; lists who did not answer. */
    static CollectorStatus of(String tenantId, String enterpriseCode, List<CollectorClient.Answer> answers) {
        List<Device> devices = new ArrayList<>();
        List<Unreachable> unreachable = new ArrayList<>();
        for (CollectorClient.Answer answer : answers) {
            switch (answer) {
                case CollectorClient.Failure f -> unreachable.add(new Unreachable(f.collector().toString(), f.reason()));
                case CollectorClient.Report r -> {
                    String collectorId = text(r.body().path("collectorId"));
                    for (JsonNode d : r.body().path("devices")) {
                        if (tenantId.equals(text(d.path("tenantId")))
                                && enterpriseCode.equals(text(d.path("enterpriseCode")))) {
                            devices.add(new Device(collectorId, text(d.path("deviceId")), text(d.path("protocol")),
                                    d.path("points").asInt(0), text(d.path("state")), text(d.path("stateSince")),
                                    d.path("consecutiveFailures").asInt(0), text(d.path("nextAttempt")),
                                    text(d.path("lastSuccess")), text(d.path("lastFailure")),
                                    text(d.path("lastError"))));
                        }
                    }
                }
            }
        }
        Map<String, Integer> states = new LinkedHashMap<>();
        STATES.forEach(s -> states.put(s, 0));
        devices.forEach(d -> states.merge(d.state() == null ? "UNKNOWN" : d.state(), 1, Integer::sum));
        return new CollectorStatus(tenantId, enterpriseCode, states, List.copyOf(devices), List.copyOf(unreachable));
    }

    private static String text(JsonNode n) {
        return n == null || n.isMissingNode() || n.isNull() ? null : n.asString();
    }
}
