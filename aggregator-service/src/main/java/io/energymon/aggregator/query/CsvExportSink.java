package io.energymon.aggregator.query;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.format.DateTimeFormatter;

/**
 * An export as CSV (RFC 4180): UTF-8 with a byte-order mark (so that Excel reads the Chinese header right), CRLF line
 * ends, the bilingual header first; stat dates as {@code yyyy-MM-dd HH:mm}, numbers as plain decimals, a missing value
 * as an empty field.
 */
final class CsvExportSink implements ExportFormat.ExportSink {
    static final DateTimeFormatter STAT_DATE = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm");
    private final Writer out;

    CsvExportSink(OutputStream stream) throws IOException {
        this.out = new BufferedWriter(new OutputStreamWriter(stream, StandardCharsets.UTF_8), 64 * 1024);
        out.write('\uFEFF');
        line(ExportRow.HEADER.toArray(String[]::new));
    }

    @Override
    public void row(ExportRow r) throws IOException {
        line(r.dataCode(), r.name(), STAT_DATE.format(r.statDate()), r.period(), plain(r.value()), r.unit(),
                plain(r.kgceCalorific()), plain(r.kgceEqualValue()), String.valueOf(r.valid()),
                String.valueOf(r.version()));
    }

    private void line(String... fields) throws IOException {
        for (int i = 0; i < fields.length; i++) {
            if (i > 0) {
                out.write(',');
            }
            out.write(quoted(fields[i]));
        }
        out.write("\r\n");
    }

    private static String plain(BigDecimal d) {
        return d == null ? "" : d.toPlainString();
    }

    /** A field, quoted when it holds a comma, quote or line break (quotes doubled). */
    static String quoted(String field) {
        if (field == null) {
            return "";
        }
        if (field.indexOf(',') < 0 && field.indexOf('"') < 0 && field.indexOf('\n') < 0 && field.indexOf('\r') < 0) {
            return field;
        }
        return '"' + field.replace("\"", "\"\"") + '"';
    }

    @Override
    public void close() throws IOException {
        out.flush();
    }
}
