package io.energymon.portal.workbook;

import io.energymon.domain.config.CollectorConfig;
import io.energymon.domain.config.DeviceConfig;
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
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * The shape of a plant's configuration as a workbook a commissioning engineer fills in: a first sheet {@code 说明
 * README}, then one sheet per kind — 用能单位 enterprise (the profile, one row), 生产工序 processes, 工序单元
 * process-units, 用能设备 equipment, 计量器具 meters, 采集器 collectors, 采集设备 devices, 采集点 points, 上传数据项 items,
 * 上传平台 targets — each with a header row of bilingual titles and one row per entity. The same columns make the CSV
 * file of each kind. This class is the only list of the columns: the reader and the writer of both formats use it.
 */
public final class WorkbookFormat {
    private WorkbookFormat() {
    }

    /** The README sheet's name. */
    public static final String README = "说明 README";

    /** A row of the enterprise sheet: the USCC (checked against the URL) and the profile. */
    record ProfileRow(String enterpriseCode, EnterpriseProfile profile) {
    }

    // ---- the enterprise

    static final SheetFormat<ProfileRow> ENTERPRISE = new SheetFormat<>("enterprise", "用能单位", null, List.of(
            col("enterpriseCode", "统一社会信用代码", ValueType.CODE, ProfileRow::enterpriseCode,
                    "18位；须与导入地址中的用能单位一致，可留空", "18 characters; must be the enterprise of the URL, may be left blank"),
            pcol("name", "用能单位名称", ValueType.TEXT, EnterpriseProfile::name, "必填", "required"),
            pcol("industryCode", "行业编码", ValueType.CODE, EnterpriseProfile::industryCode,
                    "GB/T 4754-2017 小类，4位", "GB/T 4754-2017 class, 4 digits"),
            pcol("region", "行政区划代码", ValueType.CODE, EnterpriseProfile::region, "GB/T 2260，6位",
                    "GB/T 2260, 6 digits"),
            pcol("legalRepresentative", "法定代表人", ValueType.TEXT, EnterpriseProfile::legalRepresentative, "必填",
                    "required"),
            pcol("address", "地址", ValueType.TEXT, EnterpriseProfile::address, "注册地址", "registered address"),
            pcol("zipCode", "邮政编码", ValueType.CODE, EnterpriseProfile::zipCode, "6位，可空", "6 digits, optional"),
            pcol("phone", "联系电话", ValueType.CODE, EnterpriseProfile::phone, "必填", "required"),
            pcol("email", "电子邮箱", ValueType.CODE, EnterpriseProfile::email, "可空", "optional"),
            pcol("energyOfficer", "能源管理负责人", ValueType.TEXT, EnterpriseProfile::energyOfficer, "", ""),
            pcol("energyOfficerPhone", "能源管理负责人电话", ValueType.CODE, EnterpriseProfile::energyOfficerPhone, "",
                    ""),
            pcol("energyConsumptionLevel", "能耗等级", ValueType.INTEGER, EnterpriseProfile::energyConsumptionLevel,
                    "1（5000吨标准煤以下）至6（300万吨以上）", "1 (below 5 000 tce) to 6 (above 3 Mt)"),
            pcol("zone", "时区", ValueType.ZONE, EnterpriseProfile::zone, "空为 Asia/Shanghai",
                    "blank: Asia/Shanghai"),
            pcol("layoutProfile", "数据项编码布局", ValueType.CODE, EnterpriseProfile::layoutProfile,
                    "NHJC16（16位，默认）或 DB36_17（17位）", "NHJC16 (16 digits, default) or DB36_17 (17 digits)")
                    .withChoices(List.of("NHJC16", "DB36_17"))),
            List.of("enterpriseCode"), r -> "", v -> new ProfileRow(v.text("enterpriseCode"), new EnterpriseProfile(
            v.text("name"), v.text("industryCode"), v.text("region"), v.text("legalRepresentative"), v.text("address"),
            v.text("zipCode"), v.text("phone"), v.text("email"), v.text("energyOfficer"), v.text("energyOfficerPhone"),
            v.integer("energyConsumptionLevel"), v.zone("zone"), v.text("layoutProfile"), null)));

    // ---- organisation

    static final SheetFormat<ProcessConfig> PROCESSES = kind(Kind.PROCESSES, "生产工序", List.of(
            col("code", "工序编码", ValueType.CODE, ProcessConfig::code, "2位，01-99（00保留给全厂）",
                    "2 digits, 01-99 (00 is the whole plant)").withRequired(),
            col("name", "工序名称", ValueType.TEXT, ProcessConfig::name, "必填", "required")),
            List.of("code"), v -> new ProcessConfig(v.text("code"), v.text("name")));

    static final SheetFormat<ProcessUnitConfig> PROCESS_UNITS = kind(Kind.PROCESS_UNITS, "工序单元", List.of(
            col("processCode", "所属工序", ValueType.CODE, ProcessUnitConfig::processCode, "生产工序表中的工序编码",
                    "a code of the processes sheet").withRequired(),
            col("code", "单元编码", ValueType.CODE, ProcessUnitConfig::code, "2位，01-99，在工序内唯一",
                    "2 digits, 01-99, unique within the process").withRequired(),
            col("name", "单元名称", ValueType.TEXT, ProcessUnitConfig::name, "必填", "required")),
            List.of("processCode", "code"),
            v -> new ProcessUnitConfig(v.text("processCode"), v.text("code"), v.text("name")));

    static final SheetFormat<EquipmentConfig> EQUIPMENT = kind(Kind.EQUIPMENT, "用能设备", List.of(
            col("code", "设备编码", ValueType.CODE, EquipmentConfig::code, "5位：2位类型+3位序号",
                    "5 digits: 2 type + 3 serial").withRequired(),
            col("name", "设备名称", ValueType.TEXT, EquipmentConfig::name, "必填", "required"),
            col("processCode", "所属工序", ValueType.CODE, EquipmentConfig::processCode, "可空", "optional"),
            col("processUnitCode", "所属工序单元", ValueType.CODE, EquipmentConfig::processUnitCode,
                    "可空；填写时须同时填写所属工序", "optional; needs the process"),
            col("keyEquipment", "重点用能设备", ValueType.BOOLEAN, EquipmentConfig::keyEquipment,
                    "true/false，空为 false", "true/false, blank: false"),
            col("ratedPowerKw", "额定功率kW", ValueType.DECIMAL, EquipmentConfig::ratedPowerKw, "可空，≥0",
                    "optional, >= 0")),
            List.of("code"), v -> new EquipmentConfig(v.text("code"), v.text("name"), v.text("processCode"),
                    v.text("processUnitCode"), v.bool("keyEquipment", false), v.decimal("ratedPowerKw")));

    static final SheetFormat<MeterConfig> METERS = kind(Kind.METERS, "计量器具", List.of(
            col("code", "器具编码", ValueType.CODE, MeterConfig::code,
                    "12位：8位类型（表A.3/JJF 1051）+1位等级（1/2/3）+3位序号",
                    "12 digits: 8 type (Table A.3 / JJF 1051) + level 1/2/3 + 3 serial").withRequired(),
            col("name", "器具名称", ValueType.TEXT, MeterConfig::name, "必填", "required"),
            col("serialNumber", "出厂编号", ValueType.CODE, MeterConfig::serialNumber, "", ""),
            col("model", "型号", ValueType.TEXT, MeterConfig::model, "生产厂家及型号，可空", "maker and model, optional"),
            col("accuracyClass", "准确度等级", ValueType.CODE, MeterConfig::accuracyClass, "如 0.5S、1、2",
                    "e.g. 0.5S, 1, 2"),
            col("verifiedOn", "检定日期", ValueType.DATE, MeterConfig::verifiedOn, "yyyy-MM-dd，不晚于今天",
                    "yyyy-MM-dd, not in the future"),
            col("verificationIntervalMonths", "检定周期（月）", ValueType.INTEGER,
                    MeterConfig::verificationIntervalMonths, "1-120", "1-120"),
            col("equipmentCode", "所计量设备", ValueType.CODE, MeterConfig::equipmentCode, "用能设备编码，可空",
                    "an equipment code, optional"),
            col("energyCode", "能源品种/耗能工质", ValueType.CODE, MeterConfig::energyCode, "表A.1或表A.2的4位编码，可空",
                    "4 digits of Table A.1 or A.2, optional"),
            col("parentMeterCode", "所属总表", ValueType.CODE, MeterConfig::parentMeterCode,
                    "本表为其分表的总表的器具编码，可空；同一用能单位、不能是本表、不能成环、能源品种相同",
                    "the code of the main meter this one is a sub-meter of, optional; same enterprise, not itself, "
                            + "no cycle, same energy")),
            List.of("code"), v -> new MeterConfig(v.text("code"), v.text("name"), v.text("serialNumber"),
                    v.text("model"), v.text("accuracyClass"), v.date("verifiedOn"),
                    v.integer("verificationIntervalMonths"), v.text("equipmentCode"), v.text("energyCode"),
                    v.text("parentMeterCode")));

    // ---- collection

    static final SheetFormat<CollectorConfig> COLLECTORS = kind(Kind.COLLECTORS, "采集器", List.of(
            col("id", "采集器标识", ValueType.CODE, CollectorConfig::id, "采集服务启动时使用的标识",
                    "the id the collector is started with").withRequired(),
            col("name", "采集器名称", ValueType.TEXT, CollectorConfig::name, "必填", "required")),
            List.of("id"), v -> new CollectorConfig(v.text("id"), v.text("name")));

    static final SheetFormat<DeviceConfig> DEVICES = kind(Kind.DEVICES, "采集设备", List.of(
            col("id", "设备标识", ValueType.CODE, DeviceConfig::id, "字母、数字 . _ : -", "letters, digits . _ : -")
                    .withRequired(),
            col("collectorId", "采集器", ValueType.CODE, DeviceConfig::collectorId, "采集器表中的标识",
                    "an id of the collectors sheet"),
            col("protocol", "通信协议", ValueType.ENUM, DeviceConfig::protocol, "", "")
                    .withChoices(names(Protocol.values())),
            col("host", "主机地址", ValueType.CODE, DeviceConfig::host, "Modbus、DL/T 645、CJ/T 188",
                    "Modbus, DL/T 645, CJ/T 188"),
            col("port", "端口", ValueType.INTEGER, DeviceConfig::port, "1-65535（Modbus 通常 502）",
                    "1-65535 (Modbus usually 502)"),
            col("unitId", "从站地址", ValueType.INTEGER, DeviceConfig::unitId, "Modbus 0-255", "Modbus 0-255"),
            col("endpoint", "端点", ValueType.CODE, DeviceConfig::endpoint, "OPC UA: opc.tcp://…；SQL: jdbc:…",
                    "OPC UA: opc.tcp://...; SQL: jdbc:..."),
            col("username", "用户名", ValueType.CODE, DeviceConfig::username, "OPC UA 或 SQL，可空",
                    "OPC UA or SQL, optional"),
            col("credentialRef", "密码引用", ValueType.CODE, DeviceConfig::credentialRef,
                    "采集服务密钥库中密码的名称（密码本身不填写）", "name of the secret holding the password (never the password)"),
            col("timeout", "超时", ValueType.DURATION, DeviceConfig::timeout, "ISO-8601，空为 PT2S",
                    "ISO-8601, blank: PT2S"),
            col("serialPort", "串口", ValueType.CODE, DeviceConfig::serialPort, "串口协议：如 /dev/ttyUSB0、COM3",
                    "serial protocols: e.g. /dev/ttyUSB0, COM3"),
            col("serialFormat", "串口参数", ValueType.CODE, DeviceConfig::serialFormat,
                    "波特率-数据位校验位停止位，如 9600-8N1；空为 Modbus 9600-8N1，DL/T 645 与 CJ/T 188 2400-8E1",
                    "baud-data bits parity stop bits, e.g. 9600-8N1; blank: Modbus 9600-8N1, DL/T 645 and CJ/T 188 "
                            + "2400-8E1"),
            col("pacing", "请求间隔", ValueType.DURATION, DeviceConfig::pacing,
                    "同一总线两次请求之间的最小间隔，空为 TCP 不限、串口 PT0.02S",
                    "minimum gap between requests on the bus; blank: none over TCP, PT0.02S serial"),
            col("maxSpan", "单次最多寄存器", ValueType.INTEGER, DeviceConfig::maxSpan, "Modbus：1-125，空为125",
                    "Modbus: 1-125, blank: 125"),
            col("maxGap", "合并最大空隙", ValueType.INTEGER, DeviceConfig::maxGap,
                    "Modbus：合并读取时可跨过的未用寄存器数，空为0", "Modbus: unused registers bridged when merging, blank: 0"),
            col("securityPolicy", "安全策略", ValueType.CODE, DeviceConfig::securityPolicy,
                    "OPC UA：None 或 Basic256Sha256，空为 None", "OPC UA: None or Basic256Sha256, blank: None")
                    .withChoices(List.of("None", "Basic256Sha256")),
            col("securityMode", "安全模式", ValueType.CODE, DeviceConfig::securityMode,
                    "OPC UA：None、Sign 或 SignAndEncrypt", "OPC UA: None, Sign or SignAndEncrypt")
                    .withChoices(List.of("None", "Sign", "SignAndEncrypt")),
            col("acquisition", "采集方式", ValueType.CODE, DeviceConfig::acquisition,
                    "OPC UA：POLL 定时读取或 SUBSCRIBE 订阅，空为 POLL", "OPC UA: POLL or SUBSCRIBE, blank: POLL")
                    .withChoices(List.of("POLL", "SUBSCRIBE"))),
            List.of("id"), v -> new DeviceConfig(v.text("id"), v.text("collectorId"),
                    v.enumValue("protocol", Protocol.class), v.text("host"), v.integer("port"), v.integer("unitId"),
                    v.text("endpoint"), v.text("username"), v.text("credentialRef"), v.duration("timeout"),
                    v.text("serialPort"), v.text("serialFormat"), v.duration("pacing"), v.integer("maxSpan"),
                    v.integer("maxGap"), v.text("securityPolicy"), v.text("securityMode"), v.text("acquisition")));

    private static final List<String> ADDRESS_FIELDS = List.of("address.register", "address.function",
            "address.dataType", "address.wordOrder", "address.meterAddress", "address.dataId", "address.meterType",
            "address.nodeId", "address.query", "address.byteOrder", "address.watermarkColumn");
    private static final List<String> STEAM_FIELDS = List.of("steam.flowPoint", "steam.pressurePoint",
            "steam.temperaturePoint", "steam.referenceTemperature", "steam.gaugePressure");

    static final SheetFormat<PointConfig> POINTS = kind(Kind.POINTS, "采集点", List.of(
            col("id", "采集点标识", ValueType.CODE, PointConfig::id, "字母、数字 . _ : -，公式中以 [标识] 引用",
                    "letters, digits . _ : -; formulas name it as [id]").withRequired(),
            col("name", "采集点名称", ValueType.TEXT, PointConfig::name, "", ""),
            col("deviceId", "采集设备", ValueType.CODE, PointConfig::deviceId, "空表示人工录入或其他系统写入",
                    "blank: entered by hand or by another system"),
            col("meterCode", "计量器具", ValueType.CODE, PointConfig::meterCode, "可空", "optional"),
            addr("register", "寄存器", ValueType.INTEGER, PointAddress::register, "Modbus：起始寄存器，0起，0-65535",
                    "Modbus: first register, 0-based, 0-65535"),
            addr("function", "功能码", ValueType.CODE, PointAddress::function, "Modbus：HOLDING(03) 或 INPUT(04)",
                    "Modbus: HOLDING (03) or INPUT (04)").withChoices(List.of("HOLDING", "INPUT")),
            addr("dataType", "数据类型", ValueType.CODE, PointAddress::dataType, "Modbus", "Modbus")
                    .withChoices(List.of("UINT16", "INT16", "UINT32", "INT32", "UINT64", "INT64", "FLOAT32", "FLOAT64")),
            addr("wordOrder", "字序", ValueType.CODE, PointAddress::wordOrder, "Modbus：BIG（高字在前）或 LITTLE",
                    "Modbus: BIG (high word first) or LITTLE").withChoices(List.of("BIG", "LITTLE")),
            addr("meterAddress", "表地址", ValueType.CODE, PointAddress::meterAddress,
                    "DL/T 645：12位；CJ/T 188：14位", "DL/T 645: 12 digits; CJ/T 188: 14 digits"),
            addr("dataId", "数据标识", ValueType.CODE, PointAddress::dataId,
                    "DL/T 645：8位十六进制如 00010000；CJ/T 188：4位如 901F", "DL/T 645: 8 hex digits, e.g. 00010000; "
                            + "CJ/T 188: 4, e.g. 901F"),
            addr("meterType", "仪表类型", ValueType.CODE, PointAddress::meterType,
                    "CJ/T 188：10冷水 20热量 30燃气 等", "CJ/T 188: 10 cold water, 20 heat, 30 gas ..."),
            addr("nodeId", "节点标识", ValueType.CODE, PointAddress::nodeId, "OPC UA，如 ns=2;s=Boiler1.SteamFlow",
                    "OPC UA, e.g. ns=2;s=Boiler1.SteamFlow"),
            addr("query", "查询语句", ValueType.TEXT, PointAddress::query,
                    "SQL：返回一行一列数值的 SELECT，可用 :slot_start、:slot_end；有水位列时返回 :watermark 之后的行",
                    "SQL: a SELECT returning one numeric value; may use :slot_start and :slot_end; with a watermark "
                            + "column, the rows after :watermark"),
            addr("byteOrder", "字节序", ValueType.CODE, PointAddress::byteOrder, "Modbus：BIG（默认）或 LITTLE（字内字节交换）",
                    "Modbus: BIG (default) or LITTLE (bytes swapped in each register)")
                    .withChoices(List.of("BIG", "LITTLE")),
            addr("watermarkColumn", "水位列", ValueType.CODE, PointAddress::watermarkColumn,
                    "SQL：结果中表示时间的列，填写后按水位增量读取", "SQL: the time column of the rows; set: pulled incrementally"),
            col("kind", "类别", ValueType.ENUM, PointConfig::kind, "CUMULATIVE 累积量 / INSTANTANEOUS 瞬时量，空为累积量",
                    "CUMULATIVE / INSTANTANEOUS, blank: CUMULATIVE").withChoices(names(PointKind.values())),
            col("unit", "单位", ValueType.CODE, PointConfig::unit, "如 kWh、m3、t、GJ、kW", "e.g. kWh, m3, t, GJ, kW"),
            col("scale", "倍率", ValueType.DECIMAL, PointConfig::scale, "原始值乘以倍率得到单位值，空为1",
                    "raw value times scale gives the unit, blank: 1"),
            col("slot", "采集周期", ValueType.DURATION, PointConfig::slot, "能整除一天，空为 PT15M",
                    "divides a day, blank: PT15M"),
            col("rolloverMax", "翻转最大值", ValueType.DECIMAL, PointConfig::rolloverMax, "累积量计数器的最大值，可空",
                    "a cumulative counter's maximum, optional"),
            col("source", "数据来源", ValueType.INTEGER, PointConfig::source, "表3：1-7，空为4（计量器具）",
                    "Table 3: 1-7, blank: 4 (meter)"),
            col("offset", "偏移", ValueType.DECIMAL, p -> p.offset().signum() == 0 ? null : p.offset(), "倍率换算后加上的值，空为0",
                    "added after scaling, blank: 0"),
            steam("flowPoint", "蒸汽流量点", ValueType.CODE, SteamHeat::flowPoint,
                    "蒸汽热量（计算点，无采集设备）：流量采集点标识", "steam heat (derived, no device): flow point id"),
            steam("pressurePoint", "蒸汽压力点", ValueType.CODE, SteamHeat::pressurePoint, "压力采集点标识",
                    "pressure point id"),
            steam("temperaturePoint", "蒸汽温度点", ValueType.CODE, SteamHeat::temperaturePoint, "温度采集点标识",
                    "temperature point id"),
            steam("referenceTemperature", "基准水温℃", ValueType.DECIMAL, SteamHeat::referenceTemperature,
                    "给水或回水温度，空为20", "feed or return water temperature, blank: 20"),
            steam("gaugePressure", "表压", ValueType.BOOLEAN, SteamHeat::gaugePressure, "true 表压 / false 绝压，空为 true",
                    "true gauge / false absolute, blank: true")),
            List.of("id"), WorkbookFormat::point);

    private static PointConfig point(Values v) {
        PointAddress a = v.isBlank(ADDRESS_FIELDS.toArray(String[]::new)) ? null : new PointAddress(
                v.integer("address.register"), v.text("address.function"), v.text("address.dataType"),
                v.text("address.wordOrder"), v.text("address.meterAddress"), v.text("address.dataId"),
                v.text("address.meterType"), v.text("address.nodeId"), v.text("address.query"),
                v.text("address.byteOrder"), v.text("address.watermarkColumn"));
        SteamHeat steam = v.isBlank(STEAM_FIELDS.toArray(String[]::new)) ? null : new SteamHeat(
                v.text("steam.flowPoint"), v.text("steam.pressurePoint"), v.text("steam.temperaturePoint"),
                v.decimal("steam.referenceTemperature"), v.boolOrNull("steam.gaugePressure"));
        return new PointConfig(v.text("id"), v.text("name"), v.text("deviceId"), v.text("meterCode"), a,
                v.enumValue("kind", PointKind.class), v.text("unit"), v.decimal("scale"), v.duration("slot"),
                v.decimal("rolloverMax"), v.integer("source"), v.decimal("offset"), steam);
    }

    // ---- upload

    static final SheetFormat<ItemConfig> ITEMS = new SheetFormat<>(Kind.ITEMS.name(), "上传数据项", Kind.ITEMS, List.of(
            col("dataCode", "数据项编码", ValueType.CODE, ItemConfig::dataCode,
                    "16位（NHJC16）或17位（DB36_17），可带连字符", "16 (NHJC16) or 17 (DB36_17) digits, hyphens allowed")
                    .withRequired(),
            col("name", "数据项名称", ValueType.TEXT, ItemConfig::name, "必填", "required"),
            col("statTypes", "统计类型", ValueType.INTEGER_LIST, ItemConfig::statTypes,
                    "0实时 1日 2月 3年，逗号分隔，空为 0,1,2", "0 real-time, 1 day, 2 month, 3 year; blank: 0,1,2"),
            col("formula", "计算公式", ValueType.TEXT, ItemConfig::formula,
                    "[采集点标识]、{数据项编码}、+ - * /、sum()", "[point-id], {dataCode}, + - * /, sum()"),
            col("inputType", "数据采集来源", ValueType.INTEGER, ItemConfig::inputType, "表3：1-7", "Table 3: 1-7")
                    .withRequired(),
            col("scope", "统计范围", ValueType.INTEGER, ItemConfig::scope, "1全厂 2工序 3工序单元 4重点用能设备",
                    "1 plant, 2 process, 3 process unit, 4 key equipment").withRequired(),
            col("unit", "单位", ValueType.CODE, ItemConfig::unit, "须与公式结果的量纲一致",
                    "must match the formula's dimension"),
            col("valueMin", "最小值", ValueType.DECIMAL, ItemConfig::valueMin, "一个周期的合理下限，可空",
                    "lowest plausible value of one period, optional"),
            col("valueMax", "最大值", ValueType.DECIMAL, ItemConfig::valueMax, "可空", "optional")),
            List.of("dataCode"), i -> i.dataCode() == null ? null : i.dataCode().strip().replace("-", ""),
            v -> new ItemConfig(v.text("dataCode"), v.text("name"), v.integers("statTypes"), v.text("formula"),
                    v.integer("inputType", 0), v.integer("scope", 0), v.text("unit"), v.decimal("valueMin"),
                    v.decimal("valueMax")));

    static final SheetFormat<TargetConfig> TARGETS = kind(Kind.TARGETS, "上传平台", List.of(
            col("platformId", "平台标识", ValueType.CODE, TargetConfig::platformId, "上传服务配置中的平台标识",
                    "a platform id of the uploader's configuration").withRequired(),
            col("enabled", "启用", ValueType.BOOLEAN, TargetConfig::enabled, "true/false，空为 true",
                    "true/false, blank: true")),
            List.of("platformId"), v -> new TargetConfig(v.text("platformId"), v.bool("enabled", true)));

    /** Every data sheet in workbook order: the enterprise, then the kinds as {@link Kind#ALL} orders them. */
    static final List<SheetFormat<?>> ALL = List.of(ENTERPRISE, PROCESSES, PROCESS_UNITS, EQUIPMENT, METERS, COLLECTORS,
            DEVICES, POINTS, ITEMS, TARGETS);

    /** The sheet of a name as used in URLs and findings: {@code enterprise}, {@code points} ... */
    static Optional<SheetFormat<?>> byName(String name) {
        return ALL.stream().filter(s -> s.name().equals(name)).findFirst();
    }

    /** The sheet of a kind. */
    @SuppressWarnings("unchecked")
    static <T> SheetFormat<T> of(Kind<T> kind) {
        return (SheetFormat<T>) ALL.stream().filter(s -> kind.equals(s.kind())).findFirst().orElseThrow();
    }

    /** The names the CSV endpoints accept: {@code enterprise} and every kind. */
    public static List<String> names() {
        return ALL.stream().map(SheetFormat::name).toList();
    }

    // ---- helpers

    private static <T> SheetFormat<T> kind(Kind<T> kind, String nameZh, List<Column<T>> columns, List<String> keyFields,
                                           Function<Values, T> build) {
        return new SheetFormat<>(kind.name(), nameZh, kind, columns, keyFields, kind::keyOf, build);
    }

    private static <T> Column<T> col(String field, String zh, ValueType type, Function<T, ?> getter, String noteZh,
                                     String noteEn) {
        String en = field.substring(field.lastIndexOf('.') + 1);
        return new Column<>(field, zh, en, type, List.of(), getter, false, noteZh, noteEn);
    }

    private static Column<ProfileRow> pcol(String field, String zh, ValueType type,
                                           Function<EnterpriseProfile, ?> getter, String noteZh, String noteEn) {
        return col(field, zh, type, r -> getter.apply(r.profile()), noteZh, noteEn);
    }

    private static Column<PointConfig> addr(String field, String zh, ValueType type, Function<PointAddress, ?> getter,
                                            String noteZh, String noteEn) {
        return col("address." + field, zh, type, p -> p.address() == null ? null : getter.apply(p.address()), noteZh,
                noteEn);
    }

    private static Column<PointConfig> steam(String field, String zh, ValueType type, Function<SteamHeat, ?> getter,
                                             String noteZh, String noteEn) {
        return col("steam." + field, zh, type, p -> p.steam() == null ? null : getter.apply(p.steam()), noteZh,
                noteEn);
    }

    private static List<String> names(Enum<?>[] values) {
        return Arrays.stream(values).map(Enum::name).toList();
    }
}
