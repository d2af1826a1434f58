package io.energymon.codes.csv;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Reads the module's CSV tables: UTF-8, one header line, fields split on {@code ,} with a limit (no quoting; a mapper
 * that needs quotes handles them in its last field). Public only because the tables live in several packages.
 */
public final class CsvRows {

    /** A function that may fail with an {@link IOException}, e.g. on a malformed row. */
    @FunctionalInterface
    public interface IoFunction<A, R> {
        R apply(A value) throws IOException;
    }

    private CsvRows() {
    }

    /**
     * Maps every data row: blank lines and lines starting with {@code #} are skipped everywhere, the first remaining
     * line is the header. The stream is closed.
     *
     * @param limit the {@link String#split(String, int)} limit ({@code -1} keeps trailing empty fields)
     */
    public static <T> List<T> read(InputStream in, int limit, IoFunction<String[], T> row) throws IOException {
        return read(in, limit, true, row);
    }

    /**
     * Maps every data row of a table without comments: the first line is the header whatever it holds, later blank
     * lines are skipped and a line starting with {@code #} is a data row like any other. The stream is closed.
     */
    public static <T> List<T> readWithoutComments(InputStream in, int limit, IoFunction<String[], T> row)
            throws IOException {
        return read(in, limit, false, row);
    }

    private static <T> List<T> read(InputStream in, int limit, boolean comments, IoFunction<String[], T> row)
            throws IOException {
        List<T> out = new ArrayList<>();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            boolean header = true;
            if (!comments) {
                r.readLine();
                header = false;
            }
            String line;
            while ((line = r.readLine()) != null) {
                if (line.isBlank() || comments && line.startsWith("#")) {
                    continue;
                }
                if (header) {
                    header = false;
                    continue;
                }
                out.add(row.apply(line.split(",", limit)));
            }
        }
        return List.copyOf(out);
    }

    /**
     * Opens a class-path resource (resolved as {@link Class#getResourceAsStream(String)} of the anchor does) and
     * hands it to the reader, closing it afterwards.
     *
     * @throws NullPointerException when the resource does not exist (the message names it)
     * @throws UncheckedIOException when reading fails
     */
    public static <T> T fromResource(Class<?> anchor, String resource, IoFunction<InputStream, T> reader) {
        try (InputStream in = anchor.getResourceAsStream(resource)) {
            Objects.requireNonNull(in, resource);
            return reader.apply(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
