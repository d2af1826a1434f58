package io.energymon.systemtest;

import static org.assertj.core.api.Assertions.assertThat;

import io.energymon.infra.devstack.DevEnterprise;
import io.energymon.infra.devstack.DevStack;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import javax.xml.parsers.DocumentBuilderFactory;
import org.apache.poi.ss.usermodel.Cell;
import org.apache.poi.ss.usermodel.CellType;
import org.apache.poi.ss.usermodel.DataFormatter;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.ss.usermodel.Workbook;
import org.apache.poi.ss.util.CellReference;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.TestInstance;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;
import tools.jackson.databind.JsonNode;

/**
 * The web app in a real browser (issue #12): headless Chromium from Debian, driven by Playwright
 * ({@code portal-web/e2e/journeys.test.mjs}, run with Node's test runner), against the whole dev stack — the gateway,
 * Keycloak's login page, every service, the simulated plant and platform. Each journey of the browser run is
 * reported here as a test of its own; screenshots and downloads are kept under {@code system-tests/target/e2e}.
 *
 * <p>Needs Node.js (bin/test checks it) and Debian's chromium at {@code /usr/bin/chromium} ({@code .ci/run}
 * installs it; {@code E2E_CHROMIUM} names another).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BrowserJourneysTest {
    private static final Path ROOT = Path.of(System.getProperty("energymon.root", "..")).toAbsolutePath().normalize();
    private static final Path OUT = ROOT.resolve("system-tests/target/e2e");
    private static final DevEnterprise A = DevEnterprise.ALL.get(0);
    private static final ZoneId SHANGHAI = ZoneId.of("Asia/Shanghai");
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private static final Duration BROWSER_RUN_LIMIT = Duration.ofMinutes(15);

    private DevStack stack;
    /** journey name → null when it passed, else its failure */
    private final Map<String, String> journeys = new LinkedHashMap<>();
    private String nodeOutput = "";
    private int exitCode = -1;

    @BeforeAll
    void runTheBrowserJourneys() throws Exception {
        String chromium = System.getenv().getOrDefault("E2E_CHROMIUM", "/usr/bin/chromium");
        assertThat(Path.of(chromium)).as("Debian's chromium is needed for the browser tests: apt-get install chromium "
                + "(.ci/run installs it), or set E2E_CHROMIUM").isExecutable();
        assertThat(ROOT.resolve("portal-web/node_modules/playwright-core")).as("portal-web's npm packages (the "
                + "portal-web module's build installs them)").isDirectory();
        Files.createDirectories(OUT);
        stack = DevStack.start(new DevStack.Options(ROOT, ROOT.resolve("system-tests/target/devstack-browser"),
                Duration.ofSeconds(2), Duration.ofMillis(500), 180.0, 0));

        String adminToken = stack.keycloak().token("hongdu-admin");
        Path evidence = OUT.resolve("evidence.pdf");
        Files.write(evidence, minimalPdf());
        BadWorkbook bad = badWorkbook(adminToken, OUT.resolve("plant-with-one-bad-cell.xlsx"));
        String productPoint = manualPoint(adminToken);

        Map<String, String> users = new LinkedHashMap<>();
        for (String user : List.of("hongdu-operator", "hongdu-manager", "hongdu-admin")) {
            users.put(user, stack.keycloak().password(user));
        }
        Path junit = OUT.resolve("journeys-junit.xml");
        Files.deleteIfExists(junit);
        Path log = OUT.resolve("journeys-output.txt");
        ProcessBuilder node = new ProcessBuilder("node", "--test", "--test-reporter=spec",
                "--test-reporter-destination=stdout", "--test-reporter=junit",
                "--test-reporter-destination=" + junit, "e2e/journeys.test.mjs")
                .directory(ROOT.resolve("portal-web").toFile())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile());
        Map<String, String> env = node.environment();
        env.put("E2E_BASE_URL", stack.portalUrl().toString().replaceAll("/$", ""));
        env.put("E2E_USERS", Http.JSON.writeValueAsString(users));
        env.put("E2E_OUT", OUT.toString());
        env.put("E2E_EVIDENCE", evidence.toString());
        env.put("E2E_BAD_WORKBOOK", bad.file().toString());
        env.put("E2E_BAD_SHEET", bad.sheet());
        env.put("E2E_BAD_CELL", bad.cell());
        env.put("E2E_PRODUCT_POINT", productPoint);
        env.put("E2E_CHROMIUM", chromium);
        env.put("NO_COLOR", "1");
        env.put("FORCE_COLOR", "0");
        Process run = node.start();
        try {
            if (!run.waitFor(BROWSER_RUN_LIMIT.toMinutes(), TimeUnit.MINUTES)) {
                throw new AssertionError("the browser run took longer than " + BROWSER_RUN_LIMIT + "; its output: "
                        + Files.readString(log));
            }
            exitCode = run.exitValue();
        } finally {
            run.descendants().forEach(ProcessHandle::destroyForcibly); // chromium, if the runner left it
            run.destroyForcibly();
        }
        nodeOutput = Files.readString(log, StandardCharsets.UTF_8);
        System.out.println(nodeOutput);
        journeys.putAll(readJunit(junit));
    }

    @AfterAll
    void stop() {
        if (stack != null) {
            stack.close();
        }
    }

    @TestFactory
    Stream<DynamicTest> everyJourneyPassesInTheBrowser() {
        assertThat(journeys).as("journeys reported by the browser run; its output:\n" + nodeOutput).hasSizeGreaterThanOrEqualTo(8);
        return journeys.entrySet().stream().map(j -> DynamicTest.dynamicTest(j.getKey(), () ->
                assertThat(j.getValue()).as(j.getKey()).isNull()));
    }

    @Test
    void theBrowserRunEndedWell() {
        assertThat(exitCode).as("exit code of the browser run; its output:\n" + nodeOutput).isZero();
    }

    /** What the browser downloaded is a real workbook: this month's quarter hours of the enterprise's items. */
    @Test
    void theExportedMonthOpensAsAWorkbookWithThisMonthsValues() throws IOException {
        Path file = OUT.resolve("export-this-month.xlsx");
        assertThat(file).as("the export journey saved its download").exists();
        LocalDate today = LocalDate.now(SHANGHAI);
        try (Workbook wb = new XSSFWorkbook(Files.newInputStream(file))) {
            Sheet sheet = wb.getSheetAt(0);
            DataFormatter text = new DataFormatter();
            Row header = sheet.getRow(0);
            int statDateColumn = -1;
            for (Cell c : header) {
                if (text.formatCellValue(c).toLowerCase().contains("stat")) {
                    statDateColumn = c.getColumnIndex();
                    break;
                }
            }
            assertThat(statDateColumn).as("a stat date column in " + header).isNotNegative();
            List<LocalDate> dates = new ArrayList<>();
            for (int r = 1; r <= sheet.getLastRowNum(); r++) {
                Cell c = sheet.getRow(r).getCell(statDateColumn);
                dates.add(c.getCellType() == CellType.NUMERIC ? c.getLocalDateTimeCellValue().toLocalDate()
                        : LocalDateTime.parse(text.formatCellValue(c).replace(' ', 'T')).toLocalDate());
            }
            assertThat(dates).as("rows of this month").isNotEmpty()
                    .allSatisfy(d -> assertThat(d).hasMonth(today.getMonth()).hasYear(today.getYear()));
        }
    }

    // --- fixtures ---

    private record BadWorkbook(Path file, String sheet, String cell) {
    }

    /**
     * The enterprise's own workbook as the portal exports it, with one register address of the points sheet made
     * text: the import must refuse it and name that cell.
     */
    private BadWorkbook badWorkbook(String token, Path target) throws Exception {
        byte[] original = get("/api/v1/tenants/" + A.tenantId() + "/enterprises/" + A.enterpriseCode() + "/workbook",
                token, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
        try (Workbook wb = new XSSFWorkbook(new ByteArrayInputStream(original))) {
            DataFormatter text = new DataFormatter();
            for (Sheet sheet : wb) {
                if (!sheet.getSheetName().toLowerCase().contains("points")) {
                    continue;
                }
                for (Cell title : sheet.getRow(0)) {
                    if (!text.formatCellValue(title).toLowerCase().contains("register")) {
                        continue;
                    }
                    for (int r = 1; r <= sheet.getLastRowNum(); r++) {
                        Row row = sheet.getRow(r);
                        Cell cell = row == null ? null : row.getCell(title.getColumnIndex());
                        if (cell != null && !text.formatCellValue(cell).isBlank()) {
                            cell.setCellValue("四十二 forty-two");
                            try (OutputStream out = Files.newOutputStream(target)) {
                                wb.write(out);
                            }
                            return new BadWorkbook(target, sheet.getSheetName(),
                                    CellReference.convertNumToColString(cell.getColumnIndex()) + (r + 1));
                        }
                    }
                }
            }
        }
        throw new AssertionError("no register address in the points sheet of " + A.enterpriseCode() + "'s workbook");
    }

    /** The enterprise's point entered by hand (source 5): the monthly product output of the dev data. */
    private String manualPoint(String token) throws Exception {
        byte[] body = get("/api/v1/tenants/" + A.tenantId() + "/enterprises/" + A.enterpriseCode() + "/points", token,
                "application/json");
        for (JsonNode p : Http.JSON.readTree(body)) {
            if (p.path("data").path("source").asInt() == 5) {
                return p.path("data").path("id").asString();
            }
        }
        throw new AssertionError("the dev data has no manual point for " + A.enterpriseCode());
    }

    private byte[] get(String path, String token, String accept) throws Exception {
        HttpResponse<byte[]> r = HTTP.send(HttpRequest.newBuilder(stack.portalUrl().resolve(path))
                .header("Authorization", "Bearer " + token).header("Accept", accept)
                .timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofByteArray());
        assertThat(r.statusCode()).as("GET " + path).isEqualTo(200);
        return r.body();
    }

    /** A one-page PDF, enough for the portal's file-type check (it reads the content, not the name). */
    private static byte[] minimalPdf() {
        String pdf = """
                %PDF-1.4
                1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj
                2 0 obj << /Type /Pages /Kids [3 0 R] /Count 1 >> endobj
                3 0 obj << /Type /Page /Parent 2 0 R /MediaBox [0 0 200 100] >> endobj
                trailer << /Root 1 0 R >>
                %%EOF
                """;
        return pdf.getBytes(StandardCharsets.US_ASCII);
    }

    /** The journeys of Node's JUnit report: name → failure message, or null when it passed. */
    private static Map<String, String> readJunit(Path junit) throws Exception {
        Map<String, String> out = new LinkedHashMap<>();
        if (!Files.exists(junit)) {
            return out;
        }
        // Playwright's call logs may carry terminal escapes, which XML 1.0 does not allow
        String xml = Files.readString(junit, StandardCharsets.UTF_8).replaceAll("[\\x00-\\x08\\x0B\\x0C\\x0E-\\x1F]", "");
        Document doc = DocumentBuilderFactory.newInstance().newDocumentBuilder()
                .parse(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)));
        NodeList cases = doc.getElementsByTagName("testcase");
        for (int i = 0; i < cases.getLength(); i++) {
            Element c = (Element) cases.item(i);
            NodeList failures = c.getElementsByTagName("failure");
            NodeList skipped = c.getElementsByTagName("skipped");
            String failure = failures.getLength() > 0 ? failures.item(0).getTextContent()
                    : skipped.getLength() > 0 ? "skipped" : null;
            out.put(c.getAttribute("name"), failure);
        }
        return out;
    }
}
