package io.energymon.infra.devstack;

import io.energymon.domain.event.Topics;
import io.energymon.infra.kafka.KafkaBroker;
import io.energymon.infra.keycloak.KeycloakServer;
import io.energymon.infra.net.FreePorts;
import io.energymon.infra.plant.Cjt188MeterSimulator;
import io.energymon.infra.plant.Dlt645MeterSimulator;
import io.energymon.infra.plant.ModbusMeterSimulator;
import io.energymon.infra.plant.SimulatedBusMeter;
import io.energymon.infra.plant.SimulatedEnergyMeter;
import io.energymon.infra.plant.opcua.PlantOpcUaServer;
import io.energymon.infra.plant.opcua.ServerIdentity;
import io.energymon.infra.pki.DevPki;
import io.energymon.infra.platformsim.PlatformSimulator;
import io.energymon.infra.postgres.EmbeddedPostgresServer;
import io.energymon.infra.testing.SecretRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the whole system on one machine: embedded PostgreSQL, a Kafka KRaft broker, the plant simulator (Modbus TCP
 * meters, a Modbus RTU meter behind an RTU-over-TCP gateway, gateways with buses of DL/T 645 and CJ/T 188 meters, an
 * MES database for SQL pull), the platform simulator (HTTPS with client certificates), Keycloak with the energymon
 * realm, and the five services as their own JVMs. Prints {@code READY portal=<url> login=<url> platform-sim=<url>}
 * and the sample users with their passwords (generated at each start) when everything is healthy, and stops
 * everything it started on SIGTERM / Ctrl-C. Used by {@code bin/dev} and by the end-to-end tests.
 */
public final class DevStack implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger("devstack");
    /**
     * How long each service may take to become healthy: system property
     * {@code energymon.devstack.service-start-timeout} (an ISO-8601 duration), default 300 s; more on a machine shared
     * by several stacks.
     */
    private static final Duration SERVICE_START_TIMEOUT = Duration.parse(
            System.getProperty("energymon.devstack.service-start-timeout", "PT300S"));

    /**
     * @param root           repository root (holds the modules' target folders)
     * @param workDir        where state, generated configuration and logs go (wiped at start)
     * @param slot           poll slot of the collector and real-time interval of the platform simulator
     * @param deliveryInterval how often the uploader sends due real-time values
     * @param simulatedLoadKw load of each simulated meter in kW (0 = counters stand still until set)
     * @param gatewayPort    port of the gateway (0 = a free port)
     */
    public record Options(Path root, Path workDir, Duration slot, Duration deliveryInterval, double simulatedLoadKw,
                          int gatewayPort) {
        public static Options defaults(Path root) {
            return new Options(root, root.resolve(".devstack"), Duration.ofSeconds(5), Duration.ofSeconds(2), 180.0, 0);
        }
    }

    private final Options options;
    private final List<AutoCloseable> started = Collections.synchronizedList(new ArrayList<>());
    private final Map<String, SimulatedEnergyMeter> meters = new LinkedHashMap<>();
    private final List<ServiceProcess> services = new ArrayList<>();
    private PlatformSimulator platform;
    private ModbusMeterSimulator plant;
    private Dlt645MeterSimulator dlt645Bus;
    private Cjt188MeterSimulator cjt188Bus;
    private ModbusMeterSimulator boilerRoomGateway;
    private MesSimulator mes;
    private PlantOpcUaServer dcs;
    private final String dcsPassword = java.util.UUID.randomUUID().toString();
    private URI gatewayUrl;
    private URI collectorUrl;
    private URI aggregatorUrl;
    private URI uploaderUrl;
    private URI portalUrl;
    private KeycloakServer keycloak;

    private volatile boolean closed;

    private DevStack(Options options) {
        this.options = options;
    }

    /** Starts everything; on failure stops what was already started and rethrows. */
    public static DevStack start(Options options) {
        DevStack stack = new DevStack(options);
        stack.startAll();
        return stack;
    }

    private void startAll() {
        try {
            startComponents();
        } catch (RuntimeException | Error e) {
            close();
            throw e;
        }
    }

    private void startComponents() {
        long t0 = System.nanoTime();
        Path work = options.workDir();
        wipe(work);

        CompletableFuture<EmbeddedPostgresServer> pg = async(
                () -> track(EmbeddedPostgresServer.start(work.resolve("postgres"), 0)));
        CompletableFuture<KafkaBroker> kafkaFuture = async(() -> track(KafkaBroker.start(work.resolve("kafka"), 0)));
        CompletableFuture<KeycloakServer> keycloakFuture = async(() -> track(KeycloakServer.start(
                new KeycloakServer.Options(work.resolve("keycloak"), 0, Duration.ofMinutes(5)))));

        plant = track(ModbusMeterSimulator.start("127.0.0.1", 0));
        for (DevEnterprise e : DevEnterprise.ALL) {
            SimulatedEnergyMeter m = plant.addMeter(e.modbusUnitId(), DevEnterprise.ENERGY_REGISTER);
            m.setEnergyKwh(new BigDecimal("1000.00"));
            if (options.simulatedLoadKw() > 0) {
                m.startLoad(options.simulatedLoadKw(), Duration.ofSeconds(1));
            }
            meters.put(e.enterpriseCode(), m);
        }
        startMeterBuses();
        // a Modbus RTU meter behind a transparent serial-to-TCP gateway (RTU frames with CRC over TCP)
        boilerRoomGateway = track(ModbusMeterSimulator.startRtuOverTcp("127.0.0.1", 0));
        SimulatedEnergyMeter boilerRoom = boilerRoomGateway.addMeter(DevSeed.BOILER_ROOM_UNIT, DevEnterprise.ENERGY_REGISTER);
        boilerRoom.setEnergyKwh(new BigDecimal("2500.00"));
        if (options.simulatedLoadKw() > 0) {
            boilerRoom.startLoad(options.simulatedLoadKw() * 0.3, Duration.ofSeconds(1));
        }
        DevPki pki = DevPki.create(work.resolve("pki"),
                DevEnterprise.ALL.stream().map(DevEnterprise::enterpriseCode).toList());
        platform = track(PlatformSimulator.start(PlatformSimulator.Config.defaults(pki,
                        DevEnterprise.ALL.stream().collect(Collectors.toMap(DevEnterprise::enterpriseCode, DevEnterprise::region)))
                .withRealtimeSlot(options.slot())));

        EmbeddedPostgresServer postgres = pg.join();
        postgres.createDatabase("aggregator");
        postgres.createDatabase("uploader");
        postgres.createDatabase("portal");
        mes = track(MesSimulator.start(postgres, options.slot()));
        startDcs();
        KafkaBroker kafka = kafkaFuture.join();
        createTopics(kafka.bootstrapServers());
        keycloak = keycloakFuture.join();
        log.info("infrastructure up after {} ms (PostgreSQL :{}, Kafka {}, Keycloak {})", millisSince(t0),
                postgres.port(), kafka.bootstrapServers(), keycloak.issuer());

        int collectorPort = FreePorts.pick();
        int aggregatorPort = FreePorts.pick();
        int uploaderPort = FreePorts.pick();
        int portalPort = FreePorts.pick();
        int gatewayPort = options.gatewayPort() == 0 ? FreePorts.pick() : options.gatewayPort();
        collectorUrl = URI.create("http://127.0.0.1:" + collectorPort);
        aggregatorUrl = URI.create("http://127.0.0.1:" + aggregatorPort);
        uploaderUrl = URI.create("http://127.0.0.1:" + uploaderPort);
        gatewayUrl = URI.create("http://127.0.0.1:" + gatewayPort);

        launch("collector-service", collectorPort, collectorProperties(kafka), "energymon-collector");
        launch("aggregator-service", aggregatorPort, aggregatorProperties(kafka, postgres), "energymon-aggregator");
        launch("uploader-service", uploaderPort, uploaderProperties(kafka, postgres, pki), "energymon-uploader");
        launch("portal-service", portalPort, portalProperties(kafka, postgres), "energymon-portal-service");
        launch("gateway", gatewayPort, Map.of("PORTAL_URL", "http://127.0.0.1:" + portalPort,
                "AGGREGATOR_URL", aggregatorUrl.toString(), "UPLOADER_URL", uploaderUrl.toString(),
                "spring.kafka.bootstrap-servers", kafka.bootstrapServers()), KeycloakServer.GATEWAY_CLIENT);
        for (ServiceProcess s : services) {
            s.awaitHealthy(SERVICE_START_TIMEOUT);
        }
        log.info("all services healthy after {} ms", millisSince(t0));
        // a test run's log scan looks for them (a no-op outside tests; the platform's secretKeys, made later at
        // registration, are registered by the simulator itself)
        SecretRegistry.registerAll(secrets());
        portalUrl = URI.create("http://127.0.0.1:" + portalPort);
        new DevSeed(portalUrl, new DevSeed.Plant(plant.port(), boilerRoomGateway.port(), dlt645Bus.port(),
                cjt188Bus.port(), mes.jdbcUrl(), mes.user(), dcs.endpointUrl()), options.slot(),
                () -> keycloak.serviceToken(DevSeed.SEED_CLIENT)).seed(DevEnterprise.ALL);
        log.info("master data of {} enterprise(s) seeded through the portal API after {} ms", DevEnterprise.ALL.size(),
                millisSince(t0));
    }

    /**
     * The meters of the first enterprise's workshops and utilities, behind serial-to-TCP gateways (addresses in
     * {@link DevSeed}): two DL/T 645 electricity meters (2007 and 1997), a CJ/T 188 water and a heat meter.
     */
    private void startMeterBuses() {
        dlt645Bus = track(Dlt645MeterSimulator.start("127.0.0.1", 0));
        dlt645Bus.setWakeUpBytes(2);
        cjt188Bus = track(Cjt188MeterSimulator.start("127.0.0.1", 0));
        load(dlt645Bus.addMeter2007(DevSeed.WORKSHOP_1_METER), "5000.00", 1.0);
        load(dlt645Bus.addMeter1997(DevSeed.WORKSHOP_2_METER), "3000.00", 0.5);
        load(cjt188Bus.addWaterMeter(DevSeed.WATER_METER), "120.00", 0.01); // m³ per hour of the kW figure
        load(cjt188Bus.addHeatMeter(DevSeed.HEAT_METER), "800.00", 0.2);
    }

    /**
     * The DCS of the first enterprise's boiler: an OPC UA server (Basic256Sha256, SignAndEncrypt, a user login) whose
     * certificate the collector trusts the way an operator trusts one, by placing it in the collector's trust list.
     */
    private void startDcs() {
        dcs = track(PlantOpcUaServer.start("127.0.0.1", 0, ServerIdentity.generate("127.0.0.1"),
                Map.of(DevSeed.DCS_USER, dcsPassword), java.time.Clock.systemUTC()));
        try {
            Path trusted = options.workDir().resolve("collector/pki/trusted/certs");
            Files.createDirectories(trusted);
            Files.write(trusted.resolve("plant-dcs.der"), dcs.certificate().getEncoded());
        } catch (IOException | java.security.cert.CertificateEncodingException e) {
            throw new IllegalStateException("cannot trust the DCS simulator's certificate: " + e.getMessage(), e);
        }
    }

    private void load(SimulatedBusMeter meter, String initial, double share) {
        meter.counter().setEnergyKwh(new BigDecimal(initial));
        meter.setInstantaneous(new BigDecimal("230.0"), new BigDecimal("12.500"),
                BigDecimal.valueOf(options.simulatedLoadKw() * share).setScale(2, java.math.RoundingMode.DOWN));
        if (options.simulatedLoadKw() > 0) {
            meter.counter().startLoad(options.simulatedLoadKw() * share, Duration.ofSeconds(1));
        }
    }

    private Map<String, String> collectorProperties(KafkaBroker kafka) {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("spring.kafka.bootstrap-servers", kafka.bootstrapServers());
        p.put("energymon.collector.collector-id", DevEnterprise.COLLECTOR_ID);
        p.put("energymon.collector.slot-offset", "PT0.5S");
        p.put("energymon.collector.config-cache", options.workDir().resolve("collector/config-cache.json").toString());
        p.put("energymon.collector.buffer-dir", options.workDir().resolve("collector/buffer").toString());
        p.put("energymon.collector.sql.watermark-dir", options.workDir().resolve("collector/watermarks").toString());
        p.put("energymon.collector.meter-bus.state-dir", options.workDir().resolve("collector/meter-bus").toString());
        // the MES database's password, as the collector's secret store holds it (never part of master data)
        p.put("energymon.collector.credentials." + DevSeed.MES_CREDENTIAL, mes.password());
        p.put("energymon.collector.credentials." + DevSeed.DCS_CREDENTIAL, dcsPassword);
        p.put("energymon.collector.opcua.pki-dir", options.workDir().resolve("collector/pki").toString());
        return p;
    }

    private Map<String, String> aggregatorProperties(KafkaBroker kafka, EmbeddedPostgresServer pg) {
        Map<String, String> p = datasource(pg, "aggregator");
        p.put("spring.kafka.bootstrap-servers", kafka.bootstrapServers());
        // real-time values on the demonstration's short slot instead of §9.8.1's 15 minutes
        p.put("energymon.aggregator.realtime-period", options.slot().toString());
        return p;
    }

    private Map<String, String> uploaderProperties(KafkaBroker kafka, EmbeddedPostgresServer pg, DevPki pki) {
        Map<String, String> p = datasource(pg, "uploader");
        p.put("spring.kafka.bootstrap-servers", kafka.bootstrapServers());
        p.put("energymon.uploader.delivery-interval", options.deliveryInterval().toString());
        p.put("energymon.uploader.first-backoff", "PT2S");
        p.put("energymon.uploader.realtime-period", options.slot().toString());
        p.put("energymon.uploader.platforms[0].id", DevEnterprise.PLATFORM_ID);
        p.put("energymon.uploader.platforms[0].dialect", "national");
        p.put("energymon.uploader.platforms[0].register-url", platform.registerUrl().toString());
        p.put("energymon.uploader.platforms[0].truststore", pki.truststore().toAbsolutePath().toString());
        p.put("energymon.uploader.platforms[0].truststore-password", new String(pki.password()));
        p.put("energymon.uploader.credentials-dir", credentialsDir(pki).toString());
        // the key the uploader encrypts stored secrets with: made on first start in the work folder (dev only)
        p.put("energymon.uploader.secrets.key-file",
                options.workDir().resolve("uploader-secrets.key").toAbsolutePath().toString());
        p.put("energymon.uploader.secrets.generate-key", "true");
        return p;
    }

    /**
     * The enterprises' client certificates as the uploader reads them ({@code <dir>/<tenant>/<USCC>.p12} and its
     * password in {@code .p12.pass}), the way a mounted secret provides them.
     */
    private Path credentialsDir(DevPki pki) {
        Path dir = options.workDir().resolve("credentials").toAbsolutePath();
        try {
            for (DevEnterprise e : DevEnterprise.ALL) {
                Path tenant = Files.createDirectories(dir.resolve(e.tenantId()));
                Files.copy(pki.clientKeystore(e.enterpriseCode()), tenant.resolve(e.enterpriseCode() + ".p12"),
                        java.nio.file.StandardCopyOption.REPLACE_EXISTING);
                Files.writeString(tenant.resolve(e.enterpriseCode() + ".p12.pass"), new String(pki.password()));
            }
        } catch (IOException ex) {
            throw new UncheckedIOException("cannot write client certificates", ex);
        }
        return dir;
    }

    private Map<String, String> portalProperties(KafkaBroker kafka, EmbeddedPostgresServer pg) {
        Map<String, String> p = datasource(pg, "portal");
        p.put("spring.kafka.bootstrap-servers", kafka.bootstrapServers());
        p.put("energymon.portal.aggregator-url", aggregatorUrl.toString());
        p.put("energymon.portal.uploader-url", uploaderUrl.toString());
        // its collector-status endpoint asks the collector in the portal's own name (its client secret: launch())
        p.put("energymon.portal.collectors.urls", collectorUrl.toString());
        return p;
    }

    private static Map<String, String> datasource(EmbeddedPostgresServer pg, String database) {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("spring.datasource.url", pg.jdbcUrl(database));
        p.put("spring.datasource.username", pg.username());
        p.put("spring.datasource.password", pg.password());
        return p;
    }

    /**
     * Starts a service. Its identity comes through the environment: the realm's issuer
     * ({@code ENERGYMON_SECURITY_ISSUER_URI}, read by the resource-server configuration), and its own Keycloak
     * client with the secret generated at this Keycloak start ({@code ENERGYMON_SECURITY_CLIENT_ID} /
     * {@code _SECRET} for client-credentials calls; the gateway's browser-login client as
     * {@code ENERGYMON_GATEWAY_CLIENT_SECRET}). Secrets never go into the generated properties files.
     */
    private void launch(String module, int port, Map<String, String> properties, String clientId) {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("ENERGYMON_SECURITY_ISSUER_URI", keycloak.issuer());
        if (clientId.equals(KeycloakServer.GATEWAY_CLIENT)) {
            env.put("ENERGYMON_GATEWAY_CLIENT_SECRET", keycloak.clientSecret(clientId));
        } else {
            env.put("ENERGYMON_SECURITY_CLIENT_ID", clientId);
            env.put("ENERGYMON_SECURITY_CLIENT_SECRET", keycloak.clientSecret(clientId));
        }
        ServiceProcess s = ServiceProcess.start(options.root(), module, port, properties, env, options.workDir());
        services.add(s);
        track(s);
    }

    private static void createTopics(String bootstrap) {
        Properties p = new Properties();
        p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        try (Admin admin = Admin.create(p)) {
            admin.createTopics(List.of(
                    new NewTopic(Topics.READINGS, 4, (short) 1),
                    new NewTopic(Topics.ITEM_VALUES, 4, (short) 1),
                    new NewTopic(Topics.METER_EVENTS, 4, (short) 1),
                    new NewTopic(Topics.ALARMS, 4, (short) 1),
                    new NewTopic(Topics.AUDIT, 4, (short) 1),
                    new NewTopic(Topics.CONFIG, 4, (short) 1).configs(Map.of("cleanup.policy", "compact",
                            "max.message.bytes", "8388608"))))
                    .all().get();
        } catch (Exception e) {
            throw new IllegalStateException("cannot create topics: " + e.getMessage(), e);
        }
    }

    /** Remembers a started resource for {@link #close()}; one started after close began is closed at once. */
    private <T extends AutoCloseable> T track(T resource) {
        synchronized (started) {
            if (!closed) {
                started.add(resource);
                return resource;
            }
        }
        try {
            resource.close();
        } catch (Exception e) {
            log.warn("stopping {} failed: {}", resource, e.toString());
        }
        throw new IllegalStateException("the dev stack is stopping");
    }

    /** Gateway URL: the only public entry (UI and API). */
    public URI portalUrl() {
        return gatewayUrl;
    }

    /** The dev stack's Keycloak: issuer, sample users' passwords, tokens for tests ({@code token("hongdu-admin")}). */
    public KeycloakServer keycloak() {
        return keycloak;
    }

    /** This run's folder: state, generated configuration, logs ({@code logs/<service>.log}, {@code keycloak/keycloak.log}). */
    public Path workDir() {
        return options.workDir();
    }

    /**
     * The secrets of this run, by what they are (label → value), for the system tests' log scan: the Keycloak
     * clients' secrets and the sample users' passwords generated at this start (those of the test realm
     * {@value KeycloakServer#OTHER_REALM} too), the DCS simulator's OPC UA password, the enterprises' PKCS#12
     * password, the uploader's secrets key and the secretKey each enterprise got from the platform simulator at
     * registration. Not included: the embedded PostgreSQL's (and the MES simulator's) password,
     * a well-known development value the local server does not check (trust authentication). Never print them.
     * Registered with {@link SecretRegistry} once all services are healthy, for the whole test run's log scan.
     */
    public Map<String, String> secrets() {
        Map<String, String> secrets = new LinkedHashMap<>();
        for (String client : keycloak.serviceClients()) {
            secrets.put("client secret of " + client, keycloak.clientSecret(client));
        }
        secrets.put("client secret of " + KeycloakServer.GATEWAY_CLIENT,
                keycloak.clientSecret(KeycloakServer.GATEWAY_CLIENT));
        for (String user : keycloak.sampleUsers()) {
            secrets.put("password of " + user, keycloak.password(user));
        }
        keycloak.otherRealmPasswords().forEach((user, password) -> secrets.put(
                "password of " + user + " of realm " + KeycloakServer.OTHER_REALM, password));
        secrets.put("OPC UA password of the DCS simulator", dcsPassword);
        secrets.put("PKCS#12 password of the enterprises' certificates", DevPki.DEV_PASSWORD);
        Path uploaderKey = options.workDir().resolve("uploader-secrets.key");
        try {
            if (Files.exists(uploaderKey)) {
                secrets.put("uploader secrets key", Files.readString(uploaderKey).strip());
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + uploaderKey, e);
        }
        for (DevEnterprise e : DevEnterprise.ALL) {
            platform.secretKey(e.enterpriseCode()).ifPresent(k -> secrets.put(
                    "platform secretKey (SM4) of " + e.enterpriseCode(), k));
        }
        return secrets;
    }

    /** Where a browser starts the login: the gateway's authorization endpoint (redirects to Keycloak's form). */
    public URI loginUrl() {
        return gatewayUrl.resolve("/oauth2/authorization/keycloak");
    }

    /** Admin (plain HTTP) URL of the platform simulator: {@code GET <url>/sim/received}. */
    public URI platformSimUrl() {
        String url = platform.adminUrl().toString();
        return URI.create(url.endsWith("/") ? url.substring(0, url.length() - 1) : url);
    }

    public PlatformSimulator platform() {
        return platform;
    }

    /** collector-service itself (only actuator endpoints: health, devices, metrics ...). */
    public URI collectorUrl() {
        return collectorUrl;
    }

    public URI aggregatorUrl() {
        return aggregatorUrl;
    }

    public URI uploaderUrl() {
        return uploaderUrl;
    }

    /** portal-service itself (its API, e.g. master data), without the gateway. */
    public URI portalServiceUrl() {
        return portalUrl;
    }

    /** The DL/T 645 bus of the first enterprise (gateway simulator); a test may add meters to it. */
    public Dlt645MeterSimulator dlt645Bus() {
        return dlt645Bus;
    }

    /** The CJ/T 188 bus of the first enterprise (gateway simulator); a test may add meters to it. */
    public Cjt188MeterSimulator cjt188Bus() {
        return cjt188Bus;
    }

    /** The simulated plant (Modbus TCP meters); a test may add meters to it while the stack runs. */
    public ModbusMeterSimulator plant() {
        return plant;
    }

    /** The simulated electricity meter of an enterprise. */
    public SimulatedEnergyMeter meter(String enterpriseCode) {
        SimulatedEnergyMeter m = meters.get(enterpriseCode);
        if (m == null) {
            throw new IllegalArgumentException("no simulated meter for " + enterpriseCode);
        }
        return m;
    }

    /** Stops everything in reverse order of start; services first, all at once. */
    @Override
    public void close() {
        List<AutoCloseable> reversed;
        synchronized (started) {
            closed = true;
            reversed = new ArrayList<>(started);
            started.clear();
        }
        reversed.stream().filter(ServiceProcess.class::isInstance).map(ServiceProcess.class::cast)
                .forEach(ServiceProcess::requestStop);
        Collections.reverse(reversed);
        for (AutoCloseable c : reversed) {
            try {
                c.close();
            } catch (Exception e) {
                log.warn("stopping {} failed: {}", c, e.toString());
            }
        }
    }

    /**
     * Runs a start-up step on its own thread whose context class loader is ours: Kafka's client loads classes by
     * name through it, and the common pool's threads would not see the classes nested in the packaged jar.
     */
    private static <T> CompletableFuture<T> async(java.util.function.Supplier<T> step) {
        CompletableFuture<T> result = new CompletableFuture<>();
        Thread t = new Thread(() -> {
            try {
                result.complete(step.get());
            } catch (Throwable e) {
                result.completeExceptionally(e);
            }
        }, "devstack-start");
        t.setContextClassLoader(DevStack.class.getClassLoader());
        t.setDaemon(true);
        t.start();
        return result;
    }

    private static void wipe(Path dir) {
        try {
            if (Files.exists(dir)) {
                try (var paths = Files.walk(dir)) {
                    paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
                }
            }
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare " + dir, e);
        }
    }

    private static long millisSince(long t0) {
        return (System.nanoTime() - t0) / 1_000_000;
    }

    /**
     * {@code java -jar devstack-exec.jar [--root=DIR] [--slot=PT5S] [--delivery-interval=PT2S] [--load-kw=180]
     * [--gateway-port=0]}
     */
    public static void main(String[] args) throws InterruptedException {
        Path root = Path.of(arg(args, "root", System.getProperty("user.dir"))).toAbsolutePath().normalize();
        Options d = Options.defaults(root);
        Options options = new Options(root, d.workDir(), Duration.parse(arg(args, "slot", d.slot().toString())),
                Duration.parse(arg(args, "delivery-interval", d.deliveryInterval().toString())),
                Double.parseDouble(arg(args, "load-kw", Double.toString(d.simulatedLoadKw()))),
                Integer.parseInt(arg(args, "gateway-port", "0")));
        CountDownLatch stopped = new CountDownLatch(1);
        DevStack stack = new DevStack(options);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            log.info("stopping the dev stack");
            stack.close();
            stopped.countDown();
            log.info("dev stack stopped");
        }, "devstack-shutdown"));
        try {
            stack.startAll();
        } catch (RuntimeException e) {
            log.error("dev stack failed to start: {}", e.getMessage(), e);
            System.exit(1);
            return;
        }
        KeycloakServer kc = stack.keycloak();
        log.info("sample users (realm {}, passwords generated at this start): {}", kc.issuer(),
                kc.sampleUsers().stream().map(u -> u + " / " + kc.password(u)).collect(Collectors.joining(", ")));
        log.info("READY portal={} login={} platform-sim={} users={}", stack.portalUrl(), stack.loginUrl(),
                stack.platformSimUrl(), String.join(",", kc.sampleUsers()));
        stopped.await();
    }

    private static String arg(String[] args, String name, String fallback) {
        for (String a : args) {
            if (a.startsWith("--" + name + "=")) {
                return a.substring(name.length() + 3);
            }
        }
        return fallback;
    }
}
