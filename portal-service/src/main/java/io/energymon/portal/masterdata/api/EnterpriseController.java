package io.energymon.portal.masterdata.api;

import io.energymon.domain.config.EnterpriseConfig;
import io.energymon.domain.config.EnterpriseProfile;
import io.energymon.portal.masterdata.MasterDataService;
import io.energymon.portal.masterdata.Versioned;
import io.energymon.portal.masterdata.licence.BusinessLicence;
import io.energymon.portal.masterdata.licence.LicenceService;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.io.IOException;
import java.util.List;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import io.energymon.security.CurrentCaller;
import org.springframework.web.bind.annotation.RequestPart;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.multipart.MultipartFile;

/** Enterprises of a tenant (DB36 §9.2), their business licence and their configuration as config.v1 carries it. */
@RestController
@RequestMapping("/api/v1/tenants/{tenantId}/enterprises")
@Tag(name = "enterprises")
public class EnterpriseController {
    private final MasterDataService service;
    private final LicenceService licences;
    private final CurrentCaller callers;

    public EnterpriseController(MasterDataService service, LicenceService licences, CurrentCaller callers) {
        this.service = service;
        this.licences = licences;
        this.callers = callers;
    }

    /** The tenant's enterprises the caller may see (all of them for its tenant admin). */
    @GetMapping
    public List<Versioned<EnterpriseProfile>> list(@PathVariable String tenantId,
                                                   @RequestParam(defaultValue = "false") boolean includeRetired) {
        var caller = callers.get();
        return service.enterprises(tenantId, includeRetired).stream()
                .filter(e -> caller.canSeeEnterprise(tenantId, e.key())).toList();
    }

    @GetMapping("/{enterpriseCode}")
    public Versioned<EnterpriseProfile> get(@PathVariable String tenantId, @PathVariable String enterpriseCode) {
        return service.enterprise(tenantId, enterpriseCode);
    }

    @PostMapping
    @ResponseStatus(HttpStatus.CREATED)
    @Operation(summary = "Create an enterprise (USCC, industry, region ... validated with the codes library)")
    public Versioned<EnterpriseProfile> create(@PathVariable String tenantId, @RequestBody Requests.NewEnterprise body) {
        return service.createEnterprise(tenantId, EntityController.required(body.enterpriseCode(), "enterpriseCode"),
                EntityController.required(body.profile(), "profile"));
    }

    @PutMapping("/{enterpriseCode}")
    public Versioned<EnterpriseProfile> update(@PathVariable String tenantId, @PathVariable String enterpriseCode,
                                               @RequestBody Requests.Update<EnterpriseProfile> body) {
        return service.updateEnterprise(tenantId, enterpriseCode, EntityController.required(body.data(), "data"),
                EntityController.required(body.version(), "version"));
    }

    @PostMapping("/{enterpriseCode}/retire")
    @Operation(summary = "Retire: every service forgets the enterprise (tombstone on config.v1); history stays")
    public Versioned<EnterpriseProfile> retire(@PathVariable String tenantId, @PathVariable String enterpriseCode,
                                               @RequestBody Requests.VersionRef body) {
        return service.retireEnterprise(tenantId, enterpriseCode, EntityController.required(body.version(), "version"));
    }

    @GetMapping("/{enterpriseCode}/config")
    @Operation(summary = "The enterprise's active master data as one config.v1 snapshot")
    public EnterpriseConfig config(@PathVariable String tenantId, @PathVariable String enterpriseCode) {
        return service.snapshot(tenantId, enterpriseCode);
    }

    @PutMapping(path = "/{enterpriseCode}/licence", consumes = MediaType.MULTIPART_FORM_DATA_VALUE)
    @Operation(summary = "Store the business licence (PDF, PNG or JPEG, at most 10 MB); its SHA-256 enters the profile")
    public BusinessLicence.Info putLicence(@PathVariable String tenantId, @PathVariable String enterpriseCode,
                                           @RequestPart("file") MultipartFile file) throws IOException {
        return licences.store(tenantId, enterpriseCode, file.getOriginalFilename(), file.getContentType(),
                file.getBytes());
    }

    @GetMapping("/{enterpriseCode}/licence")
    public ResponseEntity<byte[]> getLicence(@PathVariable String tenantId, @PathVariable String enterpriseCode) {
        BusinessLicence l = licences.get(tenantId, enterpriseCode);
        return ResponseEntity.ok()
                .contentType(MediaType.parseMediaType(l.info().contentType()))
                .header(HttpHeaders.CONTENT_DISPOSITION, ContentDisposition.attachment()
                        .filename(l.info().fileName(), java.nio.charset.StandardCharsets.UTF_8).build().toString())
                .header(HttpHeaders.ETAG, "\"" + l.info().sha256() + "\"")
                .body(l.content());
    }
}
