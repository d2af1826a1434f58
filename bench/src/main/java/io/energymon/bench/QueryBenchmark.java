package io.energymon.bench;

import io.energymon.aggregator.AggregatorServiceApplication;
import io.energymon.aggregator.config.ItemCatalog;
import io.energymon.aggregator.rollup.RollupJob;
import io.energymon.domain.config.EnterpriseConfig;
import io.energymon.domain.event.EventCodec;
import io.energymon.domain.tenancy.EnterpriseRef;
import io.energymon.infra.testing.SharedInfra;
import io.micrometer.core.instrument.MeterRegistry;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.YearMonth;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/**
 * Query benchmark (DESIGN §9): "a month of daily values for {@code items} items over {@code months} months of
 * 15-minute data". Starts the aggregator in this JVM on a fresh database (its Flyway migrations create the schema)
 * and the shared Kafka broker, configures one enterprise with {@code items} items, loads the months of real-time
 * values and their day, month and year rollups into {@code item_value} by COPY ({@link ItemValueLoad}), checks on
 * one month that {@link RollupJob} finds the loaded rollups equal to what it computes, and then times, for random
 * months, over the aggregator's HTTP API:
 * <ul>
 *   <li>one request of {@code /series?dataCodes=…&resolution=DAY} for all the items (the multi-item endpoint),</li>
 *   <li>a dashboard load as {@code items} sequential requests of {@code /items/{dataCode}/series},</li>
 * </ul>
 * and, as the baseline of the same run, the statements they run, over JDBC straight to PostgreSQL. Then, for a random
 * "today" within the months, the web app's dashboards ({@link DashboardRound}: an enterprise dashboard load, its
 * requests at once, and a group summary), after {@link DashboardLoad} has written what they read besides the item
 * values (kgce rows, series, latest readings; the items are the energy items of a plant). Parameters are
 * system properties: {@code bench.items} (200), {@code bench.months} (24), {@code bench.repetitions} (200 timed
 * rounds, each at a random month), {@code bench.warmup} (30 untimed rounds).
 */
public final class QueryBenchmark {
    static final String TENANT = "bench";
    private static final ZoneId ZONE = ZoneId.of("Asia/Shanghai");
    private static final ObjectMapper JSON = new ObjectMapper();

    private QueryBenchmark() {
    }

    public record Params(int items, int months, int repetitions, int warmup) {
    }

    /** What was loaded and measured (latencies in ms). */
    public record Result(ItemValueLoad.Loaded loaded, long rollupsChangedByRollupJob, Latencies oneRequest,
                         Latencies oneStatement, Latencies dashboard, Latencies dashboardStatements,
                         long pointsChecked, Dashboards dashboards) {
    }

    /**
     * The web app's dashboards ({@link DashboardRound}): an enterprise dashboard load (its requests at once) and a
     * group summary, each with its in-process baseline; the kgce rows loaded; the answers' values checked.
     */
    public record Dashboards(long kgceRows, int requestsPerLoad, Latencies load, Latencies loadInProcess,
                             Latencies summary, Latencies summaryInProcess, Map<String, Latencies> requests,
                             long valuesChecked) {
    }

    public static void main(String[] args) throws Exception {
        run(new Params(Integer.getInteger("bench.items", 200), Integer.getInteger("bench.months", 24),
                Integer.getInteger("bench.repetitions", 200), Integer.getInteger("bench.warmup", 30)));
        System.exit(0);
    }

    public static Result run(Params params) throws Exception {
        int n = params.items();
        System.out.printf("query bench: %d items x %d months of 15-minute values, %d timed rounds after %d warm-up "
                + "rounds; load average %s%n", n, params.months(), params.repetitions(), params.warmup(), loadAverage());
        String url = SharedInfra.newDatabase("querybench");
        String user = SharedInfra.postgres().username();
        String password = SharedInfra.postgres().password();
        String servers = SharedInfra.kafka().bootstrapServers();
        String configTopic = "config-querybench-" + UUID.randomUUID();
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", servers))) {
            admin.createTopics(List.of(new NewTopic(configTopic, 1, (short) 1)
                    .configs(Map.of("cleanup.policy", "compact")))).all().get(30, TimeUnit.SECONDS);
        }
        String uscc = IngestBenchmark.usccs(1).getFirst();
        EnterpriseConfig config = DashboardLoad.config(uscc, n);
        List<String> codes = config.items().stream().map(i -> i.dataCode()).toList();
        try (KafkaProducer<String, byte[]> producer = SharedInfra.newProducer()) {
            producer.send(new ProducerRecord<>(configTopic, config.key(), EventCodec.encode(config))).get();
        }
        LocalDate firstMonth = YearMonth.now(ZONE).minusMonths(params.months()).atDay(1);

        var app = new SpringApplication(AggregatorServiceApplication.class);
        try (ConfigurableApplicationContext ctx = app.run(
                "--spring.datasource.url=" + url,
                "--spring.datasource.username=" + user,
                "--spring.datasource.password=" + password,
                "--spring.kafka.bootstrap-servers=" + servers,
                "--spring.kafka.consumer.group-id=querybench-" + UUID.randomUUID(),
                "--energymon.aggregator.config-topic=" + configTopic,
                // nothing is ingested through Kafka here: a readings topic of its own, not another bench's readings
                "--energymon.aggregator.readings-topic=readings-querybench-" + UUID.randomUUID(),
                "--server.port=0",
                "--logging.level.root=WARN");
             Connection c = DriverManager.getConnection(url, user, password);
             ExecutorService browser = Executors.newFixedThreadPool(6); // a browser's connections per host
             AggregatorApi api = new AggregatorApi("http://localhost:"
                     + ((WebServerApplicationContext) ctx).getWebServer().getPort())) {
            ItemCatalog catalog = ctx.getBean(ItemCatalog.class);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (catalog.enterprise(new EnterpriseRef(TENANT, uscc)).isEmpty()) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("the aggregator did not read the enterprise's configuration");
                }
                Thread.sleep(100);
            }

            ItemValueLoad.Loaded loaded = ItemValueLoad.copy(c, TENANT, uscc, codes, firstMonth, params.months(), ZONE);
            long t = System.nanoTime();
            LocalDate end = firstMonth.plusMonths(params.months());
            long kgceRows = DashboardLoad.load(c, TENANT, uscc, codes, firstMonth,
                    end.atStartOfDay(ZONE).toInstant().minusSeconds(900));
            double tceSeconds = (System.nanoTime() - t) / 1e9;
            try (Statement st = c.createStatement()) {
                st.execute("vacuum analyze item_value");
                st.execute("vacuum analyze item_value_tce");
                st.execute("analyze series");
                st.execute("analyze reading_latest");
                System.out.printf("loaded %d item values by COPY in %.1f s (%.0f rows/s): %d quarter hours, %d days, "
                                + "%d months, %d years; item_value %.0f MB with its primary key%n", loaded.total(),
                        loaded.seconds(), loaded.total() / loaded.seconds(), loaded.quarters(), loaded.days(),
                        loaded.months(), loaded.years(), single(st, "select pg_total_relation_size('item_value')") / 1e6);
                System.out.printf("loaded %d kgce rows (item_value_tce) of the day, month and year values, %d series "
                        + "and latest readings in %.1f s%n", kgceRows, n, tceSeconds);
            }
            long changed = rollupCheck(c, ctx, firstMonth.plusMonths(params.months() / 2));
            System.out.printf("RollupJob over one month's days, its month and year: %d value(s) changed (0: the "
                    + "loaded rollups are the job's own sums)%n", changed);

            Round round = new Round(api, c, uscc, codes, firstMonth, params.repetitions());
            DashboardRound dashboards = new DashboardRound(api, browser, ctx,
                    catalog.enterprise(new EnterpriseRef(TENANT, uscc)).orElseThrow(), codes, firstMonth,
                    params.months(), params.repetitions());
            int loadedDays = (int) (end.toEpochDay() - firstMonth.toEpochDay());
            Random random = new Random(42);
            Random days = new Random(43);
            for (int w = 0; w < params.warmup(); w++) {
                round.run(firstMonth.plusMonths(random.nextInt(params.months())), false);
                dashboards.run(firstMonth.plusDays(days.nextInt(loadedDays)), false);
            }
            explain(c, uscc, codes, firstMonth.plusMonths(random.nextInt(params.months())));
            String loadBefore = loadAverage();
            for (int r = 0; r < params.repetitions(); r++) {
                round.run(firstMonth.plusMonths(random.nextInt(params.months())), true);
                dashboards.run(firstMonth.plusDays(days.nextInt(loadedDays)), true);
            }
            Map<String, Latencies> perRequest = new java.util.LinkedHashMap<>();
            dashboards.requests.forEach((kind, nanos) -> perRequest.put(kind, Latencies.of(nanos)));
            Dashboards d = new Dashboards(kgceRows, perRequest.size(), Latencies.of(dashboards.dashboard),
                    Latencies.of(dashboards.dashboardInProcess), Latencies.of(dashboards.summary),
                    Latencies.of(dashboards.summaryInProcess), perRequest, dashboards.valuesChecked);
            Result result = new Result(loaded, changed, Latencies.of(round.oneRequest),
                    Latencies.of(round.oneStatement), Latencies.of(round.dashboard),
                    Latencies.of(round.dashboardStatements), round.pointsChecked, d);
            System.out.println();
            System.out.printf("=== query benchmark: a month of daily values for %d items (%d months loaded) ===%n", n,
                    params.months());
            System.out.println("one request  /series?dataCodes=<" + n + ">   " + result.oneRequest());
            System.out.println("  baseline: its statement over JDBC  " + result.oneStatement());
            System.out.println(n + " requests /items/{code}/series " + result.dashboard());
            System.out.println("  baseline: " + n + " statements over JDBC " + result.dashboardStatements());
            System.out.printf("answers checked: %d day values (count per month, values against the generator); "
                    + "one answer of %d items %.0f kB%n", result.pointsChecked(), n, round.bytes / 1e3);
            System.out.println();
            System.out.printf("=== the web app's dashboards, \"today\" a random day of the %d months ===%n",
                    params.months());
            System.out.println("enterprise dashboard load (" + d.requestsPerLoad() + " requests at once, 6 connections) "
                    + d.load());
            System.out.println("  baseline: their statements in-process (beans)  " + d.loadInProcess());
            d.requests().forEach((kind, l) -> System.out.printf("    %-28s %s%n", kind, l));
            System.out.println("group summary /summary?date=                     " + d.summary());
            System.out.println("  baseline: its statements in-process (beans)    " + d.summaryInProcess());
            System.out.printf("answers checked: %d values (kgce, physical, quality, latest readings) against the "
                    + "load; one dashboard load %.0f kB%n", d.valuesChecked(), dashboards.bytes / 1e3);
            System.out.println("load average before timing: " + loadBefore + "; after: " + loadAverage());
            return result;
        }
    }

    /**
     * Marks one month's days, the month and its year for rollup as ingest would, lets {@link RollupJob} recompute
     * them from the loaded values below, and returns how many values it changed (a new version).
     */
    private static long rollupCheck(Connection c, ConfigurableApplicationContext ctx, LocalDate month)
            throws Exception {
        MeterRegistry meters = ctx.getBean(MeterRegistry.class);
        double before = meters.get("aggregator_rollup_values_total").counter().count();
        try (PreparedStatement ps = c.prepareStatement("""
                insert into rollup_pending (tenant_id, enterprise_code, data_code, stat_type, period_start,
                                            period_end, stat_date)
                select tenant_id, enterprise_code, data_code, stat_type, period_start, period_end, stat_date
                  from item_value
                 where (stat_type = 1 and stat_date >= ? and stat_date < ?)
                    or (stat_type = 2 and stat_date = ?) or (stat_type = 3 and stat_date = ?)
                """)) {
            ps.setObject(1, month.atStartOfDay());
            ps.setObject(2, month.plusMonths(1).atStartOfDay());
            ps.setObject(3, month.atStartOfDay());
            ps.setObject(4, month.withDayOfYear(1).atStartOfDay());
            ps.executeUpdate();
        }
        RollupJob job = ctx.getBean(RollupJob.class);
        try (Statement st = c.createStatement()) {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
            do {
                job.runOnce(); // the job's own schedule may take some of the marks meanwhile
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("rollup marks left after 2 minutes");
                }
            } while (single(st, "select count(*) from rollup_pending") > 0);
        }
        return Math.round(meters.get("aggregator_rollup_values_total").counter().count() - before);
    }

    /** The statement the multi-item request runs, with its plan and buffers (printed once). */
    private static void explain(Connection c, String uscc, List<String> codes, LocalDate month) throws Exception {
        try (PreparedStatement ps = c.prepareStatement("explain (analyze, buffers) " + Round.sql(codes.size()))) {
            Round.bind(ps, uscc, codes, month);
            StringBuilder plan = new StringBuilder("plan of the multi-item statement (" + month + "):\n");
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    plan.append("  ").append(rs.getString(1)).append('\n');
                }
            }
            System.out.print(plan);
        }
    }

    /** One round: the month by one request, its statement, the dashboard's requests and their statements. */
    private static final class Round {
        private final AggregatorApi api;
        private final Connection c;
        private final String uscc;
        private final List<String> codes;
        private final String base;
        private final LocalDate firstDay;
        private final long[] oneRequest;
        private final long[] oneStatement;
        private final long[] dashboard;
        private final long[] dashboardStatements;
        private int timed;
        private long pointsChecked;
        private long bytes;

        Round(AggregatorApi api, Connection c, String uscc, List<String> codes, LocalDate firstDay, int repetitions) {
            this.api = api;
            this.c = c;
            this.uscc = uscc;
            this.codes = codes;
            this.firstDay = firstDay;
            this.oneRequest = new long[repetitions];
            this.oneStatement = new long[repetitions];
            this.dashboard = new long[repetitions];
            this.dashboardStatements = new long[repetitions];
            this.base = "/api/v1/tenants/" + TENANT + "/enterprises/" + uscc;
        }

        /**
         * The statement of {@code SeriesController} for days in the item's unit (as its JdbcClient expands
         * {@code in (:codes)}).
         */
        static String sql(int codes) {
            return """
                    select data_code, stat_date, period_start, value, valid from item_value
                     where tenant_id = ? and enterprise_code = ? and data_code in (%s)
                       and stat_type = ? and period_start >= ? and period_start < ?
                     order by data_code, period_start
                    """.formatted(String.join(", ", java.util.Collections.nCopies(codes, "?")));
        }

        static void bind(PreparedStatement ps, String uscc, List<String> codes, LocalDate month) throws Exception {
            int p = 1;
            ps.setString(p++, TENANT);
            ps.setString(p++, uscc);
            for (String code : codes) {
                ps.setString(p++, code);
            }
            ps.setInt(p++, 1);
            ps.setObject(p++, month.atStartOfDay(ZONE).toInstant().atOffset(ZoneOffset.UTC));
            ps.setObject(p, month.plusMonths(1).atStartOfDay(ZONE).toInstant().atOffset(ZoneOffset.UTC));
        }

        void run(LocalDate month, boolean timed) throws Exception {
            String range = "&resolution=DAY&from=" + month + "&to=" + month.plusMonths(1);
            long t = System.nanoTime();
            String body = api.get(base + "/series?dataCodes=" + String.join(",", codes) + range);
            long oneRequestTook = System.nanoTime() - t;
            bytes = body.length();
            check(JSON.readTree(body), month);

            t = System.nanoTime();
            int rows = query(codes, month);
            long oneStatementTook = System.nanoTime() - t;
            expect(rows, (long) codes.size() * month.lengthOfMonth(), "rows of the statement");

            t = System.nanoTime();
            List<String> bodies = new ArrayList<>(codes.size());
            for (String code : codes) {
                bodies.add(api.get(base + "/items/" + code + "/series?" + range.substring(1)));
            }
            long dashboardTook = System.nanoTime() - t;
            for (String b : bodies) {
                check(JSON.createArrayNode().add(JSON.readTree(b)), month);
            }

            t = System.nanoTime();
            rows = 0;
            for (String code : codes) {
                rows += query(List.of(code), month);
            }
            long dashboardStatementsTook = System.nanoTime() - t;
            expect(rows, (long) codes.size() * month.lengthOfMonth(), "rows of the statements");
            if (timed) {
                oneRequest[this.timed] = oneRequestTook;
                oneStatement[this.timed] = oneStatementTook;
                dashboard[this.timed] = dashboardTook;
                dashboardStatements[this.timed] = dashboardStatementsTook;
                this.timed++;
            }
        }

        private int query(List<String> asked, LocalDate month) throws Exception {
            try (PreparedStatement ps = c.prepareStatement(sql(asked.size()))) {
                bind(ps, uscc, asked, month);
                int rows = 0;
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) { // read every column, as the controller does
                        rs.getString(1);
                        rs.getTimestamp(2);
                        rs.getObject(3, OffsetDateTime.class);
                        rs.getBigDecimal(4);
                        rs.getBoolean(5);
                        rows++;
                    }
                }
                return rows;
            }
        }

        /** Every series answered has each day of the month, with the day values the load wrote. */
        private void check(JsonNode series, LocalDate month) {
            LocalDate first = LocalDate.parse(series.get(0).path("points").get(0).path("statDate").asString()
                    .substring(0, 10));
            expect(first.toEpochDay(), month.toEpochDay(), "first day answered");
            for (JsonNode s : series) {
                int item = codes.indexOf(s.path("dataCode").asString());
                JsonNode points = s.path("points");
                expect(points.size(), month.lengthOfMonth(), "days of " + s.path("dataCode").asString());
                long day0 = month.toEpochDay() - firstDay.toEpochDay();
                for (int d = 0; d < points.size(); d++) {
                    BigDecimal v = new BigDecimal(points.get(d).path("value").asString());
                    if (v.compareTo(BigDecimal.valueOf(ItemValueLoad.dayCents(item, day0 + d), 2)) != 0) {
                        throw new IllegalStateException("item " + item + " day " + (day0 + d) + ": " + v);
                    }
                    pointsChecked++;
                }
            }
        }

        private static void expect(long actual, long expected, String what) {
            if (actual != expected) {
                throw new IllegalStateException(what + ": " + actual + ", expected " + expected);
            }
        }

    }

    /** The machine's 1, 5 and 15 minute load averages (Linux), for the record of how quiet the run was. */
    private static String loadAverage() {
        try {
            String[] f = java.nio.file.Files.readString(java.nio.file.Path.of("/proc/loadavg")).split(" ");
            return f[0] + " " + f[1] + " " + f[2];
        } catch (java.io.IOException e) {
            return "unknown";
        }
    }

    private static long single(Statement st, String sql) throws Exception {
        try (ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
