package io.energymon.uploader.basedata;

import io.energymon.codes.itemcode.CodeListKind;
import io.energymon.codes.itemcode.PlatformCodeEntry;
import io.energymon.codes.itemcode.PlatformCodeLists;
import io.energymon.uploader.platform.BaseDataSet;
import java.util.List;
import java.util.Map;

/**
 * The platform's code lists by the names its base-data answer uses (PROTOCOL.md §1 b, both dialects), as the
 * {@link PlatformCodeLists} that {@code libs/codes} validates data item codes against. A list the platform did not
 * send stays absent (its checks are skipped with a warning); a list of another name is kept in storage but not used.
 */
public final class CodeLists {

    /** The platform's list name of each kind. */
    static final Map<String, CodeListKind> NAMES = Map.ofEntries(
            Map.entry("processes", CodeListKind.PROCESS),
            Map.entry("processUnits", CodeListKind.PROCESS_UNIT),
            Map.entry("equipmentTypes", CodeListKind.EQUIPMENT_TYPE),
            Map.entry("dataSources", CodeListKind.DATA_SOURCE),
            Map.entry("dataClasses", CodeListKind.DATA_CLASS),
            Map.entry("energyTypes", CodeListKind.ENERGY_TYPE),
            Map.entry("workingMedia", CodeListKind.WORKING_MEDIUM),
            Map.entry("products", CodeListKind.PRODUCT),
            Map.entry("efficiencyIndicators", CodeListKind.EFFICIENCY_INDICATOR),
            Map.entry("economicIndicators", CodeListKind.ECONOMIC_INDICATOR),
            Map.entry("useCodes", CodeListKind.USE),
            Map.entry("meterTypes", CodeListKind.METER_TYPE));

    private CodeLists() {
    }

    /** The lists of a download; a process unit's {@code processCode} attribute, when sent, is its parent. */
    public static PlatformCodeLists of(BaseDataSet set) {
        PlatformCodeLists.Builder b = PlatformCodeLists.builder(set.dicVersion() == null ? "?" : set.dicVersion());
        NAMES.forEach((name, kind) -> {
            if (set.codeLists().containsKey(name)) {
                List<PlatformCodeEntry> entries = set.list(name).stream()
                        .map(e -> new PlatformCodeEntry(e.code(), e.name(),
                                kind == CodeListKind.PROCESS_UNIT ? e.attributes().get("processCode") : null))
                        .toList();
                b.put(kind, entries);
            }
        });
        return b.build();
    }
}
