package io.energymon.uploader.directory;

import io.energymon.domain.config.EnterpriseConfig;
import io.energymon.domain.config.EnterpriseProfile;
import io.energymon.domain.config.ItemConfig;
import io.energymon.domain.config.ProcessConfig;
import io.energymon.domain.config.ProcessUnitConfig;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The enterprise information of §10.3 d (基础信息上传, PROTOCOL.md §1 d) built from master data: {@code enterprise},
 * {@code process}, {@code processUnit} and {@code collectItemConfig} (one entry per data item and period it is
 * reported for). Fields master data does not hold are left out rather than invented. Insertion-ordered maps, so
 * the same master data always gives the same JSON (its hash decides whether it must be uploaded again).
 */
public final class EnterpriseInfo {
    private EnterpriseInfo() {
    }

    public static Map<String, Object> of(EnterpriseConfig c) {
        EnterpriseProfile p = c.profile();
        Map<String, Object> enterprise = new LinkedHashMap<>();
        put(enterprise, "code", c.enterpriseCode());
        put(enterprise, "name", p.name());
        put(enterprise, "industryCode", p.industryCode());
        put(enterprise, "regionCode", p.region());
        put(enterprise, "corporationName", p.legalRepresentative());
        put(enterprise, "energyConsumeLevel", p.energyConsumptionLevel());
        put(enterprise, "phone", p.phone());
        put(enterprise, "email", p.email());
        put(enterprise, "address", p.address());
        put(enterprise, "zipCode", p.zipCode());
        put(enterprise, "energyManagerName", p.energyOfficer());
        put(enterprise, "energyManagerPhone", p.energyOfficerPhone());

        List<Map<String, Object>> processes = new ArrayList<>();
        for (ProcessConfig pr : c.processes()) {
            Map<String, Object> m = new LinkedHashMap<>();
            put(m, "processCode", pr.code());
            put(m, "processName", pr.name());
            processes.add(m);
        }
        List<Map<String, Object>> units = new ArrayList<>();
        for (ProcessUnitConfig u : c.processUnits()) {
            Map<String, Object> m = new LinkedHashMap<>();
            put(m, "processCode", u.processCode());
            put(m, "processUnitCode", u.code());
            put(m, "processUnitName", u.name());
            units.add(m);
        }
        List<Map<String, Object>> items = new ArrayList<>();
        for (ItemConfig i : c.items()) {
            if (i == null || i.dataCode() == null || i.dataCode().isBlank()) {
                continue;
            }
            Map<String, Object> m = new LinkedHashMap<>();
            put(m, "dataCode", i.dataCode().replace("-", ""));
            put(m, "name", i.name());
            put(m, "inputType", i.inputType());
            put(m, "statType", i.statTypes().stream().sorted().map(String::valueOf).collect(Collectors.joining(",")));
            put(m, "scope", i.scope());
            put(m, "dataValueMin", i.valueMin() == null ? null : i.valueMin().toPlainString());
            put(m, "dataValueMax", i.valueMax() == null ? null : i.valueMax().toPlainString());
            items.add(m);
        }
        Map<String, Object> info = new LinkedHashMap<>();
        info.put("enterprise", enterprise);
        info.put("process", processes);
        info.put("processUnit", units);
        info.put("collectItemConfig", items);
        return info;
    }

    private static void put(Map<String, Object> m, String name, Object value) {
        if (value != null) {
            m.put(name, value);
        }
    }
}
