package io.energymon.infra.testing;

import io.energymon.infra.testing.SecretRegistry.Secret;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Finds many secrets in a line in one pass: a secret is indexed by its first {@link SecretScan#MIN_SECRET_LENGTH} (8)
 * characters packed into a {@code long}; the line's 8-character windows are rolled through the index and a candidate
 * is confirmed by comparing the whole value. A full run registers thousands of secrets (a token's signature per token
 * minted) and its outputs run to hundreds of megabytes, so looking for each secret in each line would not do.
 * Secrets shorter than 8 characters are not looked for.
 */
final class SecretIndex {
    private static final int WINDOW = SecretScan.MIN_SECRET_LENGTH;

    private final Map<Long, List<Secret>> byPrefix = new HashMap<>();
    /** A cheap first test before the map: one bit per hash of the prefix. */
    private final long[] bloom = new long[1 << 10];

    private SecretIndex(Collection<Secret> secrets) {
        for (Secret s : secrets) {
            add(s.label(), s.value());
            // files are read as ISO-8859-1: a non-ASCII secret appears there as its UTF-8 bytes, one char each
            String asBytes = new String(s.value().getBytes(StandardCharsets.UTF_8), StandardCharsets.ISO_8859_1);
            if (!asBytes.equals(s.value())) {
                add(s.label(), asBytes);
            }
        }
    }

    static SecretIndex of(Map<String, String> secrets) {
        List<Secret> list = new ArrayList<>();
        secrets.forEach((label, value) -> {
            if (value != null) {
                list.add(new Secret(label, value));
            }
        });
        return new SecretIndex(list);
    }

    static SecretIndex of(Collection<Secret> secrets) {
        return new SecretIndex(secrets);
    }

    private void add(String label, String value) {
        if (value.length() < WINDOW) {
            return;
        }
        long key = 0;
        for (int i = 0; i < WINDOW; i++) {
            key = key << 8 | value.charAt(i) & 0xFF;
        }
        byPrefix.computeIfAbsent(key, k -> new ArrayList<>(1)).add(new Secret(label, value));
        int h = hash(key);
        bloom[h >>> 6] |= 1L << h;
    }

    /** The secrets the line holds, each once, in the order found. */
    List<Secret> in(String line) {
        if (byPrefix.isEmpty() || line.length() < WINDOW) {
            return List.of();
        }
        Set<Secret> found = null;
        long key = 0;
        for (int i = 0; i < line.length(); i++) {
            key = key << 8 | line.charAt(i) & 0xFF;
            if (i < WINDOW - 1) {
                continue;
            }
            int h = hash(key);
            if ((bloom[h >>> 6] & 1L << h) == 0) {
                continue;
            }
            List<Secret> candidates = byPrefix.get(key);
            if (candidates == null) {
                continue;
            }
            int start = i - WINDOW + 1;
            for (Secret s : candidates) {
                if (line.startsWith(s.value(), start)) {
                    if (found == null) {
                        found = new LinkedHashSet<>();
                    }
                    found.add(s);
                }
            }
        }
        return found == null ? List.of() : List.copyOf(found);
    }

    /** 16 bits of a mixed prefix (the bloom array holds 2^16 bits). */
    private static int hash(long key) {
        long h = key * 0x9E3779B97F4A7C15L;
        return (int) (h >>> 48);
    }
}
