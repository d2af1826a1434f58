package io.energymon.portal.workbook;

import io.energymon.domain.config.CollectorConfig;
import io.energymon.domain.config.DeviceConfig;
import io.energymon.domain.config.EnterpriseConfig;
import io.energymon.domain.config.EnterpriseProfile;
import io.energymon.domain.config.EquipmentConfig;
import io.energymon.domain.config.ItemConfig;
import io.energymon.domain.config.MeterConfig;
import io.energymon.domain.config.PointAddress;
import io.energymon.domain.config.PointConfig;
import io.energymon.domain.config.PointKind;
import io.energymon.domain.config.ProcessConfig;
import io.energymon.domain.config.ProcessUnitConfig;
import io.energymon.domain.config.Protocol;
import io.energymon.domain.config.SteamHeat;
import io.energymon.domain.config.TargetConfig;
import io.energymon.portal.masterdata.Kind;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * A cement plant as a commissioning engineer would configure it: 3 processes with 2 units each, 6 equipment, 85
 * meters (electricity 17010000 — not in Table A.3, so a warning —, heat 12240000, gas 12220000, flowmeters
 * 12180000), 2 collectors, 8 devices over every protocol, 205 points, 12 data items (sums over 65 points, item
 * references) and 2 upload targets. Texts hold commas, quotes, line breaks and Chinese; decimals need every digit.
 */
final class PlantGenerator {
    static final int MODBUS_ENERGY = 40;
    static final int DLT645_METERS = 25;
    static final int POINTS = 2 * MODBUS_ENERGY + 20 + 2 * DLT645_METERS + 20 + 20 + 10 + 5;

    private PlantGenerator() {
    }

    static EnterpriseProfile profile(String name) {
        return new EnterpriseProfile(name, "3110", "360111", "张三", "江西省南昌市青山湖区示例路1号, 3号厂房", "330000",
                "0791-88888888", "energy@example.com", "李四", "13800000000", 3, ZoneId.of("Asia/Shanghai"), "NHJC16",
                null);
    }

    static EnterpriseConfig plant(String tenantId, String uscc) {
        List<ProcessConfig> processes = List.of(new ProcessConfig("01", "原料制备"), new ProcessConfig("02", "熟料烧成"),
                new ProcessConfig("03", "水泥粉磨"));
        List<ProcessUnitConfig> units = new ArrayList<>();
        for (ProcessConfig p : processes) {
            units.add(new ProcessUnitConfig(p.code(), "01", p.name() + "一线"));
            units.add(new ProcessUnitConfig(p.code(), "02", p.name() + "二线"));
        }
        List<EquipmentConfig> equipment = List.of(
                new EquipmentConfig("11001", "原料立磨", "01", "01", true, new BigDecimal("315.5")),
                new EquipmentConfig("11002", "石灰石破碎机", "01", "02", false, null),
                new EquipmentConfig("21001", "回转窑", "02", "01", true, new BigDecimal("2800")),
                new EquipmentConfig("21002", "篦冷机风机", "02", "02", true, new BigDecimal("0.75")),
                new EquipmentConfig("31001", "水泥磨", "03", null, true, new BigDecimal("1250.125")),
                new EquipmentConfig("31002", "空压机 \"A\" 站", null, null, false, null));

        List<MeterConfig> meters = new ArrayList<>();
        for (int i = 1; i <= MODBUS_ENERGY; i++) {
            meters.add(new MeterConfig(electricityMeter(i), "电表 " + i + (i == 1 ? "，总进线" : ""), "SN-E" + i,
                    i % 4 == 0 ? null : "威胜 DTSD341", "0.5S", LocalDate.of(2025, 3, 1).plusDays(i), 24,
                    i <= 6 ? equipment.get(i - 1).code() : null, "3300",
                    i >= 2 && i <= 6 ? electricityMeter(1) : null)); // meters 2..6 are sub-meters of the main line
        }
        for (int k = 1; k <= DLT645_METERS; k++) {
            meters.add(new MeterConfig(electricityMeter(100 + k), "645 电表 " + k, null, null, "1", null, null, null,
                    "3300"));
        }
        for (int i = 1; i <= 10; i++) {
            meters.add(new MeterConfig("122400002" + three(i), "热能表 " + i, "H-" + i, "兰吉尔 T550", "2",
                    LocalDate.of(2024, 12, 31), 12, null, "3200"));
        }
        for (int i = 1; i <= 5; i++) {
            meters.add(new MeterConfig("122200002" + three(i), "燃气表 " + i, "G-" + i, null, "1.5",
                    LocalDate.of(2025, 6, 30), 36, "21001", "1500"));
            meters.add(new MeterConfig("121800002" + three(i), "流量计 " + i, "F-" + i, null, "1",
                    LocalDate.of(2025, 1, 15), 12, null, i <= 3 ? "0201" : "0101"));
        }

        List<CollectorConfig> collectors = List.of(new CollectorConfig("col-a", "一号采集器（配电室）"),
                new CollectorConfig("col-b", "二号采集器, 中控室"));
        List<DeviceConfig> devices = List.of(
                new DeviceConfig("mb-1", "col-a", Protocol.MODBUS_TCP, "10.0.1.11", 502, 1, null, null, null,
                        Duration.ofSeconds(2)),
                new DeviceConfig("mb-2", "col-a", Protocol.MODBUS_RTU, null, null, 2, null, null, null,
                        Duration.ofMillis(500), "/dev/ttyUSB0", "9600-8N1", Duration.ofMillis(20), 64, 4, null, null,
                        null),
                new DeviceConfig("mb-3", "col-b", Protocol.MODBUS_RTU_OVER_TCP, "10.0.1.13", 1502, 247, null, null, null,
                        null),
                new DeviceConfig("dlt-1", "col-a", Protocol.DLT645_TCP, "10.0.2.21", 8001, null, null, null, null, null),
                new DeviceConfig("dlt-2", "col-b", Protocol.DLT645_SERIAL, null, null, null, null, null, null,
                        Duration.ofSeconds(3), "/dev/ttyS1", "2400-8E1", Duration.ofMillis(50), null, null, null, null,
                        null),
                new DeviceConfig("cjt-1", "col-b", Protocol.CJT188_TCP, "10.0.3.31", 8003, null, null, null, null,
                        Duration.ofSeconds(5)),
                new DeviceConfig("cjt-2", "col-b", Protocol.CJT188_SERIAL, null, null, null, null, null, null,
                        Duration.ofSeconds(5), "/dev/ttyS2", null, null, null, null, null, null, null),
                new DeviceConfig("opc-1", "col-b", Protocol.OPC_UA, null, null, null, "opc.tcp://10.0.4.41:4840/dcs",
                        "reader", "opc-dcs-password", Duration.ofSeconds(5), null, null, null, null, null,
                        "Basic256Sha256", "SignAndEncrypt", "SUBSCRIBE"),
                new DeviceConfig("sql-1", "col-a", Protocol.SQL, null, null, null,
                        "jdbc:postgresql://10.0.5.51:5432/mes", "energy_ro", "mes-db", Duration.ofSeconds(10)));

        BigDecimal centi = new BigDecimal("0.01");
        List<PointConfig> points = new ArrayList<>();
        for (int i = 1; i <= MODBUS_ENERGY; i++) {
            String device = "mb-" + (1 + i % 3);
            String name = i == 1 ? "1#主变进线, \"A\"段\n有功电能" : "电表 " + i + " 有功电能";
            points.add(new PointConfig(energy(i), name, device, electricityMeter(i),
                    PointAddress.modbus((i - 1) * 10, "HOLDING", "UINT32", "BIG"), PointKind.CUMULATIVE, "kWh", centi,
                    Duration.ofMinutes(15), new BigDecimal("42949672.95"), 4));
            points.add(new PointConfig("e" + three(i) + ".kw", "电表 " + i + " 有功功率", device, electricityMeter(i),
                    PointAddress.modbus((i - 1) * 10 + 4, "INPUT", "FLOAT32", "LITTLE"), PointKind.INSTANTANEOUS, "kW",
                    BigDecimal.ONE, Duration.ofMinutes(1), null, null));
        }
        for (int j = 1; j <= 20; j++) {
            points.add(new PointConfig("flow" + three(j) + ".m3h", "管道流量 " + j, "mb-3", null,
                    new PointAddress(1000 + j, "INPUT", j % 2 == 0 ? "INT16" : "UINT16", "BIG", null, null, null, null,
                            null, j == 20 ? "LITTLE" : null, null),
                    PointKind.INSTANTANEOUS, "m3/h", new BigDecimal("0.1"), Duration.ofMinutes(5), null, 3,
                    j == 20 ? new BigDecimal("-12.5") : null, null));
        }
        for (int k = 1; k <= DLT645_METERS; k++) {
            String device = k <= 12 ? "dlt-1" : "dlt-2";
            String address = String.format("%012d", 360100000000L + k);
            points.add(new PointConfig(dlt(k, "fwd"), "645 电表 " + k + " 正向有功", device, electricityMeter(100 + k),
                    new PointAddress(null, null, null, null, address, "00010000", null, null, null), PointKind.CUMULATIVE,
                    "kWh", BigDecimal.ONE, Duration.ofMinutes(15), new BigDecimal("999999.99"), 4));
            points.add(new PointConfig(dlt(k, "rev"), "645 电表 " + k + " 反向有功", device, electricityMeter(100 + k),
                    new PointAddress(null, null, null, null, address, "00020000", null, null, null), PointKind.CUMULATIVE,
                    "kWh", BigDecimal.ONE, Duration.ofMinutes(15), null, 4));
        }
        for (int i = 1; i <= 20; i++) {
            String type = i <= 10 ? "20" : i <= 15 ? "30" : "10";
            String meter = i <= 10 ? "122400002" + three(i) : i <= 15 ? "122200002" + three(i - 10)
                    : "121800002" + three(i - 15);
            String unit = i <= 10 ? "GJ" : "m3";
            points.add(new PointConfig(cjt(i), "CJ/T 188 表 " + i, i <= 15 ? "cjt-1" : "cjt-2", meter,
                    new PointAddress(null, null, null, null, String.format("%014d", 20240000000000L + i), "901F", type,
                            null, null), PointKind.CUMULATIVE, unit, i <= 10 ? centi : new BigDecimal("0.001"),
                    Duration.ofMinutes(15), new BigDecimal("99999999"), 4));
        }
        for (int n = 1; n <= 10; n++) {
            points.add(new PointConfig("opc.steam." + two(n), n + "#余热锅炉蒸汽流量", "opc-1", null,
                    new PointAddress(null, null, null, null, null, null, null, "ns=2;s=Boiler" + n + ".SteamFlow", null),
                    PointKind.INSTANTANEOUS, "t/h", BigDecimal.ONE, Duration.ofMinutes(1), null, 3));
            points.add(new PointConfig("opc.steam-total." + two(n), n + "#余热锅炉蒸汽累计", "opc-1", null,
                    new PointAddress(null, null, null, null, null, null, null, "ns=2;i=" + (5000 + n), null),
                    PointKind.CUMULATIVE, "t", BigDecimal.ONE, Duration.ofMinutes(15), null, 3));
        }
        points.add(new PointConfig("opc.steam-p.01", "1#余热锅炉蒸汽压力", "opc-1", null,
                new PointAddress(null, null, null, null, null, null, null, "ns=2;s=Boiler1.SteamPressure", null),
                PointKind.INSTANTANEOUS, "MPa", BigDecimal.ONE, Duration.ofMinutes(1), null, 3));
        points.add(new PointConfig("opc.steam-t.01", "1#余热锅炉蒸汽温度", "opc-1", null,
                new PointAddress(null, null, null, null, null, null, null, "ns=2;s=Boiler1.SteamTemperature", null),
                PointKind.INSTANTANEOUS, "°C", BigDecimal.ONE, Duration.ofMinutes(1), null, 3));
        points.add(new PointConfig("steam-heat.01", "1#余热锅炉供热功率", null, null, null, PointKind.INSTANTANEOUS,
                "GJ/h", BigDecimal.ONE, Duration.ofMinutes(1), null, 3, null,
                new SteamHeat("opc.steam.01", "opc.steam-p.01", "opc.steam-t.01", new BigDecimal("104"), true)));
        for (int n = 1; n <= 6; n++) {
            String query = "select sum(output_t) as v\nfrom mes.production\nwhere line = 'L" + n
                    + "' and ts >= :slot_start and ts < :slot_end";
            points.add(new PointConfig("sql.prod." + two(n), "熟料产量，L" + n, "sql-1", null,
                    new PointAddress(null, null, null, null, null, null, null, null, query), PointKind.INSTANTANEOUS,
                    "t", BigDecimal.ONE, Duration.ofHours(1), null, 1));
        }
        points.add(new PointConfig("sql.prod-log", "水泥出库量（MES 出库记录）", "sql-1", null,
                new PointAddress(null, null, null, null, null, null, null, null,
                        "select shipped_at, tonnes as value\nfrom mes.shipment\nwhere shipped_at > :watermark\n"
                                + "order by shipped_at", null, "shipped_at"),
                PointKind.INSTANTANEOUS, "t", BigDecimal.ONE, Duration.ofMinutes(15), null, 1));
        for (int n = 1; n <= 5; n++) {
            points.add(new PointConfig("manual." + n, "外购电量（人工录入）" + n, null, null, null, PointKind.CUMULATIVE,
                    "kWh", BigDecimal.ONE, Duration.ofDays(1), null, 5));
        }

        List<String> allEnergy = new ArrayList<>();
        IntStream.rangeClosed(1, MODBUS_ENERGY).forEach(i -> allEnergy.add(energy(i)));
        IntStream.rangeClosed(1, DLT645_METERS).forEach(k -> allEnergy.add(dlt(k, "fwd")));
        List<ItemConfig> items = List.of(
                new ItemConfig("0000000002330011", "全厂用电量", List.of(0, 1, 2), sum(allEnergy), 4, 1, "kWh",
                        BigDecimal.ZERO, new BigDecimal("99999999.99")),
                new ItemConfig("0100000002330011", "原料制备用电量", List.of(1, 2, 3), sum(range(1, 13)), 4, 2, "kWh",
                        null, null),
                new ItemConfig("0200000002330011", "熟料烧成用电量", List.of(1, 2, 3), sum(range(14, 26)), 4, 2, "kWh",
                        null, null),
                new ItemConfig("0300000002330011", "水泥粉磨用电量", List.of(1, 2, 3), sum(range(27, 40)), 4, 2, "kWh",
                        null, null),
                new ItemConfig("0000000002330012", "工序用电合计",
                        List.of(0, 1, 2), "{0100000002330011} + {0200000002330011} + {0300000002330011}", 4, 1, "kWh",
                        null, null),
                new ItemConfig("0101000002330011", "原料一线用电量", List.of(1), "[e001.kwh] + [e002.kwh]", 4, 3, "kWh",
                        null, null),
                new ItemConfig("0101110102330011", "原料立磨用电量", List.of(0, 1, 2, 3), "[e001.kwh] * 1", 4, 4, "kWh",
                        new BigDecimal("0.001"), new BigDecimal("1000000")),
                new ItemConfig("0000000002320011", "全厂用热量", List.of(0, 1, 2), sum(cjtRange(1, 10)), 4, 1, "GJ",
                        null, null),
                new ItemConfig("0000000002150011", "天然气用量", List.of(1, 2), sum(cjtRange(11, 15)), 4, 1, "m3", null,
                        null),
                new ItemConfig("0000000003020111", "工业水用量", List.of(2), sum(cjtRange(16, 20)), 4, 1, "m3", null,
                        null),
                new ItemConfig("0000000002370011", "余热蒸汽量", List.of(1, 2),
                        sum(IntStream.rangeClosed(1, 10).mapToObj(n -> "opc.steam-total." + two(n)).toList()), 3, 1,
                        "t", null, null),
                new ItemConfig("0000000002330013", "外购电量", List.of(2),
                        "sum([manual.1], [manual.2], [manual.3], [manual.4], [manual.5]) - {0000000002330011} * 0",
                        5, 1, "kWh", null, null));
        List<TargetConfig> targets = List.of(new TargetConfig("jiangxi-province", true),
                new TargetConfig("national-platform", false));
        return new EnterpriseConfig(tenantId, uscc, 0, null, profile("江西示例水泥有限公司"), processes, units, equipment,
                meters, collectors, devices, points, items, targets);
    }

    static String electricityMeter(int serial) {
        int level = serial <= 2 ? 1 : serial <= 10 ? 2 : 3;
        return "17010000" + level + three(serial);
    }

    static String energy(int i) {
        return "e" + three(i) + ".kwh";
    }

    private static String dlt(int k, String what) {
        return "d645." + two(k) + "." + what;
    }

    private static String cjt(int i) {
        return "cjt." + two(i);
    }

    private static List<String> range(int from, int to) {
        return IntStream.rangeClosed(from, to).mapToObj(PlantGenerator::energy).toList();
    }

    private static List<String> cjtRange(int from, int to) {
        return IntStream.rangeClosed(from, to).mapToObj(PlantGenerator::cjt).toList();
    }

    private static String sum(List<String> points) {
        return "sum(" + points.stream().map(p -> "[" + p + "]").collect(Collectors.joining(", ")) + ")";
    }

    private static String three(int i) {
        return String.format("%03d", i);
    }

    private static String two(int i) {
        return String.format("%02d", i);
    }

    /** Every list sorted by key (the order of the stored snapshot may differ from the generated one). */
    static EnterpriseConfig sorted(EnterpriseConfig c) {
        EnterpriseConfig out = c;
        for (Kind<?> k : Kind.ALL) {
            out = sortKind(out, k);
        }
        return out;
    }

    private static <T> EnterpriseConfig sortKind(EnterpriseConfig c, Kind<T> kind) {
        return kind.with(c, kind.in(c).stream().sorted(Comparator.comparing(kind::keyOf)).toList());
    }

    /** The number of entities below the enterprise. */
    static int entities(EnterpriseConfig c) {
        return Kind.ALL.stream().mapToInt(k -> k.in(c).size()).sum();
    }
}
