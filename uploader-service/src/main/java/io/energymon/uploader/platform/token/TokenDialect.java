package io.energymon.uploader.platform.token;

import io.energymon.uploader.platform.BaseDataSet;
import io.energymon.uploader.platform.DataRecord;
import io.energymon.uploader.platform.EnterpriseIdentity;
import io.energymon.uploader.platform.PlatformDialect;
import io.energymon.uploader.platform.PlatformRejectedException;
import io.energymon.uploader.platform.PlatformTransportException;
import io.energymon.uploader.platform.PlatformVersions;
import io.energymon.uploader.platform.Registration;
import io.energymon.uploader.platform.UploadOutcome;
import io.energymon.uploader.platform.ProtocolAnswer;
import io.energymon.uploader.platform.http.HttpSettings;
import io.energymon.uploader.platform.http.PlatformHttpClient;
import io.energymon.uploader.platform.national.NationalDialect;
import io.energymon.uploader.platform.national.ValidPolarity;
import io.energymon.uploader.platform.tls.TlsContextProvider;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The token dialect (PROTOCOL.md §2): {@code <base>/YNEnergy/...}, answers {@code {responseCode: 200,
 * responseMessage, data}}. Registration asks for the {@code secretKey} ({@code enterpriseInfo/rwk}) and the service
 * URLs ({@code platformAccessURL}) and logs in once ({@code requestAK} with the SM4-CBC {@link PinBlock}) to check
 * the PIN and learn the upload time; every other call carries {@code Authorization: Bearer <token>}. A token is
 * requested again before it expires and when the platform answers 401, and the call is then repeated exactly once.
 * Data go one item per call ({@code dataEnterpriseEnergy}).
 *
 * <p>The platform has no device id: the registration's deviceId is the USCC, its secretKey the 16-character key of
 * {@code rwk}. Every request is safe to repeat (an item upload is idempotent per item and period: the platform keeps
 * the newest value), so the HTTP client may resend one whose connection died. Thread-safe.
 */
public final class TokenDialect implements PlatformDialect, AutoCloseable {

    public static final String REQUEST_AK_URL = "requestAKURL";
    public static final String CHECK_VERSION_URL = "checkVersionURL";
    public static final String DATA_URL = "dataEnterpriseEnergyURL";
    public static final String PUBLIC_DATA_URL = "dataDownloadPublicURL";
    public static final String APPLY_URL = "enterpriseInfoApplyURL";

    private static final Logger log = LoggerFactory.getLogger(TokenDialect.class);
    private static final List<String> SERVICE_URLS = List.of(REQUEST_AK_URL, CHECK_VERSION_URL, DATA_URL,
            PUBLIC_DATA_URL, APPLY_URL);
    /** A token is renewed this long before the platform said it expires. */
    private static final Duration EXPIRY_MARGIN = Duration.ofSeconds(30);

    private final PlatformHttpClient http;
    private final ValidPolarity validPolarity;
    private final Supplier<char[]> pin;
    private final JsonMapper json = JsonMapper.builder().build();
    private Token token;

    private record Token(String value, Instant renewAfter) {
    }

    /**
     * @param pin supplies the enterprise's platform password (PIN) when a token is requested; the array is wiped
     *            after use
     */
    public TokenDialect(HttpSettings httpSettings, ValidPolarity validPolarity, Supplier<char[]> pin,
                        TlsContextProvider tls) {
        this.http = new PlatformHttpClient(httpSettings, tls);
        this.validPolarity = Objects.requireNonNull(validPolarity, "validPolarity");
        this.pin = Objects.requireNonNull(pin, "pin");
    }

    @Override
    public Registration register(EnterpriseIdentity enterprise, URI registerUrl) {
        String base = registerUrl.toString().endsWith("/") ? registerUrl.toString() : registerUrl + "/";
        ObjectNode who = json.createObjectNode().put("enterpriseCode", enterprise.enterpriseCode())
                .put("region", enterprise.region());
        JsonNode keyData = requireSuccess(call(URI.create(base + "enterpriseInfo/rwk"), who, null));
        String secretKey = text(keyData, "secretKey");
        if (secretKey == null || secretKey.length() != 16) {
            throw new PlatformTransportException("rwk answer without a 16-character secretKey from " + base, 200);
        }
        JsonNode urlData = requireSuccess(call(URI.create(base + "platformAccessURL"), who, null));
        Map<String, URI> urls = new LinkedHashMap<>();
        for (String name : SERVICE_URLS) {
            String url = text(urlData, name);
            if (url != null && !url.isBlank()) {
                urls.put(name, URI.create(url.trim()));
            }
        }
        Registration partial = new Registration(enterprise.enterpriseCode(), enterprise.enterpriseCode(), secretKey,
                urls, null);
        JsonNode login = login(partial);
        LocalTime uploadTime = null;
        String time = text(login, "enterpriseUploadTime");
        if (time != null && !time.isBlank()) {
            try {
                uploadTime = LocalTime.parse(time.trim());
            } catch (DateTimeParseException e) {
                log.warn("Platform sent an unreadable enterpriseUploadTime '{}'", time);
            }
        }
        log.info("Registered enterprise {} at {} (token dialect)", enterprise.enterpriseCode(), base);
        return new Registration(enterprise.enterpriseCode(), enterprise.enterpriseCode(), secretKey, urls,
                uploadTime);
    }

    @Override
    public PlatformVersions checkVersion(Registration registration) {
        ObjectNode body = json.createObjectNode().put("enterpriseCode", registration.enterpriseCode());
        JsonNode data = requireSuccess(authorized(registration, registration.serviceUrl(CHECK_VERSION_URL), body));
        return new PlatformVersions(text(data, "regVersion"), text(data, "dicVersion"));
    }

    @Override
    public BaseDataSet downloadBaseData(Registration registration) {
        ObjectNode body = json.createObjectNode().put("enterpriseCode", registration.enterpriseCode());
        JsonNode data = requireSuccess(authorized(registration, registration.serviceUrl(PUBLIC_DATA_URL), body));
        Map<String, List<BaseDataSet.CodeEntry>> lists = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> member : data.properties()) {
            if (!member.getValue().isArray()) {
                continue;
            }
            List<BaseDataSet.CodeEntry> entries = new ArrayList<>();
            for (JsonNode e : member.getValue()) {
                String code = text(e, "code");
                if (code != null) {
                    Map<String, String> attributes = new LinkedHashMap<>();
                    e.properties().forEach(f -> {
                        if (!"code".equals(f.getKey()) && !"name".equals(f.getKey()) && f.getValue().isValueNode()
                                && !f.getValue().isNull()) {
                            attributes.put(f.getKey(), f.getValue().asString());
                        }
                    });
                    entries.add(new BaseDataSet.CodeEntry(code, text(e, "name"), attributes));
                }
            }
            lists.put(member.getKey(), List.copyOf(entries));
        }
        return new BaseDataSet(text(data, "regVersion"), text(data, "dicVersion"), lists);
    }

    @Override
    public UploadOutcome uploadEnterpriseInfo(Registration registration, Map<String, Object> info) {
        ObjectNode body = json.createObjectNode().put("enterpriseCode", registration.enterpriseCode());
        info.forEach((name, value) -> body.set(name, json.valueToTree(value)));
        Reply reply = authorized(registration, registration.serviceUrl(APPLY_URL), body);
        return reply.toOutcome(json.writeValueAsString(body));
    }

    /** One call per item; stops at the first refusal (the delivery then sends the items one by one). */
    @Override
    public UploadOutcome uploadData(Registration registration, List<DataRecord> records) {
        if (records.isEmpty()) {
            throw new IllegalArgumentException("no records to upload");
        }
        ArrayNode sent = json.createArrayNode();
        Duration total = Duration.ZERO;
        Reply last = null;
        for (DataRecord r : records) {
            ObjectNode body = json.createObjectNode()
                    .put("enterpriseCode", registration.enterpriseCode())
                    .put("dataCode", r.dataCode())
                    .put("dataValue", r.dataValue().toPlainString())
                    .put("inputType", Integer.toString(r.inputType()))
                    .put("statType", Integer.toString(r.statType()))
                    .put("statDate", NationalDialect.TIMESTAMP.format(r.statDate()))
                    .put("uploadDate", NationalDialect.TIMESTAMP.format(r.uploadDate()))
                    .put("scope", Integer.toString(r.scope()))
                    .put("valid", validPolarity.render(r.valid()));
            sent.add(body);
            last = authorized(registration, registration.serviceUrl(DATA_URL), body);
            total = total.plus(last.latency());
            if (!last.success()) {
                break;
            }
        }
        UploadOutcome o = last.toOutcome(json.writeValueAsString(sent));
        return new UploadOutcome(o.accepted(), o.httpStatus(), o.responseCode(), o.responseMessage(), total,
                o.requestBody());
    }

    @Override
    public void close() {
        http.close();
    }

    // ------------------------------------------------------------------------------------------------ tokens

    /** A call with the bearer token; on 401 one new token and exactly one repeat. */
    private Reply authorized(Registration registration, URI url, ObjectNode body) {
        Reply reply = call(url, body, currentToken(registration));
        if (reply.status() != 401) {
            return reply;
        }
        log.info("Token of {} refused by {}; requesting a new one", registration.enterpriseCode(), url);
        forgetToken();
        return call(url, body, currentToken(registration));
    }

    private synchronized void forgetToken() {
        token = null;
    }

    private synchronized String currentToken(Registration registration) {
        if (token == null || Instant.now().isAfter(token.renewAfter())) {
            login(registration);
        }
        return token.value();
    }

    /** requestAK: a new token; returns the answer's data. */
    private synchronized JsonNode login(Registration registration) {
        char[] secret = pin.get();
        String password;
        try {
            password = PinBlock.encrypt(secret, registration.secretKey(), registration.enterpriseCode());
        } finally {
            java.util.Arrays.fill(secret, '\0');
        }
        ObjectNode body = json.createObjectNode().put("enterpriseCode", registration.enterpriseCode())
                .put("password", password);
        JsonNode data = requireSuccess(call(registration.serviceUrl(REQUEST_AK_URL), body, null));
        String value = text(data, "token");
        if (value == null || value.isBlank()) {
            throw new PlatformTransportException("requestAK answer without a token", 200);
        }
        long expiresIn = 7200;
        String expires = text(data, "akExpiresIn");
        if (expires != null) {
            try {
                expiresIn = Long.parseLong(expires.trim());
            } catch (NumberFormatException e) {
                log.warn("Platform sent an unreadable akExpiresIn '{}'", expires);
            }
        }
        Instant renewAfter = Instant.now().plusSeconds(expiresIn).minus(EXPIRY_MARGIN);
        token = new Token(value, renewAfter);
        return data;
    }

    // ------------------------------------------------------------------------------------------------ plumbing

    /** An answer: HTTP status, the protocol's responseCode (200 = success) and message, and its data. */
    private record Reply(int status, String responseCode, String responseMessage, JsonNode data, Duration latency) {
        boolean success() {
            return status / 100 == 2 && "200".equals(responseCode);
        }

        UploadOutcome toOutcome(String requestBody) {
            return new UploadOutcome(success(), status, responseCode,
                    responseMessage != null ? responseMessage : "HTTP " + status, latency, requestBody);
        }
    }

    private static JsonNode requireSuccess(Reply reply) {
        if (!reply.success()) {
            throw new PlatformRejectedException(reply.responseCode(),
                    reply.responseMessage() == null ? "HTTP " + reply.status() : reply.responseMessage());
        }
        return reply.data() == null ? JsonMapper.builder().build().createObjectNode() : reply.data();
    }

    private Reply call(URI url, ObjectNode body, String bearer) {
        ProtocolAnswer a = ProtocolAnswer.of(url, http.post(url, json.writeValueAsString(body),
                bearer == null ? Map.of() : Map.of("Authorization", "Bearer " + bearer)), json);
        return new Reply(a.status(), a.responseCode(), a.responseMessage(), a.body() == null ? null : a.body().get("data"),
                a.latency());
    }

    private static String text(JsonNode node, String field) {
        return ProtocolAnswer.text(node, field);
    }
}
