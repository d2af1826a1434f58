package io.energymon.codes.standard;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Reads the tables straight out of the standard's text (shared/standard), independent of the module's resources. */
final class StandardTextTables {

    private final List<String> lines;

    StandardTextTables() throws IOException {
        String root = System.getProperty("energymon.root", "../..");
        Path file = Path.of(root).toAbsolutePath().normalize().resolveSibling("shared")
                .resolve("standard/DB36-T-2149.2-2025.txt");
        if (!Files.exists(file)) {
            file = Path.of("/work/shared/standard/DB36-T-2149.2-2025.txt");
        }
        lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    }

    /** Tab-separated rows after the line equal to {@code title} up to the line starting with {@code end}. */
    List<String[]> rows(String title, String end) {
        List<String[]> out = new ArrayList<>();
        boolean in = false;
        for (String line : lines) {
            if (line.strip().equals(title)) {
                in = true;
                continue;
            }
            if (in && line.startsWith(end)) {
                break;
            }
            if (in && line.contains("\t")) {
                out.add(line.split("\t", -1));
            }
        }
        return out;
    }
}
