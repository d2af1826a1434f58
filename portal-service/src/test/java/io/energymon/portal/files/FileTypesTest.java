package io.energymon.portal.files;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;

class FileTypesTest {
    private static final Set<String> ALL = Set.of(FileTypes.PDF, FileTypes.PNG, FileTypes.JPEG, FileTypes.XLSX);

    @Test
    void typesComeFromTheContentNotTheName() throws IOException {
        assertThat(FileTypes.detect("%PDF-1.7\n".getBytes(StandardCharsets.US_ASCII), ALL)).contains(FileTypes.PDF);
        assertThat(FileTypes.detect(new byte[] {(byte) 0x89, 'P', 'N', 'G', 13, 10}, ALL)).contains(FileTypes.PNG);
        assertThat(FileTypes.detect(new byte[] {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF, 0}, ALL)).contains(FileTypes.JPEG);
        assertThat(FileTypes.detect(zip("xl/workbook.xml"), ALL)).contains(FileTypes.XLSX);
        // a ZIP that is no workbook (a Word document), text, nothing
        assertThat(FileTypes.detect(zip("word/document.xml"), ALL)).isEmpty();
        assertThat(FileTypes.detect("a,b\n1,2\n".getBytes(StandardCharsets.UTF_8), ALL)).isEmpty();
        assertThat(FileTypes.detect(new byte[0], ALL)).isEmpty();
        // only the allowed types count
        assertThat(FileTypes.detect(zip("xl/workbook.xml"), Set.of(FileTypes.PDF))).isEmpty();
    }

    @Test
    void sha256IsTheHexDigestOfTheContent() {
        // FIPS 180-2 test vector of "abc"
        assertThat(FileTypes.sha256("abc".getBytes(StandardCharsets.US_ASCII)))
                .isEqualTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    }

    private static byte[] zip(String part) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ZipOutputStream z = new ZipOutputStream(out)) {
            z.putNextEntry(new ZipEntry("[Content_Types].xml"));
            z.write("<Types/>".getBytes(StandardCharsets.UTF_8));
            z.putNextEntry(new ZipEntry(part));
            z.write("<x/>".getBytes(StandardCharsets.UTF_8));
        }
        return out.toByteArray();
    }
}
