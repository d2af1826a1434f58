package io.energymon.portal.meterevent;

import io.energymon.domain.event.MeterEvent;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** Meter life events: replace, reset, recalibrate (published on meter-events.v1 for the aggregator). */
@RestController
@RequestMapping("/api/v1/tenants/{tenantId}/enterprises/{enterpriseCode}/meters/{meterCode}/events")
@Tag(name = "meter events")
public class MeterEventController {
    private final MeterEventService service;

    public MeterEventController(MeterEventService service) {
        this.service = service;
    }

    @PostMapping
    @ResponseStatus(HttpStatus.CREATED)
    @Operation(summary = "Record a replacement, reset or recalibration with the final and initial readings")
    public MeterEvent record(@PathVariable String tenantId, @PathVariable String enterpriseCode,
                             @PathVariable String meterCode, @RequestBody MeterEventRequest request) {
        return service.record(tenantId, enterpriseCode, meterCode, request);
    }

    @GetMapping
    public List<MeterEvent> list(@PathVariable String tenantId, @PathVariable String enterpriseCode,
                                 @PathVariable String meterCode) {
        return service.list(tenantId, enterpriseCode, meterCode);
    }
}
