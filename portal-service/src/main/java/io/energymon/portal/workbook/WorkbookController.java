package io.energymon.portal.workbook;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RequestPart;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.multipart.MultipartFile;

/**
 * Bulk export and import of a plant's configuration: the whole of it as an XLSX workbook (one sheet per kind, the
 * shape a commissioning engineer fills in), or one kind as CSV. Imports are all or nothing and report every bad cell.
 */
@RestController
@RequestMapping("/api/v1/tenants/{tenantId}/enterprises/{enterpriseCode}")
@Tag(name = "workbook", description = "Bulk import and export of a plant's configuration (XLSX, CSV)")
public class WorkbookController {
    static final MediaType XLSX =
            MediaType.parseMediaType("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
    static final MediaType CSV = new MediaType("text", "csv", StandardCharsets.UTF_8);

    private final WorkbookService service;

    public WorkbookController(WorkbookService service) {
        this.service = service;
    }

    @GetMapping("/workbook")
    @Operation(summary = "The active configuration as an XLSX workbook",
            description = "Sheet 说明 README explains every column; then 用能单位 enterprise (one row) and one sheet per "
                    + "kind. For a new enterprise this is the empty workbook to fill in.")
    @ApiResponse(responseCode = "200", content = @Content(mediaType =
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            schema = @Schema(type = "string", format = "binary")))
    public ResponseEntity<byte[]> exportWorkbook(@PathVariable String tenantId, @PathVariable String enterpriseCode) {
        return download(service.exportXlsx(tenantId, enterpriseCode), XLSX);
    }

    @PostMapping(path = "/workbook", consumes = MediaType.MULTIPART_FORM_DATA_VALUE)
    @Operation(summary = "Import a workbook: all or nothing, every bad cell reported",
            description = "Creates or updates every entity of the workbook by its key. With retireMissing=true, "
                    + "active entities not in the workbook are retired — a missing sheet retires every entity of its "
                    + "kind. Tenant and enterprise are those of the path; a USCC on the enterprise sheet must match. "
                    + "400 {status, error:\"import\", messageZh, messageEn, cells:[{sheet, row, column, columnTitle, "
                    + "field, rule, expected, value, messageZh, messageEn}]} and nothing changed when any cell is bad.")
    @ApiResponse(responseCode = "200", description = "imported")
    @ApiResponse(responseCode = "400", description = "refused; every bad cell listed",
            content = @Content(schema = @Schema(implementation = WorkbookErrors.ImportError.class)))
    public WorkbookImportResult importWorkbook(@PathVariable String tenantId, @PathVariable String enterpriseCode,
                                               @RequestPart("file") MultipartFile file,
                                               @Parameter(description = "retire active entities not in the file")
                                               @RequestParam(defaultValue = "false") boolean retireMissing)
            throws IOException {
        return service.importXlsx(tenantId, enterpriseCode, file.getBytes(), retireMissing);
    }

    @GetMapping("/csv/{kind}")
    @Operation(summary = "One kind as CSV (UTF-8 with BOM, RFC 4180), the columns of its workbook sheet",
            description = "kind: enterprise, processes, process-units, equipment, meters, collectors, devices, points, "
                    + "items, targets")
    @ApiResponse(responseCode = "200", content = @Content(mediaType = "text/csv",
            schema = @Schema(type = "string", format = "binary")))
    public ResponseEntity<byte[]> exportCsv(@PathVariable String tenantId, @PathVariable String enterpriseCode,
                                            @PathVariable String kind) {
        return download(service.exportCsv(tenantId, enterpriseCode, kind), CSV);
    }

    @PostMapping(path = "/csv/{kind}", consumes = MediaType.MULTIPART_FORM_DATA_VALUE)
    @Operation(summary = "Import one kind from CSV into the current configuration: all or nothing",
            description = "Other kinds stay as they are. With retireMissing=true, active entities of this kind not in "
                    + "the file are retired. Bad cells are reported with sheet = the kind and the CSV's row numbers "
                    + "(header = row 1).")
    @ApiResponse(responseCode = "200", description = "imported")
    @ApiResponse(responseCode = "400", description = "refused; every bad cell listed",
            content = @Content(schema = @Schema(implementation = WorkbookErrors.ImportError.class)))
    public WorkbookImportResult importCsv(@PathVariable String tenantId, @PathVariable String enterpriseCode,
                                          @PathVariable String kind, @RequestPart("file") MultipartFile file,
                                          @Parameter(description = "retire active entities of this kind not in the file")
                                          @RequestParam(defaultValue = "false") boolean retireMissing)
            throws IOException {
        return service.importCsv(tenantId, enterpriseCode, kind, file.getBytes(), retireMissing);
    }

    private static ResponseEntity<byte[]> download(WorkbookService.Download d, MediaType type) {
        return ResponseEntity.ok()
                .contentType(type)
                .header(HttpHeaders.CONTENT_DISPOSITION, ContentDisposition.attachment()
                        .filename(d.fileName(), StandardCharsets.UTF_8).build().toString())
                .body(d.content());
    }
}
