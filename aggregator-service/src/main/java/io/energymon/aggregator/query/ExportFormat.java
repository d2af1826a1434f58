package io.energymon.aggregator.query;

import java.io.IOException;
import java.io.OutputStream;
import java.util.Arrays;
import java.util.stream.Collectors;

/** The file formats of an export ({@code format=csv|xlsx}): content type, file extension and writer. */
public enum ExportFormat {
    CSV("text/csv; charset=UTF-8", "csv"),
    XLSX("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "xlsx");

    final String contentType;
    final String extension;

    ExportFormat(String contentType, String extension) {
        this.contentType = contentType;
        this.extension = extension;
    }

    /** The format a request names; a bilingual 400 listing the accepted values otherwise. */
    static ExportFormat parse(String text) {
        for (ExportFormat f : values()) {
            if (f.extension.equalsIgnoreCase(text)) {
                return f;
            }
        }
        String accepted = Arrays.stream(values()).map(f -> f.extension).collect(Collectors.joining("|"));
        throw new IllegalArgumentException("参数 format 的值“" + text + "”无效，应为 " + accepted
                + " / parameter format has an invalid value '" + text + "', expected " + accepted);
    }

    /** A writer of this format on a stream; closing it finishes the file (it does not close the stream). */
    ExportSink open(OutputStream out) throws IOException {
        return this == CSV ? new CsvExportSink(out) : new XlsxExportSink(out);
    }

    /** Writes rows one by one, holding none of them after it returns. */
    interface ExportSink extends AutoCloseable {
        void row(ExportRow row) throws IOException;

        @Override
        void close() throws IOException;
    }
}
