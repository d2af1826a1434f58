package io.energymon.codes.itemcode;

import java.util.Objects;

/**
 * One entry of a downloaded code list.
 *
 * @param code       the code as the platform sends it
 * @param name       its name as the platform sends it
 * @param parentCode the enclosing code where the list is nested (a process unit's process), else empty
 */
public record PlatformCodeEntry(String code, String name, String parentCode) {

    public PlatformCodeEntry {
        Objects.requireNonNull(code, "code");
        name = name == null ? "" : name;
        parentCode = parentCode == null ? "" : parentCode;
    }

    public PlatformCodeEntry(String code, String name) {
        this(code, name, "");
    }
}
