package io.energymon.portal.workbook;

import static io.energymon.portal.Api.obj;
import static org.assertj.core.api.Assertions.assertThat;

import io.energymon.domain.config.CollectorConfig;
import io.energymon.domain.config.DeviceConfig;
import io.energymon.domain.config.EnterpriseConfig;
import io.energymon.domain.config.ItemConfig;
import io.energymon.domain.config.PointAddress;
import io.energymon.domain.config.PointConfig;
import io.energymon.domain.config.Protocol;
import io.energymon.domain.config.TargetConfig;
import io.energymon.portal.Api;
import io.energymon.portal.Api.Response;
import io.energymon.portal.Plants;
import io.energymon.portal.PortalTestBase;
import io.energymon.portal.masterdata.Kind;
import io.energymon.portal.masterdata.MasterDataService;
import java.io.ByteArrayOutputStream;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

/**
 * Workbook and CSV import and export over HTTP, on the real PostgreSQL and Kafka: a 205-point plant copied between
 * enterprises through its workbook, an import with bad cells refused whole, CSV of one kind, missing sheets, and the
 * tenant wall.
 */
class WorkbookApiTest extends PortalTestBase {
    private static final String XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

    @Autowired
    MasterDataService masterData;

    // ---- helpers

    private Response upload(String path, String fileName, byte[] content) {
        String boundary = "----workbook-" + UUID.randomUUID();
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"" + fileName
                + "\"\r\nContent-Type: application/octet-stream\r\n\r\n").getBytes(StandardCharsets.UTF_8));
        body.writeBytes(content);
        body.writeBytes(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        return api().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray())));
    }

    private static String enterprise(String tenant, String uscc) {
        return "/api/v1/tenants/" + tenant + "/enterprises/" + uscc;
    }

    private static String newEnterprise(Api api, String tenant, String uscc) {
        Response r = api.post("/api/v1/tenants/" + tenant + "/enterprises",
                obj("enterpriseCode", uscc, "profile", Plants.profile("新用能单位 " + uscc)));
        assertThat(r.status()).as(r.text()).isEqualTo(201);
        return enterprise(tenant, uscc);
    }

    /** (sheet, row, column, columnTitle, field, rule) of each cell of a report. */
    private static List<List<Object>> cells(JsonNode cells) {
        return cells.valueStream().map(c -> List.<Object>of(c.path("sheet").asString(),
                c.path("row").isNull() ? "-" : c.path("row").asInt(), c.path("column").asString(""),
                c.path("columnTitle").asString(""), c.path("field").asString(), c.path("rule").asString())).toList();
    }

    private static void assertSameConfiguration(EnterpriseConfig actual, EnterpriseConfig expected) {
        assertThat(actual.profile()).isEqualTo(expected.profile());
        EnterpriseConfig a = PlantGenerator.sorted(actual);
        EnterpriseConfig e = PlantGenerator.sorted(expected);
        for (Kind<?> k : Kind.ALL) {
            assertThat(k.in(a)).as(k.name()).isEqualTo(k.in(e));
        }
    }

    /** A workbook's content as read back, under the enterprise it names. */
    private static EnterpriseConfig read(byte[] xlsx, String tenant, String uscc) {
        WorkbookContent c = WorkbookReader.readXlsx(xlsx, uscc);
        assertThat(c.errors()).isEmpty();
        return new EnterpriseConfig(tenant, uscc, 0, null, c.profile().orElseThrow(), c.list(Kind.PROCESSES),
                c.list(Kind.PROCESS_UNITS), c.list(Kind.EQUIPMENT), c.list(Kind.METERS), c.list(Kind.COLLECTORS),
                c.list(Kind.DEVICES), c.list(Kind.POINTS), c.list(Kind.ITEMS), c.list(Kind.TARGETS));
    }

    /** 2 Modbus devices, 3 points (p1, p2 on dev-1, p3 on dev-2), one item over them, 2 targets. */
    private static EnterpriseConfig mini(String tenant, String uscc) {
        PointConfig p1 = modbus("p1", "dev-1", 0);
        PointConfig p2 = modbus("p2", "dev-1", 2);
        PointConfig p3 = modbus("p3", "dev-2", 0);
        return new EnterpriseConfig(tenant, uscc, 0, null, PlantGenerator.profile("小型用能单位"), null, null, null, null,
                List.of(new CollectorConfig("col-1", "采集器")),
                List.of(new DeviceConfig("dev-1", "col-1", Protocol.MODBUS_TCP, "10.0.0.5", 502, 1, null, null, null,
                                null),
                        new DeviceConfig("dev-2", "col-1", Protocol.MODBUS_TCP, "10.0.0.6", 502, 2, null, null, null,
                                null)),
                List.of(p1, p2, p3),
                List.of(new ItemConfig("0000000002330011", "全厂用电量", null, "[p1] + [p2] + [p3]", 4, 1, "kWh", null,
                        null)),
                List.of(new TargetConfig("jiangxi-province", true), new TargetConfig("national-platform", false)));
    }

    private static PointConfig modbus(String id, String device, int register) {
        return new PointConfig(id, "电能 " + id, device, null, PointAddress.modbus(register, "HOLDING", "UINT32", "BIG"),
                null, "kWh", new BigDecimal("0.01"), null, new BigDecimal("42949672.95"), null);
    }

    private long revision(String path) {
        return api().get(path + "/config").json().path("revision").asLong();
    }

    // ---- tests

    @Test
    void aPlantOf205PointsCopiedThroughItsWorkbookIsTheSamePlantAndReimportsUnchanged() {
        Api api = api();
        String tenant = "wb-round";
        String a = Plants.tenantWithEnterprise(api, tenant, Plants.USCC_A);
        String b = newEnterprise(api, tenant, Plants.USCC_B);
        EnterpriseConfig generated = PlantGenerator.plant(tenant, Plants.USCC_A);
        int entities = PlantGenerator.entities(generated);
        assertThat(entities).isEqualTo(3 + 6 + 6 + 85 + 2 + 9 + 205 + 12 + 2);
        MasterDataService.ImportResult created = masterData.importConfig(tenant, Plants.USCC_A, generated, true);
        assertThat(created.created()).isEqualTo(entities);

        Response export = api.get(a + "/workbook");
        assertThat(export.status()).isEqualTo(200);
        byte[] xlsxA = export.body();
        var raw = sendForHeaders(a + "/workbook");
        assertThat(raw.headers().firstValue("Content-Type").orElseThrow()).startsWith(XLSX);
        assertThat(raw.headers().firstValue("Content-Disposition").orElseThrow())
                .startsWith("attachment").contains(Plants.USCC_A).contains(".xlsx");

        // the workbook names enterprise A: importing it as it is into B is one bad cell, and changes nothing
        long bBefore = revision(b);
        Response refused = upload(b + "/workbook", "a.xlsx", xlsxA);
        assertThat(refused.status()).as(refused.text()).isEqualTo(400);
        assertThat(cells(refused.json().path("cells"))).containsExactly(List.of("用能单位 enterprise", 2, "A",
                "统一社会信用代码 enterpriseCode", "enterpriseCode", "enterprise.mismatch"));
        assertThat(revision(b)).isEqualTo(bBefore);

        // with the USCC cell cleared, it is a template for B
        byte[] forB = Books.edit(xlsxA, wb -> Books.set(wb.getSheet("用能单位 enterprise"), 2, "A", ""));
        Response imported = upload(b + "/workbook", "b.xlsx", forB);
        assertThat(imported.status()).as(imported.text()).isEqualTo(200);
        assertThat(imported.json().path("created").asInt()).isEqualTo(entities);
        assertThat(imported.json().path("updated").asInt()).isZero();
        assertThat(imported.json().path("retired").asInt()).isZero();
        assertThat(imported.json().path("revision").asLong()).isGreaterThan(bBefore);
        // meters sorted by code: 5 flowmeters 1218…, 5 gas meters 1222…, 10 heat meters 1224…, then the first
        // electricity meter 170100001001 on row 2 + 20 = 22; its type 17010000 is not in Table A.3
        assertThat(cells(imported.json().path("warningCells"))).contains(List.of("计量器具 meters", 22, "A",
                "器具编码 code", "meters[170100001001].code", "meter.type-unlisted"));

        byte[] xlsxB = api.get(b + "/workbook").body();
        EnterpriseConfig storedA = masterData.snapshot(tenant, Plants.USCC_A);
        EnterpriseConfig storedB = masterData.snapshot(tenant, Plants.USCC_B);
        assertSameConfiguration(storedB, storedA);
        assertSameConfiguration(storedA, generated);
        assertSameConfiguration(read(xlsxB, tenant, Plants.USCC_B), read(xlsxA, tenant, Plants.USCC_A));
        assertSameConfiguration(read(xlsxB, tenant, Plants.USCC_B), generated);

        // the export of A re-imported into A changes nothing
        long revision = revision(a);
        Response again = upload(a + "/workbook?retireMissing=true", "a.xlsx", xlsxA);
        assertThat(again.status()).as(again.text()).isEqualTo(200);
        assertThat(List.of(again.json().path("created").asInt(), again.json().path("updated").asInt(),
                again.json().path("retired").asInt(), again.json().path("unchanged").asInt()))
                .containsExactly(0, 0, 0, entities);
        assertThat(again.json().path("revision").asLong()).isEqualTo(revision);
        assertThat(revision(a)).isEqualTo(revision);
    }

    private java.net.http.HttpResponse<byte[]> sendForHeaders(String path) {
        try {
            return java.net.http.HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + port + path))
                    .header("Authorization", "Bearer " + IDP.service()).build(), java.net.http.HttpResponse.BodyHandlers
                    .ofByteArray());
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Test
    void aWorkbookWithThreeBadCellsIsRefusedWholeNamingEachCellAndNothingChanges() {
        Api api = api();
        String tenant = "wb-bad";
        String a = Plants.tenantWithEnterprise(api, tenant, Plants.USCC_A);
        masterData.importConfig(tenant, Plants.USCC_A, mini(tenant, Plants.USCC_A), true);
        JsonNode before = api.get(a + "/config").json();

        // rows as exported, in key order: devices dev-1 (row 2), dev-2 (3); points p1 (2), p2 (3), p3 (4).
        // Columns: enterprise A USCC, B name, C industry, D region; devices A id … E port; points A id … E register.
        byte[] bad = Books.edit(api.get(a + "/workbook").body(), wb -> {
            Books.set(wb.getSheet("采集点 points"), 3, "E", 70000);
            Books.set(wb.getSheet("用能单位 enterprise"), 2, "D", "369999");
            Books.set(wb.getSheet("采集设备 devices"), 3, "E", "abc");
        });
        Response r = upload(a + "/workbook", "bad.xlsx", bad);
        assertThat(r.status()).as(r.text()).isEqualTo(400);
        assertThat(r.json().path("status").asInt()).isEqualTo(400);
        assertThat(r.json().path("error").asString()).isEqualTo("import");
        assertThat(r.json().path("messageZh").asString()).contains("3");
        assertThat(r.json().path("messageEn").asString()).contains("3");
        assertThat(cells(r.json().path("cells"))).containsExactly(
                List.of("用能单位 enterprise", 2, "D", "行政区划代码 region", "profile.region", "division.unknown"),
                List.of("采集设备 devices", 3, "E", "端口 port", "devices[dev-2].port", "cell.integer"),
                List.of("采集点 points", 3, "E", "寄存器 register", "points[p2].address.register", "range"));
        JsonNode register = r.json().path("cells").get(2);
        assertThat(register.path("value").asString()).isEqualTo("70000");
        assertThat(register.path("expected").asString()).isEqualTo("0..65535");
        assertThat(register.path("messageZh").asString()).contains("寄存器");
        assertThat(register.path("messageEn").asString()).contains("70000");
        assertThat(r.json().path("cells").get(1).path("value").asString()).isEqualTo("abc");

        assertThat(api.get(a + "/config").json()).isEqualTo(before);

        // only a cell that cannot be parsed (scale of p1, column R) next to a valid change (the collector's name):
        // the rest validates and is written, then rolled back with the refusal
        byte[] oneBad = Books.edit(api.get(a + "/workbook").body(), wb -> {
            Books.set(wb.getSheet("采集器 collectors"), 2, "B", "改名的采集器");
            Books.set(wb.getSheet("采集点 points"), 2, "R", "abc");
        });
        Response refused = upload(a + "/workbook", "bad.xlsx", oneBad);
        assertThat(refused.status()).as(refused.text()).isEqualTo(400);
        assertThat(cells(refused.json().path("cells"))).containsExactly(
                List.of("采集点 points", 2, "R", "倍率 scale", "points[p1].scale", "cell.decimal"));
        assertThat(api.get(a + "/config").json()).isEqualTo(before);
    }

    @Test
    void theCsvOfOneKindCopiesItIntoAnotherEnterpriseAndABadCellIsReportedWithItsRowAndColumn() {
        Api api = api();
        String tenant = "wb-csv";
        String a = Plants.tenantWithEnterprise(api, tenant, Plants.USCC_A);
        String b = newEnterprise(api, tenant, Plants.USCC_B);
        masterData.importConfig(tenant, Plants.USCC_A, PlantGenerator.plant(tenant, Plants.USCC_A), true);
        EnterpriseConfig withoutPoints = Kind.ITEMS.with(Kind.POINTS.with(PlantGenerator.plant(tenant, Plants.USCC_B),
                List.of()), List.of());
        masterData.importConfig(tenant, Plants.USCC_B, withoutPoints, true);

        var raw = sendForHeaders(a + "/csv/points");
        assertThat(raw.statusCode()).isEqualTo(200);
        assertThat(raw.headers().firstValue("Content-Type").orElseThrow()).startsWith("text/csv");
        assertThat(raw.headers().firstValue("Content-Disposition").orElseThrow()).contains(Plants.USCC_A, "points",
                ".csv");
        byte[] csv = raw.body();
        assertThat(csv).startsWith(0xEF, 0xBB, 0xBF);
        assertThat(new String(csv, StandardCharsets.UTF_8)).contains("寄存器 register");

        Response copied = upload(b + "/csv/points", "points.csv", csv);
        assertThat(copied.status()).as(copied.text()).isEqualTo(200);
        assertThat(copied.json().path("created").asInt()).isEqualTo(PlantGenerator.POINTS);
        assertThat(copied.json().path("updated").asInt()).isZero();
        assertThat(copied.json().path("retired").asInt()).isZero();
        EnterpriseConfig storedA = PlantGenerator.sorted(masterData.snapshot(tenant, Plants.USCC_A));
        EnterpriseConfig storedB = PlantGenerator.sorted(masterData.snapshot(tenant, Plants.USCC_B));
        assertThat(storedB.points()).isEqualTo(storedA.points());
        assertThat(storedB.items()).isEmpty(); // other kinds untouched
        assertThat(storedB.meters()).isEqualTo(storedA.meters());

        // the same file into A again: nothing to do
        long revision = revision(a);
        Response again = upload(a + "/csv/points?retireMissing=true", "points.csv", csv);
        assertThat(again.status()).as(again.text()).isEqualTo(200);
        assertThat(List.of(again.json().path("created").asInt(), again.json().path("updated").asInt(),
                again.json().path("retired").asInt())).containsExactly(0, 0, 0);
        assertThat(revision(a)).isEqualTo(revision);

        // a hand-made file with a few columns, titled in English: row 3 has register 70000 (column C), row 4 the
        // slot "15min" (column I); row 2 is fine but is not imported either
        String bad = "id,deviceId,register,function,dataType,wordOrder,unit,scale,slot\r\n"
                + "new.p1,mb-1,100,HOLDING,UINT32,BIG,kWh,0.01,PT15M\r\n"
                + "new.p2,mb-1,70000,HOLDING,UINT32,BIG,kWh,0.01,PT15M\r\n"
                + "new.p3,mb-1,102,HOLDING,UINT32,BIG,kWh,0.01,15min\r\n";
        Response refused = upload(a + "/csv/points", "bad.csv", bad.getBytes(StandardCharsets.UTF_8));
        assertThat(refused.status()).as(refused.text()).isEqualTo(400);
        assertThat(cells(refused.json().path("cells"))).containsExactly(
                List.of("points", 3, "C", "寄存器 register", "points[new.p2].address.register", "range"),
                List.of("points", 4, "I", "采集周期 slot", "points[new.p3].slot", "cell.duration"));
        assertThat(api.get(a + "/points/new.p1").status()).isEqualTo(404);
        assertThat(revision(a)).isEqualTo(revision);

        // one kind with retireMissing: the target left out is retired, nothing else
        Response targets = upload(a + "/csv/targets?retireMissing=true", "targets.csv",
                "平台标识 platformId,启用 enabled\r\njiangxi-province,true\r\n".getBytes(StandardCharsets.UTF_8));
        assertThat(targets.status()).as(targets.text()).isEqualTo(200);
        assertThat(targets.json().path("retired").asInt()).isEqualTo(1);
        assertThat(masterData.snapshot(tenant, Plants.USCC_A).targets()).containsExactly(
                new TargetConfig("jiangxi-province", true));
        assertThat(masterData.snapshot(tenant, Plants.USCC_A).points()).hasSize(PlantGenerator.POINTS);

        assertThat(api.get(a + "/csv/furniture").status()).isEqualTo(404);
    }

    @Test
    void aMissingSheetRetiresItsKindOnlyWithRetireMissingAndUnknownSheetsAreWarnings() {
        Api api = api();
        String tenant = "wb-missing";
        String a = Plants.tenantWithEnterprise(api, tenant, Plants.USCC_A);
        masterData.importConfig(tenant, Plants.USCC_A, mini(tenant, Plants.USCC_A), true);
        byte[] xlsx = Books.edit(api.get(a + "/workbook").body(), wb -> {
            wb.removeSheetAt(wb.getSheetIndex("上传平台 targets"));
            wb.createSheet("备注 notes").createRow(0).createCell(0).setCellValue("调试记录");
        });

        Response keep = upload(a + "/workbook", "a.xlsx", xlsx);
        assertThat(keep.status()).as(keep.text()).isEqualTo(200);
        assertThat(keep.json().path("retired").asInt()).isZero();
        assertThat(cells(keep.json().path("warningCells"))).contains(
                List.of("备注 notes", "-", "", "", "备注 notes", "sheet.unknown"));
        assertThat(api.get(a + "/targets").json().size()).isEqualTo(2);

        Response retire = upload(a + "/workbook?retireMissing=true", "a.xlsx", xlsx);
        assertThat(retire.status()).as(retire.text()).isEqualTo(200);
        assertThat(retire.json().path("retired").asInt()).isEqualTo(2);
        assertThat(cells(retire.json().path("warningCells"))).contains(
                List.of("上传平台 targets", "-", "", "", "targets", "sheet.missing-retired"));
        assertThat(api.get(a + "/targets").json().size()).isZero();
        assertThat(api.get(a + "/points").json().size()).isEqualTo(3);
    }

    @Test
    void anotherTenantsPathCanNeitherExportNorImportTheEnterprise() {
        Api api = api();
        String a = Plants.tenantWithEnterprise(api, "wb-wall-a", Plants.USCC_A);
        Plants.tenantWithEnterprise(api, "wb-wall-b", Plants.USCC_B);
        masterData.importConfig("wb-wall-a", Plants.USCC_A, mini("wb-wall-a", Plants.USCC_A), true);
        byte[] xlsx = api.get(a + "/workbook").body();
        byte[] csv = api.get(a + "/csv/points").body();
        JsonNode before = api.get(a + "/config").json();

        String aUnderB = enterprise("wb-wall-b", Plants.USCC_A);
        assertThat(api.get(aUnderB + "/workbook").status()).isEqualTo(404);
        assertThat(api.get(aUnderB + "/csv/points").status()).isEqualTo(404);
        Response importXlsx = upload(aUnderB + "/workbook?retireMissing=true", "a.xlsx", xlsx);
        assertThat(importXlsx.status()).isEqualTo(404);
        assertThat(importXlsx.json().path("error").asString()).isEqualTo("not-found");
        assertThat(upload(aUnderB + "/csv/points", "p.csv", csv).status()).isEqualTo(404);
        assertThat(api.get(a + "/config").json()).isEqualTo(before);
    }

    @Test
    void theEndpointsAreDocumented() {
        Response docs = api().get("/v3/api-docs");
        assertThat(docs.json().path("paths").propertyNames()).contains(
                "/api/v1/tenants/{tenantId}/enterprises/{enterpriseCode}/workbook",
                "/api/v1/tenants/{tenantId}/enterprises/{enterpriseCode}/csv/{kind}");
        assertThat(docs.json().path("components").path("schemas").propertyNames()).contains("CellReport",
                "WorkbookImportResult");
    }
}
