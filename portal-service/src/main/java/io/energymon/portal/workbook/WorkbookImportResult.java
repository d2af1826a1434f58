package io.energymon.portal.workbook;

import io.energymon.codes.validation.Violation;
import io.energymon.portal.masterdata.MasterDataService;
import java.util.List;

/**
 * What an import changed: the fields of {@link MasterDataService.ImportResult} (counts, the revision after it, the
 * findings that did not block it) and the same warnings located as cells.
 *
 * @param warnings     non-blocking findings: the reader's (unknown sheet or column, missing sheet with
 *                     retireMissing) and the validator's (e.g. a meter type not in Table A.3)
 * @param warningCells the warnings as cells of the file
 */
public record WorkbookImportResult(int created, int updated, int retired, int unchanged, long revision,
                                   List<Violation> warnings, List<CellReport> warningCells) {
}
