package io.energymon.collector.sql;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.HexFormat;

/**
 * The watermarks of incrementally pulled SQL points (the time of the last row handed over), one small file per
 * (tenant, enterprise, point) in a directory of the collector's disk, so a restart neither reads rows twice nor
 * skips any. A file is named by the SHA-256 of its key (any point id is safe as a name) and holds the key and the
 * watermark in clear text; it is written to a temporary file, forced to disk and renamed over the old one, so a
 * crash leaves either the old or the new watermark, never a torn one.
 */
public final class WatermarkStore {
    private final Path dir;

    public WatermarkStore(Path dir) {
        this.dir = dir;
    }

    public Path dir() {
        return dir;
    }

    /** The watermark of a point, or null when it has none yet (or its file is unreadable: logged by the caller). */
    public Instant load(String tenantId, String enterpriseCode, String pointId) {
        Path file = file(tenantId, enterpriseCode, pointId);
        if (!Files.exists(file)) {
            return null;
        }
        try {
            for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                if (line.startsWith("watermark=")) {
                    return Instant.parse(line.substring("watermark=".length()).strip());
                }
            }
            throw new IllegalStateException("watermark file " + file + " has no watermark line");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read watermark file " + file, e);
        } catch (DateTimeParseException e) {
            throw new IllegalStateException("watermark file " + file + " holds no instant: " + e.getMessage(), e);
        }
    }

    /** Stores the watermark of a point, atomically and durably. */
    public void save(String tenantId, String enterpriseCode, String pointId, Instant watermark) {
        Path file = file(tenantId, enterpriseCode, pointId);
        String text = "tenant=" + tenantId + "\nenterprise=" + enterpriseCode + "\npoint=" + pointId.replace('\n', ' ')
                + "\nwatermark=" + watermark + "\n";
        try {
            Files.createDirectories(dir);
            Path tmp = dir.resolve(file.getFileName() + ".tmp");
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.TRUNCATE_EXISTING)) {
                ByteBuffer b = ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8));
                while (b.hasRemaining()) {
                    ch.write(b);
                }
                ch.force(true);
            }
            try {
                Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
            }
            forceDirectory();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write watermark file " + file, e);
        }
    }

    private void forceDirectory() {
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        } catch (IOException e) {
            // not every file system lets a directory be opened (Windows); the rename itself is atomic
        }
    }

    private Path file(String tenantId, String enterpriseCode, String pointId) {
        try {
            byte[] key = (tenantId + "\n" + enterpriseCode + "\n" + pointId).getBytes(StandardCharsets.UTF_8);
            return dir.resolve(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(key))
                    + ".watermark");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }
}
