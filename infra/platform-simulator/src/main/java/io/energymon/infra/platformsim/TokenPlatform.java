package io.energymon.infra.platformsim;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import io.energymon.infra.testing.SecretRegistry;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The token dialect of the simulated platform (PROTOCOL.md §2), under {@code /YNEnergy/} on the same HTTPS port:
 * {@code enterpriseInfo/rwk} (16-character secretKey), {@code platformAccessURL} (service URLs), {@code requestAK}
 * (SM4-CBC PIN block → bearer token), then with {@code Authorization: Bearer}: {@code checkVersion},
 * {@code dataDownload/public}, {@code enterpriseInfo/apply}, {@code dataEnterpriseEnergy} (one item per call,
 * validated like a national data element). Answers {@code {responseCode: 200, responseMessage, data}}; a missing,
 * unknown or expired token is HTTP 401 with responseCode 401. Its own code, not the uploader's.
 */
final class TokenPlatform {

    static final String BASE = "/YNEnergy/";
    static final String TOKEN_INVALID = "token无效或已过期 / token invalid or expired";

    private static final Logger log = LoggerFactory.getLogger(TokenPlatform.class);
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final String KEY_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789";

    /** What the token platform needs from the simulator around it. */
    interface Host {
        Map<String, String> enterprises();

        String baseUrl();

        String clientCn(HttpExchange exchange);

        DataElementValidator validator();

        Clock clock();

        String uploadTime();

        String regVersion();

        String dicVersion();

        /** Code-list entries the platform withdrew, as {@code list/code}. */
        java.util.Set<String> retiredCodes();

        void accept(ReceivedValue value);

        void refused(String path, String clientCn, String message);

        long slowMillis();

        void counted(String path);

        /** HTTP status of an injected failure of this data upload, or 0. */
        int injectedHttpFailure();

        /** Message of an injected refusal of this data upload, or null. */
        String injectedRejection();
    }

    private record Session(String enterpriseCode, Instant expiresAt) {
    }

    private final Host host;
    private final Map<String, String> pins = new ConcurrentHashMap<>();
    private final Map<String, String> secretKeys = new ConcurrentHashMap<>();
    private final Map<String, Session> sessions = new ConcurrentHashMap<>();
    private final Map<String, String> infos = new ConcurrentHashMap<>();
    private final AtomicLong logins = new AtomicLong();
    private final AtomicLong unauthorized = new AtomicLong();
    private volatile Duration tokenLifetime = Duration.ofHours(2);

    TokenPlatform(Host host) {
        this.host = host;
    }

    /** The handlers by path, to be mounted on the HTTPS listener. */
    Map<String, HttpHandler> routes() {
        Map<String, HttpHandler> r = new LinkedHashMap<>();
        r.put(BASE + "enterpriseInfo/rwk", ex -> handle(ex, false, this::rwk));
        r.put(BASE + "platformAccessURL", ex -> handle(ex, false, this::accessUrls));
        r.put(BASE + "requestAK", ex -> handle(ex, false, this::requestAk));
        r.put(BASE + "checkVersion", ex -> handle(ex, true, this::checkVersion));
        r.put(BASE + "dataDownload/public", ex -> handle(ex, true, this::publicData));
        r.put(BASE + "enterpriseInfo/apply", ex -> handle(ex, true, this::apply));
        r.put(BASE + "dataEnterpriseEnergy", ex -> handle(ex, true, this::data));
        return r;
    }

    void setPin(String enterpriseCode, String pin) {
        pins.put(enterpriseCode, pin);
    }

    /** Every token issued so far stops working (the next call answers 401). */
    void invalidateTokens() {
        sessions.clear();
    }

    void setTokenLifetime(Duration lifetime) {
        tokenLifetime = lifetime;
    }

    long logins() {
        return logins.get();
    }

    long unauthorized() {
        return unauthorized.get();
    }

    Map<String, String> infos() {
        return Map.copyOf(infos);
    }

    // ------------------------------------------------------------------------------------------------ operations

    /** A refusal answered with HTTP 200 and responseCode 400 (or HTTP 401 when {@code status} says so). */
    private static final class Refused extends Exception {
        final int status;

        Refused(int status, String message) {
            super(message, null, false, false);
            this.status = status;
        }
    }

    private interface Op {
        ObjectNode apply(Request request) throws Refused;
    }

    private record Request(JsonNode body, String clientCn, String enterpriseCode) {
    }

    private ObjectNode rwk(Request req) throws Refused {
        String code = ownEnterprise(req);
        String key = secretKeys.computeIfAbsent(code, c -> randomKey());
        SecretRegistry.register("token platform's secretKey of " + code, key); // test runs only
        ObjectNode ok = ok("获取成功 / SUCCESS");
        ok.putObject("data").put("secretKey", key);
        return ok;
    }

    private ObjectNode accessUrls(Request req) throws Refused {
        ownEnterprise(req);
        ObjectNode ok = ok("获取成功 / SUCCESS");
        ObjectNode data = ok.putObject("data");
        String base = host.baseUrl() + BASE.substring(1);
        data.put("requestAKURL", base + "requestAK");
        data.put("checkVersionURL", base + "checkVersion");
        data.put("dataEnterpriseEnergyURL", base + "dataEnterpriseEnergy");
        data.put("dataDownloadPublicURL", base + "dataDownload/public");
        data.put("enterpriseInfoApplyURL", base + "enterpriseInfo/apply");
        return ok;
    }

    private ObjectNode requestAk(Request req) throws Refused {
        String code = ownEnterprise(req);
        String key = secretKeys.get(code);
        if (key == null) {
            throw new Refused(200, "请先获取密钥（rwk） / request the secretKey (rwk) first");
        }
        String expected = pins.get(code);
        String password = text(req.body(), "password");
        String pin = password == null ? null : SimPinBlock.pin(password, key, code);
        if (expected == null || !expected.equals(pin)) {
            throw new Refused(200, "密码错误 / wrong password");
        }
        String token = randomKey() + randomKey();
        SecretRegistry.register("token platform's access token of " + code, token); // test runs only
        sessions.put(token, new Session(code, host.clock().instant().plus(tokenLifetime)));
        logins.incrementAndGet();
        ObjectNode ok = ok("登录成功 / SUCCESS");
        ok.putObject("data").put("token", token).put("akExpiresIn", Long.toString(tokenLifetime.toSeconds()))
                .put("enterpriseUploadTime", host.uploadTime());
        return ok;
    }

    private ObjectNode checkVersion(Request req) {
        ObjectNode ok = ok("查询成功 / SUCCESS");
        ok.putObject("data").put("regVersion", host.regVersion()).put("dicVersion", host.dicVersion());
        return ok;
    }

    private ObjectNode publicData(Request req) {
        ObjectNode ok = ok("下载成功 / SUCCESS");
        ObjectNode data = ok.putObject("data").put("regVersion", host.regVersion()).put("dicVersion",
                host.dicVersion());
        BaseData.toJson(data, host.retiredCodes());
        return ok;
    }

    private ObjectNode apply(Request req) throws Refused {
        JsonNode enterprise = req.body().get("enterprise");
        if (enterprise == null || !enterprise.isObject() || text(enterprise, "name") == null) {
            throw new Refused(200, "enterprise.name不能为空 / enterprise.name is required");
        }
        infos.put(req.enterpriseCode(), JSON.writeValueAsString(req.body()));
        return ok("RECEIVE SUCCESS");
    }

    private ObjectNode data(Request req) throws Refused {
        Map<String, String> values = new LinkedHashMap<>();
        for (String field : DataElementValidator.FIELDS) {
            JsonNode node = req.body().get(field);
            if (node == null || node.isNull() || !node.isValueNode()) {
                throw new Refused(200, "data[0]." + field + "：缺少字段 / data[0]." + field + ": missing field");
            }
            values.put(field, node.asString());
        }
        String error = host.validator().check(0, values, LocalDateTime.now(host.clock()));
        if (error != null) {
            throw new Refused(200, error);
        }
        host.accept(new ReceivedValue(req.enterpriseCode(), values.get("dataCode"),
                Integer.parseInt(values.get("statType")), values.get("statDate"), values.get("dataValue"),
                Integer.parseInt(values.get("inputType")), Integer.parseInt(values.get("scope")), values.get("valid"),
                values.get("uploadDate"), host.clock().instant()));
        return ok("RECEIVE SUCCESS");
    }

    /** The request's enterprise: known to the platform and the owner of the client certificate. */
    private String ownEnterprise(Request req) throws Refused {
        String code = text(req.body(), "enterpriseCode");
        if (code == null || !host.enterprises().containsKey(code)) {
            throw new Refused(200, "企业编码未登记 / unknown enterpriseCode");
        }
        if (!code.equals(req.clientCn())) {
            throw new Refused(200, "客户端证书与企业编码不符 / client certificate does not match enterpriseCode");
        }
        return code;
    }

    // ------------------------------------------------------------------------------------------------ plumbing

    private void handle(HttpExchange exchange, boolean needsToken, Op op) throws IOException {
        try (exchange) {
            String path = exchange.getHttpContext().getPath();
            host.counted(path);
            byte[] raw;
            try (InputStream in = exchange.getRequestBody()) {
                raw = in.readAllBytes();
            }
            long slow = host.slowMillis();
            if (slow > 0) {
                try {
                    Thread.sleep(slow);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
            if (!"POST".equals(exchange.getRequestMethod())) {
                send(exchange, 405, error(405, "仅支持POST / only POST is allowed"));
                return;
            }
            String cn = host.clientCn(exchange);
            String enterpriseCode = null;
            if (needsToken) {
                enterpriseCode = authorize(exchange.getRequestHeaders().getFirst("Authorization"), cn);
                if (enterpriseCode == null) {
                    unauthorized.incrementAndGet();
                    send(exchange, 401, error(401, TOKEN_INVALID));
                    return;
                }
            }
            if (path.endsWith("/dataEnterpriseEnergy")) {
                int failure = host.injectedHttpFailure();
                if (failure > 0) {
                    send(exchange, failure, error(failure, "注入故障 / injected fault"));
                    return;
                }
                String rejection = host.injectedRejection();
                if (rejection != null) {
                    host.refused(path, cn, rejection);
                    send(exchange, 200, error(400, rejection));
                    return;
                }
            }
            JsonNode body;
            try {
                body = JSON.readTree(raw);
            } catch (JacksonException e) {
                body = null;
            }
            if (body == null || !body.isObject()) {
                send(exchange, 200, error(400, "报文格式错误 / request must be a JSON object"));
                return;
            }
            if (needsToken && text(body, "enterpriseCode") != null
                    && !enterpriseCode.equals(text(body, "enterpriseCode"))) {
                send(exchange, 200, error(400, "企业编码与令牌不符 / enterpriseCode does not match the token"));
                return;
            }
            try {
                send(exchange, 200, op.apply(new Request(body, cn, enterpriseCode)));
            } catch (Refused r) {
                host.refused(path, cn, r.getMessage());
                send(exchange, r.status, error(r.status == 401 ? 401 : 400, r.getMessage()));
            }
        } catch (RuntimeException e) {
            log.warn("Token platform failed on {}", exchange.getRequestURI(), e);
        }
    }

    /** The enterprise of a valid bearer token presented with its own certificate, or null. */
    private String authorize(String header, String cn) {
        if (header == null || !header.startsWith("Bearer ")) {
            return null;
        }
        Session s = sessions.get(header.substring(7).trim());
        if (s == null || host.clock().instant().isAfter(s.expiresAt()) || !s.enterpriseCode().equals(cn)) {
            return null;
        }
        return s.enterpriseCode();
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
        return JSON.createObjectNode().put("responseCode", 200).put("responseMessage", message);
    }

    private static ObjectNode error(int code, String message) {
        return JSON.createObjectNode().put("responseCode", code).put("responseMessage", message);
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node == null ? null : node.get(field);
        return value != null && value.isValueNode() && !value.isNull() ? value.asString() : null;
    }

    private static String randomKey() {
        StringBuilder b = new StringBuilder(16);
        for (int i = 0; i < 16; i++) {
            b.append(KEY_ALPHABET.charAt(RANDOM.nextInt(KEY_ALPHABET.length())));
        }
        return b.toString();
    }
}
