package io.energymon.portal.workbook;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * CSV as RFC 4180 has it: fields separated by commas, records by CRLF (LF alone is read too), a field quoted with
 * {@code "} when it holds a comma, a quote or a line break, quotes inside doubled. Written as UTF-8 with a byte order
 * mark so that Excel opens Chinese text correctly; read as UTF-8 (with or without the mark), or as GB18030 when the
 * bytes are not UTF-8 (what Excel on a Chinese Windows saves as "CSV").
 */
final class CsvTables {
    private static final byte[] BOM = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};

    private CsvTables() {
    }

    /** A record of the file: its 1-based number (the header is 1) and its fields. */
    record Record(int number, List<String> fields) {
    }

    /** What reading found: the records, and a syntax error (with its record number) or null. */
    record Parsed(List<Record> records, Integer errorRecord, String errorZh, String errorEn, boolean gb18030) {
    }

    static byte[] write(List<List<String>> rows) {
        StringBuilder sb = new StringBuilder();
        for (List<String> row : rows) {
            for (int i = 0; i < row.size(); i++) {
                if (i > 0) {
                    sb.append(',');
                }
                sb.append(quote(row.get(i)));
            }
            sb.append("\r\n");
        }
        byte[] text = sb.toString().getBytes(StandardCharsets.UTF_8);
        byte[] out = new byte[BOM.length + text.length];
        System.arraycopy(BOM, 0, out, 0, BOM.length);
        System.arraycopy(text, 0, out, BOM.length, text.length);
        return out;
    }

    private static String quote(String field) {
        if (field == null) {
            return "";
        }
        boolean needs = field.indexOf(',') >= 0 || field.indexOf('"') >= 0 || field.indexOf('\n') >= 0
                || field.indexOf('\r') >= 0 || !field.equals(field.strip());
        return needs ? "\"" + field.replace("\"", "\"\"") + "\"" : field;
    }

    static Parsed read(byte[] bytes) {
        int start = bytes.length >= 3 && bytes[0] == BOM[0] && bytes[1] == BOM[1] && bytes[2] == BOM[2] ? 3 : 0;
        String text;
        boolean gb = false;
        try {
            text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes, start, bytes.length - start)).toString();
        } catch (CharacterCodingException e) {
            text = new String(bytes, start, bytes.length - start, Charset.forName("GB18030"));
            gb = true;
        }
        return parse(text, gb);
    }

    private static Parsed parse(String text, boolean gb) {
        List<Record> records = new ArrayList<>();
        List<String> fields = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        int number = 1;
        int i = 0;
        int n = text.length();
        boolean any = false;
        while (i < n) {
            char c = text.charAt(i);
            if (c == '"' && field.isEmpty()) {
                int quoteRecord = number;
                i++;
                while (true) {
                    if (i >= n) {
                        return new Parsed(records, quoteRecord, "第" + quoteRecord + "行的引号没有闭合",
                                "the quote opened in record " + quoteRecord + " is never closed", gb);
                    }
                    char q = text.charAt(i);
                    if (q == '"') {
                        if (i + 1 < n && text.charAt(i + 1) == '"') {
                            field.append('"');
                            i += 2;
                            continue;
                        }
                        i++;
                        break;
                    }
                    field.append(q);
                    i++;
                }
                if (i < n && text.charAt(i) != ',' && text.charAt(i) != '\r' && text.charAt(i) != '\n') {
                    return new Parsed(records, number, "第" + number + "行：引号后应为逗号或换行",
                            "record " + number + ": a closing quote must be followed by a comma or a line break", gb);
                }
                any = true;
                continue;
            }
            if (c == ',') {
                fields.add(field.toString());
                field.setLength(0);
                any = true;
                i++;
            } else if (c == '\r' || c == '\n') {
                fields.add(field.toString());
                field.setLength(0);
                records.add(new Record(number, List.copyOf(fields)));
                fields.clear();
                number++;
                any = false;
                i += c == '\r' && i + 1 < n && text.charAt(i + 1) == '\n' ? 2 : 1;
            } else {
                field.append(c);
                any = true;
                i++;
            }
        }
        if (any || !field.isEmpty() || !fields.isEmpty()) {
            fields.add(field.toString());
            records.add(new Record(number, List.copyOf(fields)));
        }
        return new Parsed(records, null, null, null, gb);
    }
}
