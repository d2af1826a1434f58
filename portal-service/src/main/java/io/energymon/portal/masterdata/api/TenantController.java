package io.energymon.portal.masterdata.api;

import io.energymon.portal.masterdata.MasterDataService;
import io.energymon.portal.masterdata.Tenant;
import io.energymon.portal.masterdata.Versioned;
import io.energymon.security.CurrentCaller;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** Tenants: created and changed by platform operators; a tenant's users see their own tenant only. */
@RestController
@RequestMapping("/api/v1/tenants")
@Tag(name = "tenants")
public class TenantController {
    private final MasterDataService service;
    private final CurrentCaller callers;

    public TenantController(MasterDataService service, CurrentCaller callers) {
        this.service = service;
        this.callers = callers;
    }

    /** The tenants the caller may see (all of them for platform operators). */
    @GetMapping
    public List<Versioned<Tenant>> list() {
        var caller = callers.get();
        return service.tenants().stream().filter(t -> caller.canSeeTenant(t.key())).toList();
    }

    @GetMapping("/{tenantId}")
    public Versioned<Tenant> get(@PathVariable String tenantId) {
        return service.tenant(tenantId);
    }

    @PostMapping
    @ResponseStatus(HttpStatus.CREATED)
    public Versioned<Tenant> create(@RequestBody Tenant tenant) {
        return service.createTenant(tenant);
    }

    @PutMapping("/{tenantId}")
    public Versioned<Tenant> update(@PathVariable String tenantId, @RequestBody Requests.Update<Tenant> body) {
        return service.updateTenant(tenantId, EntityController.required(body.data(), "data"),
                EntityController.required(body.version(), "version"));
    }
}
