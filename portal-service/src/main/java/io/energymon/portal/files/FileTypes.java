package io.energymon.portal.files;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

/**
 * What an uploaded file is, from its first bytes (never from the client's header or file name), and its SHA-256.
 * Known: PDF, PNG, JPEG, and XLSX (a ZIP package holding an {@code xl/} part, looked for in its first entries).
 */
public final class FileTypes {
    public static final String PDF = "application/pdf";
    public static final String PNG = "image/png";
    public static final String JPEG = "image/jpeg";
    public static final String XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

    private static final Map<String, byte[]> MAGIC = new LinkedHashMap<>();
    private static final byte[] ZIP = {'P', 'K', 3, 4};
    private static final int ZIP_ENTRIES_LOOKED_AT = 50;

    static {
        MAGIC.put(PDF, new byte[] {'%', 'P', 'D', 'F'});
        MAGIC.put(PNG, new byte[] {(byte) 0x89, 'P', 'N', 'G'});
        MAGIC.put(JPEG, new byte[] {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF});
    }

    private FileTypes() {
    }

    /** The content type of {@code content} among {@code allowed}, or empty when it is none of them. */
    public static Optional<String> detect(byte[] content, Set<String> allowed) {
        for (Map.Entry<String, byte[]> e : MAGIC.entrySet()) {
            if (allowed.contains(e.getKey()) && startsWith(content, e.getValue())) {
                return Optional.of(e.getKey());
            }
        }
        if (allowed.contains(XLSX) && startsWith(content, ZIP) && hasSpreadsheetPart(content)) {
            return Optional.of(XLSX);
        }
        return Optional.empty();
    }

    /** Lower-case hex SHA-256 of the content. */
    public static String sha256(byte[] content) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static boolean startsWith(byte[] content, byte[] magic) {
        return content.length >= magic.length && Arrays.equals(content, 0, magic.length, magic, 0, magic.length);
    }

    /** Whether the ZIP package names an {@code xl/} part (workbook) among its first entries; entries are not read. */
    private static boolean hasSpreadsheetPart(byte[] content) {
        try (ZipInputStream zip = new ZipInputStream(new ByteArrayInputStream(content))) {
            ZipEntry e;
            for (int i = 0; i < ZIP_ENTRIES_LOOKED_AT && (e = zip.getNextEntry()) != null; i++) {
                if (e.getName().startsWith("xl/")) {
                    return true;
                }
            }
            return false;
        } catch (IOException | IllegalArgumentException e) {
            return false;
        }
    }
}
