package io.energymon.portal.workbook;

import java.util.List;

/** 400: the file was not imported; every bad cell is listed. */
public final class WorkbookImportException extends RuntimeException {
    private final List<CellReport> cells;

    public WorkbookImportException(List<CellReport> cells) {
        super("import refused with " + cells.size() + " bad cell(s)");
        this.cells = List.copyOf(cells);
    }

    public List<CellReport> cells() {
        return cells;
    }

    public String messageZh() {
        return "导入未执行：共" + cells.size() + "处错误，数据未作任何修改";
    }

    public String messageEn() {
        return "nothing imported: " + cells.size() + " error(s); no data was changed";
    }
}
