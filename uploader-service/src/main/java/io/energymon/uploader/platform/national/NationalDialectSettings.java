package io.energymon.uploader.platform.national;

import java.time.Duration;
import java.util.Objects;

/**
 * Settings of the national dialect.
 *
 * @param encryptFields whether every value of each data element is SM4 encrypted (PROTOCOL.md §1)
 * @param validPolarity how the {@code valid} flag is written
 * @param timeout       connect timeout and whole-request timeout
 */
public record NationalDialectSettings(boolean encryptFields, ValidPolarity validPolarity, Duration timeout) {
    public NationalDialectSettings {
        Objects.requireNonNull(validPolarity, "validPolarity");
        Objects.requireNonNull(timeout, "timeout");
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("timeout must be positive");
        }
    }

    /** Encryption on, boolean polarity, 30 s timeout. */
    public static NationalDialectSettings defaults() {
        return new NationalDialectSettings(true, ValidPolarity.BOOLEAN_TRUE, Duration.ofSeconds(30));
    }
}
