package io.energymon.portal.workbook;

import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/** The body of a refused import: {@code {status, error:"import", messageZh, messageEn, cells:[...]}}. */
@RestControllerAdvice(basePackages = "io.energymon.portal.workbook")
public class WorkbookErrors {

    /** The error body of a refused import. */
    public record ImportError(int status, String error, String messageZh, String messageEn, List<CellReport> cells) {
    }

    @ExceptionHandler(WorkbookImportException.class)
    ResponseEntity<ImportError> refused(WorkbookImportException e) {
        return ResponseEntity.status(HttpStatus.BAD_REQUEST).body(new ImportError(400, "import", e.messageZh(),
                e.messageEn(), e.cells()));
    }
}
