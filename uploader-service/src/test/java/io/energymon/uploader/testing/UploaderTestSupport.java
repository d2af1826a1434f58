package io.energymon.uploader.testing;

import static org.awaitility.Awaitility.await;

import io.energymon.codes.uscc.OrganizationCode;
import io.energymon.codes.uscc.UsccAlphabet;
import io.energymon.domain.config.EnterpriseConfig;
import io.energymon.domain.config.EnterpriseProfile;
import io.energymon.domain.config.ItemConfig;
import io.energymon.domain.config.TargetConfig;
import io.energymon.domain.event.EventCodec;
import io.energymon.domain.event.ItemValue;
import io.energymon.infra.pki.DevPki;
import io.energymon.infra.platformsim.PlatformSimulator;
import io.energymon.infra.testing.SecretRegistry;
import io.energymon.infra.testing.SharedInfra;
import io.energymon.uploader.directory.Enterprise;
import io.energymon.uploader.directory.EnterpriseDirectory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.springframework.test.context.DynamicPropertyRegistry;

/** Master data, topics, certificates and events for the uploader's tests. */
public final class UploaderTestSupport {
    public static final ZoneId SHANGHAI = ZoneId.of("Asia/Shanghai");
    public static final String CODE = "0000000002330011";
    /** A GB/T 2260 code (南昌市西湖区... any county of the table works with the simulator when it is registered so). */
    public static final String REGION = "360111";

    private UploaderTestSupport() {
    }

    /** A valid USCC (check characters included) of Nanchang, unique per serial. */
    public static String uscc(int serial) {
        String org8 = String.format("MA%06d", serial);
        String body17 = "91360100" + org8 + OrganizationCode.checkCharacter(org8);
        return body17 + UsccAlphabet.checkCharacter(body17);
    }

    /** A topic of its own for one test class. */
    /**
     * The uploader of a test class on the shared infrastructure: its own database, consumer group, config and
     * item-values topics, and credentials folder.
     */
    public static void registerInfra(DynamicPropertyRegistry r, String name, String configTopic,
                                     String itemValuesTopic, Path credentials) {
        String url = SharedInfra.newDatabase(name);
        r.add("spring.datasource.url", () -> url);
        r.add("spring.datasource.username", () -> SharedInfra.postgres().username());
        r.add("spring.datasource.password", () -> SharedInfra.postgres().password());
        r.add("spring.kafka.bootstrap-servers", () -> SharedInfra.kafka().bootstrapServers());
        r.add("spring.kafka.consumer.group-id", () -> name + "-test-" + UUID.randomUUID());
        r.add("energymon.uploader.config-topic", () -> configTopic);
        r.add("energymon.uploader.item-values-topic", () -> itemValuesTopic);
        r.add("energymon.uploader.credentials-dir", credentials::toString);
        r.add("energymon.uploader.secrets.key-file", () -> secretsKey(credentials.resolveSibling(name + "-secrets.key"))
                .toString());
        r.add("energymon.uploader.secrets.generate-key", () -> "false");
    }

    /**
     * The uploader's secrets key file of a test (base64 of 32 random bytes, owner-only), made here rather than by the
     * uploader ({@code generate-key}) so that the key is registered for the test run's log scan.
     */
    private static Path secretsKey(Path file) {
        try {
            if (!Files.exists(file)) {
                Files.createDirectories(file.getParent());
                byte[] key = new byte[32];
                new SecureRandom().nextBytes(key);
                Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
                Files.writeString(file, Base64.getEncoder().encodeToString(key) + "\n", StandardCharsets.US_ASCII);
            }
            SecretRegistry.register("uploader secrets key of a test", Files.readString(file).strip());
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + file, e);
        }
    }

    /** A platform simulator as the uploader's platform number {@code index}, trusting the development CA. */
    public static void registerPlatform(DynamicPropertyRegistry r, int index, String id, PlatformSimulator sim,
                                        DevPki pki) {
        String pre = "energymon.uploader.platforms[" + index + "].";
        r.add(pre + "id", () -> id);
        r.add(pre + "register-url", () -> sim.registerUrl().toString());
        r.add(pre + "truststore", () -> pki.truststore().toString());
        r.add(pre + "truststore-password", () -> new String(pki.password()));
    }

    public static String newTopic(String prefix, boolean compacted) {
        String topic = prefix + "-" + UUID.randomUUID();
        NewTopic t = new NewTopic(topic, 2, (short) 1);
        if (compacted) {
            t.configs(Map.of("cleanup.policy", "compact"));
        }
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", SharedInfra.kafka().bootstrapServers()))) {
            admin.createTopics(List.of(t)).all().get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("cannot create topic " + topic, e);
        }
        return topic;
    }

    public static TargetConfig target(String platformId, boolean enabled) {
        return new TargetConfig(platformId, enabled);
    }

    /** The snapshot of an enterprise with the given targets (only what the uploader reads is filled in). */
    public static EnterpriseConfig config(String tenant, String uscc, long revision, TargetConfig... targets) {
        var profile = new EnterpriseProfile("测试用能单位 " + uscc, "3110", REGION, null, null, null, null, null, null,
                null, 3, null, null, null);
        return new EnterpriseConfig(tenant, uscc, revision, Instant.now(), profile, null, null, null, null, null, null,
                null, null, List.of(targets));
    }

    /** The snapshot of an enterprise with the given data items and targets. */
    public static EnterpriseConfig config(String tenant, String uscc, long revision, List<ItemConfig> items,
                                          TargetConfig... targets) {
        var profile = new EnterpriseProfile("测试用能单位 " + uscc, "3110", REGION, null, null, null, null, null, null,
                null, 3, null, null, null);
        return new EnterpriseConfig(tenant, uscc, revision, Instant.now(), profile, null, null, null, null, null, null,
                null, items, List.of(targets));
    }

    /** A whole-plant data item reported for the given periods (0 real-time, 1 day, 2 month, 3 year). */
    public static ItemConfig item(String dataCode, Integer... statTypes) {
        return new ItemConfig(dataCode, "数据项 " + dataCode, List.of(statTypes), "[main-meter.active-energy]", 4, 1,
                "kWh", null, null);
    }

    /** Publishes a snapshot on the config topic, keyed as the contract says, and waits for the broker. */
    public static void publish(KafkaProducer<String, byte[]> producer, String configTopic, EnterpriseConfig c) {
        send(producer, new ProducerRecord<>(configTopic, c.key(), EventCodec.encode(c)));
    }

    /** Retires an enterprise: a null value under its key. */
    public static void publishTombstone(KafkaProducer<String, byte[]> producer, String configTopic, String tenant,
                                        String uscc) {
        send(producer, new ProducerRecord<>(configTopic, EnterpriseConfig.key(tenant, uscc), null));
    }

    public static void publish(KafkaProducer<String, byte[]> producer, String itemValuesTopic, ItemValue v) {
        send(producer, new ProducerRecord<>(itemValuesTopic, v.enterpriseCode(), EventCodec.encode(v)));
    }

    private static void send(KafkaProducer<String, byte[]> producer, ProducerRecord<String, byte[]> r) {
        try {
            producer.send(r).get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("cannot publish to " + r.topic(), e);
        }
    }

    /** Waits until the uploader applied that revision of the enterprise's configuration. */
    public static void awaitRevision(EnterpriseDirectory directory, String tenant, String uscc, long revision) {
        await().atMost(Duration.ofSeconds(30)).until(() -> directory.find(tenant, uscc)
                .map(Enterprise::revision).orElse(0L) == revision);
    }

    /**
     * Puts an enterprise's client certificate from the development PKI where the uploader expects it:
     * {@code <dir>/<tenant>/<USCC>.p12} and its password in {@code <USCC>.p12.pass} (with a trailing newline, as
     * secrets often have).
     */
    public static void writeCredentials(DevPki pki, Path credentialsDir, String tenant, String uscc) {
        try {
            Path dir = Files.createDirectories(credentialsDir.resolve(tenant));
            Files.copy(pki.clientKeystore(uscc), dir.resolve(uscc + ".p12"),
                    java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            Files.writeString(dir.resolve(uscc + ".p12.pass"), new String(pki.password()) + "\n",
                    StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A real-time slot some hours before now, on the hour (Asia/Shanghai), as the platform accepts it. */
    public static LocalDateTime slotHoursAgo(int hours) {
        return LocalDateTime.now(SHANGHAI).truncatedTo(ChronoUnit.HOURS).minusHours(hours);
    }

    public static ItemValue itemValue(String tenant, String uscc, LocalDateTime statDate, String value, long version) {
        Instant start = statDate.atZone(SHANGHAI).toInstant();
        return new ItemValue(tenant, uscc, CODE, 0, statDate, start, start.plus(Duration.ofMinutes(15)),
                new BigDecimal(value), version, 4, 1, true, Instant.now());
    }

    /** Midnight (Asia/Shanghai) some days ago: the statDate of a day value. */
    public static LocalDateTime dayDaysAgo(int days) {
        return LocalDateTime.now(SHANGHAI).truncatedTo(ChronoUnit.DAYS).minusDays(days);
    }

    /** A value of any item and period (0 real-time of 15 min, 1 day, 2 month, 3 year) starting at statDate. */
    public static ItemValue itemValue(String tenant, String uscc, String dataCode, int statType,
                                      LocalDateTime statDate, String value, long version) {
        LocalDateTime end = switch (statType) {
            case 0 -> statDate.plusMinutes(15);
            case 1 -> statDate.plusDays(1);
            case 2 -> statDate.plusMonths(1);
            default -> statDate.plusYears(1);
        };
        return new ItemValue(tenant, uscc, dataCode, statType, statDate, statDate.atZone(SHANGHAI).toInstant(),
                end.atZone(SHANGHAI).toInstant(), new BigDecimal(value), version, 4, 1, true, Instant.now());
    }

    /** The statDate as the platform receives it. */
    public static String platformDate(LocalDateTime statDate) {
        return statDate.format(java.time.format.DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss"));
    }
}
