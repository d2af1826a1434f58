package io.energymon.codes.division;

import java.util.Optional;

/**
 * One entry of the division table.
 *
 * @param code       6 digits
 * @param name       Chinese name
 * @param level      province, city or county
 * @param parentCode the enclosing entry's code, empty for a province
 * @param kind       division, grouping code or statistical zone
 */
public record AdministrativeDivision(String code, String name, DivisionLevel level, String parentCode,
                                     DivisionKind kind) {

    public Optional<String> parent() {
        return parentCode.isEmpty() ? Optional.empty() : Optional.of(parentCode);
    }
}
