package io.energymon.codes.division;

import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/** The province, city and county a code belongs to (city and county absent for wider codes). */
public record DivisionHierarchy(AdministrativeDivision province, Optional<AdministrativeDivision> city,
                                Optional<AdministrativeDivision> county) {

    /** The full name, e.g. {@code 江西省南昌市东湖区}; grouping entries such as 市辖区 are left out. */
    public String fullName() {
        return Stream.of(Optional.of(province), city, county)
                .flatMap(Optional::stream)
                .filter(d -> d.kind() != DivisionKind.GROUPING)
                .map(AdministrativeDivision::name)
                .collect(Collectors.joining());
    }
}
