package io.energymon.infra.platformsim;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsExchange;
import com.sun.net.httpserver.HttpsParameters;
import com.sun.net.httpserver.HttpsServer;
import io.energymon.infra.pki.DevPki;
import io.energymon.infra.testing.SecretRegistry;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.LocalTime;
import io.energymon.codes.itemcode.LayoutProfile;
import io.energymon.codes.uscc.Uscc;
import java.time.ZoneId;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;
import javax.security.auth.x500.X500Principal;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * A simulated provincial/national energy-monitoring platform speaking the national-style dialect (PROTOCOL.md §1)
 * over HTTPS with required client certificates issued by a {@link DevPki}, plus a plain-HTTP admin listener
 * ({@code GET /sim/received[?enterpriseCode=]}, {@code GET /sim/health}, {@code POST /sim/bump-versions},
 * {@code POST /sim/retire-code?list=&code=}, {@code POST /sim/fail-next?n=&status=}, {@code GET /sim/devices}, {@code GET /sim/rejections},
 * {@code GET /sim/stats}, {@code GET|POST /sim/faults?...}, {@code GET /sim/counts},
 * {@code POST /sim/forget?enterpriseCode=}, {@code POST /sim/hold-next?n=}, {@code POST /sim/release}).
 *
 * <p>Strict like a platform: the enterprise code must be a USCC with correct check characters (libs/codes), data item
 * codes must be of the configured layout ({@code NHJC16} or {@code DB36_17}) in the configured form (bare or
 * hyphenated), statDate must be the start of a period of its statType ("统计日期与统计类型不符"), uploadDate not
 * before statDate nor ahead of the platform's clock. Faults: down (port closed), slow answers, HTTP errors,
 * responseCode "1" refusals, decryption failures, revoked client certificates (handshake refused), a forgotten
 * registration, requests held until released.
 *
 * <p>Operations (POST, JSON, UTF-8) under {@code /nhjc/}: {@code register}, {@code loadDicVersion},
 * {@code downloadBaseData}, {@code centerInfo}, {@code centerData}, {@code centerInfoDownload},
 * {@code centerDataDownload}. Only {@link #registerUrl()} is public knowledge; the client must take every other URL
 * from the registration answer. Every answer carries {@code responseCode} ("0" ok, "1" rejected) and
 * {@code responseMessage} (Chinese, then English).
 */
public final class PlatformSimulator implements AutoCloseable {

    /** Daily upload time the platform assigns to every device. */
    public static final String UPLOAD_TIME = "01:38:00";
    public static final String UNKNOWN_DEVICE = "设备ID未注册 / unknown deviceId";
    public static final String DECRYPTION_FAILED = "解密失败！";

    private static final Logger log = LoggerFactory.getLogger(PlatformSimulator.class);
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final HexFormat HEX = HexFormat.of();
    private static final String BASE = "/nhjc/";

    /**
     * Simulator settings.
     *
     * @param host          host name to bind and to put into URLs (the dev server certificate covers
     *                      {@code localhost} and {@code 127.0.0.1})
     * @param httpsPort     platform port, 0 = any free port
     * @param adminPort     admin port, 0 = any free port
     * @param pki           the development PKI (server key store and the CA that client certificates must chain to)
     * @param enterprises   known enterprises: USCC -> GB/T 2260 region code
     * @param realtimeSlot  length of a real-time interval (statType 0), default 15 minutes
     * @param encryptFields whether every data element value is SM4 encrypted, default true
     * @param zone          time zone of timestamps, default Asia/Shanghai
     * @param layout        data item code layout the platform accepts, default {@link LayoutProfile#NHJC16}
     * @param codeForm      bare digits or hyphenated, default {@link CodeForm#BARE}
     * @param uploadTime    the daily upload time assigned at registration, default {@link #UPLOAD_TIME}
     * @param regVersion    the platform configuration version at start, default "1"
     * @param dicVersion    the base-data version at start, default "1"
     */
    public record Config(String host, int httpsPort, int adminPort, DevPki pki, Map<String, String> enterprises,
                         Duration realtimeSlot, boolean encryptFields, ZoneId zone, LayoutProfile layout,
                         CodeForm codeForm, LocalTime uploadTime, String regVersion, String dicVersion) {
        public Config {
            Objects.requireNonNull(host, "host");
            Objects.requireNonNull(pki, "pki");
            enterprises = Map.copyOf(enterprises);
            realtimeSlot = realtimeSlot == null ? Duration.ofMinutes(15) : realtimeSlot;
            zone = zone == null ? ZoneId.of("Asia/Shanghai") : zone;
            layout = layout == null ? LayoutProfile.NHJC16 : layout;
            codeForm = codeForm == null ? CodeForm.BARE : codeForm;
            uploadTime = uploadTime == null ? LocalTime.parse(UPLOAD_TIME) : uploadTime;
            regVersion = regVersion == null ? "1" : regVersion;
            dicVersion = dicVersion == null ? "1" : dicVersion;
            if (realtimeSlot.toSeconds() <= 0 || 86_400 % realtimeSlot.toSeconds() != 0) {
                throw new IllegalArgumentException("realtimeSlot must divide a day: " + realtimeSlot);
            }
        }

        /** The settings of the first version: national layout, bare codes, default upload time and versions. */
        public Config(String host, int httpsPort, int adminPort, DevPki pki, Map<String, String> enterprises,
                      Duration realtimeSlot, boolean encryptFields, ZoneId zone) {
            this(host, httpsPort, adminPort, pki, enterprises, realtimeSlot, encryptFields, zone, null, null, null,
                    null, null);
        }

        /** localhost, free ports, 15-minute slots, encryption on, Asia/Shanghai, NHJC16 bare codes. */
        public static Config defaults(DevPki pki, Map<String, String> enterprises) {
            return new Config("localhost", 0, 0, pki, enterprises, Duration.ofMinutes(15), true,
                    ZoneId.of("Asia/Shanghai"));
        }

        public Config withEncryptFields(boolean encrypt) {
            return new Config(host, httpsPort, adminPort, pki, enterprises, realtimeSlot, encrypt, zone, layout,
                    codeForm, uploadTime, regVersion, dicVersion);
        }

        public Config withRealtimeSlot(Duration slot) {
            return new Config(host, httpsPort, adminPort, pki, enterprises, slot, encryptFields, zone, layout,
                    codeForm, uploadTime, regVersion, dicVersion);
        }

        public Config withPorts(int https, int admin) {
            return new Config(host, https, admin, pki, enterprises, realtimeSlot, encryptFields, zone, layout,
                    codeForm, uploadTime, regVersion, dicVersion);
        }

        /** The data item code layout and form the platform accepts. */
        public Config withCodes(LayoutProfile codeLayout, CodeForm form) {
            return new Config(host, httpsPort, adminPort, pki, enterprises, realtimeSlot, encryptFields, zone,
                    codeLayout, form, uploadTime, regVersion, dicVersion);
        }

        public Config withUploadTime(LocalTime time) {
            return new Config(host, httpsPort, adminPort, pki, enterprises, realtimeSlot, encryptFields, zone, layout,
                    codeForm, time, regVersion, dicVersion);
        }

        public Config withVersions(String reg, String dic) {
            return new Config(host, httpsPort, adminPort, pki, enterprises, realtimeSlot, encryptFields, zone, layout,
                    codeForm, uploadTime, reg, dic);
        }
    }

    private record Device(String enterpriseCode, String deviceId, String secretKey) {
        @Override
        public String toString() {
            return "Device[" + enterpriseCode + ", " + deviceId + "]";
        }
    }

    private record Key(String enterpriseCode, String dataCode, int statType, String statDate) {
    }

    /** A request was refused with a well-formed answer. */
    private static final class Rejection extends Exception {
        Rejection(String message) {
            super(message, null, false, false);
        }
    }

    private final Config config;
    private final SSLContext ssl;
    private final Map<String, HttpHandler> routes = new LinkedHashMap<>();
    private volatile HttpsServer https;
    private final int httpsPort;
    private final HttpServer admin;
    private final ExecutorService executor;
    private final DataElementValidator validator;
    private volatile Clock clock;
    private final Faults faults = new Faults();
    private final Map<String, Device> devicesByEnterprise = new ConcurrentHashMap<>();
    private final Map<String, Device> devicesById = new ConcurrentHashMap<>();
    private final Map<Key, ReceivedValue> received = new LinkedHashMap<>();
    private final Map<String, String> enterpriseInfos = new ConcurrentHashMap<>();
    private final Deque<Refusal> refusals = new ArrayDeque<>();
    private final Map<String, AtomicLong> requestCounts = new ConcurrentHashMap<>();
    private final AtomicLong acceptedPackets = new AtomicLong();
    private final AtomicLong rejectedPackets = new AtomicLong();
    private final AtomicInteger versionCounter = new AtomicInteger(1);
    /** Code-list entries withdrawn from the base data, as {@code list/code}. */
    private final Set<String> retiredCodes = ConcurrentHashMap.newKeySet();
    private volatile String regVersion;
    private volatile String dicVersion;
    private final TokenPlatform token;
    private final Map<String, AtomicLong> registrations = new ConcurrentHashMap<>();
    private final Map<String, AtomicLong> acceptedElements = new ConcurrentHashMap<>();
    private final AtomicInteger holdsLeft = new AtomicInteger();
    private final AtomicInteger held = new AtomicInteger();
    private volatile java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(0);

    /** A refusal the platform answered, for {@code GET /sim/rejections}. */
    public record Refusal(String operation, String clientCn, String message, Instant at) {
    }

    private PlatformSimulator(Config config) throws IOException, GeneralSecurityException {
        this.config = config;
        this.clock = Clock.system(config.zone());
        this.regVersion = config.regVersion();
        this.dicVersion = config.dicVersion();
        this.validator = new DataElementValidator(config.realtimeSlot(), config.zone(), config.layout(),
                config.codeForm());
        this.executor = Executors.newFixedThreadPool(4, runnable -> {
            Thread t = new Thread(runnable, "platform-sim");
            t.setDaemon(true);
            return t;
        });
        this.ssl = serverContext(config.pki(), faults);
        routes.put(BASE + "register", ex -> handle(ex, this::register));
        routes.put(BASE + "loadDicVersion", ex -> handle(ex, this::loadDicVersion));
        routes.put(BASE + "downloadBaseData", ex -> handle(ex, this::downloadBaseData));
        routes.put(BASE + "centerInfo", ex -> handle(ex, this::centerInfo));
        routes.put(BASE + "centerData", ex -> handle(ex, this::centerData));
        routes.put(BASE + "centerInfoDownload", ex -> handle(ex, this::centerInfoDownload));
        routes.put(BASE + "centerDataDownload", ex -> handle(ex, this::centerDataDownload));
        token = new TokenPlatform(new TokenHost());
        routes.putAll(token.routes());
        https = createHttps(config.httpsPort());
        httpsPort = https.getAddress().getPort();
        try {
            admin = HttpServer.create(new InetSocketAddress(config.host(), config.adminPort()), 20);
        } catch (IOException e) {
            https.stop(0);
            executor.shutdownNow();
            throw e;
        }
        admin.setExecutor(executor);
        admin.createContext("/sim/", this::handleAdmin);
        https.start();
        admin.start();
        log.info("Platform simulator listening on {} (admin {})", registerUrl(), adminUrl());
    }

    private HttpsServer createHttps(int port) throws IOException {
        HttpsServer server = HttpsServer.create(new InetSocketAddress(config.host(), port), 50);
        server.setHttpsConfigurator(new HttpsConfigurator(ssl) {
            @Override
            public void configure(HttpsParameters params) {
                SSLParameters p = getSSLContext().getDefaultSSLParameters();
                p.setNeedClientAuth(true);
                p.setProtocols(new String[] {"TLSv1.3", "TLSv1.2"});
                params.setSSLParameters(p);
            }
        });
        server.setExecutor(executor);
        routes.forEach(server::createContext);
        return server;
    }

    /**
     * Takes the platform down (its HTTPS port refuses connections) or brings it up again on the same port. The admin
     * listener stays up.
     */
    public synchronized void setDown(boolean down) {
        if (down && https != null) {
            https.stop(0);
            https = null;
            log.info("Platform simulator down");
        } else if (!down && https == null) {
            try {
                HttpsServer server = createHttps(httpsPort);
                server.start();
                https = server;
            } catch (IOException e) {
                throw new UncheckedIOException("cannot reopen port " + httpsPort, e);
            }
            log.info("Platform simulator up again on {}", httpsPort);
        }
    }

    public boolean isDown() {
        return https == null;
    }

    /** Answers every operation this much later (a slow platform); 0 = at once. */
    public void setSlow(Duration delay) {
        faults.slow(delay.toMillis());
    }

    /** Refuses the next {@code n} data uploads with responseCode "1" and the message (null: a generic one). */
    public void rejectNext(int n, String message) {
        faults.rejectNext(n, message);
    }

    /** Answers the next {@code n} data uploads with the platform's decryption failure ("解密失败！"). */
    public void failDecryptionNext(int n) {
        faults.failDecryptionNext(n);
    }

    /** Revokes an enterprise's client certificate (by USCC = its CN): its TLS handshakes fail from now on. */
    public void revokeCertificate(String enterpriseCode) {
        faults.revoke(enterpriseCode);
    }

    public void restoreCertificate(String enterpriseCode) {
        faults.unrevoke(enterpriseCode);
    }

    /** Clears every injected fault and brings the platform up. */
    public void clearFaults() {
        faults.clear();
        setDown(false);
    }

    /** Base URL of the token dialect ({@code https://host:port/YNEnergy/}): its register URL. */
    public URI tokenBaseUrl() {
        return URI.create("https://" + config.host() + ":" + httpsPort + TokenPlatform.BASE);
    }

    /** Opens a token-dialect account: the enterprise logs in with this PIN. */
    public void setTokenPin(String enterpriseCode, String pin) {
        token.setPin(enterpriseCode, pin);
    }

    /** Every token issued so far stops working: the next call with one answers 401. */
    public void invalidateTokens() {
        token.invalidateTokens();
    }

    /** Lifetime of new tokens ({@code akExpiresIn}), default 2 hours. */
    public void setTokenLifetime(Duration lifetime) {
        token.setTokenLifetime(lifetime);
    }

    /** Successful token-dialect logins ({@code requestAK}). */
    public long tokenLogins() {
        return token.logins();
    }

    /** Token-dialect calls answered 401. */
    public long tokenUnauthorized() {
        return token.unauthorized();
    }

    /** What the token platform needs from this simulator. */
    private final class TokenHost implements TokenPlatform.Host {
        @Override
        public Map<String, String> enterprises() {
            return config.enterprises();
        }

        @Override
        public String baseUrl() {
            return "https://" + config.host() + ":" + httpsPort + "/";
        }

        @Override
        public String clientCn(HttpExchange exchange) {
            return clientCommonName(exchange);
        }

        @Override
        public DataElementValidator validator() {
            return validator;
        }

        @Override
        public Clock clock() {
            return clock;
        }

        @Override
        public String uploadTime() {
            return config.uploadTime().format(java.time.format.DateTimeFormatter.ofPattern("HH:mm:ss"));
        }

        @Override
        public String regVersion() {
            return regVersion;
        }

        @Override
        public String dicVersion() {
            return dicVersion;
        }

        @Override
        public Set<String> retiredCodes() {
            return Set.copyOf(retiredCodes);
        }

        @Override
        public void accept(ReceivedValue v) {
            synchronized (received) {
                Key key = new Key(v.enterpriseCode(), v.dataCode(), v.statType(), v.statDate());
                received.remove(key);
                received.put(key, v);
            }
            acceptedPackets.incrementAndGet();
        }

        @Override
        public void refused(String path, String clientCn, String message) {
            rejectedPackets.incrementAndGet();
            noteRefusal(path, clientCn, message);
        }

        @Override
        public long slowMillis() {
            return faults.slowMillis();
        }

        @Override
        public void counted(String path) {
            requestCounts.computeIfAbsent(path, k -> new AtomicLong()).incrementAndGet();
        }

        @Override
        public int injectedHttpFailure() {
            return faults.takeHttpFailure();
        }

        @Override
        public String injectedRejection() {
            return faults.takeRejection();
        }
    }

    /** The last refusals (at most 200), oldest first. */
    public List<Refusal> refusals() {
        synchronized (refusals) {
            return List.copyOf(refusals);
        }
    }

    /** Requests received per operation path (refused, failed and accepted ones). */
    public Map<String, Long> requestCounts() {
        Map<String, Long> out = new java.util.TreeMap<>();
        requestCounts.forEach((k, v) -> out.put(k, v.get()));
        return out;
    }

    /** Starts both listeners. */
    public static PlatformSimulator start(Config config) {
        try {
            return new PlatformSimulator(config);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the platform simulator", e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot start the platform simulator", e);
        }
    }

    public Config config() {
        return config;
    }

    /** Full https URL of the register operation. */
    public URI registerUrl() {
        return operationUrl("register");
    }

    /** Base http URL of the admin listener, e.g. {@code http://localhost:1234/}. */
    public URI adminUrl() {
        return URI.create("http://" + config.host() + ":" + admin.getAddress().getPort() + "/");
    }

    public int httpsPort() {
        return httpsPort;
    }

    /** Accepted values (decrypted), oldest first; a re-sent value replaces the earlier one. */
    public List<ReceivedValue> received() {
        synchronized (received) {
            return List.copyOf(received.values());
        }
    }

    /** Number of accepted {@code centerData} packets. */
    public long acceptedPackets() {
        return acceptedPackets.get();
    }

    /** Number of {@code centerData} packets refused with responseCode "1" (fault injections not counted). */
    public long rejectedPackets() {
        return rejectedPackets.get();
    }

    /** The last enterprise information (raw JSON of the request) accepted for an enterprise. */
    public Optional<String> lastEnterpriseInfo(String enterpriseCode) {
        return Optional.ofNullable(enterpriseInfos.get(enterpriseCode));
    }

    /** The deviceId assigned to an enterprise, if it registered. */
    public Optional<String> deviceId(String enterpriseCode) {
        return Optional.ofNullable(devicesByEnterprise.get(enterpriseCode)).map(Device::deviceId);
    }

    /**
     * The secretKey (SM4 key of the data fields) assigned to an enterprise at its registration, if it registered: for
     * tests that check it never appears where it must not (logs).
     */
    public Optional<String> secretKey(String enterpriseCode) {
        return Optional.ofNullable(devicesByEnterprise.get(enterpriseCode)).map(Device::secretKey);
    }

    public String regVersion() {
        return regVersion;
    }

    public String dicVersion() {
        return dicVersion;
    }

    /**
     * Withdraws a code from one of the base-data lists ({@code energyTypes}, {@code useCodes}, ...) and changes
     * dicVersion, as a platform does when it publishes a new code list.
     */
    public void retireCode(String list, String code) {
        if (!BaseData.LIST_NAMES.contains(list)) {
            throw new IllegalArgumentException("no code list " + list + " (known: " + BaseData.LIST_NAMES + ")");
        }
        retiredCodes.add(list + "/" + Objects.requireNonNull(code, "code"));
        dicVersion = Integer.toString(versionCounter.incrementAndGet());
        log.info("Platform simulator withdrew {} from {}: dicVersion {}", code, list, dicVersion);
    }

    /** Changes both regVersion and dicVersion (as the platform does after a configuration or code-list change). */
    public void bumpVersions() {
        int next = versionCounter.incrementAndGet();
        regVersion = Integer.toString(next);
        dicVersion = Integer.toString(next);
    }

    /** Makes the next {@code n} data uploads ({@code centerData}) fail with the given HTTP status. */
    public void failNext(int n, int httpStatus) {
        faults.failNext(n, httpStatus);
    }

    /** Number of successful {@code register} answers given to an enterprise (a repeated registration counts again). */
    public long registrations(String enterpriseCode) {
        AtomicLong n = registrations.get(enterpriseCode);
        return n == null ? 0 : n.get();
    }

    /** Number of data elements accepted for an enterprise, counting every re-send (a value sent twice counts 2). */
    public long acceptedElements(String enterpriseCode) {
        AtomicLong n = acceptedElements.get(enterpriseCode);
        return n == null ? 0 : n.get();
    }

    /**
     * Fault: the platform forgets the enterprise's registration, as after a reset of its device table. Requests with
     * the old deviceId get {@link #UNKNOWN_DEVICE}; the next {@code register} assigns a new deviceId and secretKey.
     */
    public void forgetRegistration(String enterpriseCode) {
        Device d = devicesByEnterprise.remove(enterpriseCode);
        if (d != null) {
            devicesById.remove(d.deviceId());
        }
    }

    /**
     * Fault: the next {@code n} data uploads ({@code centerData}) hang after their body was read, until
     * {@link #releaseHeld()} (at most 2 minutes), then are answered normally.
     */
    public synchronized void holdNext(int n) {
        if (release.getCount() == 0) {
            release = new java.util.concurrent.CountDownLatch(1);
        }
        holdsLeft.set(n);
    }

    /** Data uploads hanging right now ({@link #holdNext}). */
    public int heldRequests() {
        return held.get();
    }

    /** Lets the hanging data uploads go on. */
    public synchronized void releaseHeld() {
        holdsLeft.set(0);
        release.countDown();
    }

    private void holdIfAsked() throws InterruptedException {
        if (holdsLeft.get() > 0 && holdsLeft.getAndDecrement() > 0) {
            java.util.concurrent.CountDownLatch latch = release;
            held.incrementAndGet();
            try {
                latch.await(2, TimeUnit.MINUTES);
            } finally {
                held.decrementAndGet();
            }
        }
    }

    /**
     * Sets the platform's clock (what "now" is when it checks an uploadDate and stamps what it received), for tests
     * that move the uploader's clock: a platform and its clients agree on the time. {@code null} = the system clock.
     */
    public void useClock(Clock clock) {
        this.clock = clock == null ? Clock.system(config.zone()) : clock.withZone(config.zone());
    }

    @Override
    public void close() {
        releaseHeld();
        HttpsServer server = https;
        if (server != null) {
            server.stop(0);
        }
        admin.stop(0);
        executor.shutdownNow();
        log.info("Platform simulator stopped");
    }

    // ---------------------------------------------------------------------------------------------- operations

    private interface Operation {
        ObjectNode apply(JsonNode request, String clientCn) throws Rejection;
    }

    private ObjectNode register(JsonNode req, String clientCn) throws Rejection {
        String code = text(req, "enterpriseCode");
        String region = text(req, "region");
        if (code == null) {
            throw new Rejection("企业编码不能为空 / enterpriseCode is required");
        }
        var uscc = Uscc.validate("enterpriseCode", code);
        if (!uscc.isValid()) {
            throw new Rejection("企业编码不是有效的统一社会信用代码 / enterpriseCode is not a valid USCC: "
                    + uscc.errors().getFirst().message());
        }
        if (!config.enterprises().containsKey(code)) {
            throw new Rejection("企业编码未登记 / unknown enterpriseCode");
        }
        if (!code.equals(clientCn)) {
            throw new Rejection("客户端证书与企业编码不符 / client certificate does not match enterpriseCode");
        }
        if (region == null || !region.equals(config.enterprises().get(code))) {
            throw new Rejection("行政区划代码与登记不符 / region does not match the registered region");
        }
        Device device = devicesByEnterprise.computeIfAbsent(code, c -> {
            Device d = new Device(c, randomHex(), randomHex());
            SecretRegistry.register("platform simulator's secretKey (SM4) of " + c, d.secretKey()); // test runs only
            devicesById.put(d.deviceId(), d);
            return d;
        });
        registrations.computeIfAbsent(code, c -> new AtomicLong()).incrementAndGet();
        ObjectNode ok = ok("注册成功 / REGISTER SUCCESS");
        ok.put("deviceId", device.deviceId());
        ok.put("secretKey", device.secretKey());
        ok.put("uploadTime", config.uploadTime().format(java.time.format.DateTimeFormatter.ofPattern("HH:mm:ss")));
        ok.put("loadDicVersionURL", operationUrl("loadDicVersion").toString());
        ok.put("centerInfoURL", operationUrl("centerInfo").toString());
        ok.put("centerDataURL", operationUrl("centerData").toString());
        ok.put("centerInfoDownloadURL", operationUrl("centerInfoDownload").toString());
        ok.put("centerDataDownloadURL", operationUrl("centerDataDownload").toString());
        ok.put("downloadBaseDataURL", operationUrl("downloadBaseData").toString());
        return ok;
    }

    private ObjectNode loadDicVersion(JsonNode req, String clientCn) throws Rejection {
        device(req, clientCn, false);
        ObjectNode ok = ok("查询成功 / SUCCESS");
        ok.put("regVersion", regVersion);
        ok.put("dicVersion", dicVersion);
        return ok;
    }

    private ObjectNode downloadBaseData(JsonNode req, String clientCn) throws Rejection {
        device(req, clientCn, false);
        ObjectNode ok = ok("下载成功 / SUCCESS");
        ok.put("regVersion", regVersion);
        ok.put("dicVersion", dicVersion);
        return BaseData.toJson(ok, Set.copyOf(retiredCodes));
    }

    private ObjectNode centerInfo(JsonNode req, String clientCn) throws Rejection {
        Device device = device(req, clientCn, true);
        JsonNode enterprise = req.get("enterprise");
        if (enterprise == null || !enterprise.isObject()) {
            throw new Rejection("缺少enterprise对象 / enterprise object missing");
        }
        String name = text(enterprise, "name");
        if (name == null || name.isBlank()) {
            throw new Rejection("enterprise.name不能为空 / enterprise.name is required");
        }
        String code = text(enterprise, "code");
        if (code != null && !code.equals(device.enterpriseCode())) {
            throw new Rejection("enterprise.code与企业编码不符 / enterprise.code does not match enterpriseCode");
        }
        JsonNode items = req.get("collectItemConfig");
        if (items != null) {
            if (!items.isArray()) {
                throw new Rejection("collectItemConfig应为数组 / collectItemConfig must be an array");
            }
            for (int i = 0; i < items.size(); i++) {
                String dataCode = text(items.get(i), "dataCode");
                String[] formError = dataCode == null ? new String[] {"不能为空", "is required"}
                        : validator.codeFormError(dataCode);
                if (formError != null) {
                    throw new Rejection("collectItemConfig[" + i + "].dataCode" + formError[0] + " / collectItemConfig["
                            + i + "].dataCode " + formError[1]);
                }
            }
        }
        enterpriseInfos.put(device.enterpriseCode(), JSON.writeValueAsString(req));
        return ok("RECEIVE SUCCESS");
    }

    private static LocalDateTime timestamp(JsonNode req, String field) throws Rejection {
        String text = text(req, field);
        if (text == null) {
            return null;
        }
        try {
            return LocalDateTime.parse(text, DataElementValidator.TIMESTAMP);
        } catch (java.time.format.DateTimeParseException e) {
            throw new Rejection(field + "格式应为yyyy-MM-dd HH:mm:ss / " + field + " must be yyyy-MM-dd HH:mm:ss");
        }
    }

    private ObjectNode centerInfoDownload(JsonNode req, String clientCn) throws Rejection {
        Device device = device(req, clientCn, true);
        String info = enterpriseInfos.get(device.enterpriseCode());
        if (info == null) {
            throw new Rejection("平台无该企业基础信息 / no enterprise information on the platform");
        }
        ObjectNode ok = ok("下载成功 / SUCCESS");
        JsonNode stored = JSON.readTree(info);
        for (String field : List.of("enterprise", "group", "process", "processUnit", "collectItemConfig")) {
            if (stored.has(field)) {
                ok.set(field, stored.get(field));
            }
        }
        return ok;
    }

    /**
     * What the platform holds for the device's enterprise, the newest value of each item and period; optionally only
     * of one {@code dataCode}, one {@code statType}, and statDates from {@code startDate} (inclusive) to
     * {@code endDate} (exclusive), both {@code yyyy-MM-dd HH:mm:ss}. Fields encrypted as on upload.
     */
    private ObjectNode centerDataDownload(JsonNode req, String clientCn) throws Rejection {
        Device device = device(req, clientCn, true);
        String dataCode = text(req, "dataCode");
        String statType = text(req, "statType");
        LocalDateTime start = timestamp(req, "startDate");
        LocalDateTime end = timestamp(req, "endDate");
        SimSm4 sm4 = new SimSm4(device.secretKey());
        ObjectNode ok = ok("下载成功 / SUCCESS");
        ArrayNode data = ok.putArray("data");
        for (ReceivedValue v : received()) {
            if (!v.enterpriseCode().equals(device.enterpriseCode())
                    || dataCode != null && !dataCode.equals(v.dataCode())
                    || statType != null && !statType.equals(Integer.toString(v.statType()))) {
                continue;
            }
            LocalDateTime statDate = LocalDateTime.parse(v.statDate(), DataElementValidator.TIMESTAMP);
            if (start != null && statDate.isBefore(start) || end != null && !statDate.isBefore(end)) {
                continue;
            }
            Map<String, String> fields = new LinkedHashMap<>();
            fields.put("dataCode", v.dataCode());
            fields.put("dataValue", v.dataValue());
            fields.put("inputType", Integer.toString(v.inputType()));
            fields.put("statType", Integer.toString(v.statType()));
            fields.put("statDate", v.statDate());
            fields.put("uploadDate", v.uploadDate());
            fields.put("scope", Integer.toString(v.scope()));
            fields.put("valid", v.valid());
            ObjectNode element = data.addObject();
            fields.forEach((k, value) -> element.put(k, config.encryptFields() ? sm4.encrypt(value) : value));
        }
        return ok;
    }

    private ObjectNode centerData(JsonNode req, String clientCn) throws Rejection {
        Device device;
        try {
            device = device(req, clientCn, true);
            JsonNode data = req.get("data");
            if (data == null || !data.isArray() || data.isEmpty()) {
                throw new Rejection("data不能为空 / data must be a non-empty array");
            }
            SimSm4 sm4 = new SimSm4(device.secretKey());
            LocalDateTime now = LocalDateTime.now(clock);
            Instant receivedAt = clock.instant();
            List<ReceivedValue> accepted = new ArrayList<>();
            for (int i = 0; i < data.size(); i++) {
                Map<String, String> values = decryptElement(i, data.get(i), sm4);
                String error = validator.check(i, values, now);
                if (error != null) {
                    throw new Rejection(error);
                }
                accepted.add(new ReceivedValue(device.enterpriseCode(), values.get("dataCode"),
                        Integer.parseInt(values.get("statType")), values.get("statDate"), values.get("dataValue"),
                        Integer.parseInt(values.get("inputType")), Integer.parseInt(values.get("scope")),
                        values.get("valid"), values.get("uploadDate"), receivedAt));
            }
            synchronized (received) {
                for (ReceivedValue v : accepted) {
                    Key key = new Key(v.enterpriseCode(), v.dataCode(), v.statType(), v.statDate());
                    received.remove(key);
                    received.put(key, v);
                }
            }
            acceptedPackets.incrementAndGet();
            acceptedElements.computeIfAbsent(device.enterpriseCode(), c -> new AtomicLong()).addAndGet(accepted.size());
            return ok("RECEIVE SUCCESS");
        } catch (Rejection r) {
            rejectedPackets.incrementAndGet();
            throw r;
        }
    }

    private Map<String, String> decryptElement(int i, JsonNode element, SimSm4 sm4) throws Rejection {
        if (element == null || !element.isObject()) {
            throw new Rejection("data[" + i + "]应为对象 / data[" + i + "] must be an object");
        }
        Map<String, String> values = new LinkedHashMap<>();
        for (String field : DataElementValidator.FIELDS) {
            JsonNode node = element.get(field);
            String where = "data[" + i + "]." + field;
            if (node == null || node.isNull()) {
                throw new Rejection(where + "：缺少字段 / " + where + ": missing field");
            }
            if (config.encryptFields()) {
                if (!node.isString()) {
                    throw new Rejection(DECRYPTION_FAILED + " " + where + " / decryption failed: " + where
                            + " is not a hex string");
                }
                try {
                    values.put(field, sm4.decrypt(node.stringValue()));
                } catch (SimSm4.DecryptionException e) {
                    throw new Rejection(DECRYPTION_FAILED + " " + where + " / decryption failed: " + where + " ("
                            + e.getMessage() + ")");
                }
            } else {
                if (!node.isValueNode()) {
                    throw new Rejection(where + "：应为字符串 / " + where + ": must be a string");
                }
                values.put(field, node.asString());
            }
        }
        return values;
    }

    /** Finds the device of a request and checks the enterprise code and the client certificate against it. */
    private Device device(JsonNode req, String clientCn, boolean requireEnterpriseCode) throws Rejection {
        String deviceId = text(req, "deviceId");
        Device device = deviceId == null ? null : devicesById.get(deviceId);
        if (device == null) {
            throw new Rejection(UNKNOWN_DEVICE);
        }
        if (requireEnterpriseCode && !device.enterpriseCode().equals(text(req, "enterpriseCode"))) {
            throw new Rejection("企业编码与设备ID不符 / enterpriseCode does not match deviceId");
        }
        if (!device.enterpriseCode().equals(clientCn)) {
            throw new Rejection("客户端证书与企业不符 / client certificate does not belong to this enterprise");
        }
        return device;
    }

    // ---------------------------------------------------------------------------------------------- plumbing

    private void handle(HttpExchange exchange, Operation operation) throws IOException {
        try (exchange) {
            handleInside(exchange, operation);
        }
    }

    private void handleInside(HttpExchange exchange, Operation operation) throws IOException {
        try {
            if (!"POST".equals(exchange.getRequestMethod())) {
                send(exchange, 405, error("仅支持POST / only POST is allowed"));
                return;
            }
            byte[] body;
            try (InputStream in = exchange.getRequestBody()) {
                body = in.readAllBytes();
            }
            String path = exchange.getHttpContext().getPath();
            requestCounts.computeIfAbsent(path, k -> new AtomicLong()).incrementAndGet();
            long slow = faults.slowMillis();
            if (slow > 0) {
                try {
                    Thread.sleep(slow);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
            if (exchange.getHttpContext().getPath().endsWith("/centerData")) {
                try {
                    holdIfAsked();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
            String cn = clientCommonName(exchange);
            if (isDataUpload(path)) {
                int failure = faults.takeHttpFailure();
                if (failure > 0) {
                    send(exchange, failure, error("注入故障 / injected fault"));
                    return;
                }
                String rejection = faults.takeRejection();
                if (rejection == null && faults.takeDecryptionFailure()) {
                    rejection = DECRYPTION_FAILED + " / decryption failed (injected)";
                }
                if (rejection != null) {
                    rejectedPackets.incrementAndGet();
                    noteRefusal(path, cn, rejection);
                    send(exchange, 200, error(rejection));
                    return;
                }
            }
            JsonNode request;
            try {
                request = JSON.readTree(body);
            } catch (JacksonException e) {
                send(exchange, 200, error("报文格式错误 / malformed JSON"));
                return;
            }
            if (request == null || !request.isObject()) {
                send(exchange, 200, error("报文格式错误 / request must be a JSON object"));
                return;
            }
            ObjectNode answer;
            try {
                answer = operation.apply(request, cn);
            } catch (Rejection r) {
                log.debug("Rejected {}: {}", path, r.getMessage());
                noteRefusal(path, cn, r.getMessage());
                answer = error(r.getMessage());
            }
            send(exchange, 200, answer);
        } catch (RuntimeException e) {
            log.warn("Platform simulator failed on {}", exchange.getRequestURI(), e);
            try {
                send(exchange, 500, error("平台内部错误 / internal error"));
            } catch (IOException | RuntimeException ignored) {
                // the response may already be committed
            }
        }
    }

    /** Whether a path is a data upload (the target of the upload fault injections). */
    private static boolean isDataUpload(String path) {
        return path.endsWith("/centerData");
    }

    private void noteRefusal(String path, String cn, String message) {
        synchronized (refusals) {
            refusals.addLast(new Refusal(path, cn, message, clock.instant()));
            while (refusals.size() > 200) {
                refusals.removeFirst();
            }
        }
    }

    private void handleAdmin(HttpExchange exchange) throws IOException {
        try (exchange) {
            exchange.getRequestBody().readAllBytes();
            String path = exchange.getRequestURI().getPath();
            String method = exchange.getRequestMethod();
            switch (path) {
                case "/sim/health" -> send(exchange, 200, JSON.createObjectNode().put("status", "UP"));
                case "/sim/received" -> {
                    ArrayNode array = JSON.createArrayNode();
                    String only = query(exchange.getRequestURI().getRawQuery()).get("enterpriseCode");
                    for (ReceivedValue v : received()) {
                        if (only != null && !only.equals(v.enterpriseCode())) {
                            continue;
                        }
                        array.addObject()
                                .put("enterpriseCode", v.enterpriseCode())
                                .put("dataCode", v.dataCode())
                                .put("statType", v.statType())
                                .put("statDate", v.statDate())
                                .put("dataValue", v.dataValue())
                                .put("inputType", v.inputType())
                                .put("scope", v.scope())
                                .put("valid", v.valid())
                                .put("uploadDate", v.uploadDate())
                                .put("receivedAt", v.receivedAt().toString());
                    }
                    send(exchange, 200, array);
                }
                case "/sim/bump-versions" -> {
                    if (!"POST".equals(method)) {
                        send(exchange, 405, error("仅支持POST / only POST is allowed"));
                        return;
                    }
                    bumpVersions();
                    send(exchange, 200, ok("OK").put("regVersion", regVersion).put("dicVersion", dicVersion));
                }
                case "/sim/fail-next" -> {
                    if (!"POST".equals(method)) {
                        send(exchange, 405, error("仅支持POST / only POST is allowed"));
                        return;
                    }
                    Map<String, String> q = query(exchange.getRequestURI().getRawQuery());
                    try {
                        failNext(Integer.parseInt(q.getOrDefault("n", "1")),
                                Integer.parseInt(q.getOrDefault("status", "503")));
                    } catch (IllegalArgumentException e) {
                        send(exchange, 400, error("参数错误 / bad parameters n, status"));
                        return;
                    }
                    send(exchange, 200, ok("OK"));
                }
                case "/sim/counts" -> {
                    ObjectNode counts = JSON.createObjectNode();
                    java.util.Set<String> codes = new java.util.TreeSet<>(registrations.keySet());
                    codes.addAll(acceptedElements.keySet());
                    for (String code : codes) {
                        counts.putObject(code).put("registrations", registrations(code))
                                .put("acceptedElements", acceptedElements(code));
                    }
                    send(exchange, 200, counts);
                }
                case "/sim/retire-code" -> {
                    if (!"POST".equals(method)) {
                        send(exchange, 405, error("仅支持POST / only POST is allowed"));
                        return;
                    }
                    Map<String, String> q = query(exchange.getRequestURI().getRawQuery());
                    try {
                        retireCode(q.get("list"), q.get("code"));
                    } catch (NullPointerException | IllegalArgumentException e) {
                        send(exchange, 400, error("参数错误 / bad parameters list, code: " + e.getMessage()));
                        return;
                    }
                    send(exchange, 200, ok("OK").put("dicVersion", dicVersion));
                }
                case "/sim/forget", "/sim/hold-next", "/sim/release" -> {
                    if (!"POST".equals(method)) {
                        send(exchange, 405, error("仅支持POST / only POST is allowed"));
                        return;
                    }
                    Map<String, String> q = query(exchange.getRequestURI().getRawQuery());
                    try {
                        switch (path) {
                            case "/sim/forget" -> forgetRegistration(Objects.requireNonNull(q.get("enterpriseCode")));
                            case "/sim/hold-next" -> holdNext(Integer.parseInt(q.getOrDefault("n", "1")));
                            default -> releaseHeld();
                        }
                    } catch (NullPointerException | IllegalArgumentException e) {
                        send(exchange, 400, error("参数错误 / bad parameters"));
                        return;
                    }
                    send(exchange, 200, ok("OK"));
                }
                case "/sim/devices" -> {
                    ArrayNode array = JSON.createArrayNode();
                    devicesByEnterprise.values().forEach(d -> array.addObject()
                            .put("enterpriseCode", d.enterpriseCode()).put("deviceId", d.deviceId()));
                    send(exchange, 200, array);
                }
                case "/sim/rejections" -> {
                    ArrayNode array = JSON.createArrayNode();
                    for (Refusal r : refusals()) {
                        array.addObject().put("operation", r.operation()).put("clientCn", r.clientCn())
                                .put("message", r.message()).put("at", r.at().toString());
                    }
                    send(exchange, 200, array);
                }
                case "/sim/stats" -> {
                    ObjectNode stats = JSON.createObjectNode()
                            .put("acceptedPackets", acceptedPackets()).put("rejectedPackets", rejectedPackets())
                            .put("receivedValues", received().size()).put("regVersion", regVersion)
                            .put("dicVersion", dicVersion).put("layout", config.layout().name())
                            .put("codeForm", config.codeForm().name()).put("down", isDown())
                            .put("tokenLogins", tokenLogins()).put("tokenUnauthorized", tokenUnauthorized());
                    stats.set("requests", JSON.valueToTree(requestCounts()));
                    send(exchange, 200, stats);
                }
                case "/sim/faults" -> {
                    if ("POST".equals(method)) {
                        try {
                            applyFaults(query(exchange.getRequestURI().getRawQuery()));
                        } catch (IllegalArgumentException e) {
                            send(exchange, 400, error("参数错误 / bad parameters: " + e.getMessage()));
                            return;
                        }
                    }
                    ObjectNode state = JSON.valueToTree(faults.describe());
                    state.put("down", isDown());
                    send(exchange, 200, state);
                }
                default -> send(exchange, 404, error("未找到 / not found"));
            }
        }
    }

    /**
     * {@code POST /sim/faults?...}: {@code clear=true} first, then any of {@code down=true|false},
     * {@code slowMillis=}, {@code failNext=&status=}, {@code rejectNext=&message=}, {@code decryptFailNext=},
     * {@code revoke=USCC}, {@code restore=USCC}.
     */
    private void applyFaults(Map<String, String> q) {
        if ("true".equals(q.get("clear"))) {
            clearFaults();
        }
        if (q.containsKey("down")) {
            setDown(Boolean.parseBoolean(q.get("down")));
        }
        if (q.containsKey("slowMillis")) {
            faults.slow(Long.parseLong(q.get("slowMillis")));
        }
        if (q.containsKey("failNext")) {
            failNext(Integer.parseInt(q.get("failNext")), Integer.parseInt(q.getOrDefault("status", "503")));
        }
        if (q.containsKey("rejectNext")) {
            rejectNext(Integer.parseInt(q.get("rejectNext")), q.get("message"));
        }
        if (q.containsKey("decryptFailNext")) {
            failDecryptionNext(Integer.parseInt(q.get("decryptFailNext")));
        }
        if (q.containsKey("revoke")) {
            revokeCertificate(q.get("revoke"));
        }
        if (q.containsKey("restore")) {
            restoreCertificate(q.get("restore"));
        }
    }

    private static Map<String, String> query(String raw) {
        Map<String, String> map = new LinkedHashMap<>();
        if (raw != null) {
            for (String pair : raw.split("&")) {
                int eq = pair.indexOf('=');
                if (eq > 0) {
                    map.put(pair.substring(0, eq), java.net.URLDecoder.decode(pair.substring(eq + 1),
                            java.nio.charset.StandardCharsets.UTF_8));
                }
            }
        }
        return map;
    }

    private static String clientCommonName(HttpExchange exchange) {
        if (exchange instanceof HttpsExchange hx) {
            try {
                if (hx.getSSLSession().getPeerPrincipal() instanceof X500Principal p) {
                    return DevPki.commonName(p);
                }
            } catch (SSLPeerUnverifiedException e) {
                return null;
            }
        }
        return null;
    }

    private static void send(HttpExchange exchange, int status, JsonNode body) throws IOException {
        byte[] bytes = JSON.writeValueAsBytes(body);
        exchange.getResponseHeaders().set("Content-Type", "application/json; charset=UTF-8");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    private static ObjectNode ok(String message) {
        return JSON.createObjectNode().put("responseCode", "0").put("responseMessage", message);
    }

    private static ObjectNode error(String message) {
        return JSON.createObjectNode().put("responseCode", "1").put("responseMessage", message);
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node == null ? null : node.get(field);
        return value != null && value.isValueNode() && !value.isNull() ? value.asString() : null;
    }

    private static String randomHex() {
        byte[] bytes = new byte[16];
        RANDOM.nextBytes(bytes);
        return HEX.formatHex(bytes);
    }

    private URI operationUrl(String operation) {
        return URI.create("https://" + config.host() + ":" + httpsPort + BASE + operation);
    }

    private static SSLContext serverContext(DevPki pki, Faults faults) throws GeneralSecurityException {
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(pki.load(pki.serverKeystore()), pki.password());
        TrustManagerFactory tmf = TrustManagerFactory.getInstance("PKIX");
        tmf.init(pki.load(pki.truststore()));
        X509ExtendedTrustManager pkix = null;
        for (var tm : tmf.getTrustManagers()) {
            if (tm instanceof X509ExtendedTrustManager x) {
                pkix = x;
            }
        }
        if (pkix == null) {
            throw new GeneralSecurityException("no X509 trust manager");
        }
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(kmf.getKeyManagers(), new TrustManager[] {new RevocableTrustManager(pkix, faults::isRevoked)},
                RANDOM);
        return context;
    }
}
