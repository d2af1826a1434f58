package io.energymon.uploader.platform;

import java.net.URI;
import java.util.List;
import java.util.Map;

/**
 * One wire dialect of the monitoring platform (PROTOCOL.md §1 national style, §2 token style). Implementations are
 * plain classes, thread-safe, and take every service URL from the {@link Registration}, never from configuration.
 *
 * <p>Errors: a transport failure (connection refused, TLS handshake failure, timeout, HTTP 5xx/408/429, an answer
 * that is not the protocol's JSON) throws {@link PlatformTransportException} (retryable). A well-formed refusal of a
 * data upload is an {@link UploadOutcome} with {@code accepted == false}; a refusal of the other operations throws
 * {@link PlatformRejectedException} (not retryable without a change).
 */
public interface PlatformDialect {

    /** Registers the enterprise's terminal device ("端设备注册") and returns deviceId, key and service URLs. */
    Registration register(EnterpriseIdentity enterprise, URI registerUrl);

    /** Asks for the platform's configuration and base-data versions ("平台版本校验"). */
    PlatformVersions checkVersion(Registration registration);

    /** Uploads data items ("采集数据上传") in one packet. */
    UploadOutcome uploadData(Registration registration, List<DataRecord> records);

    /** Downloads the platform's code lists ("基础数据下载"). */
    BaseDataSet downloadBaseData(Registration registration);

    /**
     * Uploads the enterprise base information ("基础信息上传"): {@code info} holds the top-level members besides the
     * envelope ({@code enterprise}, {@code group}, {@code process}, {@code processUnit}, {@code collectItemConfig}),
     * as maps, lists and strings that the dialect serialises as JSON.
     */
    UploadOutcome uploadEnterpriseInfo(Registration registration, Map<String, Object> info);

    /**
     * Downloads the values the platform holds for the enterprise ("采集数据下载", national dialect only), with data
     * codes as the platform sends them; a refusal throws {@link PlatformRejectedException}.
     *
     * @throws UnsupportedOperationException when the dialect has no such operation
     */
    default List<DataRecord> downloadData(Registration registration, DataQuery query) {
        throw new UnsupportedOperationException("此平台接口不提供采集数据下载 / this platform dialect has no data download");
    }
}
