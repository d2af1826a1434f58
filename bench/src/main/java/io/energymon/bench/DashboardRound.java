package io.energymon.bench;

import io.energymon.aggregator.config.EnterpriseCatalog;
import io.energymon.aggregator.energy.EnergyAccounting;
import io.energymon.aggregator.query.EnergySeriesController;
import io.energymon.aggregator.query.QueryController;
import io.energymon.aggregator.quality.DataQuality;
import io.energymon.codes.factor.ConversionMethod;
import io.energymon.domain.tenancy.EnterpriseRef;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import org.springframework.context.ApplicationContext;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/**
 * One round of the dashboards at a "today" within the loaded months: the web app's enterprise dashboard
 * ({@code portal-web/src/pages/EnterpriseDashboard.tsx}) — its aggregator requests issued at once on 6 connections, as
 * a browser does, wall time until the last answer — and the group dashboard's {@code /summary}. Their baselines run
 * the same statements in this JVM through the aggregator's own beans (same {@code JdbcClient} statements, no HTTP, no
 * token check, no JSON), the dashboard's on the same 6 threads. Every answer is checked against the loaded values
 * ({@link ItemValueLoad}, {@link DashboardLoad}).
 */
final class DashboardRound {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String METHOD = ConversionMethod.CALORIFIC_EQUIVALENT.name();

    private final AggregatorApi api;
    private final ExecutorService browser;
    private final ApplicationContext ctx;
    private final EnterpriseCatalog enterprise;
    private final List<String> codes;
    private final LocalDate firstDay;
    private final LocalDate end;
    private final String base;
    final long[] dashboard;
    final long[] dashboardInProcess;
    final long[] summary;
    final long[] summaryInProcess;
    /** per request kind (path without the enterprise and dates), its time within the concurrent load */
    final Map<String, long[]> requests = new LinkedHashMap<>();
    private int timed;
    long valuesChecked;
    long bytes;

    DashboardRound(AggregatorApi api, ExecutorService browser, ApplicationContext ctx, EnterpriseCatalog enterprise,
                   List<String> codes, LocalDate firstDay, int months, int repetitions) {
        this.api = api;
        this.browser = browser;
        this.ctx = ctx;
        this.enterprise = enterprise;
        this.codes = codes;
        this.firstDay = firstDay;
        this.end = firstDay.plusMonths(months);
        this.base = "/api/v1/tenants/" + QueryBenchmark.TENANT + "/enterprises/" + enterprise.ref().enterpriseCode();
        this.dashboard = new long[repetitions];
        this.dashboardInProcess = new long[repetitions];
        this.summary = new long[repetitions];
        this.summaryInProcess = new long[repetitions];
    }

    /** The requests of one dashboard load at {@code today}: kind → path and query. */
    private Map<String, String> requests(LocalDate today) {
        LocalDate month = today.withDayOfMonth(1);
        String thisMonth = "?period=month&from=" + month + "&to=" + today.plusDays(1);
        Map<String, String> r = new LinkedHashMap<>();
        r.put("energy statType=1", "/energy?statType=1&from=" + today.minusDays(29) + "&to=" + today);
        r.put("energy statType=2", "/energy?statType=2&from=" + month.minusMonths(2) + "&to=" + month);
        r.put("quality", "/quality?from=" + today + "&to=" + today.plusDays(1));
        r.put("readings/latest", "/readings/latest");
        for (String type : List.of(DashboardLoad.ELECTRICITY, DashboardLoad.GAS)) {
            r.put("energy-types/" + type + " physical", "/energy-types/" + type + "/series" + thisMonth
                    + "&unit=physical");
            r.put("energy-types/" + type + " tce", "/energy-types/" + type + "/series" + thisMonth + "&unit=tce");
        }
        for (int k = 1; k <= DashboardLoad.processes(codes.size()); k++) {
            r.put("processes/" + DashboardLoad.processCode(k), "/processes/" + DashboardLoad.processCode(k)
                    + "/series" + thisMonth + "&unit=tce");
        }
        return r;
    }

    void run(LocalDate today, boolean timed) throws Exception {
        Map<String, String> paths = requests(today);
        Map<String, Future<Timed>> answers = new LinkedHashMap<>();
        long t = System.nanoTime();
        paths.forEach((kind, path) -> answers.put(kind, browser.submit(() -> {
            long s = System.nanoTime();
            String body = api.get(base + path);
            return new Timed(body, System.nanoTime() - s);
        })));
        Map<String, Timed> bodies = new LinkedHashMap<>();
        for (var a : answers.entrySet()) {
            bodies.put(a.getKey(), a.getValue().get());
        }
        long dashboardTook = System.nanoTime() - t;
        bytes = bodies.values().stream().mapToLong(b -> b.body().length()).sum();
        check(today, bodies);

        t = System.nanoTime();
        int results = inProcess(today).size();
        long inProcessTook = System.nanoTime() - t;
        expect(results, paths.size(), "in-process answers");

        t = System.nanoTime();
        String summaryBody = api.get("/api/v1/tenants/" + QueryBenchmark.TENANT + "/summary?date=" + today);
        long summaryTook = System.nanoTime() - t;
        checkSummary(today, JSON.readTree(summaryBody));

        t = System.nanoTime();
        EnergyAccounting.DayTotals totals = ctx.getBean(EnergyAccounting.class).dayTotals(Map.of(enterprise, today))
                .get(enterprise.ref());
        DataQuality.Day quality = ctx.getBean(DataQuality.class)
                .days(List.of(new DataQuality.Span(enterprise, today, today.plusDays(1)))).get(enterprise.ref())
                .getFirst();
        long summaryInProcessTook = System.nanoTime() - t;
        expectEqual(totals.day(), comprehensiveOfDay(today), "in-process day kgce");
        expect(quality.present(), (long) codes.size() * 96, "in-process real-time values present");

        if (timed) {
            dashboard[this.timed] = dashboardTook;
            dashboardInProcess[this.timed] = inProcessTook;
            summary[this.timed] = summaryTook;
            summaryInProcess[this.timed] = summaryInProcessTook;
            int round = this.timed;
            bodies.forEach((kind, b) -> requests.computeIfAbsent(kind, k -> new long[dashboard.length])[round] =
                    b.nanos());
            this.timed++;
        }
    }

    private record Timed(String body, long nanos) {
    }

    /** The dashboard's statements through the aggregator's beans, concurrently on the same 6 threads. */
    private List<Object> inProcess(LocalDate today) throws Exception {
        EnterpriseRef ref = enterprise.ref();
        String t = ref.tenantId();
        String e = ref.enterpriseCode();
        EnergyAccounting energy = ctx.getBean(EnergyAccounting.class);
        EnergySeriesController series = ctx.getBean(EnergySeriesController.class);
        LocalDate month = today.withDayOfMonth(1);
        LocalDate to = today.plusDays(1);
        List<Callable<Object>> calls = new ArrayList<>();
        calls.add(() -> energy.accounts(ref, 1, today.minusDays(29), today));
        calls.add(() -> energy.accounts(ref, 2, month.minusMonths(2), month));
        calls.add(() -> ctx.getBean(DataQuality.class).days(enterprise, today, to));
        calls.add(() -> ctx.getBean(QueryController.class).latestReadings(t, e));
        for (String type : List.of(DashboardLoad.ELECTRICITY, DashboardLoad.GAS)) {
            for (String unit : List.of("physical", "tce")) {
                calls.add(() -> series.energyType(t, e, type, "month", month, to, unit,
                        ConversionMethod.CALORIFIC_EQUIVALENT));
            }
        }
        for (int k = 1; k <= DashboardLoad.processes(codes.size()); k++) {
            String process = DashboardLoad.processCode(k);
            calls.add(() -> series.process(t, e, process, "month", month, to, "tce",
                    ConversionMethod.CALORIFIC_EQUIVALENT, null));
        }
        List<Object> out = new ArrayList<>();
        for (Future<Object> f : browser.invokeAll(calls)) {
            out.add(f.get());
        }
        return out;
    }

    // ---- checks: the answers against the loaded values ----

    private void check(LocalDate today, Map<String, Timed> bodies) {
        JsonNode days = JSON.readTree(bodies.get("energy statType=1").body());
        List<LocalDate> expectedDays = new ArrayList<>();
        for (LocalDate d = today.minusDays(29); !d.isAfter(today); d = d.plusDays(1)) {
            if (loaded(d)) {
                expectedDays.add(d);
            }
        }
        expect(days.size(), expectedDays.size(), "days of /energy?statType=1");
        for (int i = 0; i < days.size(); i++) {
            JsonNode a = days.get(i);
            expect(date(a).toEpochDay(), expectedDays.get(i).toEpochDay(), "day of /energy");
            expectEqual(comprehensive(a), comprehensiveOfDay(expectedDays.get(i)), "comprehensive kgce of " + date(a));
            // electricity items one row (calorific equivalent), natural gas two (both methods)
            expect(a.path("items").size(), codes.size() + 1, "item kgce rows of " + date(a));
        }
        JsonNode months = JSON.readTree(bodies.get("energy statType=2").body());
        List<LocalDate> expectedMonths = new ArrayList<>();
        for (int m = 2; m >= 0; m--) {
            LocalDate first = today.withDayOfMonth(1).minusMonths(m);
            if (loaded(first)) {
                expectedMonths.add(first);
            }
        }
        expect(months.size(), expectedMonths.size(), "months of /energy?statType=2");
        for (int i = 0; i < months.size(); i++) {
            LocalDate first = expectedMonths.get(i);
            expect(date(months.get(i)).toEpochDay(), first.toEpochDay(), "month of /energy");
            expectEqual(comprehensive(months.get(i)), kgce(0, first, monthValue(0, first))
                    .add(kgce(1, first, monthValue(1, first))), "comprehensive kgce of " + first);
        }

        JsonNode quality = JSON.readTree(bodies.get("quality").body());
        expect(quality.size(), 1, "days of /quality");
        expect(quality.get(0).path("present").asLong(), (long) codes.size() * 96, "real-time values present");
        expectEqual(new BigDecimal(quality.get(0).path("composite").asString()), BigDecimal.ONE, "quality composite");

        JsonNode latest = JSON.readTree(bodies.get("readings/latest").body());
        expect(latest.size(), codes.size(), "latest readings");
        for (JsonNode r : latest) {
            long point = Long.parseLong(r.path("pointId").asString().substring(1));
            expectEqual(new BigDecimal(r.path("value").asString()), BigDecimal.valueOf(DashboardLoad.LATEST_BASE + point),
                    "latest reading of " + r.path("pointId").asString());
        }

        LocalDate month = today.withDayOfMonth(1);
        for (var type : Map.of(DashboardLoad.ELECTRICITY, 0, DashboardLoad.GAS, 1).entrySet()) {
            int item = type.getValue();
            expectEqual(monthOf(bodies, "energy-types/" + type.getKey() + " physical"), monthValue(item, month),
                    "physical month of " + type.getKey());
            expectEqual(monthOf(bodies, "energy-types/" + type.getKey() + " tce"),
                    kgce(item, month, monthValue(item, month)), "kgce month of " + type.getKey());
        }
        for (int k = 1; k <= DashboardLoad.processes(codes.size()); k++) {
            int item = 1 + k;
            expectEqual(monthOf(bodies, "processes/" + DashboardLoad.processCode(k)),
                    kgce(item, month, monthValue(item, month)), "kgce month of process " + k);
        }
    }

    private void checkSummary(LocalDate today, JsonNode s) {
        expect(s.path("enterprises").size(), 1, "enterprises of /summary");
        JsonNode e = s.path("enterprises").get(0);
        expect(LocalDate.parse(e.path("date").asString()).toEpochDay(), today.toEpochDay(), "day of /summary");
        expectEqual(new BigDecimal(e.path("dayKgce").asString()), comprehensiveOfDay(today), "summary day kgce");
        BigDecimal monthToDate = BigDecimal.ZERO;
        for (LocalDate d = today.withDayOfMonth(1); !d.isAfter(today); d = d.plusDays(1)) {
            monthToDate = monthToDate.add(comprehensiveOfDay(d));
        }
        expectEqual(new BigDecimal(e.path("monthToDateKgce").asString()), monthToDate, "summary month to date kgce");
        expectEqual(new BigDecimal(e.path("qualityComposite").asString()), BigDecimal.ONE, "summary quality");
        // none loaded; the aggregator's own check raises one MISSING_INTERVALS per item for the real today (no values
        // loaded for it) once its schedule has run
        long alarms = e.path("activeAlarms").asLong();
        if (alarms != 0 && alarms != codes.size()) {
            throw new IllegalStateException("summary active alarms: " + alarms + ", expected 0 or " + codes.size());
        }
    }

    /** The one period of a month series, complete. */
    private BigDecimal monthOf(Map<String, Timed> bodies, String kind) {
        JsonNode periods = JSON.readTree(bodies.get(kind).body()).path("periods");
        expect(periods.size(), 1, "periods of " + kind);
        if (!periods.get(0).path("complete").asBoolean()) {
            throw new IllegalStateException(kind + ": the month is not complete: " + periods.get(0));
        }
        return new BigDecimal(periods.get(0).path("value").asString());
    }

    private boolean loaded(LocalDate day) {
        return !day.isBefore(firstDay) && day.isBefore(end);
    }

    /** Comprehensive energy consumption of a day: the whole-plant electricity and gas items' kgce. */
    private BigDecimal comprehensiveOfDay(LocalDate day) {
        return kgce(0, day, dayValue(0, day)).add(kgce(1, day, dayValue(1, day)));
    }

    private BigDecimal kgce(int item, LocalDate day, BigDecimal value) {
        return DashboardLoad.kgce(item, day, value);
    }

    private BigDecimal dayValue(int item, LocalDate day) {
        return BigDecimal.valueOf(ItemValueLoad.dayCents(item, day.toEpochDay() - firstDay.toEpochDay()), 2);
    }

    private BigDecimal monthValue(int item, LocalDate first) {
        BigDecimal sum = BigDecimal.ZERO;
        for (LocalDate d = first; d.isBefore(first.plusMonths(1)); d = d.plusDays(1)) {
            sum = sum.add(dayValue(item, d));
        }
        return sum;
    }

    private static BigDecimal comprehensive(JsonNode account) {
        return new BigDecimal(account.path("methods").path(METHOD).path("comprehensive").asString());
    }

    private static LocalDate date(JsonNode account) {
        return LocalDate.parse(account.path("statDate").asString().substring(0, 10));
    }

    private void expectEqual(BigDecimal actual, BigDecimal expected, String what) {
        if (actual == null || actual.compareTo(expected) != 0) {
            throw new IllegalStateException(what + ": " + actual + ", expected " + expected);
        }
        valuesChecked++;
    }

    private static void expect(long actual, long expected, String what) {
        if (actual != expected) {
            throw new IllegalStateException(what + ": " + actual + ", expected " + expected);
        }
    }
}
