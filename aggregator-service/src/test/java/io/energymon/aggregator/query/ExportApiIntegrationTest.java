package io.energymon.aggregator.query;

import static io.energymon.aggregator.config.TestConfigs.cumulative;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.energymon.aggregator.config.EnterpriseCatalog;
import io.energymon.aggregator.config.ItemCatalog;
import io.energymon.aggregator.config.TestConfigs;
import io.energymon.aggregator.ingest.ReadingIngestService;
import io.energymon.aggregator.rollup.RollupJob;
import io.energymon.domain.event.Reading;
import io.energymon.domain.event.ReadingBatch;
import io.energymon.domain.tenancy.EnterpriseRef;
import io.energymon.infra.testing.SharedInfra;
import io.energymon.security.Role;
import io.energymon.security.testing.TestIdentityProvider;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The export (§9.9) over HTTP on real PostgreSQL and Kafka: a month (July 2027, Shanghai) of quarter-hour counter
 * readings whose quarter consumption follows a known pattern ({@link #step}), exported per quarter as XLSX and read
 * back with POI, per day and per hour as CSV; the bad requests, another tenant's path and an unknown data code.
 * Expected values come from {@link #step} and the GB/T 2589 reference factor of electricity, not from the code.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("test")
class ExportApiIntegrationTest {
    private static final String A = "91360100MA35K8P233";
    private static final String TENANT = "tenant-export";
    private static final String X = "0000000002330011"; // whole-plant electricity consumption, kWh
    private static final ZoneId ZONE = ZoneId.of("Asia/Shanghai");
    private static final Duration SLOT = Duration.ofMinutes(15);
    private static final LocalDate JULY = LocalDate.parse("2027-07-01");
    private static final int QUARTERS = 31 * 96;
    private static final String CONFIG_TOPIC = TestConfigs.newConfigTopic();
    private static boolean ingested;

    @Autowired
    ReadingIngestService ingest;
    @Autowired
    ItemCatalog catalog;
    @Autowired
    RollupJob rollup;
    @LocalServerPort
    int port;

    @DynamicPropertySource
    static void infra(DynamicPropertyRegistry r) {
        TestConfigs.registerInfra(r, "aggregator_export", CONFIG_TOPIC);
    }

    @BeforeAll
    static void configure() {
        try (KafkaProducer<String, byte[]> producer = SharedInfra.newProducer()) {
            TestConfigs.publish(producer, CONFIG_TOPIC, TestConfigs.enterprise(TENANT, A, 1, List.of(cumulative("e")),
                    List.of(TestConfigs.item(X, "[e]"))));
        }
    }

    /** The consumption of quarter {@code q} of July (0 = July 1st 00:00 local), kWh: 1 to 5. */
    private static long step(int q) {
        return 1 + q % 5;
    }

    private synchronized void monthIngested() {
        if (ingested) {
            return;
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> catalog.enterprise(new EnterpriseRef(TENANT, A))
                .map(EnterpriseCatalog::revision).orElse(0L) == 1L);
        Instant start = JULY.atStartOfDay(ZONE).toInstant();
        List<Reading> readings = new ArrayList<>();
        long counter = 1000;
        for (int q = 0; q <= QUARTERS; q++) {
            readings.add(Reading.good("e", start.plus(SLOT.multipliedBy(q)), BigDecimal.valueOf(counter), 4));
            counter += step(q);
        }
        ingest.ingest(new ReadingBatch(UUID.randomUUID(), TENANT, A, "test", start, SLOT, readings));
        rollup.runOnce();
        ingested = true;
    }

    @Test
    void aMonthOfQuarterHoursAsXlsxHoldsTheValuesRead() throws IOException {
        monthIngested();
        HttpResponse<byte[]> r = get(TENANT, "export?from=2027-07-01&to=2027-08-01&period=quarter&format=xlsx&dataCodes="
                + X, TestIdentityProvider.shared().user(TENANT, Role.VIEWER, A));
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type").orElse(""))
                .startsWith("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
        assertThat(r.headers().firstValue("Content-Disposition").orElse("")).startsWith("attachment")
                .contains("export-" + A + "-15min-2027-07-01-2027-08-01.xlsx");
        assertThat(r.headers().firstValue(ExportController.ROWS_HEADER)).hasValue(Integer.toString(QUARTERS));

        try (XSSFWorkbook book = new XSSFWorkbook(new ByteArrayInputStream(r.body()))) {
            Sheet sheet = book.getSheetAt(0);
            assertThat(sheet.getRow(0).getCell(0).getStringCellValue()).isEqualTo("数据项编码 / data code");
            assertThat(sheet.getRow(0).getCell(4).getStringCellValue()).isEqualTo("数值 / value");
            assertThat(sheet.getLastRowNum()).isEqualTo(QUARTERS);
            LocalDateTime first = JULY.atStartOfDay();
            for (int q = 0; q < QUARTERS; q++) {
                Row row = sheet.getRow(q + 1);
                assertThat(row.getCell(0).getStringCellValue()).isEqualTo(X);
                assertThat(row.getCell(1).getStringCellValue()).isEqualTo("item " + X);
                assertThat(row.getCell(2).getLocalDateTimeCellValue()).isEqualTo(first.plusMinutes(15L * q));
                assertThat(row.getCell(3).getStringCellValue()).isEqualTo("15min");
                assertThat(row.getCell(4).getNumericCellValue()).as("quarter %d", q).isEqualTo((double) step(q));
                assertThat(row.getCell(5).getStringCellValue()).isEqualTo("kWh");
                assertThat(row.getCell(8).getBooleanCellValue()).isTrue();
            }
        }
    }

    @Test
    void daysAndHoursAsCsvWithBomAndBilingualHeader() {
        monthIngested();
        HttpResponse<byte[]> r = get(TENANT, "export?from=2027-07-01&to=2027-08-01&period=day&format=csv",
                TestIdentityProvider.shared().service());
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type").orElse("")).startsWith("text/csv");
        assertThat(r.headers().firstValue(ExportController.ROWS_HEADER)).hasValue("31");
        byte[] body = r.body();
        assertThat(body[0] & 0xff).isEqualTo(0xEF); // UTF-8 byte-order mark
        assertThat(body[1] & 0xff).isEqualTo(0xBB);
        assertThat(body[2] & 0xff).isEqualTo(0xBF);
        List<String> lines = new String(body, 3, body.length - 3, StandardCharsets.UTF_8).lines().toList();
        assertThat(lines.getFirst()).startsWith("数据项编码 / data code,数据项名称 / item name,统计时间 / stat date");
        assertThat(lines).hasSize(1 + 31);
        for (int d = 0; d < 31; d++) {
            long expected = 0;
            for (int q = d * 96; q < (d + 1) * 96; q++) {
                expected += step(q);
            }
            String[] f = lines.get(d + 1).split(",", -1);
            assertThat(f[0]).isEqualTo(X);
            assertThat(f[2]).isEqualTo(JULY.plusDays(d) + " 00:00");
            assertThat(f[3]).isEqualTo("day");
            assertThat(new BigDecimal(f[4])).as("day %d", d).isEqualByComparingTo(BigDecimal.valueOf(expected));
            // GB/T 2589-2020 reference factor of electricity, calorific equivalent: 0.1229 kgce/kWh
            assertThat(new BigDecimal(f[6])).isEqualByComparingTo(BigDecimal.valueOf(expected)
                    .multiply(new BigDecimal("0.1229")));
            assertThat(f[8]).isEqualTo("true");
        }

        // hours of July 2nd: each the sum of its four quarters
        List<String> hours = csv(get(TENANT, "export?from=2027-07-02&to=2027-07-03&period=hour&format=csv",
                TestIdentityProvider.shared().service()));
        assertThat(hours).hasSize(1 + 24);
        for (int h = 0; h < 24; h++) {
            int q0 = 96 + 4 * h;
            long expected = step(q0) + step(q0 + 1) + step(q0 + 2) + step(q0 + 3);
            String[] f = hours.get(h + 1).split(",", -1);
            assertThat(f[2]).isEqualTo("2027-07-02 " + "%02d:00".formatted(h));
            assertThat(new BigDecimal(f[4])).as("hour %d", h).isEqualByComparingTo(BigDecimal.valueOf(expected));
            assertThat(f[8]).isEqualTo("true");
        }

        // 24 months is the longest range: July's days are all there is
        HttpResponse<byte[]> longest = get(TENANT, "export?from=2026-01-01&to=2028-01-01&period=day&format=csv",
                TestIdentityProvider.shared().service());
        assertThat(longest.statusCode()).isEqualTo(200);
        assertThat(longest.headers().firstValue(ExportController.ROWS_HEADER)).hasValue("31");
        assertThat(csv(longest)).hasSize(1 + 31);
    }

    @Test
    void badRequestsAnotherTenantAndUnknownItems() {
        monthIngested();
        String service = TestIdentityProvider.shared().service();
        HttpResponse<byte[]> tooLong = get(TENANT, "export?from=2026-01-01&to=2028-02-01&period=month&format=csv",
                service); // 25 months
        assertThat(tooLong.statusCode()).isEqualTo(400);
        assertThat(text(tooLong)).contains("最多 24 个月").contains("at most 24 months");
        for (String bad : List.of("export?from=2027-07-01&to=2027-08-01&period=week&format=csv",
                "export?from=2027-07-01&to=2027-08-01&period=day&format=pdf",
                "export?from=2027-07-02&to=2027-07-01&period=day&format=csv",
                "export?from=2027-07-01&period=day&format=csv")) {
            HttpResponse<byte[]> r = get(TENANT, bad, service);
            assertThat(r.statusCode()).as(bad).isEqualTo(400);
            assertThat(text(r)).as(bad).contains(" / ");
        }
        HttpResponse<byte[]> unknown = get(TENANT, "export?from=2027-07-01&to=2027-08-01&period=day&format=csv"
                + "&dataCodes=" + X + ",0000000002330099", service);
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(text(unknown)).contains("0000000002330099").contains("not found");

        // another tenant's path (the service may call any: the enterprise is not configured there) and another
        // tenant's admin on this tenant's path (the tenant wall): nothing of this tenant's data
        HttpResponse<byte[]> otherPath = get("tenant-other", "export?from=2027-07-01&to=2027-08-01&period=day",
                service);
        assertThat(otherPath.statusCode()).isEqualTo(404);
        assertThat(text(otherPath)).doesNotContain(X);
        HttpResponse<byte[]> otherAdmin = get(TENANT, "export?from=2027-07-01&to=2027-08-01&period=day",
                TestIdentityProvider.shared().user("tenant-other", Role.TENANT_ADMIN));
        assertThat(otherAdmin.statusCode()).isEqualTo(404);
        assertThat(text(otherAdmin)).doesNotContain(X);
    }

    private static List<String> csv(HttpResponse<byte[]> r) {
        assertThat(r.statusCode()).isEqualTo(200);
        return text(r).substring(1).lines().toList(); // without the byte-order mark
    }

    private static String text(HttpResponse<byte[]> r) {
        return new String(r.body(), StandardCharsets.UTF_8);
    }

    private HttpResponse<byte[]> get(String tenant, String path, String token) {
        try (HttpClient http = HttpClient.newHttpClient()) {
            return http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/api/v1/tenants/" + tenant
                            + "/enterprises/" + A + "/" + path)).header("Authorization", "Bearer " + token).build(),
                    HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException | InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }
}
