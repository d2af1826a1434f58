package io.energymon.codes.standard;

import java.util.Arrays;
import java.util.Optional;

/** An entry of one of the standard's code lists, with its Chinese and English name. */
public interface StandardCode {

    String code();

    String nameZh();

    String nameEn();

    /** The first of the values whose {@link #code()} equals the code; empty for an unknown or null code. */
    static <E extends StandardCode> Optional<E> byCode(E[] values, String code) {
        return Arrays.stream(values).filter(v -> v.code().equals(code)).findFirst();
    }
}
