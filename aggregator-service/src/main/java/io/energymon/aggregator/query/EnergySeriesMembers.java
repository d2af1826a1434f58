package io.energymon.aggregator.query;

import io.energymon.aggregator.energy.AccountedItem;
import io.energymon.aggregator.energy.AccountingView;
import io.energymon.formula.unit.Unit;
import io.energymon.formula.unit.Units;
import java.math.BigDecimal;
import java.math.MathContext;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Which data items an energy type or process series sums, read from the items' codes (PROTOCOL.md §3: data class,
 * subject code, use code, process segment) as the energy accounting reads them ({@link AccountedItem.Energy}). Only
 * items that count in comprehensive energy consumption take part, with the accounting's sign: consumption and
 * raw-material use +1, external supply −1; other uses (purchase, stock, transformation...) are left out, so that an
 * item restating others (e.g. a purchase total) is never added to them.
 *
 * <ul>
 *   <li>Energy type {@code TTTT} (Table A.1 energy or A.2 working medium code): the whole-plant (scope 1) items with
 *   that subject code — process and unit items are parts of them and never added.</li>
 *   <li>Process {@code PP}: per subject, the process's own (scope 2) items when it has some, otherwise the items of its
 *   process units (scope 3); key equipment (scope 4) is a part of a unit and never added.</li>
 * </ul>
 */
record EnergySeriesMembers(List<Member> members) {

    /** An item summed, with its sign: +1 consumption and raw-material use, −1 external supply. */
    record Member(String dataCode, String subjectCode, String role, int scope, String unit, int sign) {
    }

    static Optional<EnergySeriesMembers> ofEnergyType(AccountingView view, String subjectCode) {
        List<AccountedItem.Energy> all = energy(view).stream().filter(e -> e.subjectCode().equals(subjectCode))
                .toList();
        if (all.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(of(all.stream().filter(e -> e.scope() == 1).toList()));
    }

    /** The items of a process, restricted to one subject when {@code subjectCode} is not null. */
    static EnergySeriesMembers ofProcess(AccountingView view, String process, String subjectCode) {
        Map<String, List<AccountedItem.Energy>> bySubject = new LinkedHashMap<>();
        energy(view).stream()
                .filter(e -> e.process().equals(process) && (e.scope() == 2 || e.scope() == 3))
                .filter(e -> subjectCode == null || e.subjectCode().equals(subjectCode))
                .forEach(e -> bySubject.computeIfAbsent(e.kind() + "/" + e.subjectCode(), k -> new ArrayList<>())
                        .add(e));
        List<AccountedItem.Energy> chosen = new ArrayList<>();
        bySubject.values().forEach(items -> {
            boolean hasProcessItems = items.stream().anyMatch(e -> e.scope() == 2);
            items.stream().filter(e -> e.scope() == (hasProcessItems ? 2 : 3)).forEach(chosen::add);
        });
        return of(chosen);
    }

    private static List<AccountedItem.Energy> energy(AccountingView view) {
        return view.items().values().stream()
                .filter(a -> a instanceof AccountedItem.Energy e && e.role() != AccountedItem.Role.OTHER)
                .map(a -> (AccountedItem.Energy) a)
                .sorted(Comparator.comparing(AccountedItem.Energy::dataCode))
                .toList();
    }

    private static EnergySeriesMembers of(List<AccountedItem.Energy> items) {
        return new EnergySeriesMembers(items.stream().map(e -> new Member(e.dataCode(), e.subjectCode(),
                e.role().name(), e.scope(), e.unit().text(),
                e.role() == AccountedItem.Role.EXTERNAL_SUPPLY ? -1 : 1)).toList());
    }

    boolean isEmpty() {
        return members.isEmpty();
    }

    /**
     * The physical unit of the sum: the first item's; a 400 when the items are of several energy types or of units of
     * different dimensions, which do not add up.
     */
    String physicalUnit() {
        if (members.stream().map(Member::subjectCode).distinct().count() > 1) {
            throw new IllegalArgumentException("数据项属于多个能源品种（" + subjects() + "），实物量不能相加：请用 unit=tce 或指定"
                    + " energyCode / the items are of several energy types (" + subjects() + ") whose physical"
                    + " quantities do not add up: ask unit=tce or name one energyCode");
        }
        Unit target = unit(members.getFirst());
        for (Member m : members) {
            if (!unit(m).dimension().equals(target.dimension())) {
                throw new IllegalArgumentException("数据项单位 " + m.unit() + " 与 " + target.text() + " 量纲不同，实物量不能"
                        + "相加：请用 unit=tce / item units " + m.unit() + " and " + target.text() + " are of different "
                        + "dimensions: ask unit=tce");
            }
        }
        return target.text();
    }

    /** Per member, in order: sign × the factor from its unit to {@code unit} (sign only when unit is null). */
    List<BigDecimal> multipliers(String unit) {
        Unit target = unit == null ? null : Units.parse(unit).orElseThrow();
        return members.stream().map(m -> {
            BigDecimal sign = BigDecimal.valueOf(m.sign());
            return target == null ? sign
                    : sign.multiply(unit(m).scale().divide(target.scale(), MathContext.DECIMAL64));
        }).toList();
    }

    private static Unit unit(Member m) {
        return Units.parse(m.unit()).orElseThrow(); // AccountedItem.Energy only exists for a parsed unit
    }

    private String subjects() {
        return members.stream().map(Member::subjectCode).distinct().collect(Collectors.joining(", "));
    }
}
