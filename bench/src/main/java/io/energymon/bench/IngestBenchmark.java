package io.energymon.bench;

import io.energymon.aggregator.AggregatorServiceApplication;
import io.energymon.aggregator.compaction.ReadingCompactor;
import io.energymon.aggregator.ingest.ReadingIngestService;
import io.energymon.codes.uscc.OrganizationCode;
import io.energymon.codes.uscc.UsccAlphabet;
import io.energymon.domain.config.EnterpriseConfig;
import io.energymon.domain.config.EnterpriseProfile;
import io.energymon.domain.config.ItemConfig;
import io.energymon.domain.config.PointConfig;
import io.energymon.domain.config.PointKind;
import io.energymon.domain.event.EventCodec;
import io.energymon.domain.event.Reading;
import io.energymon.domain.event.ReadingBatch;
import io.energymon.domain.event.Topics;
import io.energymon.infra.testing.SharedInfra;
import java.io.StringReader;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.postgresql.PGConnection;
import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * End-to-end ingest benchmark: fills {@code readings.v1} with {@code enterprises × points × slots} readings of
 * cumulative points (one record per enterprise and slot), then starts the aggregator and times it from start until
 * every reading is committed with its intervals and item values; then times a raw {@code COPY} of the same rows into
 * a table of the same shape, and measures the bytes per stored reading (readings partitions with their indexes),
 * before and after the run's closed days are packed into one row per series and day ({@link ReadingCompactor}).
 * Embedded PostgreSQL and Kafka (infra-embedded), same machine. Parameters are system properties:
 * {@code bench.enterprises} (20), {@code bench.points} (500 per enterprise), {@code bench.slots} (288: three whole days),
 * {@code bench.pointsPerItem} (10; 0 = no items, all points unbound).
 */
public final class IngestBenchmark {
    /**
     * Yesterday 00:00 UTC: the readings are recent, as a live plant's are (readings older than the compaction
     * horizon would first be compared with packed days, as a back-fill is).
     */
    private static final Instant START = Instant.now().truncatedTo(ChronoUnit.DAYS).minus(Duration.ofDays(1));
    private static final Duration SLOT = Duration.ofMinutes(15);

    private IngestBenchmark() {
    }

    /** What to feed: {@code enterprises × points × slots} readings; one item per {@code pointsPerItem} points. */
    public record Params(int enterprises, int points, int slots, int pointsPerItem) {
        public long total() {
            return (long) enterprises * points * slots;
        }
    }

    /** What was measured. */
    public record Result(long total, long stored, long intervals, long itemValues, double readingsPerSecond,
                         double copyReadingsPerSecond, double bytesPerReading) {
        public double ratioToCopy() {
            return readingsPerSecond / copyReadingsPerSecond;
        }
    }

    public static void main(String[] args) throws Exception {
        run(new Params(Integer.getInteger("bench.enterprises", 20), Integer.getInteger("bench.points", 500),
                Integer.getInteger("bench.slots", 288), Integer.getInteger("bench.pointsPerItem", 10)));
        System.exit(0);
    }

    /**
     * Runs the benchmark on the JVM's shared PostgreSQL and Kafka broker and prints the figures.
     *
     * @throws IllegalStateException when ingest makes no progress for two minutes
     */
    public static Result run(Params params) throws Exception {
        int enterprises = params.enterprises();
        int points = params.points();
        int slots = params.slots();
        int pointsPerItem = params.pointsPerItem();
        long total = params.total();
        System.out.printf("bench: %d enterprises x %d points x %d slots = %d readings, %s%n", enterprises, points,
                slots, total, pointsPerItem > 0 ? "items over " + pointsPerItem + " points each (all points bound)"
                        : "no items (points unbound)");

        String db = SharedInfra.newDatabase("bench");
        String servers = SharedInfra.kafka().bootstrapServers();
        String configTopic = "config-bench-" + UUID.randomUUID();
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", servers))) {
            admin.createTopics(List.of(new NewTopic(Topics.READINGS, 4, (short) 1),
                    new NewTopic(configTopic, 1, (short) 1).configs(Map.of("cleanup.policy", "compact"))))
                    .all().get(30, TimeUnit.SECONDS);
        }
        List<String> usccs = usccs(enterprises);
        try (KafkaProducer<String, byte[]> producer = producer(servers)) {
            for (String uscc : usccs) {
                EnterpriseConfig cfg = config(uscc, points, pointsPerItem, List.of(0, 1, 2));
                producer.send(new ProducerRecord<>(configTopic, cfg.key(), EventCodec.encode(cfg))).get();
            }
            long t = System.nanoTime();
            for (int s = 0; s < slots; s++) {
                Instant ts = START.plus(SLOT.multipliedBy(s));
                for (int e = 0; e < enterprises; e++) {
                    List<Reading> readings = new ArrayList<>(points);
                    for (int p = 0; p < points; p++) {
                        readings.add(Reading.good("p" + p, ts, value(e, p, s), 4));
                    }
                    ReadingBatch batch = new ReadingBatch(UUID.randomUUID(), "bench", usccs.get(e), "bench", ts, SLOT,
                            readings);
                    producer.send(new ProducerRecord<>(Topics.READINGS, usccs.get(e), EventCodec.encode(batch)));
                }
            }
            producer.flush();
            System.out.printf("produced %d readings in %.1f s%n", total, (System.nanoTime() - t) / 1e9);
        }

        String url = db;
        var app = new SpringApplication(AggregatorServiceApplication.class);
        long t0 = System.nanoTime();
        double ingestSeconds;
        long narrowBytes;
        String stageReport;
        ReadingCompactor.Result compaction;
        try (ConfigurableApplicationContext ctx = app.run(
                "--spring.datasource.url=" + url,
                "--spring.datasource.username=" + SharedInfra.postgres().username(),
                "--spring.datasource.password=" + SharedInfra.postgres().password(),
                "--spring.kafka.bootstrap-servers=" + servers,
                "--spring.kafka.consumer.group-id=bench-" + UUID.randomUUID(),
                "--energymon.aggregator.config-topic=" + configTopic,
                "--server.port=0",
                "--logging.level.root=WARN")) {
            MeterRegistry meters = ctx.getBean(MeterRegistry.class);
            double started = (System.nanoTime() - t0) / 1e9;
            long tStart = System.nanoTime();
            double done = 0;
            long lastReport = System.nanoTime();
            long lastProgress = System.nanoTime();
            while (done < total) {
                Thread.sleep(100);
                double now = meters.get("aggregator_readings_ingested_total").counter().count();
                if (now > done) {
                    lastProgress = System.nanoTime();
                } else if (System.nanoTime() - lastProgress > 120_000_000_000L) {
                    throw new IllegalStateException("no progress for 2 minutes at " + now + " of " + total + " readings");
                }
                done = now;
                if (System.nanoTime() - lastReport > 10_000_000_000L) {
                    lastReport = System.nanoTime();
                    System.out.printf("  %.0f readings stored, %.0f/s%n", done, done / ((lastReport - tStart) / 1e9));
                }
            }
            ingestSeconds = (System.nanoTime() - tStart) / 1e9;
            System.out.printf("aggregator started in %.1f s; ingested %d readings in %.1f s%n", started, total,
                    ingestSeconds);
            try (Connection c = DriverManager.getConnection(url, SharedInfra.postgres().username(),
                    SharedInfra.postgres().password()); Statement st = c.createStatement()) {
                narrowBytes = partitionBytes(st, "reading");
            }
            // where the time went: the stages of ReadingIngestService, and the stored batches as a whole
            StringBuilder where = new StringBuilder();
            double staged = 0;
            for (ReadingIngestService.Stage stage : ReadingIngestService.Stage.values()) {
                double sec = meters.get("aggregator_ingest_stage_seconds").tag("stage", stage.tag).timer()
                        .totalTime(TimeUnit.SECONDS);
                staged += sec;
                where.append(String.format("  %-12s %6.1f s  %5.1f s per million readings%n", stage.tag, sec,
                        sec * 1e6 / total));
            }
            double batches = meters.get("aggregator_ingest_batch_duration_seconds").timer().totalTime(TimeUnit.SECONDS);
            where.append(String.format("  %-12s %6.1f s  (transactions in all; the rest of the wall time: polling, "
                    + "decoding, committing)%n", "batches", batches));
            where.append(String.format("  %-12s %6.1f s  (commit and what no stage covers)%n", "unstaged",
                    batches - staged));
            stageReport = where.toString();
            // the days of the run are closed: pack them as the compaction job would once they are compact-after old
            Instant lastDay = START.plus(SLOT.multipliedBy(slots - 1L)).truncatedTo(ChronoUnit.DAYS);
            compaction = ctx.getBean(ReadingCompactor.class).compact(lastDay.plus(Duration.ofDays(1)));
        }

        try (Connection c = DriverManager.getConnection(url, SharedInfra.postgres().username(),
                SharedInfra.postgres().password()); Statement st = c.createStatement()) {
            long narrow = single(st, "select count(*) from reading");
            long packed = single(st, "select coalesce(sum(cardinality(offsets)), 0) from reading_day");
            long stored = narrow + packed;
            long intervals = single(st, "select count(*) from interval_consumption");
            // real-time values only: the day and month values the rollup job writes meanwhile depend on its timing
            long itemValues = single(st, "select count(*) from item_value where stat_type = 0");
            st.execute("vacuum analyze reading"); // marks the emptied pages of the narrow table free for reuse
            st.execute("vacuum analyze reading_day");
            long leftBytes = partitionBytes(st, "reading");
            long packedBytes = partitionBytes(st, "reading_day");

            st.execute("""
                    create table copy_reading (ts timestamptz not null, series_id integer not null,
                        quality smallint not null, source smallint not null, value numeric, primary key (series_id, ts))""");
            long tc = System.nanoTime();
            copy(c, enterprises, points, slots);
            double copySeconds = (System.nanoTime() - tc) / 1e9;
            long copyBytes = single(st, "select pg_total_relation_size('copy_reading')");

            double rate = total / ingestSeconds;
            double copyRate = total / copySeconds;
            System.out.println();
            System.out.println("=== ingest benchmark ===");
            System.out.printf("readings             %d (stored %d), intervals %d, real-time item values %d%n", total, stored,
                    intervals, itemValues);
            System.out.printf("end to end           %.0f readings/s (%.1f s, Kafka -> readings, intervals, items committed)%n",
                    rate, ingestSeconds);
            System.out.printf("raw COPY             %.0f readings/s (%.1f s, same rows, same columns and primary key)%n",
                    copyRate, copySeconds);
            System.out.printf("ratio to COPY        %.2f%n", rate / copyRate);
            System.out.printf("compaction           %d readings packed into %d day rows in %.1f s (%.0f readings/s)%n",
                    compaction.readingsPacked(), compaction.dayRowsWritten(), compaction.took().toMillis() / 1e3,
                    compaction.readingsPacked() / (compaction.took().toMillis() / 1e3));
            double bytesPerReading = packed > 0 ? packedBytes / (double) packed : narrowBytes / (double) total;
            System.out.printf("bytes per reading    %.1f packed (reading_day incl. index, after vacuum; %d packed, %d "
                            + "left narrow); %.1f narrow before packing; COPY table %.1f%n",
                    bytesPerReading, packed, narrow, narrowBytes / (double) total, copyBytes / (double) total);
            System.out.print("ingest stages (aggregator_ingest_stage_seconds):\n" + stageReport);
            System.out.printf("narrow table         %.1f MB after packing: emptied pages kept for the next days' "
                            + "readings (a past month's is truncated)%n", leftBytes / 1e6);
            return new Result(total, stored, intervals, itemValues, rate, copyRate, bytesPerReading);
        }
    }

    /** Bytes of a partitioned table's partitions (heap, TOAST, indexes). */
    private static long partitionBytes(Statement st, String table) throws Exception {
        return single(st, "select coalesce(sum(pg_total_relation_size(i.inhrelid)), 0) from pg_inherits i "
                + "where i.inhparent = '" + table + "'::regclass");
    }

    private static BigDecimal value(int e, int p, int s) {
        return BigDecimal.valueOf(1000L * (p + 1) + (long) s * ((p + e) % 7 + 1), 2);
    }

    /** COPY of the same rows (series ids 1..n in the order the aggregator created them does not matter for speed). */
    private static void copy(Connection c, int enterprises, int points, int slots) throws Exception {
        var copy = ((PGConnection) c.unwrap(PGConnection.class)).getCopyAPI();
        StringBuilder sb = new StringBuilder(1 << 20);
        for (int s = 0; s < slots; s++) {
            String ts = START.plus(SLOT.multipliedBy(s)).toString();
            for (int e = 0; e < enterprises; e++) {
                for (int p = 0; p < points; p++) {
                    sb.append(ts).append('\t').append(e * points + p + 1).append("\t0\t4\t")
                            .append(value(e, p, s).toPlainString()).append('\n');
                }
            }
            if (sb.length() > (8 << 20) || s == slots - 1) {
                copy.copyIn("copy copy_reading (ts, series_id, quality, source, value) from stdin",
                        new StringReader(sb.toString()));
                sb.setLength(0);
            }
        }
    }

    private static long single(Statement st, String sql) throws Exception {
        try (ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static KafkaProducer<String, byte[]> producer(String servers) {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, servers);
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        p.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
        p.put(ProducerConfig.LINGER_MS_CONFIG, 20);
        p.put(ProducerConfig.BATCH_SIZE_CONFIG, 512 * 1024);
        return new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer());
    }

    /** An enterprise of tenant {@code bench} with cumulative points and one item per {@code pointsPerItem} points. */
    static EnterpriseConfig config(String uscc, int points, int pointsPerItem, List<Integer> statTypes) {
        List<PointConfig> ps = new ArrayList<>(points);
        for (int p = 0; p < points; p++) {
            ps.add(new PointConfig("p" + p, "p" + p, null, null, null, PointKind.CUMULATIVE, "kWh", null, null, null, null));
        }
        List<ItemConfig> items = new ArrayList<>();
        if (pointsPerItem > 0) {
            for (int i = 0; i * pointsPerItem < points; i++) {
                StringBuilder f = new StringBuilder();
                for (int p = i * pointsPerItem; p < Math.min(points, (i + 1) * pointsPerItem); p++) {
                    f.append(f.isEmpty() ? "" : " + ").append("[p").append(p).append(']');
                }
                items.add(new ItemConfig(String.format("00000000023%05d", i), "item " + i, statTypes,
                        f.toString(), 4, 1, "kWh", null, null));
            }
        }
        var profile = new EnterpriseProfile("bench " + uscc, "3110", "360111", null, null, null, null, null, null,
                null, null, ZoneId.of("Asia/Shanghai"), null, null);
        return new EnterpriseConfig("bench", uscc, 1, Instant.now(), profile, null, null, null, null, null, null, ps,
                items, null);
    }

    /** Valid USCCs: organisation code (GB 11714) and USCC (GB 32100) check characters computed. */
    static List<String> usccs(int n) {
        List<String> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            String org8 = String.format("MA%06d", i + 1);
            String body17 = "91360100" + org8 + OrganizationCode.checkCharacter(org8);
            out.add(body17 + UsccAlphabet.checkCharacter(body17));
        }
        return out;
    }
}
