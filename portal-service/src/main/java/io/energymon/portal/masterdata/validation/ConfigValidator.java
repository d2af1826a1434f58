package io.energymon.portal.masterdata.validation;

import io.energymon.codes.division.DivisionTable;
import io.energymon.codes.industry.IndustryTable;
import io.energymon.codes.itemcode.DataItemCode;
import io.energymon.codes.itemcode.DataItemCodeValidator;
import io.energymon.codes.itemcode.LayoutProfile;
import io.energymon.codes.itemcode.PlatformCodeLists;
import io.energymon.codes.itemcode.Scope;
import io.energymon.codes.standard.BasicCodes;
import io.energymon.codes.standard.DataClass;
import io.energymon.codes.standard.EquipmentCode;
import io.energymon.codes.standard.MeterCode;
import io.energymon.codes.standard.StandardTables;
import io.energymon.codes.uscc.Uscc;
import io.energymon.codes.validation.ValidationResult;
import io.energymon.codes.validation.Violation;
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
import io.energymon.formula.Formula;
import io.energymon.formula.FormulaError;
import io.energymon.formula.FormulaException;
import io.energymon.formula.UnitContext;
import io.energymon.formula.graph.FormulaGraph;
import io.energymon.formula.unit.Units;
import io.energymon.portal.masterdata.Kind;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Validates one enterprise's whole master data as a graph: every field of every entity with the codes library, keys
 * unique, every reference resolvable, formulas parsed and checked (unknown point or item, unit mismatch, cycle). The
 * REST API runs it on the enterprise as it would be after a change, the workbook import on the imported plant; a
 * finding's field is the entity's path and field, e.g. {@code points[m1.energy].address.register}.
 */
public final class ConfigValidator {
    static final Pattern TENANT_ID = Pattern.compile("[a-z0-9][a-z0-9-]{1,39}");
    static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:-]{0,99}");
    private static final Pattern PHONE = Pattern.compile("[0-9+()\\- ]{5,30}");
    private static final Pattern EMAIL = Pattern.compile("[^@\\s]+@[^@\\s]+\\.[^@\\s]+");
    private static final Pattern ZIP = Pattern.compile("\\d{6}");
    private static final Pattern ACCURACY = Pattern.compile("(\\d+(\\.\\d+)?S?|[A-D])");
    private static final Pattern DLT645_ADDRESS = Pattern.compile("\\d{12}");
    private static final Pattern DLT645_DI = Pattern.compile("[0-9A-Fa-f]{8}|[0-9A-Fa-f]{4}");
    private static final Pattern CJT188_ADDRESS = Pattern.compile("\\d{14}");
    private static final Pattern CJT188_DI = Pattern.compile("[0-9A-Fa-f]{4}");
    private static final Set<String> CJT188_TYPES = Set.of("10", "11", "12", "13", "20", "21", "30", "40");
    private static final Pattern OPC_NODE = Pattern.compile("(ns=\\d+;)?[isgb]=.+");
    private static final Set<String> MODBUS_FUNCTIONS = Set.of("HOLDING", "INPUT");
    private static final Set<String> MODBUS_TYPES = Set.of("UINT16", "INT16", "UINT32", "INT32", "UINT64", "INT64",
            "FLOAT32", "FLOAT64");
    private static final Set<String> WORD_ORDERS = Set.of("BIG", "LITTLE");
    private static final Pattern SERIAL_FORMAT = Pattern.compile("(1200|2400|4800|9600|19200|38400|57600|115200)-[78][NEO][12]");
    private static final Set<String> OPC_POLICIES = Set.of("None", "Basic256Sha256");
    private static final Set<String> OPC_MODES = Set.of("None", "Sign", "SignAndEncrypt");
    private static final Set<String> OPC_ACQUISITIONS = Set.of("POLL", "SUBSCRIBE");

    private final DataItemCodeValidator itemCodes;

    public ConfigValidator() {
        this(PlatformCodeLists.empty());
    }

    /** @param lists the platform's downloaded code lists (empty: segments are checked for form only, with a warning) */
    public ConfigValidator(PlatformCodeLists lists) {
        this.itemCodes = new DataItemCodeValidator(lists);
    }

    /** A tenant's fields. */
    public static ValidationResult validateTenant(String tenantId, String name) {
        List<Violation> out = new ArrayList<>();
        Findings f = Findings.root(out);
        if (f.required("tenantId", tenantId, "租户标识", "Tenant id")) {
            f.pattern("tenantId", tenantId, TENANT_ID, "2-40 characters a-z 0-9 -", "租户标识", "Tenant id");
        }
        f.required("name", name, "租户名称", "Tenant name");
        f.maxLength("name", name, 100, "租户名称", "Tenant name");
        return new ValidationResult(out);
    }

    /** Everything: the profile and every entity, as one graph. */
    public ValidationResult validate(EnterpriseConfig c) {
        List<Violation> out = new ArrayList<>();
        Findings root = Findings.root(out);
        root.add(Uscc.validate("enterpriseCode", c.enterpriseCode()), "enterpriseCode");
        profile(root.under("profile"), c.profile());
        Index ix = new Index(c, root);
        c.processes().forEach(p -> process(under(root, Kind.PROCESSES, p.code()), p));
        c.processUnits().forEach(u -> processUnit(under(root, Kind.PROCESS_UNITS, u.key()), u, ix));
        c.equipment().forEach(e -> equipment(under(root, Kind.EQUIPMENT, e.code()), e, ix));
        c.meters().forEach(m -> meter(under(root, Kind.METERS, m.code()), m, ix));
        meterCycles(root, ix);
        c.collectors().forEach(x -> collector(under(root, Kind.COLLECTORS, x.id()), x));
        c.devices().forEach(d -> device(under(root, Kind.DEVICES, d.id()), d, ix));
        c.points().forEach(p -> point(under(root, Kind.POINTS, p.id()), p, ix));
        LayoutProfile layout = layout(c.profile());
        c.items().forEach(i -> item(under(root, Kind.ITEMS, i.dataCode()), i, ix, layout));
        cycles(root, c);
        c.targets().forEach(t -> target(under(root, Kind.TARGETS, t.platformId()), t));
        return new ValidationResult(out);
    }

    private static Findings under(Findings root, Kind<?> kind, String key) {
        return root.under(kind.path(key));
    }

    private static LayoutProfile layout(EnterpriseProfile p) {
        try {
            return LayoutProfile.valueOf(p.layoutProfile());
        } catch (IllegalArgumentException e) {
            return LayoutProfile.NHJC16;
        }
    }

    // ---- the enterprise

    private static void profile(Findings f, EnterpriseProfile p) {
        if (f.required("name", p.name(), "用能单位名称", "Enterprise name")) {
            f.maxLength("name", p.name(), 100, "用能单位名称", "Enterprise name");
        }
        if (f.required("industryCode", p.industryCode(), "行业编码", "Industry code")) {
            f.add(IndustryTable.standard().validate("industryCode", p.industryCode()), "industryCode");
        }
        if (f.required("region", p.region(), "行政区划代码", "Region code")) {
            f.add(DivisionTable.standard().validate("region", p.region()), "region");
        }
        f.required("legalRepresentative", p.legalRepresentative(), "法定代表人", "Legal representative");
        f.maxLength("legalRepresentative", p.legalRepresentative(), 50, "法定代表人", "Legal representative");
        f.required("address", p.address(), "地址", "Address");
        f.maxLength("address", p.address(), 200, "地址", "Address");
        f.pattern("zipCode", p.zipCode(), ZIP, "6 digits", "邮政编码", "Postal code");
        if (f.required("phone", p.phone(), "联系电话", "Phone")) {
            f.pattern("phone", p.phone(), PHONE, "5-30 digits, + ( ) - or spaces", "联系电话", "Phone");
        }
        f.pattern("email", p.email(), EMAIL, "name@domain", "电子邮箱", "E-mail");
        f.maxLength("energyOfficer", p.energyOfficer(), 50, "能源管理负责人", "Energy officer");
        f.pattern("energyOfficerPhone", p.energyOfficerPhone(), PHONE, "5-30 digits, + ( ) - or spaces",
                "能源管理负责人电话", "Energy officer's phone");
        f.range("energyConsumptionLevel", p.energyConsumptionLevel(), 1, 6, "能耗等级", "Energy consumption level");
        if (!Set.of("NHJC16", "DB36_17").contains(p.layoutProfile())) {
            f.error("layoutProfile", "layout-profile", "NHJC16 or DB36_17", "数据项编码布局应为 NHJC16 或 DB36_17，实际为“"
                    + p.layoutProfile() + "”", "Layout profile must be NHJC16 or DB36_17, got '" + p.layoutProfile() + "'");
        }
    }

    // ---- organisation

    private static void process(Findings f, ProcessConfig p) {
        f.add(BasicCodes.validateProcess("code", p.code()), "code");
        if ("00".equals(p.code())) {
            f.error("code", "process.reserved", "01-99", "生产工序编码00保留给全厂", "Process code 00 is reserved for the whole plant");
        }
        f.required("name", p.name(), "工序名称", "Process name");
        f.maxLength("name", p.name(), 100, "工序名称", "Process name");
    }

    private static void processUnit(Findings f, ProcessUnitConfig u, Index ix) {
        f.add(BasicCodes.validateProcess("processCode", u.processCode()), "processCode");
        f.reference("processCode", u.processCode(), ix.processes.contains(u.processCode()), "生产工序", "process");
        f.add(BasicCodes.validateProcessUnit("code", u.code()), "code");
        if ("00".equals(u.code())) {
            f.error("code", "process-unit.reserved", "01-99", "工序单元编码00保留给整个工序",
                    "Process unit code 00 is reserved for the whole process");
        }
        f.required("name", u.name(), "工序单元名称", "Process unit name");
        f.maxLength("name", u.name(), 100, "工序单元名称", "Process unit name");
    }

    private static void equipment(Findings f, EquipmentConfig e, Index ix) {
        f.add(EquipmentCode.validate("code", e.code()), "code");
        f.required("name", e.name(), "设备名称", "Equipment name");
        f.maxLength("name", e.name(), 100, "设备名称", "Equipment name");
        f.reference("processCode", e.processCode(), ix.processes.contains(e.processCode()), "生产工序", "process");
        if (e.processUnitCode() != null && !e.processUnitCode().isBlank()) {
            f.required("processCode", e.processCode(), "设备所属工序", "Process of the equipment's unit");
            f.reference("processUnitCode", e.processUnitCode(),
                    ix.units.contains(e.processCode() + "-" + e.processUnitCode()), "工序单元", "process unit");
        }
        if (e.ratedPowerKw() != null && e.ratedPowerKw().signum() < 0) {
            f.error("ratedPowerKw", "range", ">= 0", "额定功率不能为负", "Rated power must not be negative");
        }
    }

    private static void meter(Findings f, MeterConfig m, Index ix) {
        f.add(MeterCode.validate("code", m.code()), "code");
        f.required("name", m.name(), "计量器具名称", "Meter name");
        f.maxLength("name", m.name(), 100, "计量器具名称", "Meter name");
        f.maxLength("serialNumber", m.serialNumber(), 50, "出厂编号", "Serial number");
        f.pattern("accuracyClass", m.accuracyClass(), ACCURACY, "e.g. 0.5S, 1, 2, 0.2", "准确度等级", "Accuracy class");
        if (m.verifiedOn() != null && m.verifiedOn().isAfter(LocalDate.now().plusDays(1))) {
            f.error("verifiedOn", "date.future", "a date not in the future", "检定日期不能晚于今天",
                    "Verification date must not be in the future");
        }
        f.range("verificationIntervalMonths", m.verificationIntervalMonths(), 1, 120, "检定周期（月）",
                "Verification interval (months)");
        f.reference("equipmentCode", m.equipmentCode(), ix.equipment.contains(m.equipmentCode()), "用能设备", "equipment");
        if (m.energyCode() != null && !m.energyCode().isBlank() && !StandardTables.energyTypes().contains(m.energyCode())
                && !StandardTables.workingMedia().contains(m.energyCode())) {
            f.error("energyCode", "code-list.unknown", "a code of Table A.1 or A.2",
                    "能源品种/耗能工质编码“" + m.energyCode() + "”不在表A.1或表A.2中",
                    "Energy type / working medium '" + m.energyCode() + "' is not in Table A.1 or A.2");
        }
        parent(f, m, ix);
    }

    /** A sub-meter's main meter: another meter of the enterprise, of the same energy when both name one. */
    private static void parent(Findings f, MeterConfig m, Index ix) {
        String code = m.parentMeterCode();
        if (!present(code)) {
            return;
        }
        if (code.equals(m.code())) {
            f.error("parentMeterCode", "meter.parent-self", "another meter's code",
                    "计量器具不能是自己的总表：“" + code + "”", "A meter cannot be its own main meter: '" + code + "'");
            return;
        }
        MeterConfig parent = ix.meterByCode.get(code);
        f.reference("parentMeterCode", code, parent != null, "总表（计量器具）", "main meter");
        if (parent != null && present(m.energyCode()) && present(parent.energyCode())
                && !m.energyCode().equals(parent.energyCode())) {
            f.error("parentMeterCode", "meter.parent-energy", "a main meter of energy " + m.energyCode(),
                    "分表的能源品种/耗能工质“" + m.energyCode() + "”与总表“" + code + "”的“" + parent.energyCode()
                            + "”不同",
                    "The sub-meter's energy type / working medium '" + m.energyCode() + "' differs from that of "
                            + "main meter '" + code + "' ('" + parent.energyCode() + "')");
        }
    }

    /** Main meters must not form a cycle (a meter its own main meter is reported by {@link #parent}). */
    private static void meterCycles(Findings root, Index ix) {
        for (MeterConfig m : ix.meterByCode.values()) {
            List<String> path = new ArrayList<>(List.of(m.code()));
            String next = m.parentMeterCode();
            while (present(next) && !next.equals(path.getLast()) && ix.meterByCode.containsKey(next)
                    && !path.contains(next)) {
                path.add(next);
                next = ix.meterByCode.get(next).parentMeterCode();
            }
            if (path.size() > 1 && m.code().equals(next)) {
                path.add(next);
                String cycle = String.join(" → ", path);
                under(root, Kind.METERS, m.code()).error("parentMeterCode", "meter.parent-cycle",
                        "main meters without a cycle", "总表关系成环：" + cycle, "Main meters form a cycle: " + cycle);
            }
        }
    }

    private static boolean present(String s) {
        return s != null && !s.isBlank();
    }

    // ---- collection

    private static void collector(Findings f, CollectorConfig c) {
        if (f.required("id", c.id(), "采集器标识", "Collector id")) {
            f.pattern("id", c.id(), IDENTIFIER, "letters, digits . _ : - (1-100)", "采集器标识", "Collector id");
        }
        f.required("name", c.name(), "采集器名称", "Collector name");
    }

    private static void device(Findings f, DeviceConfig d, Index ix) {
        if (f.required("id", d.id(), "采集设备标识", "Device id")) {
            f.pattern("id", d.id(), IDENTIFIER, "letters, digits . _ : - (1-100)", "采集设备标识", "Device id");
        }
        if (f.required("collectorId", d.collectorId(), "采集器", "Collector")) {
            f.reference("collectorId", d.collectorId(), ix.collectors.contains(d.collectorId()), "采集器", "collector");
        }
        if (!f.required("protocol", d.protocol(), "通信协议", "Protocol")) {
            return;
        }
        Protocol protocol = d.protocol();
        if (protocol.usesHostAndPort()) {
            f.required("host", d.host(), "主机地址", "Host");
            if (f.required("port", d.port(), "端口", "Port")) {
                f.range("port", d.port(), 1, 65535, "端口", "Port");
            }
        }
        if (protocol.usesSerialPort()) {
            f.required("serialPort", d.serialPort(), "串口", "Serial port");
            if (d.serialFormat() != null) {
                f.pattern("serialFormat", d.serialFormat(), SERIAL_FORMAT, "baud-data bits parity stop bits, e.g. 9600-8N1",
                        "串口参数", "Serial format");
            }
        }
        if (protocol.isModbus()) {
            f.range("unitId", d.unitId(), protocol == Protocol.MODBUS_TCP ? 0 : 1, protocol == Protocol.MODBUS_TCP ? 255 : 247,
                    "Modbus 从站地址",
                    "Modbus unit id");
            f.range("maxSpan", d.maxSpan(), 1, 125, "单次读取最大寄存器数", "Most registers per request");
            f.range("maxGap", d.maxGap(), 0, 124, "合并读取允许的最大空隙", "Largest gap bridged when merging");
        }
        switch (protocol) {
            case OPC_UA -> {
                if (f.required("endpoint", d.endpoint(), "OPC UA 端点", "OPC UA endpoint")) {
                    f.pattern("endpoint", d.endpoint(), Pattern.compile("opc\\.tcp://\\S+"), "opc.tcp://host:port/path",
                            "OPC UA 端点", "OPC UA endpoint");
                }
                optionalOneOf(f, "securityPolicy", d.securityPolicy(), OPC_POLICIES, "安全策略", "Security policy");
                optionalOneOf(f, "securityMode", d.securityMode(), OPC_MODES, "安全模式", "Security mode");
                optionalOneOf(f, "acquisition", d.acquisition(), OPC_ACQUISITIONS, "采集方式", "Acquisition");
                boolean noPolicy = d.securityPolicy() == null || d.securityPolicy().equals("None");
                if (d.securityMode() != null && noPolicy != d.securityMode().equals("None")) {
                    f.error("securityMode", "opcua.mode-policy", "None with policy None, Sign or SignAndEncrypt otherwise",
                            "安全模式“" + d.securityMode() + "”与安全策略“" + d.securityPolicy() + "”不匹配",
                            "Security mode '" + d.securityMode() + "' does not go with policy '" + d.securityPolicy()
                                    + "'");
                }
            }
            case SQL -> {
                if (f.required("endpoint", d.endpoint(), "数据库连接（JDBC URL）", "JDBC URL")) {
                    f.pattern("endpoint", d.endpoint(), Pattern.compile("jdbc:[a-z0-9]+:\\S+"), "jdbc:<driver>:...",
                            "数据库连接（JDBC URL）", "JDBC URL");
                }
            }
            default -> {
                // checked above by transport
            }
        }
        if (d.pacing() != null && (d.pacing().isNegative() || d.pacing().compareTo(Duration.ofSeconds(10)) > 0)) {
            f.error("pacing", "range", "PT0S..PT10S", "请求间隔应在0至10秒之间，实际为" + d.pacing(),
                    "Pacing must be between 0 and 10 s, got " + d.pacing());
        }
        Duration t = d.timeout();
        if (t.compareTo(Duration.ofMillis(100)) < 0 || t.compareTo(Duration.ofSeconds(60)) > 0) {
            f.error("timeout", "range", "PT0.1S..PT60S", "超时应在0.1秒至60秒之间，实际为" + t,
                    "Timeout must be between 0.1 s and 60 s, got " + t);
        }
    }

    private static void point(Findings f, PointConfig p, Index ix) {
        if (f.required("id", p.id(), "采集点标识", "Point id")) {
            f.pattern("id", p.id(), IDENTIFIER, "letters, digits . _ : - (1-100)", "采集点标识", "Point id");
        }
        f.maxLength("name", p.name(), 100, "采集点名称", "Point name");
        f.reference("meterCode", p.meterCode(), ix.meters.contains(p.meterCode()), "计量器具", "meter");
        if (f.required("unit", p.unit(), "单位", "Unit")) {
            unit(f, "unit", p.unit());
        }
        if (p.scale().signum() == 0) {
            f.error("scale", "scale.zero", "a non-zero number", "倍率不能为0", "Scale must not be 0");
        }
        slot(f, p.slot());
        if (p.rolloverMax() != null) {
            if (p.kind() != PointKind.CUMULATIVE) {
                f.error("rolloverMax", "rollover.cumulative-only", "empty for instantaneous points",
                        "只有累积量采集点才有翻转最大值", "Only cumulative points have a rollover maximum");
            } else if (p.rolloverMax().signum() <= 0) {
                f.error("rolloverMax", "range", "> 0", "翻转最大值应大于0", "Rollover maximum must be greater than 0");
            }
        }
        f.range("source", p.source(), 1, 7, "数据采集来源（表3）", "Data source (Table 3)");
        if (p.steam() != null) {
            steam(f.under("steam"), p, ix);
            return;
        }
        if (p.deviceId() == null || p.deviceId().isBlank()) {
            return; // entered by hand or by another system: no address
        }
        DeviceConfig d = ix.devices.get(p.deviceId());
        f.reference("deviceId", p.deviceId(), d != null, "采集设备", "device");
        if (d != null && d.protocol() != null) {
            address(f.under("address"), d.protocol(), p.address());
        }
    }

    private static void steam(Findings f, PointConfig p, Index ix) {
        if (p.deviceId() != null && !p.deviceId().isBlank()) {
            f.error("", "steam.derived", "no device for a derived point", "蒸汽热量是计算得出的采集点，不能同时指定采集设备",
                    "A steam heat point is derived and has no device");
        }
        if (p.kind() != PointKind.INSTANTANEOUS) {
            f.error("", "steam.instantaneous", "kind INSTANTANEOUS (heat power, e.g. GJ/h)",
                    "蒸汽热量采集点应为瞬时量（热功率，如 GJ/h）", "A steam heat point is instantaneous (heat power, e.g. GJ/h)");
        }
        SteamHeat s = p.steam();
        for (String[] input : new String[][]{{"flowPoint", s.flowPoint(), "蒸汽流量采集点", "Steam flow point"},
                {"pressurePoint", s.pressurePoint(), "蒸汽压力采集点", "Steam pressure point"},
                {"temperaturePoint", s.temperaturePoint(), "蒸汽温度采集点", "Steam temperature point"}}) {
            if (f.required(input[0], input[1], input[2], input[3])) {
                f.reference(input[0], input[1], ix.pointUnits.containsKey(input[1]) && !input[1].equals(p.id()), input[2],
                        "point");
            }
        }
        if (s.referenceTemperature() != null && (s.referenceTemperature().signum() < 0
                || s.referenceTemperature().compareTo(BigDecimal.valueOf(200)) >= 0)) {
            f.error("referenceTemperature", "range", "0..200 °C", "基准水温应在0至200℃之间，实际为" + s.referenceTemperature(),
                    "Reference water temperature must be 0 to 200 °C, got " + s.referenceTemperature());
        }
    }

    private static void address(Findings f, Protocol protocol, PointAddress a) {
        if (a == null) {
            f.error("", "required", "an address for " + protocol, "缺少采集地址（" + protocol + "）",
                    "Address missing for protocol " + protocol);
            return;
        }
        switch (protocol) {
            case MODBUS_TCP, MODBUS_RTU_OVER_TCP, MODBUS_RTU -> {
                if (f.required("register", a.register(), "寄存器地址", "Register")) {
                    f.range("register", a.register(), 0, 65535, "寄存器地址", "Register");
                }
                oneOf(f, "function", a.function(), MODBUS_FUNCTIONS, "功能码", "Function");
                oneOf(f, "dataType", a.dataType(), MODBUS_TYPES, "数据类型", "Data type");
                oneOf(f, "wordOrder", a.wordOrder(), WORD_ORDERS, "字序", "Word order");
                optionalOneOf(f, "byteOrder", a.byteOrder(), WORD_ORDERS, "字节序", "Byte order");
            }
            case DLT645_TCP, DLT645_SERIAL -> {
                if (f.required("meterAddress", a.meterAddress(), "表地址", "Meter address")) {
                    f.pattern("meterAddress", a.meterAddress(), DLT645_ADDRESS, "12 digits", "表地址", "Meter address");
                }
                if (f.required("dataId", a.dataId(), "数据标识 DI", "Data identifier (DI)")) {
                    f.pattern("dataId", a.dataId(), DLT645_DI, "8 hex digits (2007) or 4 (1997), e.g. 00010000",
                            "数据标识 DI", "Data identifier (DI)");
                }
            }
            case CJT188_TCP, CJT188_SERIAL -> {
                if (f.required("meterType", a.meterType(), "仪表类型", "Meter type") && !CJT188_TYPES.contains(a.meterType())) {
                    f.error("meterType", "one-of", String.join(", ", new java.util.TreeSet<>(CJT188_TYPES)),
                            "CJ/T 188 仪表类型“" + a.meterType() + "”不存在", "CJ/T 188 meter type '" + a.meterType()
                                    + "' does not exist");
                }
                if (f.required("meterAddress", a.meterAddress(), "表地址", "Meter address")) {
                    f.pattern("meterAddress", a.meterAddress(), CJT188_ADDRESS, "14 digits", "表地址", "Meter address");
                }
                if (f.required("dataId", a.dataId(), "数据标识 DI", "Data identifier (DI)")) {
                    f.pattern("dataId", a.dataId(), CJT188_DI, "4 hex digits, e.g. 901F", "数据标识 DI",
                            "Data identifier (DI)");
                }
            }
            case OPC_UA -> {
                if (f.required("nodeId", a.nodeId(), "节点标识", "Node id")) {
                    f.pattern("nodeId", a.nodeId(), OPC_NODE, "ns=<n>;s=<name> (or i=, g=, b=)", "节点标识", "Node id");
                }
            }
            case SQL -> {
                if (f.required("query", a.query(), "查询语句", "Query")
                        && !a.query().strip().toLowerCase(java.util.Locale.ROOT).matches("(?s)(select|with)\\b.*")) {
                    f.error("query", "sql.select-only", "a SELECT (or WITH ... SELECT) query",
                            "查询语句只能是 SELECT 查询", "Query must be a SELECT statement");
                }
            }
        }
    }

    private static void optionalOneOf(Findings f, String name, String value, Set<String> allowed, String zh, String en) {
        if (value != null) {
            oneOf(f, name, value, allowed, zh, en);
        }
    }

    private static void oneOf(Findings f, String name, String value, Set<String> allowed, String zh, String en) {
        if (f.required(name, value, zh, en) && !allowed.contains(value)) {
            String expected = String.join(", ", new java.util.TreeSet<>(allowed));
            f.error(name, "one-of", expected, zh + "应为 " + expected + " 之一，实际为“" + value + "”",
                    en + " must be one of " + expected + ", got '" + value + "'");
        }
    }

    private static void slot(Findings f, Duration slot) {
        if (slot.compareTo(Duration.ofSeconds(1)) < 0 || slot.compareTo(Duration.ofDays(1)) > 0
                || Duration.ofDays(1).toMillis() % slot.toMillis() != 0) {
            f.error("slot", "slot.divides-day", "a duration from PT1S to P1D that divides a day, e.g. PT15M",
                    "采集周期应能整除一天（如 PT15M），实际为" + slot,
                    "Slot must divide a day evenly (e.g. PT15M), got " + slot);
        }
    }

    private static void unit(Findings f, String name, String unit) {
        if (Units.parse(unit).isEmpty()) {
            f.error(name, "unit.unknown", "a unit such as kWh, m3, t, kgce, kW",
                    "无法识别的单位“" + unit + "”", "Unknown unit '" + unit + "'");
        }
    }

    // ---- data items

    private void item(Findings f, ItemConfig i, Index ix, LayoutProfile layout) {
        if (f.required("dataCode", i.dataCode(), "数据项编码", "Data item code")) {
            ValidationResult format = DataItemCode.validateFormat("dataCode", i.dataCode(), layout);
            f.add(format, "dataCode");
            Scope scope = Scope.ofCode(i.scope()).orElse(null);
            if (scope == null) {
                f.error("scope", "range", "1..4", "数据范围应为1（全厂）至4（重点设备），实际为" + i.scope(),
                        "Scope must be 1 (whole plant) .. 4 (key equipment), got " + i.scope());
            } else if (format.isValid()) {
                DataItemCode code = DataItemCode.parse(i.dataCode(), layout);
                itemCodes.validate(code, scope).violations()
                        .forEach(v -> f.add(ValidationResult.of(v), v.field().equals("dataCode") ? "dataCode"
                                : "dataCode." + v.field()));
                segments(f, code, scope, ix);
            }
        }
        f.required("name", i.name(), "数据项名称", "Data item name");
        f.maxLength("name", i.name(), 100, "数据项名称", "Data item name");
        Set<Integer> seen = new HashSet<>();
        for (Integer t : i.statTypes()) {
            if (t == null || t < 0 || t > 3 || !seen.add(t)) {
                f.error("statTypes", "stat-type", "distinct values of 0 (real-time), 1 (day), 2 (month), 3 (year)",
                        "统计类型应为不重复的0、1、2、3，实际为" + i.statTypes(),
                        "Stat types must be distinct values of 0..3, got " + i.statTypes());
                break;
            }
        }
        f.range("inputType", i.inputType(), 1, 7, "数据采集来源（表3）", "Data source (Table 3)");
        if (f.required("unit", i.unit(), "单位", "Unit")) {
            unit(f, "unit", i.unit());
        }
        if (i.valueMin() != null && i.valueMax() != null && i.valueMin().compareTo(i.valueMax()) > 0) {
            f.error("valueMax", "range", ">= valueMin", "最大值不能小于最小值", "Maximum must not be below the minimum");
        }
        if (f.required("formula", i.formula(), "计算公式", "Formula")) {
            formula(f, i, ix);
        }
    }

    /**
     * The process, unit and equipment type a data item code names must exist in the enterprise, and its energy type
     * or working medium must be one of the standard's Tables A.1 / A.2.
     */
    private static void segments(Findings f, DataItemCode code, Scope scope, Index ix) {
        if (scope.code() >= Scope.PROCESS.code()) {
            f.reference("dataCode.process", code.process(), ix.processes.contains(code.process()), "生产工序", "process");
        }
        if (scope.code() >= Scope.PROCESS_UNIT.code()) {
            f.reference("dataCode.processUnit", code.processUnit(),
                    ix.units.contains(code.process() + "-" + code.processUnit()), "工序单元", "process unit");
        }
        if (scope == Scope.EQUIPMENT) {
            f.reference("dataCode.equipmentType", code.equipmentType(), ix.equipmentTypes.contains(code.equipmentType()),
                    "用能设备类型", "equipment type");
        }
        DataClass.ofCode(code.dataClass()).map(c -> code.profile().subjectOf(c)).ifPresent(subject -> {
            if (subject == DataClass.Subject.ENERGY_TYPE) {
                f.add(StandardTables.energyTypes().validate("subjectCode", code.subjectCode()), "dataCode.subjectCode");
            } else if (subject == DataClass.Subject.WORKING_MEDIUM) {
                f.add(StandardTables.workingMedia().validate("subjectCode", code.subjectCode()), "dataCode.subjectCode");
            }
        });
    }

    private static void formula(Findings f, ItemConfig i, Index ix) {
        Formula formula;
        try {
            formula = Formula.parse(i.formula());
        } catch (FormulaException e) {
            e.errors().forEach(err -> formulaError(f, err));
            return;
        }
        UnitContext units = UnitContext.of(ix.pointUnits, ix.itemUnits, Units.parse(i.unit()).isPresent() ? i.unit() : null);
        formula.check(units).forEach(err -> formulaError(f, err));
    }

    private static void formulaError(Findings f, FormulaError err) {
        f.error("formula", err.rule(), "position " + err.position(), err.messageZh(), err.messageEn());
    }

    private static void cycles(Findings root, EnterpriseConfig c) {
        Map<String, Formula> formulas = new HashMap<>();
        for (ItemConfig i : c.items()) {
            try {
                if (i.dataCode() != null && i.formula() != null && !formulas.containsKey(i.dataCode().replace("-", ""))) {
                    formulas.put(i.dataCode().replace("-", ""), Formula.parse(i.formula()));
                }
            } catch (FormulaException e) {
                // reported with the item
            }
        }
        FormulaGraph graph = FormulaGraph.of(formulas);
        formulas.keySet().forEach(code -> graph.cyclesThrough(code)
                .forEach(err -> formulaError(root.under(Kind.ITEMS.path(code)), err)));
    }

    private static void target(Findings f, TargetConfig t) {
        if (f.required("platformId", t.platformId(), "上传平台标识", "Platform id")) {
            f.pattern("platformId", t.platformId(), IDENTIFIER, "letters, digits . _ : - (1-100)", "上传平台标识",
                    "Platform id");
        }
    }

    /** Keys of the enterprise's entities, checked for duplicates once. */
    private static final class Index {
        final Set<String> processes;
        final Set<String> units;
        final Set<String> equipment;
        final Set<String> equipmentTypes;
        final Set<String> meters;
        final Map<String, MeterConfig> meterByCode;
        final Set<String> collectors;
        final Map<String, DeviceConfig> devices;
        final Map<String, String> pointUnits;
        final Map<String, String> itemUnits;

        Index(EnterpriseConfig c, Findings root) {
            processes = keys(root, Kind.PROCESSES, c.processes());
            units = keys(root, Kind.PROCESS_UNITS, c.processUnits());
            equipment = keys(root, Kind.EQUIPMENT, c.equipment());
            equipmentTypes = equipment.stream().filter(e -> e.length() >= 2).map(e -> e.substring(0, 2))
                    .collect(Collectors.toSet());
            meters = keys(root, Kind.METERS, c.meters());
            meterByCode = c.meters().stream().filter(m -> m.code() != null)
                    .collect(Collectors.toMap(MeterConfig::code, Function.identity(), (a, b) -> a,
                            java.util.LinkedHashMap::new));
            collectors = keys(root, Kind.COLLECTORS, c.collectors());
            keys(root, Kind.DEVICES, c.devices());
            devices = c.devices().stream().filter(d -> d.id() != null)
                    .collect(Collectors.toMap(DeviceConfig::id, Function.identity(), (a, b) -> a));
            keys(root, Kind.POINTS, c.points());
            pointUnits = new HashMap<>();
            // in a formula an instantaneous rate stands for its integral over the period (kW gives kW·h)
            c.points().stream().filter(p -> p.id() != null && p.unit() != null).forEach(p -> pointUnits.put(p.id(),
                    p.kind() == PointKind.INSTANTANEOUS ? Units.integratedOverHours(p.unit()) : p.unit()));
            keys(root, Kind.ITEMS, c.items().stream().map(i -> i.dataCode() == null ? null
                    : new ItemConfig(i.dataCode().replace("-", ""), null, null, null, 0, 0, null, null, null)).toList());
            itemUnits = new HashMap<>();
            c.items().stream().filter(i -> i.dataCode() != null && i.unit() != null)
                    .forEach(i -> itemUnits.put(i.dataCode().replace("-", ""), i.unit()));
            keys(root, Kind.TARGETS, c.targets());
        }

        private static <T> Set<String> keys(Findings root, Kind<T> kind, List<T> list) {
            Set<String> seen = new HashSet<>();
            for (T e : list) {
                String k = kind.keyOf(e);
                if (k != null && !seen.add(k)) {
                    root.under(kind.path(k)).error("", "duplicate", "a unique key", kind.nameZh() + "“" + k + "”重复",
                            "Duplicate " + kind.nameEn() + " '" + k + "'");
                }
            }
            return seen;
        }
    }
}
