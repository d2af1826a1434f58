package io.energymon.uploader.platform.national;

import io.energymon.uploader.platform.BaseDataSet;
import io.energymon.uploader.platform.DataQuery;
import io.energymon.uploader.platform.DataRecord;
import io.energymon.uploader.platform.EnterpriseIdentity;
import io.energymon.uploader.platform.PlatformDialect;
import io.energymon.uploader.platform.PlatformRejectedException;
import io.energymon.uploader.platform.PlatformTransportException;
import io.energymon.uploader.platform.PlatformVersions;
import io.energymon.uploader.platform.Registration;
import io.energymon.uploader.platform.UploadOutcome;
import io.energymon.uploader.platform.crypto.Sm4FieldCipher;
import io.energymon.uploader.platform.tls.TlsContextProvider;
import io.energymon.uploader.platform.ProtocolAnswer;
import io.energymon.uploader.platform.http.HttpSettings;
import io.energymon.uploader.platform.http.PlatformHttpClient;
import java.math.BigDecimal;
import java.net.URI;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The national-style dialect (PROTOCOL.md §1): HTTPS POST of JSON, {@code responseCode} "0" = success, values as
 * strings, timestamps {@code yyyy-MM-dd HH:mm:ss}, optional SM4 field encryption of data elements. Thread-safe;
 * one {@link PlatformHttpClient} (HTTP/1.1, TLS from the {@link TlsContextProvider}, hostname verification on, no
 * thread of its own) per instance. Close it to release the client.
 *
 * <p>Every request of this dialect is safe to repeat, so the client may send it a second time when the connection
 * died before an answer: a data upload is idempotent per item and period (the platform keeps the newest value of
 * an item and period), registration returns the device already registered, the others only read.
 *
 * <p>Answers: HTTP 5xx, 408 and 429, I/O and TLS failures, timeouts, and a 2xx body without a {@code responseCode}
 * throw {@link PlatformTransportException}. Any other answer is a protocol answer: for uploads an
 * {@link UploadOutcome} (accepted only for HTTP 2xx with responseCode "0"; a 4xx without protocol JSON gives
 * responseCode null and the message "HTTP nnn"); for the other operations a refusal throws
 * {@link PlatformRejectedException}.
 */
public final class NationalDialect implements PlatformDialect, AutoCloseable {

    /** Timestamp format of the protocol. */
    public static final DateTimeFormatter TIMESTAMP = DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm:ss");

    private static final Logger log = LoggerFactory.getLogger(NationalDialect.class);
    private static final List<String> SERVICE_URLS = List.of(Registration.LOAD_DIC_VERSION_URL,
            Registration.CENTER_INFO_URL, Registration.CENTER_DATA_URL, Registration.CENTER_INFO_DOWNLOAD_URL,
            Registration.CENTER_DATA_DOWNLOAD_URL, Registration.DOWNLOAD_BASE_DATA_URL);

    private final NationalDialectSettings settings;
    private final PlatformHttpClient http;
    private final JsonMapper json = JsonMapper.builder().build();

    /** With {@code settings.timeout()} to connect and to answer, and 30 s idle connections. */
    public NationalDialect(NationalDialectSettings settings, TlsContextProvider tls) {
        this(settings, new HttpSettings(settings.timeout(), settings.timeout(), Duration.ofSeconds(30)), tls);
    }

    public NationalDialect(NationalDialectSettings settings, HttpSettings httpSettings, TlsContextProvider tls) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.http = new PlatformHttpClient(httpSettings, tls);
    }

    public NationalDialectSettings settings() {
        return settings;
    }

    @Override
    public Registration register(EnterpriseIdentity enterprise, URI registerUrl) {
        ObjectNode body = json.createObjectNode()
                .put("enterpriseCode", enterprise.enterpriseCode())
                .put("region", enterprise.region());
        Answer answer = post(registerUrl, json.writeValueAsString(body));
        JsonNode node = answer.requireSuccess();
        String deviceId = text(node, "deviceId");
        if (deviceId == null || deviceId.isBlank()) {
            throw new PlatformTransportException("registration answer without deviceId from " + registerUrl,
                    answer.status());
        }
        Map<String, URI> urls = new LinkedHashMap<>();
        for (String name : SERVICE_URLS) {
            String url = text(node, name);
            if (url != null && !url.isBlank()) {
                try {
                    urls.put(name, URI.create(url.trim()));
                } catch (IllegalArgumentException e) {
                    throw new PlatformTransportException("registration answer with a malformed " + name, e);
                }
            }
        }
        LocalTime uploadTime = null;
        String uploadTimeText = text(node, "uploadTime");
        if (uploadTimeText != null && !uploadTimeText.isBlank()) {
            try {
                uploadTime = LocalTime.parse(uploadTimeText.trim());
            } catch (DateTimeParseException e) {
                log.warn("Platform sent an unreadable uploadTime '{}' for {}", uploadTimeText,
                        enterprise.enterpriseCode());
            }
        }
        Registration registration = new Registration(enterprise.enterpriseCode(), deviceId,
                text(node, "secretKey"), urls, uploadTime);
        log.info("Registered enterprise {} at {}: deviceId {}", enterprise.enterpriseCode(), registerUrl, deviceId);
        return registration;
    }

    @Override
    public PlatformVersions checkVersion(Registration registration) {
        ObjectNode body = json.createObjectNode().put("deviceId", registration.deviceId());
        JsonNode node = post(registration.serviceUrl(Registration.LOAD_DIC_VERSION_URL),
                json.writeValueAsString(body)).requireSuccess();
        return new PlatformVersions(text(node, "regVersion"), text(node, "dicVersion"));
    }

    @Override
    public BaseDataSet downloadBaseData(Registration registration) {
        ObjectNode body = json.createObjectNode().put("deviceId", registration.deviceId());
        JsonNode node = post(registration.serviceUrl(Registration.DOWNLOAD_BASE_DATA_URL),
                json.writeValueAsString(body)).requireSuccess();
        Map<String, List<BaseDataSet.CodeEntry>> lists = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> member : node.properties()) {
            if (!member.getValue().isArray()) {
                continue;
            }
            List<BaseDataSet.CodeEntry> entries = new ArrayList<>();
            for (JsonNode element : member.getValue()) {
                String code = text(element, "code");
                if (code == null) {
                    continue;
                }
                Map<String, String> attributes = new LinkedHashMap<>();
                for (Map.Entry<String, JsonNode> field : element.properties()) {
                    if (!"code".equals(field.getKey()) && !"name".equals(field.getKey())
                            && field.getValue().isValueNode() && !field.getValue().isNull()) {
                        attributes.put(field.getKey(), field.getValue().asString());
                    }
                }
                entries.add(new BaseDataSet.CodeEntry(code, text(element, "name"), attributes));
            }
            lists.put(member.getKey(), List.copyOf(entries));
        }
        return new BaseDataSet(text(node, "regVersion"), text(node, "dicVersion"), lists);
    }

    @Override
    public UploadOutcome uploadEnterpriseInfo(Registration registration, Map<String, Object> info) {
        ObjectNode body = json.createObjectNode()
                .put("enterpriseCode", registration.enterpriseCode())
                .put("deviceId", registration.deviceId());
        info.forEach((name, value) -> body.set(name, json.valueToTree(value)));
        String text = json.writeValueAsString(body);
        return post(registration.serviceUrl(Registration.CENTER_INFO_URL), text).toOutcome(text);
    }

    @Override
    public UploadOutcome uploadData(Registration registration, List<DataRecord> records) {
        if (records.isEmpty()) {
            throw new IllegalArgumentException("no records to upload");
        }
        Sm4FieldCipher cipher = null;
        if (settings.encryptFields()) {
            if (registration.secretKey() == null) {
                throw new IllegalStateException("field encryption is on but the platform gave no secretKey to "
                        + registration.enterpriseCode());
            }
            cipher = new Sm4FieldCipher(registration.secretKey());
        }
        ObjectNode body = json.createObjectNode()
                .put("deviceId", registration.deviceId())
                .put("enterpriseCode", registration.enterpriseCode());
        ArrayNode data = body.putArray("data");
        for (DataRecord r : records) {
            ObjectNode element = data.addObject();
            put(element, "dataCode", r.dataCode(), cipher);
            put(element, "dataValue", r.dataValue().toPlainString(), cipher);
            put(element, "inputType", Integer.toString(r.inputType()), cipher);
            put(element, "statType", Integer.toString(r.statType()), cipher);
            put(element, "statDate", TIMESTAMP.format(r.statDate()), cipher);
            put(element, "uploadDate", TIMESTAMP.format(r.uploadDate()), cipher);
            put(element, "scope", Integer.toString(r.scope()), cipher);
            put(element, "valid", settings.validPolarity().render(r.valid()), cipher);
        }
        String text = json.writeValueAsString(body);
        UploadOutcome outcome = post(registration.serviceUrl(Registration.CENTER_DATA_URL), text).toOutcome(text);
        log.debug("Uploaded {} records of {}: accepted={} code={} in {} ms", records.size(),
                registration.enterpriseCode(), outcome.accepted(), outcome.responseCode(),
                outcome.latency().toMillis());
        return outcome;
    }

    /**
     * POSTs {@code {deviceId, enterpriseCode, startDate, endDate[, dataCode][, statType]}} to
     * {@code centerDataDownloadURL} ([D]: the protocol documents the operation, not its fields) and reads the
     * {@code data[]} elements as on upload, decrypting them when the dialect encrypts fields.
     */
    @Override
    public List<DataRecord> downloadData(Registration registration, DataQuery query) {
        ObjectNode body = json.createObjectNode()
                .put("deviceId", registration.deviceId())
                .put("enterpriseCode", registration.enterpriseCode())
                .put("startDate", TIMESTAMP.format(query.from()))
                .put("endDate", TIMESTAMP.format(query.to()));
        if (query.dataCode() != null) {
            body.put("dataCode", query.dataCode());
        }
        if (query.statType() != null) {
            body.put("statType", query.statType().toString());
        }
        JsonNode node = post(registration.serviceUrl(Registration.CENTER_DATA_DOWNLOAD_URL),
                json.writeValueAsString(body)).requireSuccess();
        Sm4FieldCipher cipher = settings.encryptFields() && registration.secretKey() != null
                ? new Sm4FieldCipher(registration.secretKey()) : null;
        List<DataRecord> out = new ArrayList<>();
        JsonNode data = node.get("data");
        if (data == null || !data.isArray()) {
            return out;
        }
        for (JsonNode element : data) {
            try {
                out.add(new DataRecord(field(element, "dataCode", cipher),
                        new BigDecimal(field(element, "dataValue", cipher)),
                        Integer.parseInt(field(element, "inputType", cipher)),
                        Integer.parseInt(field(element, "statType", cipher)),
                        LocalDateTime.parse(field(element, "statDate", cipher), TIMESTAMP),
                        LocalDateTime.parse(field(element, "uploadDate", cipher), TIMESTAMP),
                        Integer.parseInt(field(element, "scope", cipher)),
                        settings.validPolarity().parse(field(element, "valid", cipher))));
            } catch (RuntimeException e) {
                throw new PlatformTransportException("unreadable element in the data download of "
                        + registration.enterpriseCode() + ": " + e.getMessage(), e);
            }
        }
        return out;
    }

    private static String field(JsonNode element, String name, Sm4FieldCipher cipher) {
        String value = text(element, name);
        if (value == null) {
            throw new IllegalArgumentException("missing " + name);
        }
        return cipher == null ? value : cipher.decrypt(value);
    }

    @Override
    public void close() {
        http.close();
    }

    // ------------------------------------------------------------------------------------------------- plumbing

    private static void put(ObjectNode element, String field, String value, Sm4FieldCipher cipher) {
        element.put(field, cipher == null ? value : cipher.encrypt(value));
    }

    /** A protocol answer: HTTP status below 500, body parsed as JSON with a responseCode. */
    private record Answer(int status, JsonNode body, String responseCode, String responseMessage, Duration latency) {
        boolean success() {
            return status / 100 == 2 && "0".equals(responseCode);
        }

        JsonNode requireSuccess() {
            if (!success()) {
                throw new PlatformRejectedException(responseCode,
                        responseMessage == null ? "HTTP " + status : responseMessage);
            }
            return body;
        }

        UploadOutcome toOutcome(String requestBody) {
            String message = responseMessage != null ? responseMessage : "HTTP " + status;
            return new UploadOutcome(success(), status, responseCode, message, latency, requestBody);
        }
    }

    private Answer post(URI url, String body) {
        ProtocolAnswer a = ProtocolAnswer.of(url, http.post(url, body, Map.of()), json);
        return new Answer(a.status(), a.body(), a.responseCode(), a.responseMessage(), a.latency());
    }

    private static String text(JsonNode node, String field) {
        return ProtocolAnswer.text(node, field);
    }
}
