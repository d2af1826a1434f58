package io.energymon.collector.dlt645;

import java.util.Locale;

/**
 * A data identifier (数据标识) as written in the standard, most significant byte first: {@code 00010000} (2007,
 * DI3 DI2 DI1 DI0) or {@code 9010} (1997, DI1 DI0). Sent low byte first (DI0 first), each byte +0x33 like all data.
 */
public record Dlt645DataId(long value, Dlt645Version version) {

    public Dlt645DataId {
        if (value < 0 || value >= 1L << (8 * version.diBytes())) {
            throw new IllegalArgumentException("DI " + value + " does not fit " + version.diBytes() + " bytes");
        }
    }

    /** Parses 8 hex digits (DL/T 645-2007) or 4 (DL/T 645-1997). */
    public static Dlt645DataId parse(String text) {
        String s = text == null ? "" : text.strip();
        Dlt645Version v = switch (s.length()) {
            case 8 -> Dlt645Version.V2007;
            case 4 -> Dlt645Version.V1997;
            default -> null;
        };
        if (v == null || !s.matches("[0-9A-Fa-f]+")) {
            throw new IllegalArgumentException("DL/T 645 dataId must be 8 hex digits (2007, e.g. 00010000) or 4 (1997, "
                    + "e.g. 9010), got " + text);
        }
        return new Dlt645DataId(Long.parseLong(s, 16), v);
    }

    /** The identifier's bytes as sent (DI0 first), before +0x33. */
    public byte[] wire() {
        byte[] b = new byte[version.diBytes()];
        for (int i = 0; i < b.length; i++) {
            b[i] = (byte) (value >>> (8 * i));
        }
        return b;
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "%0" + (2 * version.diBytes()) + "X", value);
    }
}
