package io.energymon.portal.manualentry;

import io.energymon.portal.manualentry.ManualEntryView.Outcome;
import io.energymon.portal.manualentry.ManualEntryView.Submitted;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;
import org.springframework.format.annotation.DateTimeFormat;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RequestPart;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.multipart.MultipartFile;

/** Manual entries of daily, weekly or monthly values and their evidence (§6.3.4, §9.6.2). */
@RestController
@RequestMapping("/api/v1/tenants/{tenantId}/enterprises/{enterpriseCode}/manual-entries")
@Tag(name = "manual entries")
public class ManualEntryController {
    private final ManualEntryService entries;
    private final Attachments attachments;

    public ManualEntryController(ManualEntryService entries, Attachments attachments) {
        this.entries = entries;
        this.attachments = attachments;
    }

    @PostMapping
    @Operation(summary = "Enter (or correct) the value of a manual point for a local day, week or month; 201 with a "
            + "new version (published on readings.v1 as a source-5 reading when the value changed), 200 when identical "
            + "to the current version")
    public ResponseEntity<Submitted> submit(@PathVariable String tenantId, @PathVariable String enterpriseCode,
                                            @RequestBody ManualEntryRequest request) {
        Submitted s = entries.submit(tenantId, enterpriseCode, request);
        return ResponseEntity.status(s.outcome() == Outcome.UNCHANGED ? HttpStatus.OK : HttpStatus.CREATED).body(s);
    }

    @GetMapping
    @Operation(summary = "Entries whose period starts in [from, to) (local dates, both optional), of one point or all, "
            + "latest period first, with every version, who entered it, when, and its attachments (at most 1000)")
    public List<ManualEntryView> list(@PathVariable String tenantId, @PathVariable String enterpriseCode,
                                      @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE)
                                      LocalDate from,
                                      @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE)
                                      LocalDate to,
                                      @RequestParam(required = false) String pointId) {
        return entries.list(tenantId, enterpriseCode, from, to, pointId);
    }

    @PostMapping(path = "/attachments", consumes = MediaType.MULTIPART_FORM_DATA_VALUE)
    @ResponseStatus(HttpStatus.CREATED)
    @Operation(summary = "Store an evidence file (PDF, PNG, JPEG or XLSX, at most max-attachment-size, 10 MB) with its "
            + "SHA-256; name its id in an entry's attachmentIds")
    public ManualEntryView.Attachment upload(@PathVariable String tenantId, @PathVariable String enterpriseCode,
                                             @RequestPart("file") MultipartFile file) throws IOException {
        return attachments.store(tenantId, enterpriseCode, file.getOriginalFilename(), file.getContentType(),
                file.getBytes());
    }

    @GetMapping("/attachments/{attachmentId}")
    @Operation(summary = "An evidence file as stored (ETag: its SHA-256)")
    public ResponseEntity<byte[]> download(@PathVariable String tenantId, @PathVariable String enterpriseCode,
                                           @PathVariable UUID attachmentId) {
        Attachments.File f = attachments.get(tenantId, enterpriseCode, attachmentId);
        return ResponseEntity.ok()
                .contentType(MediaType.parseMediaType(f.info().contentType()))
                .contentLength(f.info().sizeBytes())
                .header(HttpHeaders.CONTENT_DISPOSITION, ContentDisposition.attachment()
                        .filename(f.info().fileName(), StandardCharsets.UTF_8).build().toString())
                .header(HttpHeaders.ETAG, "\"" + f.info().sha256() + "\"")
                .body(f.content());
    }
}
