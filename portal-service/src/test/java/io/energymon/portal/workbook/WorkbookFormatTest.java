package io.energymon.portal.workbook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.energymon.codes.validation.ValidationResult;
import io.energymon.codes.validation.Violation;
import io.energymon.domain.config.DeviceConfig;
import io.energymon.domain.config.EnterpriseConfig;
import io.energymon.domain.config.EquipmentConfig;
import io.energymon.domain.config.ItemConfig;
import io.energymon.domain.config.MeterConfig;
import io.energymon.domain.config.PointAddress;
import io.energymon.domain.config.PointConfig;
import io.energymon.domain.config.PointKind;
import io.energymon.domain.config.ProcessConfig;
import io.energymon.domain.config.Protocol;
import io.energymon.portal.Plants;
import io.energymon.portal.masterdata.Kind;
import io.energymon.portal.masterdata.validation.ConfigValidator;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.poi.ss.usermodel.DataValidation;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.ss.usermodel.Workbook;
import org.apache.poi.ss.util.CellRangeAddress;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.junit.jupiter.api.Test;

/** The workbook and CSV formats without a server: round trips, what a person types, bad cells, locating findings. */
class WorkbookFormatTest {
    private static final String USCC = Plants.USCC_A;
    private static final EnterpriseConfig PLANT = PlantGenerator.plant("format-tenant", USCC);

    @Test
    void theGeneratedPlantIsValidAndUsesEveryProtocol() {
        ValidationResult r = new ConfigValidator().validate(PLANT);
        assertThat(r.errors()).isEmpty();
        assertThat(PLANT.points()).hasSize(205).hasSizeGreaterThanOrEqualTo(200);
        Set<Protocol> used = PLANT.points().stream().filter(p -> p.deviceId() != null)
                .map(p -> PLANT.devices().stream().filter(d -> d.id().equals(p.deviceId())).findFirst().orElseThrow())
                .map(DeviceConfig::protocol).collect(Collectors.toSet());
        assertThat(used).containsExactlyInAnyOrder(Protocol.values());
        // electricity meters have type 17010000, which Table A.3 does not list: a warning, not an error
        assertThat(r.warnings()).extracting(Violation::field).contains("meters[170100001001].code");
    }

    @Test
    void aWorkbookReadsBackToTheSameConfiguration() {
        WorkbookContent read = WorkbookReader.readXlsx(WorkbookWriter.xlsx(PLANT), USCC);
        assertThat(read.errors()).isEmpty();
        assertThat(read.warnings()).isEmpty();
        assertThat(read.profile()).contains(PLANT.profile());
        for (Kind<?> k : Kind.ALL) {
            assertThat(read.has(k)).isTrue();
            assertThat(read.list(k)).as(k.name()).isEqualTo(k.in(PLANT));
        }
    }

    @Test
    void theCsvOfEveryKindReadsBackToTheSameRecords() {
        for (Kind<?> k : Kind.ALL) {
            WorkbookContent read = WorkbookReader.readCsv(k.name(), WorkbookWriter.csv(PLANT, k.name()), USCC);
            assertThat(read.errors()).as(k.name()).isEmpty();
            assertThat(read.list(k)).as(k.name()).isEqualTo(k.in(PLANT));
        }
        WorkbookContent profile = WorkbookReader.readCsv("enterprise", WorkbookWriter.csv(PLANT, "enterprise"), USCC);
        assertThat(profile.profile()).contains(PLANT.profile());
    }

    @Test
    void csvIsUtf8WithByteOrderMarkCrlfAndQuotesWhereRfc4180NeedsThem() {
        byte[] csv = WorkbookWriter.csv(PLANT, "collectors");
        assertThat(csv).startsWith(0xEF, 0xBB, 0xBF);
        String text = new String(csv, 3, csv.length - 3, StandardCharsets.UTF_8);
        assertThat(text).isEqualTo("采集器标识 id,采集器名称 name\r\n"
                + "col-a,一号采集器（配电室）\r\n"
                + "col-b,\"二号采集器, 中控室\"\r\n");
        String points = new String(WorkbookWriter.csv(PLANT, "points"), StandardCharsets.UTF_8);
        assertThat(points).contains("\r\ne001.kwh,\"1#主变进线, \"\"A\"\"段\n有功电能\",mb-2,170100001001,0,HOLDING,UINT32,BIG,"
                + ",,,,,,,CUMULATIVE,kWh,0.01,PT15M,42949672.95,4,,,,,,\r\n");
        assertThat(points).contains(",\"select sum(output_t) as v\nfrom mes.production\nwhere line = 'L1' and ts >= "
                + ":slot_start and ts < :slot_end\",,,INSTANTANEOUS,t,1,PT1H,,1,,,,,,\r\n");
    }

    @Test
    void csvRowNumbersCountRecordsNotLinesAndGb18030IsReadToo() {
        String csv = "采集点标识 id,采集点名称 name,单位 unit,倍率 scale\r\n"
                + "a,\"two\nlines\",kWh,1\r\n"
                + "b,坏,kWh,x\r\n";
        WorkbookContent read = WorkbookReader.readCsv("points", csv.getBytes(Charset.forName("GB18030")), USCC);
        assertThat(read.list(Kind.POINTS)).extracting(PointConfig::id, PointConfig::name).containsExactly(
                tuple("a", "two\nlines"), tuple("b", "坏"));
        assertThat(read.errors()).extracting(CellReport::sheet, CellReport::row, CellReport::column, CellReport::rule)
                .containsExactly(tuple("points", 3, "D", "cell.decimal"));
        assertThat(read.warnings()).extracting(CellReport::rule).containsExactly("csv.encoding");

        WorkbookContent open = WorkbookReader.readCsv("points", "id,name\r\na,\"never closed\r\n".getBytes(
                StandardCharsets.UTF_8), USCC);
        assertThat(open.unreadable()).isTrue();
        assertThat(open.errors()).extracting(CellReport::row, CellReport::rule).containsExactly(tuple(2, "csv.syntax"));
    }

    @Test
    void decimalsKeepEveryDigitInBothFormats() {
        PointConfig p = new PointConfig("p", "n", null, null, null, PointKind.CUMULATIVE, "kWh",
                new BigDecimal("0.000000001234567890123"), Duration.ofSeconds(90), new BigDecimal("12345678901234567890.10"),
                5);
        EnterpriseConfig c = Kind.POINTS.with(PLANT, List.of(p));
        assertThat(WorkbookReader.readXlsx(WorkbookWriter.xlsx(c), USCC).list(Kind.POINTS)).containsExactly(p);
        assertThat(WorkbookReader.readCsv("points", WorkbookWriter.csv(c, "points"), USCC).list(Kind.POINTS))
                .containsExactly(p);
        // scale() matters for equality: 12345678901234567890.10 keeps its trailing zero
        assertThat(WorkbookReader.readCsv("points", WorkbookWriter.csv(c, "points"), USCC).list(Kind.POINTS)
                .getFirst().rolloverMax().toPlainString()).isEqualTo("12345678901234567890.10");
    }

    @Test
    void readsWhatAPersonTypesInExcel() {
        byte[] xlsx = Books.of(
                "计量器具", new Object[][] {
                    {"name", "code", "verifiedOn", "verificationIntervalMonths", "能源品种/耗能工质", "所属总表"},
                    {"总表", 170100001001L, LocalDate.of(2026, 1, 10), "24", 3300, null},
                    {"分表", "170100002002", "2025/3/7", 12.0, null, 170100001001L}},
                "生产工序 processes", new Object[][] {
                    {"工序编码 code", "工序名称 name"},
                    {"01", "熟料"},
                    {null, null},
                    {"02", "粉磨"}},
                "equipment", new Object[][] {
                    {"code", "name", "keyEquipment", "ratedPowerKw"},
                    {"11001", "磨机", true, 0.01},
                    {"11002", "风机", "否", "42949672.95"},
                    {"11003", "泵", null, null}},
                "上传数据项 items", new Object[][] {
                    {"dataCode", "name", "statTypes", "formula", "inputType", "scope", "unit"},
                    {"00-00-0000-023300-11", "全厂用电", 2, "[a]", 4, 1, "kWh"},
                    {"0000000002330012", "用电", "0，1；3", "[a]", "4", "1", "kWh"}});
        WorkbookContent read = WorkbookReader.readXlsx(xlsx, USCC);
        assertThat(read.errors()).isEmpty();
        assertThat(read.list(Kind.METERS)).containsExactly(
                new MeterConfig("170100001001", "总表", null, null, null, LocalDate.of(2026, 1, 10), 24, null, "3300"),
                new MeterConfig("170100002002", "分表", null, null, null, LocalDate.of(2025, 3, 7), 12, null, null,
                        "170100001001"));
        assertThat(read.list(Kind.PROCESSES)).containsExactly(new ProcessConfig("01", "熟料"),
                new ProcessConfig("02", "粉磨"));
        assertThat(read.list(Kind.EQUIPMENT)).containsExactly(
                new EquipmentConfig("11001", "磨机", null, null, true, new BigDecimal("0.01")),
                new EquipmentConfig("11002", "风机", null, null, false, new BigDecimal("42949672.95")),
                new EquipmentConfig("11003", "泵", null, null, false, null));
        assertThat(read.list(Kind.ITEMS)).extracting(ItemConfig::dataCode, ItemConfig::statTypes).containsExactly(
                tuple("00-00-0000-023300-11", List.of(2)), tuple("0000000002330012", List.of(0, 1, 3)));
        assertThat(read.has(Kind.POINTS)).isFalse();
        assertThat(read.profile()).isEmpty();
    }

    @Test
    void reportsEveryCellItCannotParseAtOnceWithSheetRowAndColumn() {
        byte[] xlsx = Books.of(
                "采集设备 devices", new Object[][] {
                    {"设备标识 id", "采集器 collectorId", "通信协议 protocol", "主机地址 host", "端口 port", "从站地址 unitId",
                        "端点 endpoint", "用户名 username", "密码引用 credentialRef", "超时 timeout"},
                    {"d1", "c1", "MODBUS_TCP", "10.0.0.1", "abc", 1, null, null, null, "2s"},
                    {"d2", "c1", "MODBUS", "10.0.0.2", 502, 1.5, null, null, null, "pt3s"}},
                "计量器具 meters", new Object[][] {
                    {"code", "name", "serialNumber", "model", "accuracyClass", "verifiedOn"},
                    {"170100001001", "表", null, null, "1", "2026-13-45"}},
                "采集点 points", new Object[][] {
                    {"id", "name", "deviceId", "kind", "unit", "scale"},
                    {"p1", "x", "d1", "COUNTER", "kWh", "1,5"},
                    {null, "no id", "d1", null, "kWh", null},
                    {"p1", "again", "d1", null, "kWh", null}});
        WorkbookContent read = WorkbookReader.readXlsx(xlsx, USCC);
        assertThat(read.errors()).extracting(CellReport::sheet, CellReport::row, CellReport::column, CellReport::rule,
                CellReport::value).containsExactly(
                tuple("计量器具 meters", 2, "F", "cell.date", "2026-13-45"),
                tuple("采集设备 devices", 2, "E", "cell.integer", "abc"),
                tuple("采集设备 devices", 2, "J", "cell.duration", "2s"),
                tuple("采集设备 devices", 3, "C", "cell.enum", "MODBUS"),
                tuple("采集设备 devices", 3, "F", "cell.integer", "1.5"),
                tuple("采集点 points", 2, "D", "cell.enum", "COUNTER"),
                tuple("采集点 points", 2, "F", "cell.decimal", "1,5"),
                tuple("采集点 points", 3, "A", "required", null),
                tuple("采集点 points", 4, "A", "duplicate", "p1"));
        // sheets in workbook order (meters before devices), then rows, then columns
        CellReport port = read.errors().get(1);
        assertThat(port.columnTitle()).isEqualTo("端口 port");
        assertThat(port.field()).isEqualTo("devices[d1].port");
        assertThat(port.messageZh()).contains("端口", "abc");
        assertThat(port.messageEn()).contains("port", "abc", "whole number");
        // the rest is still read, with the bad cells blank; "pt3s" is a duration in lower case
        assertThat(read.list(Kind.DEVICES)).containsExactly(
                new DeviceConfig("d1", "c1", Protocol.MODBUS_TCP, "10.0.0.1", null, 1, null, null, null, null),
                new DeviceConfig("d2", "c1", null, "10.0.0.2", 502, null, null, null, null, Duration.ofSeconds(3)));
        assertThat(read.list(Kind.POINTS)).extracting(PointConfig::id, PointConfig::kind, PointConfig::scale)
                .containsExactly(tuple("p1", PointKind.CUMULATIVE, BigDecimal.ONE));
    }

    @Test
    void anEnterpriseSheetOfAnotherEnterpriseIsABadCellAndABlankUsccIsFine() {
        Object[] header = {"统一社会信用代码 enterpriseCode", "用能单位名称 name"};
        WorkbookContent other = WorkbookReader.readXlsx(Books.of("用能单位 enterprise",
                new Object[][] {header, {Plants.USCC_B, "乙"}}), USCC);
        assertThat(other.errors()).extracting(CellReport::row, CellReport::column, CellReport::rule, CellReport::value)
                .containsExactly(tuple(2, "A", "enterprise.mismatch", Plants.USCC_B));
        WorkbookContent blank = WorkbookReader.readXlsx(Books.of("用能单位 enterprise",
                new Object[][] {header, {null, "甲"}}), USCC);
        assertThat(blank.errors()).isEmpty();
        assertThat(blank.profile().orElseThrow().name()).isEqualTo("甲");
        WorkbookContent two = WorkbookReader.readXlsx(Books.of("用能单位 enterprise",
                new Object[][] {header, {USCC, "甲"}, {USCC, "乙"}}), USCC);
        assertThat(two.errors()).extracting(CellReport::row, CellReport::rule).containsExactly(tuple(3, "enterprise.one-row"));
    }

    @Test
    void unknownSheetsAndColumnsAreWarningsAndAMissingKeyColumnIsAnError() {
        WorkbookContent read = WorkbookReader.readXlsx(Books.of(
                "说明 README", new Object[][] {{"anything"}},
                "备注 notes", new Object[][] {{"x"}},
                "采集器 collectors", new Object[][] {{"id", "name", "colour"}, {"c1", "一号", "red"}},
                "上传平台 targets", new Object[][] {{"enabled"}, {"true"}}), USCC);
        assertThat(read.warnings()).extracting(CellReport::sheet, CellReport::row, CellReport::column, CellReport::rule)
                .containsExactly(tuple("备注 notes", null, null, "sheet.unknown"),
                        tuple("采集器 collectors", 1, "C", "column.unknown"));
        assertThat(read.errors()).extracting(CellReport::sheet, CellReport::row, CellReport::columnTitle,
                CellReport::rule).containsExactly(tuple("上传平台 targets", 1, "平台标识 platformId", "column.missing"));
        assertThat(read.list(Kind.COLLECTORS)).hasSize(1);
        assertThat(WorkbookReader.readXlsx("not a workbook".getBytes(StandardCharsets.UTF_8), USCC).unreadable())
                .isTrue();
    }

    @Test
    void locatesValidationFindingsAtTheirCells() {
        WorkbookContent read = WorkbookReader.readXlsx(WorkbookWriter.xlsx(PLANT), USCC);
        List<CellReport> cells = read.locate(List.of(
                Violation.error("points[e002.kwh].address.register", "range", "0..65535", "寄存器", "register"),
                Violation.error("profile.region", "division.unknown", "x", "区划", "region"),
                Violation.error("items[0100000002330011].dataCode.process", "reference", "x", "工序", "process"),
                Violation.error("points[manual.1].address", "required", "x", "地址", "address"),
                Violation.error("devices[mb-1]", "duplicate", "x", "重复", "duplicate"),
                Violation.error("items[9999999999999999].formula", "formula.unknown-point", "x", "公式", "formula"),
                Violation.error("meters[170100002003].parentMeterCode", "meter.parent-cycle", "x", "成环", "cycle")));
        // generated order: points e001.kwh (row 2), e001.kw (3), e002.kwh (4) ...; manual.1 is the 201st point (row
        // 202); items: 0000000002330011 (row 2), 0100000002330011 (row 3)
        assertThat(cells).extracting(CellReport::sheet, CellReport::row, CellReport::column, CellReport::columnTitle)
                .containsExactly(
                        tuple("用能单位 enterprise", 2, "D", "行政区划代码 region"),
                        tuple("计量器具 meters", 4, "J", "所属总表 parentMeterCode"),
                        tuple("采集设备 devices", 2, "A", "设备标识 id"),
                        tuple("采集点 points", 4, "E", "寄存器 register"),
                        tuple("采集点 points", 202, "E", "寄存器 register"),
                        tuple("上传数据项 items", 3, "A", "数据项编码 dataCode"),
                        tuple("上传数据项 items", null, null, "计算公式 formula"));
        assertThat(cells.get(1).value()).isEqualTo("170100001001"); // meter 3 is a sub-meter of the main line
        assertThat(cells.get(3).value()).isEqualTo("10");
        assertThat(cells.get(3).field()).isEqualTo("points[e002.kwh].address.register");
    }

    @Test
    void theWorkbookExplainsItselfFreezesHeadersAndOffersDropDowns() throws IOException {
        try (Workbook wb = new XSSFWorkbook(new ByteArrayInputStream(WorkbookWriter.xlsx(PLANT)))) {
            List<String> names = java.util.stream.IntStream.range(0, wb.getNumberOfSheets())
                    .mapToObj(wb::getSheetName).toList();
            assertThat(names).containsExactly("说明 README", "用能单位 enterprise", "生产工序 processes",
                    "工序单元 process-units", "用能设备 equipment", "计量器具 meters", "采集器 collectors",
                    "采集设备 devices", "采集点 points", "上传数据项 items", "上传平台 targets");
            Sheet readme = wb.getSheet("说明 README");
            long documented = java.util.stream.StreamSupport.stream(readme.spliterator(), false)
                    .filter(r -> r.getCell(3) != null && r.getCell(2) != null
                            && r.getCell(2).getStringCellValue().equals("寄存器 register"))
                    .count();
            assertThat(documented).isEqualTo(1);
            Sheet points = wb.getSheet("采集点 points");
            assertThat(points.getPaneInformation().isFreezePane()).isTrue();
            assertThat(points.getPaneInformation().getHorizontalSplitPosition()).isEqualTo((short) 1);
            assertThat(Books.text(points, 1, "E")).isEqualTo("寄存器 register");
            assertThat(points.getColumnWidth(12)).isGreaterThan(points.getColumnWidth(4)); // query wider than register
            Sheet devices = wb.getSheet("采集设备 devices");
            DataValidation protocol = devices.getDataValidations().stream()
                    .filter(v -> v.getRegions().getCellRangeAddresses()[0].getFirstColumn() == 2).findFirst()
                    .orElseThrow();
            assertThat(protocol.getValidationConstraint().getExplicitListValues()).containsExactly("MODBUS_TCP",
                    "MODBUS_RTU_OVER_TCP", "MODBUS_RTU", "DLT645_TCP", "DLT645_SERIAL", "CJT188_TCP", "CJT188_SERIAL", "OPC_UA", "SQL");
            CellRangeAddress range = protocol.getRegions().getCellRangeAddresses()[0];
            assertThat(range.getFirstRow()).isEqualTo(1);
            // function, dataType, wordOrder, byteOrder, kind, steam's gaugePressure
            assertThat(points.getDataValidations()).hasSize(6);
            // whole numbers are numeric cells, decimals text cells that keep their digits
            assertThat(points.getRow(1).getCell(4).getNumericCellValue()).isEqualTo(0.0);
            assertThat(points.getRow(1).getCell(17).getStringCellValue()).isEqualTo("0.01");
            assertThat(wb.getSheet("计量器具 meters").getRow(1).getCell(5).getLocalDateTimeCellValue().toLocalDate())
                    .isEqualTo(LocalDate.of(2025, 3, 2));
        }
    }

    @Test
    void anAddresslessPointStaysWithoutAddress() {
        PointConfig manual = PLANT.points().stream().filter(p -> p.deviceId() == null).findFirst().orElseThrow();
        assertThat(manual.address()).isNull();
        PointConfig sql = PLANT.points().stream().filter(p -> p.id().equals("sql.prod.01")).findFirst().orElseThrow();
        WorkbookContent read = WorkbookReader.readCsv("points", WorkbookWriter.csv(PLANT, "points"), USCC);
        assertThat(read.list(Kind.POINTS)).contains(manual, sql);
        assertThat(read.list(Kind.POINTS).stream().filter(p -> p.id().equals("sql.prod.01")).findFirst().orElseThrow()
                .address()).isEqualTo(new PointAddress(null, null, null, null, null, null, null, null, sql.address()
                .query()));
    }
}
