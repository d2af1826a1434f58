package io.energymon.portal.masterdata.api;

import io.energymon.portal.masterdata.Kind;
import io.energymon.portal.masterdata.MasterDataException;
import io.energymon.portal.masterdata.MasterDataService;
import io.energymon.portal.masterdata.Versioned;
import io.swagger.v3.oas.annotations.Operation;
import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;

/**
 * Create, update, retire, list, get and history of one kind of entity below an enterprise, at
 * {@code /api/v1/tenants/{tenantId}/enterprises/{enterpriseCode}/<kind>}. One subclass per kind, so that the OpenAPI
 * document names each kind's schema.
 */
public abstract class EntityController<T> {
    static final String BASE = "/api/v1/tenants/{tenantId}/enterprises/{enterpriseCode}/";

    private final MasterDataService service;
    private final Kind<T> kind;

    protected EntityController(MasterDataService service, Kind<T> kind) {
        this.service = service;
        this.kind = kind;
    }

    @GetMapping
    @Operation(summary = "List (active; with includeRetired=true also retired)")
    public List<Versioned<T>> list(@PathVariable String tenantId, @PathVariable String enterpriseCode,
                                   @RequestParam(defaultValue = "false") boolean includeRetired) {
        return service.list(tenantId, enterpriseCode, kind, includeRetired);
    }

    @GetMapping("/{key}")
    @Operation(summary = "Get one by its key")
    public Versioned<T> get(@PathVariable String tenantId, @PathVariable String enterpriseCode, @PathVariable String key) {
        return service.get(tenantId, enterpriseCode, kind, key);
    }

    @GetMapping("/{key}/history")
    @Operation(summary = "Every stored version, oldest first")
    public List<Versioned<T>> history(@PathVariable String tenantId, @PathVariable String enterpriseCode,
                                      @PathVariable String key) {
        return service.history(tenantId, enterpriseCode, kind, key);
    }

    @PostMapping
    @ResponseStatus(HttpStatus.CREATED)
    @Operation(summary = "Create (400 with every broken rule; 409 when the key exists)")
    public Versioned<T> create(@PathVariable String tenantId, @PathVariable String enterpriseCode, @RequestBody T data) {
        return service.create(tenantId, enterpriseCode, kind, data);
    }

    @PutMapping("/{key}")
    @Operation(summary = "Update; names the version read (409 when it is stale)")
    public Versioned<T> update(@PathVariable String tenantId, @PathVariable String enterpriseCode,
                               @PathVariable String key, @RequestBody Requests.Update<T> body) {
        return service.update(tenantId, enterpriseCode, kind, key, required(body.data(), "data"),
                required(body.version(), "version"));
    }

    @PostMapping("/{key}/retire")
    @Operation(summary = "Retire: leaves the configuration, keeps its history; names the version read")
    public Versioned<T> retire(@PathVariable String tenantId, @PathVariable String enterpriseCode,
                               @PathVariable String key, @RequestBody Requests.VersionRef body) {
        return service.retire(tenantId, enterpriseCode, kind, key, required(body.version(), "version"));
    }

    static <V> V required(V value, String field) {
        if (value == null) {
            throw new MasterDataException.Invalid(List.of(io.energymon.codes.validation.Violation.error(field, "required",
                    "a value", field + " 不能为空", field + " is required")));
        }
        return value;
    }
}
