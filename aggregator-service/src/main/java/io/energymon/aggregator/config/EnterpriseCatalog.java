package io.energymon.aggregator.config;

import io.energymon.codes.itemcode.DataItemCode;
import io.energymon.codes.itemcode.Scope;
import io.energymon.domain.config.EnterpriseConfig;
import io.energymon.domain.config.ItemConfig;
import io.energymon.domain.config.MeterConfig;
import io.energymon.domain.config.PointConfig;
import io.energymon.domain.config.PointKind;
import io.energymon.domain.config.ProcessConfig;
import io.energymon.domain.tenancy.EnterpriseRef;
import io.energymon.formula.Formula;
import io.energymon.formula.FormulaException;
import io.energymon.formula.graph.FormulaGraph;
import io.energymon.formula.unit.Units;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * What the aggregator needs of one enterprise's configuration snapshot, immutable: its zone, its points, its processes,
 * its data items with their parsed formulas in topological order (an item after every item its formula references),
 * and the reverse index point → items depending on it directly or through other items.
 *
 * <p>An item that cannot be computed is left out with the reason ({@link #skipped()}), never the whole enterprise:
 * a formula that does not parse, a code that is not a valid data item code or does not match the item's scope, an
 * input type outside Table 3, a reference to a point or item that does not exist (or was itself left out), a cycle.
 * The portal checks all of this at save time, so a skipped item means the two disagree.
 */
public final class EnterpriseCatalog {

    /** An item left out of the catalog, and why (Chinese / English). */
    public record Skipped(String dataCode, String reason) {
    }

    private final EnterpriseRef ref;
    private final String name;
    private final long revision;
    private final ZoneId zone;
    private final Map<String, PointConfig> points;
    private final List<MeterConfig> meters;
    private final Map<String, CatalogItem> items;
    private final Map<String, List<CatalogItem>> dependents;
    private final List<Skipped> skipped;
    private final Set<String> rates;
    private final Map<String, List<String>> subMeters;
    private final Set<String> balanced;
    private final Map<String, ProcessConfig> processes;

    private EnterpriseCatalog(EnterpriseRef ref, String name, long revision, ZoneId zone,
                              Map<String, PointConfig> points, Map<String, CatalogItem> items,
                              Map<String, List<CatalogItem>> dependents, List<Skipped> skipped,
                              List<MeterConfig> meters, Map<String, ProcessConfig> processes) {
        this.meters = meters;
        this.processes = processes;
        this.ref = ref;
        this.name = name;
        this.revision = revision;
        this.zone = zone;
        this.points = points;
        this.items = items;
        this.dependents = dependents;
        this.skipped = skipped;
        this.rates = points.values().stream().filter(p -> p.kind() == PointKind.INSTANTANEOUS && Units.isRate(p.unit()))
                .map(PointConfig::id).collect(Collectors.toUnmodifiableSet());
        Set<String> codes = meters.stream().map(MeterConfig::code).collect(Collectors.toSet());
        Map<String, List<String>> subs = new LinkedHashMap<>();
        for (MeterConfig m : meters) {
            String parent = m.parentMeterCode();
            if (parent != null && !parent.equals(m.code()) && codes.contains(parent)) {
                subs.computeIfAbsent(parent, k -> new ArrayList<>()).add(m.code());
            }
        }
        subs.replaceAll((k, v) -> List.copyOf(v));
        this.subMeters = Collections.unmodifiableMap(subs);
        Set<String> inBalance = new HashSet<>(subs.keySet());
        subs.values().forEach(inBalance::addAll);
        this.balanced = points.values().stream()
                .filter(p -> p.kind() == PointKind.CUMULATIVE && inBalance.contains(p.meterCode()))
                .map(PointConfig::id).collect(Collectors.toUnmodifiableSet());
    }

    /** Builds the catalog of one snapshot; never throws for a bad item (it is skipped, see {@link #skipped()}). */
    public static EnterpriseCatalog of(EnterpriseConfig cfg) {
        List<Skipped> skipped = new ArrayList<>();
        Map<String, PointConfig> points = new LinkedHashMap<>();
        for (PointConfig p : cfg.points()) {
            if (p != null && p.id() != null) {
                points.putIfAbsent(p.id(), p);
            }
        }

        Map<String, CatalogItem> parsed = new LinkedHashMap<>();
        for (ItemConfig item : cfg.items()) {
            if (item == null) {
                continue;
            }
            try {
                String code = checkItem(item);
                if (parsed.containsKey(code)) {
                    throw new IllegalArgumentException("数据项重复 / item configured twice");
                }
                parsed.put(code, new CatalogItem(code, item, parse(item)));
            } catch (IllegalArgumentException e) { // FormulaException and CodeFormatException included
                skipped.add(new Skipped(item.dataCode(), e.getMessage()));
            }
        }

        // references to points and items that do not exist, then cycles; leaving one item out may orphan others
        List<String> order;
        while (true) {
            dropUnknownReferences(parsed, points.keySet(), skipped);
            FormulaGraph graph = FormulaGraph.of(parsed.entrySet().stream()
                    .collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue().formula())));
            try {
                order = graph.evaluationOrder();
                break;
            } catch (FormulaException cycles) {
                List<String> cyclic = new ArrayList<>();
                for (String code : parsed.keySet()) {
                    graph.cyclesThrough(code).stream().findFirst().ifPresent(error -> {
                        cyclic.add(code);
                        skipped.add(new Skipped(code, error.message()));
                    });
                }
                if (cyclic.isEmpty()) {
                    throw cycles; // cannot happen: no order means some item is on a cycle
                }
                cyclic.forEach(parsed::remove);
            }
        }
        Map<String, CatalogItem> ordered = new LinkedHashMap<>();
        order.forEach(code -> ordered.put(code, parsed.get(code)));

        // reverse index: the points each item depends on, directly or through the items it references
        Map<String, Set<String>> pointsOf = new HashMap<>();
        Map<String, List<CatalogItem>> dependents = new HashMap<>();
        for (CatalogItem item : ordered.values()) {
            Set<String> ps = new LinkedHashSet<>(item.formula().pointRefs());
            item.formula().itemRefs().forEach(c -> ps.addAll(pointsOf.get(c)));
            pointsOf.put(item.dataCode(), ps);
            ps.forEach(p -> dependents.computeIfAbsent(p, k -> new ArrayList<>()).add(item));
        }
        dependents.replaceAll((p, list) -> List.copyOf(list));

        List<MeterConfig> meters = cfg.meters() == null ? List.of()
                : cfg.meters().stream().filter(m -> m != null && m.code() != null).toList();
        Map<String, ProcessConfig> processes = new LinkedHashMap<>();
        cfg.processes().stream().filter(p -> p != null && p.code() != null)
                .forEach(p -> processes.putIfAbsent(p.code(), p));
        return new EnterpriseCatalog(cfg.ref(), cfg.profile().name(), cfg.revision(), cfg.zone(), Collections.unmodifiableMap(points),
                Collections.unmodifiableMap(ordered), Map.copyOf(dependents), List.copyOf(skipped), meters,
                Collections.unmodifiableMap(processes));
    }

    private static void dropUnknownReferences(Map<String, CatalogItem> items, Set<String> points,
                                              List<Skipped> skipped) {
        boolean removedOne = true;
        while (removedOne) {
            removedOne = false;
            for (var it = items.values().iterator(); it.hasNext(); ) {
                CatalogItem item = it.next();
                List<String> unknown = new ArrayList<>();
                item.formula().pointRefs().stream().filter(p -> !points.contains(p)).map(p -> "[" + p + "]")
                        .forEach(unknown::add);
                item.formula().itemRefs().stream().filter(c -> !items.containsKey(c)).map(c -> "{" + c + "}")
                        .forEach(unknown::add);
                if (!unknown.isEmpty()) {
                    it.remove();
                    skipped.add(new Skipped(item.dataCode(), "公式引用了不存在或不可用的采集点/数据项 " + unknown
                            + " / the formula references unknown or unusable points/items " + unknown));
                    removedOne = true;
                }
            }
        }
    }

    /** Checks what the portal checks at save time; returns the code as bare digits. */
    private static String checkItem(ItemConfig item) {
        if (item.dataCode() == null) {
            throw new IllegalArgumentException("数据项缺少编码 / item without data code");
        }
        DataItemCode code = DataItemCode.parse(item.dataCode());
        int scope = item.scope();
        Scope s = Scope.ofCode(scope).orElseThrow(() -> new IllegalArgumentException(
                "数据项 " + item.dataCode() + " 的范围应为1..4 / scope of item " + item.dataCode() + " must be 1..4, got "
                        + scope));
        if (!code.withScope(s).equals(code)) {
            throw new IllegalArgumentException("数据项编码 " + item.dataCode() + " 与范围" + scope + "（" + s.nameZh()
                    + "）不一致：应为 " + code.withScope(s).format() + " / data item code " + item.dataCode()
                    + " does not match scope " + scope + " (" + s.nameEn() + "): expected " + code.withScope(s).format());
        }
        if (item.inputType() < 1 || item.inputType() > 7) {
            throw new IllegalArgumentException("数据项 " + item.dataCode() + " 的数据来源应为1..7 / inputType of item "
                    + item.dataCode() + " must be a Table 3 code 1..7, got " + item.inputType());
        }
        return code.format();
    }

    private static Formula parse(ItemConfig item) {
        if (item.formula() == null || item.formula().isBlank()) {
            throw new IllegalArgumentException("数据项 " + item.dataCode() + " 没有公式 / item " + item.dataCode()
                    + " has no formula");
        }
        try {
            return Formula.parse(item.formula());
        } catch (FormulaException e) {
            throw new IllegalArgumentException("公式无法解析 / formula does not parse: " + item.formula() + ": "
                    + e.getMessage(), e);
        }
    }

    public EnterpriseRef ref() {
        return ref;
    }

    /** The enterprise's registered name (its profile's), null when it has none. */
    public String name() {
        return name;
    }

    public long revision() {
        return revision;
    }

    /** Day and month boundaries, and the statDate of real-time values, are local to this zone. */
    public ZoneId zone() {
        return zone;
    }

    public Optional<PointConfig> point(String pointId) {
        return Optional.ofNullable(points.get(pointId));
    }

    /** Every configured point. */
    public Collection<PointConfig> points() {
        return points.values();
    }

    /** A configured production process (§7.5) by its 2-digit code, or empty. */
    public Optional<ProcessConfig> process(String code) {
        return Optional.ofNullable(processes.get(code));
    }

    /** The enterprise's measuring instruments (§7.12). */
    public List<MeterConfig> meters() {
        return meters;
    }

    /**
     * Per main meter, its sub-meters: the meters naming it as their {@code parentMeterCode} (a known meter other than
     * themselves), in configuration order.
     */
    public Map<String, List<String>> subMeters() {
        return subMeters;
    }

    /**
     * Whether the point is a counter of a main meter or of a sub-meter, whose intervals the meter balance
     * ({@code alarm.MeterBalance}) needs whether or not an item uses it.
     */
    public boolean balanced(String pointId) {
        return balanced.contains(pointId);
    }

    /** The kind of a configured point, or empty when the point is not configured. */
    public Optional<PointKind> kind(String pointId) {
        return point(pointId).map(PointConfig::kind);
    }

    /**
     * Whether the point is an instantaneous rate ({@code kW}, {@code m3/h}, {@code GJ/h}), which a formula integrates
     * over the period.
     */
    public boolean isRate(String pointId) {
        return rates.contains(pointId);
    }

    /** The items, in topological order. */
    public Collection<CatalogItem> items() {
        return items.values();
    }

    public Optional<CatalogItem> item(String dataCode) {
        return Optional.ofNullable(items.get(dataCode));
    }

    /** Whether some item's formula depends on the point, directly or through other items. */
    public boolean bound(String pointId) {
        return dependents.containsKey(pointId);
    }

    /** The items depending on the point, directly or through other items, in topological order. */
    public List<CatalogItem> dependentsOf(String pointId) {
        return dependents.getOrDefault(pointId, List.of());
    }

    /** The items depending on any of the points, directly or through other items, in topological order. */
    public List<CatalogItem> dependentsOf(Collection<String> pointIds) {
        if (pointIds.size() == 1) {
            return dependentsOf(pointIds.iterator().next());
        }
        Set<String> codes = new HashSet<>();
        pointIds.forEach(p -> dependentsOf(p).forEach(i -> codes.add(i.dataCode())));
        return items.values().stream().filter(i -> codes.contains(i.dataCode())).toList();
    }

    public List<Skipped> skipped() {
        return skipped;
    }

    @Override
    public String toString() {
        return ref + "@" + revision + " (" + points.size() + " points, " + items.size() + " items, " + skipped.size()
                + " skipped)";
    }
}
