package io.energymon.infra.testing;

import io.energymon.infra.kafka.KafkaBroker;
import io.energymon.infra.postgres.EmbeddedPostgresServer;
import java.util.Locale;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One PostgreSQL server and one Kafka broker per test JVM, started lazily on first use and stopped by a JVM
 * shutdown hook. Thread-safe. Tests isolate themselves with {@link #newDatabase(String)} and unique topic / group
 * names; the servers are shared by all test classes of the JVM (surefire runs a module's classes in one JVM).
 *
 * <p>Scope is deliberately one JVM, not one Maven run: a broker shared by several modules would let one module's
 * test records (same topic names, e.g. {@code readings.v1}) leak into another module's tests, and a process that
 * outlives the JVM that started it needs an owner that is harder to make reliable than the price of a few seconds
 * of start-up per module.
 */
public final class SharedInfra {

    private static final Logger log = LoggerFactory.getLogger(SharedInfra.class);
    private static final Object POSTGRES_LOCK = new Object();
    private static final Object KAFKA_LOCK = new Object();
    private static final Object HOOK_LOCK = new Object();
    private static final AtomicInteger DATABASE_COUNTER = new AtomicInteger();

    private static volatile EmbeddedPostgresServer postgres;
    private static volatile KafkaBroker kafka;
    private static boolean hookRegistered;

    private SharedInfra() {
    }

    /** The JVM's PostgreSQL server, started on first call. */
    public static EmbeddedPostgresServer postgres() {
        EmbeddedPostgresServer server = postgres;
        if (server == null) {
            synchronized (POSTGRES_LOCK) {
                server = postgres;
                if (server == null) {
                    registerShutdownHook();
                    long start = System.nanoTime();
                    server = EmbeddedPostgresServer.start(null, 0);
                    log.info("Shared PostgreSQL ready on port {} after {} ms", server.port(),
                            (System.nanoTime() - start) / 1_000_000);
                    postgres = server;
                }
            }
        }
        return server;
    }

    /** The JVM's Kafka broker, started on first call. */
    public static KafkaBroker kafka() {
        KafkaBroker broker = kafka;
        if (broker == null) {
            synchronized (KAFKA_LOCK) {
                broker = kafka;
                if (broker == null) {
                    registerShutdownHook();
                    long start = System.nanoTime();
                    broker = KafkaBroker.start(null, 0);
                    log.info("Shared Kafka broker ready on {} after {} ms", broker.bootstrapServers(),
                            (System.nanoTime() - start) / 1_000_000);
                    kafka = broker;
                }
            }
        }
        return broker;
    }

    /**
     * Creates a fresh, uniquely named database on the shared server and returns its JDBC URL (user
     * {@code postgres().username()}, password {@code postgres().password()}).
     *
     * @param prefix readable part of the name, e.g. the service or test name; anything but letters, digits and
     *               underscores becomes an underscore, the result is lower-cased and cut to 40 characters
     */
    public static String newDatabase(String prefix) {
        String clean = prefix == null ? "" : prefix.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9_]", "_");
        if (clean.isEmpty() || !Character.isLetter(clean.charAt(0)) && clean.charAt(0) != '_') {
            clean = "db_" + clean;
        }
        if (clean.length() > 40) {
            clean = clean.substring(0, 40);
        }
        String name = clean + "_" + DATABASE_COUNTER.incrementAndGet() + "_"
                + Integer.toString(ThreadLocalRandom.current().nextInt(36 * 36 * 36 * 36), 36);
        EmbeddedPostgresServer server = postgres();
        server.createDatabase(name);
        return server.jdbcUrl(name);
    }

    /**
     * A consumer of the shared broker in a fresh consumer group, reading the topics from the earliest offset, with
     * String keys and byte[] values (the form of every event topic). The caller closes it.
     */
    public static KafkaConsumer<String, byte[]> newConsumer(String... topics) {
        Properties c = new Properties();
        c.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka().bootstrapServers());
        c.put(ConsumerConfig.GROUP_ID_CONFIG, "test-" + UUID.randomUUID());
        c.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(c, new StringDeserializer(), new ByteArrayDeserializer());
        consumer.subscribe(List.of(topics));
        return consumer;
    }

    /** An idempotent producer ({@code acks=all}) to the shared broker with String keys and byte[] values. */
    public static KafkaProducer<String, byte[]> newProducer() {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka().bootstrapServers());
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        return new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer());
    }

    private static void registerShutdownHook() {
        synchronized (HOOK_LOCK) {
            if (hookRegistered) {
                return;
            }
            Runtime.getRuntime().addShutdownHook(new Thread(SharedInfra::stopAll, "shared-infra-shutdown"));
            hookRegistered = true;
        }
    }

    private static void stopAll() {
        KafkaBroker broker = kafka;
        if (broker != null) {
            try {
                broker.close();
            } catch (RuntimeException e) {
                log.warn("Stopping the shared Kafka broker failed", e);
            }
        }
        EmbeddedPostgresServer server = postgres;
        if (server != null) {
            try {
                server.close();
            } catch (RuntimeException e) {
                log.warn("Stopping the shared PostgreSQL failed", e);
            }
        }
    }
}
