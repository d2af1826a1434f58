package io.energymon.configclient;

import io.energymon.domain.config.EnterpriseConfig;
import io.energymon.domain.event.EventCodec;
import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps every enterprise's configuration snapshot of {@code config.v1} in memory and tells a listener when it
 * changes. Reads the compacted topic from its beginning on every start, with no consumer group (each instance of a
 * service needs all of it), and keeps following it; a change reaches the listener within one poll.
 *
 * <p>With a cache file (the collector's), the last configuration is written to disk after every change and loaded
 * at start, so the service works from it while Kafka is unreachable; once the topic has been read to its end, the
 * topic's content replaces the cache.
 *
 * <p>A snapshot whose revision is not above the one held is ignored (a late duplicate from a second publisher); a
 * value that cannot be decoded is logged and counted and the enterprise keeps its previous configuration. The
 * listener runs on the feed's own thread; when it throws, the change is offered again after the next poll (about
 * every half second), together with any newer one, until the listener takes it.
 */
public final class ConfigFeed implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(ConfigFeed.class);

    /** Called with the whole current configuration (unmodifiable) and the keys that changed. */
    @FunctionalInterface
    public interface Listener {
        void onChange(Map<String, EnterpriseConfig> all, Set<String> changedKeys);
    }

    /**
     * @param bootstrapServers Kafka bootstrap servers
     * @param topic            normally {@code config.v1}
     * @param cacheFile        where the last configuration is kept on disk, or null for none
     * @param keep             which enterprises this service wants (e.g. those with devices of this collector)
     * @param retryBackoff     pause before reconnecting after a failure
     * @param clientId         Kafka client id, for the broker's logs and metrics
     * @param clientProperties further consumer properties, e.g. the service's {@code spring.kafka} security settings
     *                         (TLS, SASL); group, offset, commit and deserializer settings in it are overridden
     */
    public record Options(String bootstrapServers, String topic, Path cacheFile, Predicate<EnterpriseConfig> keep,
                          Duration retryBackoff, String clientId, Map<String, Object> clientProperties) {
        public Options {
            Objects.requireNonNull(bootstrapServers, "bootstrapServers");
            Objects.requireNonNull(topic, "topic");
            keep = keep == null ? c -> true : keep;
            retryBackoff = retryBackoff == null ? Duration.ofSeconds(2) : retryBackoff;
            clientId = clientId == null ? "config-feed-" + UUID.randomUUID() : clientId;
            clientProperties = clientProperties == null ? Map.of() : Map.copyOf(clientProperties);
        }

        public Options(String bootstrapServers, String topic, Path cacheFile, Predicate<EnterpriseConfig> keep,
                       Duration retryBackoff, String clientId) {
            this(bootstrapServers, topic, cacheFile, keep, retryBackoff, clientId, Map.of());
        }
    }

    /** Where the configuration in use came from. */
    public enum Origin { NONE, CACHE, KAFKA }

    private final Options options;
    private final Listener listener;
    private final AtomicLong malformed = new AtomicLong();
    private final CountDownLatch stopping = new CountDownLatch(1);
    /** Keys of a change the listener failed on; offered again with the next poll until it takes them. */
    private final Set<String> unapplied = new HashSet<>();
    private volatile Map<String, EnterpriseConfig> current = Map.of();
    private volatile Origin origin = Origin.NONE;
    private volatile Instant caughtUpAt;
    private volatile boolean running;
    private volatile KafkaConsumer<String, byte[]> consumer;
    private Thread thread;

    public ConfigFeed(Options options, Listener listener) {
        this.options = options;
        this.listener = listener;
    }

    /** Loads the cache file (if any) and starts following the topic. */
    public synchronized void start() {
        if (running) {
            return;
        }
        running = true;
        loadCache();
        thread = Thread.ofPlatform().name("config-feed").daemon().unstarted(this::run);
        thread.start();
    }

    /** The configuration in use, by {@link EnterpriseConfig#key()}. */
    public Map<String, EnterpriseConfig> current() {
        return current;
    }

    public Origin origin() {
        return origin;
    }

    /** True once the topic has been read to the end offsets seen at (re)connection: the service is up to date. */
    public boolean caughtUp() {
        return caughtUpAt != null;
    }

    /** Values that could not be decoded since start. */
    public long malformedCount() {
        return malformed.get();
    }

    private void loadCache() {
        Path file = options.cacheFile();
        if (file == null || !Files.isRegularFile(file)) {
            return;
        }
        try {
            EnterpriseConfig[] cached = EventCodec.decode(Files.readAllBytes(file), EnterpriseConfig[].class);
            Map<String, EnterpriseConfig> m = new HashMap<>();
            for (EnterpriseConfig c : cached) {
                m.put(c.key(), c);
            }
            origin = Origin.CACHE;
            publish(Map.copyOf(m), m.keySet());
            log.info("configuration of {} enterprise(s) loaded from cache {}", m.size(), file);
        } catch (IOException | RuntimeException e) {
            log.error("configuration cache {} unreadable, waiting for Kafka: {}", file, e.getMessage());
        }
    }

    private void run() {
        while (running) {
            try {
                follow();
            } catch (WakeupException e) {
                break;
            } catch (RuntimeException e) {
                if (!running) {
                    break;
                }
                log.warn("reading {} failed, retrying in {}: {}", options.topic(), options.retryBackoff(), e.toString());
                closeConsumer();
                sleep(options.retryBackoff());
            }
        }
        closeConsumer();
    }

    /** One connection: read the topic from the beginning, switch over once caught up, then follow. */
    private void follow() {
        KafkaConsumer<String, byte[]> c = newConsumer();
        consumer = c;
        List<PartitionInfo> infos = c.partitionsFor(options.topic(), Duration.ofSeconds(10));
        if (infos == null || infos.isEmpty()) {
            log.info("topic {} does not exist yet; retrying in {}", options.topic(), options.retryBackoff());
            closeConsumer();
            sleep(options.retryBackoff());
            return;
        }
        List<TopicPartition> partitions = infos.stream().map(p -> new TopicPartition(p.topic(), p.partition())).toList();
        c.assign(partitions);
        c.seekToBeginning(partitions);
        Map<TopicPartition, Long> end = c.endOffsets(partitions, Duration.ofSeconds(10));
        Map<String, EnterpriseConfig> state = new HashMap<>();
        boolean live = false;
        while (running) {
            ConsumerRecords<String, byte[]> records = c.poll(Duration.ofMillis(500));
            Set<String> changed = new HashSet<>();
            for (ConsumerRecord<String, byte[]> r : records) {
                apply(state, r, changed);
            }
            if (!live && reached(c, end)) {
                live = true;
                caughtUpAt = Instant.now();
                changed = diff(current, state);
                origin = Origin.KAFKA;
                log.info("configuration read from {}: {} enterprise(s)", options.topic(), state.size());
                publish(Map.copyOf(state), changed);
            } else if (live && (!changed.isEmpty() || !unapplied.isEmpty())) {
                publish(Map.copyOf(state), changed);
            }
        }
    }

    private void apply(Map<String, EnterpriseConfig> state, ConsumerRecord<String, byte[]> r, Set<String> changed) {
        String key = r.key();
        if (key == null) {
            malformed.incrementAndGet();
            log.error("config record without key at {}-{}@{} ignored", r.topic(), r.partition(), r.offset());
            return;
        }
        if (r.value() == null) { // tombstone: the enterprise was retired
            if (state.remove(key) != null) {
                changed.add(key);
            }
            return;
        }
        EnterpriseConfig cfg;
        try {
            cfg = EventCodec.decode(r.value(), EnterpriseConfig.class);
        } catch (EventCodec.MalformedEventException e) {
            malformed.incrementAndGet();
            log.error("config record {}-{}@{} for {} is malformed, keeping the previous configuration: {}",
                    r.topic(), r.partition(), r.offset(), key, e.getMessage());
            return;
        }
        if (!key.equals(cfg.key())) {
            malformed.incrementAndGet();
            log.error("config record {}-{}@{} has key {} but carries {}; ignored", r.topic(), r.partition(), r.offset(),
                    key, cfg.key());
            return;
        }
        EnterpriseConfig held = state.get(key);
        if (held != null && held.revision() >= cfg.revision()) {
            return; // a replay or a late duplicate
        }
        if (options.keep().test(cfg)) {
            state.put(key, cfg);
            changed.add(key);
        } else if (state.remove(key) != null) {
            changed.add(key);
        }
    }

    private static boolean reached(KafkaConsumer<String, byte[]> c, Map<TopicPartition, Long> end) {
        for (Map.Entry<TopicPartition, Long> e : end.entrySet()) {
            if (c.position(e.getKey()) < e.getValue()) {
                return false;
            }
        }
        return true;
    }

    private static Set<String> diff(Map<String, EnterpriseConfig> before, Map<String, EnterpriseConfig> after) {
        Set<String> changed = new HashSet<>();
        for (String k : union(before.keySet(), after.keySet())) {
            if (!Objects.equals(before.get(k), after.get(k))) {
                changed.add(k);
            }
        }
        return changed;
    }

    private static Set<String> union(Collection<String> a, Collection<String> b) {
        Set<String> s = new HashSet<>(a);
        s.addAll(b);
        return s;
    }

    private void publish(Map<String, EnterpriseConfig> all, Set<String> changed) {
        current = all;
        writeCache(all);
        Set<String> keys = new HashSet<>(changed);
        keys.addAll(unapplied);
        try {
            listener.onChange(all, Set.copyOf(keys));
            unapplied.clear();
        } catch (RuntimeException e) {
            unapplied.addAll(keys);
            log.error("configuration listener failed for {}; retrying with the next poll", keys, e);
        }
    }

    private void writeCache(Map<String, EnterpriseConfig> all) {
        Path file = options.cacheFile();
        if (file == null || origin != Origin.KAFKA) {
            return;
        }
        try {
            Path dir = file.toAbsolutePath().getParent();
            Files.createDirectories(dir);
            Path tmp = Files.createTempFile(dir, file.getFileName().toString(), ".tmp");
            Files.write(tmp, EventCodec.encode(all.values().toArray(EnterpriseConfig[]::new)));
            try {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException | RuntimeException e) {
            log.error("cannot write configuration cache {}: {}", file, e.getMessage());
        }
    }

    private KafkaConsumer<String, byte[]> newConsumer() {
        Properties p = new Properties();
        p.putAll(options.clientProperties());
        p.remove(ConsumerConfig.GROUP_ID_CONFIG);
        p.remove(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG);
        p.remove(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG);
        p.remove(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG);
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, options.bootstrapServers());
        p.put(ConsumerConfig.CLIENT_ID_CONFIG, options.clientId());
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        p.put(ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 10_000);
        p.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, 16 * 1024 * 1024);
        return new KafkaConsumer<>(p, new StringDeserializer(), new ByteArrayDeserializer());
    }

    private void closeConsumer() {
        KafkaConsumer<String, byte[]> c = consumer;
        consumer = null;
        if (c != null) {
            try {
                c.close(Duration.ofSeconds(2));
            } catch (RuntimeException e) {
                log.debug("closing the config consumer failed", e);
            }
        }
    }

    /** Waits, returning early when the feed is closed. */
    private void sleep(Duration d) {
        try {
            stopping.await(d.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running = false;
        }
    }

    @Override
    public void close() {
        Thread t;
        synchronized (this) {
            running = false;
            t = thread;
        }
        stopping.countDown();
        KafkaConsumer<String, byte[]> c = consumer;
        if (c != null) {
            c.wakeup(); // ends a poll at once; the feed's thread then closes its consumer itself
        }
        if (t != null) {
            try {
                t.join(15_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
