package io.energymon.infra.platformsim;

import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * The code lists the simulated platform hands out on {@code downloadBaseData}: small, but shaped like the real lists.
 *
 * <ul>
 *   <li>{@code dataClasses} 01..10: DB36/T 2149.2 table 4 (01 primary energy … 04 raw-material energy … 10 other).</li>
 *   <li>{@code dataSources} 1..7: DB36/T 2149.2 table 3 (1 management information system … 6 energy supplier,
 *       7 other).</li>
 *   <li>{@code energyTypes}: a subset of DB36/T 2149.2 table A.1 (category + item, 4 digits), e.g. 0100 raw coal,
 *       1500 natural gas, 3200 heat, 3300 electricity; each carries the data class it belongs to.</li>
 *   <li>{@code workingMedia}: a subset of table A.2 (0101 compressed air, 0201 industrial water …).</li>
 *   <li>{@code useCodes}: our own illustrative list ([D], no public national list): 11 consumption, 12 purchase,
 *       13 stock, 14 supplied to others, 15 transformation input, 16 transformation output, 99 other.</li>
 *   <li>{@code processes}, {@code equipmentTypes}: a few generic entries (00 = whole plant / none).</li>
 * </ul>
 */
final class BaseData {

    static final Map<String, String> DATA_CLASSES = ordered(
            "01", "一次能源 / primary energy",
            "02", "二次能源 / secondary energy",
            "03", "耗能工质 / energy-consuming working medium",
            "04", "原料用能 / raw-material energy use",
            "05", "一次能源折标系数 / primary energy conversion factor",
            "06", "二次能源折标系数 / secondary energy conversion factor",
            "07", "耗能工质折标系数 / working medium conversion factor",
            "08", "能效指标 / efficiency indicator",
            "09", "经济指标 / economic indicator",
            "10", "其他指标 / other indicator");

    static final Map<String, String> DATA_SOURCES = ordered(
            "1", "管理信息系统 / management information system",
            "2", "生产监控管理系统 / production monitoring system",
            "3", "工业控制系统 / industrial control system",
            "4", "现场仪表 / field instrument",
            "5", "手工填报 / manual entry",
            "6", "能源供应单位 / energy supplier",
            "7", "其他 / other");

    /** code -> {name, data class}. */
    static final String[][] ENERGY_TYPES = {
            {"0100", "原煤 / raw coal", "01"},
            {"0600", "洗精煤 / washed coal", "01"},
            {"0900", "焦炭 / coke", "02"},
            {"1500", "天然气 / natural gas", "01"},
            {"1800", "原油 / crude oil", "01"},
            {"1900", "汽油 / gasoline", "02"},
            {"2100", "柴油 / diesel", "02"},
            {"2300", "液化石油气 / LPG", "02"},
            {"3200", "热力 / heat", "02"},
            {"3300", "电力 / electricity", "02"},
            {"3700", "余热余压 / waste heat and pressure", "02"},
    };

    static final String[][] WORKING_MEDIA = {
            {"0101", "压缩空气 / compressed air"},
            {"0102", "氧气 / oxygen"},
            {"0103", "氮气 / nitrogen"},
            {"0201", "工业水 / industrial water"},
            {"0205", "脱盐水 / desalinated water"},
    };

    static final Map<String, String> USE_CODES = ordered(
            "11", "消费量 / consumption",
            "12", "购入量 / purchase",
            "13", "库存量 / stock",
            "14", "外供量 / supplied to others",
            "15", "加工转换投入量 / transformation input",
            "16", "加工转换产出量 / transformation output",
            "99", "其他 / other");

    static final Map<String, String> PROCESSES = ordered(
            "00", "全厂 / whole plant",
            "01", "原料准备 / raw material preparation",
            "02", "主生产 / main production",
            "03", "辅助生产 / auxiliary production");

    static final Map<String, String> EQUIPMENT_TYPES = ordered(
            "00", "无 / none",
            "01", "锅炉 / boiler",
            "02", "电动机 / electric motor",
            "03", "空压机 / air compressor",
            "04", "变压器 / transformer");

    static final Set<String> DATA_CLASS_CODES = DATA_CLASSES.keySet();

    private BaseData() {
    }

    /** The names of the lists {@link #toJson} writes. */
    static final Set<String> LIST_NAMES = Set.of("dataClasses", "dataSources", "energyTypes", "workingMedia",
            "useCodes", "processes", "equipmentTypes");

    static ObjectNode toJson(ObjectNode target) {
        return toJson(target, Set.of());
    }

    /**
     * Writes the lists into {@code target}, without the entries named in {@code retired} as {@code list/code}
     * (codes the platform withdrew, {@code POST /sim/retire-code}).
     */
    static ObjectNode toJson(ObjectNode target, Set<String> retired) {
        JsonNodeFactory f = JsonNodeFactory.instance;
        target.set("dataClasses", list(f, "dataClasses", DATA_CLASSES, retired));
        target.set("dataSources", list(f, "dataSources", DATA_SOURCES, retired));
        ArrayNode energy = f.arrayNode();
        for (String[] e : ENERGY_TYPES) {
            if (!retired.contains("energyTypes/" + e[0])) {
                energy.addObject().put("code", e[0]).put("name", e[1]).put("dataClass", e[2]);
            }
        }
        target.set("energyTypes", energy);
        ArrayNode media = f.arrayNode();
        for (String[] m : WORKING_MEDIA) {
            if (!retired.contains("workingMedia/" + m[0])) {
                media.addObject().put("code", m[0]).put("name", m[1]).put("dataClass", "03");
            }
        }
        target.set("workingMedia", media);
        target.set("useCodes", list(f, "useCodes", USE_CODES, retired));
        target.set("processes", list(f, "processes", PROCESSES, retired));
        target.set("equipmentTypes", list(f, "equipmentTypes", EQUIPMENT_TYPES, retired));
        return target;
    }

    private static ArrayNode list(JsonNodeFactory f, String listName, Map<String, String> entries,
                                  Set<String> retired) {
        ArrayNode array = f.arrayNode();
        entries.forEach((code, name) -> {
            if (!retired.contains(listName + "/" + code)) {
                array.addObject().put("code", code).put("name", name);
            }
        });
        return array;
    }

    private static Map<String, String> ordered(String... pairs) {
        Map<String, String> map = new TreeMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            map.put(pairs[i], pairs[i + 1]);
        }
        return java.util.Collections.unmodifiableMap(map);
    }
}
