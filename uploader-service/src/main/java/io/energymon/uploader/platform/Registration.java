package io.energymon.uploader.platform;

import java.net.URI;
import java.time.LocalTime;
import java.util.Map;
import java.util.Objects;

/**
 * What the platform answered to a registration. {@link #toString()} never shows the secret key.
 *
 * @param enterpriseCode USCC
 * @param deviceId       32 hex digits assigned by the platform
 * @param secretKey      32 hex digits (SM4 key for field encryption), or null when the platform gives none
 * @param serviceUrls    service URLs by the platform's field names ({@code loadDicVersionURL}, {@code centerInfoURL},
 *                       {@code centerDataURL}, {@code centerInfoDownloadURL}, {@code centerDataDownloadURL},
 *                       {@code downloadBaseDataURL})
 * @param uploadTime     daily upload time assigned by the platform, or null
 */
public record Registration(String enterpriseCode, String deviceId, String secretKey, Map<String, URI> serviceUrls,
                           LocalTime uploadTime) {

    public static final String LOAD_DIC_VERSION_URL = "loadDicVersionURL";
    public static final String CENTER_INFO_URL = "centerInfoURL";
    public static final String CENTER_DATA_URL = "centerDataURL";
    public static final String CENTER_INFO_DOWNLOAD_URL = "centerInfoDownloadURL";
    public static final String CENTER_DATA_DOWNLOAD_URL = "centerDataDownloadURL";
    public static final String DOWNLOAD_BASE_DATA_URL = "downloadBaseDataURL";

    public Registration {
        Objects.requireNonNull(enterpriseCode, "enterpriseCode");
        Objects.requireNonNull(deviceId, "deviceId");
        serviceUrls = Map.copyOf(serviceUrls);
    }

    /** The service URL of that name, or an exception naming the missing URL. */
    public URI serviceUrl(String name) {
        URI uri = serviceUrls.get(name);
        if (uri == null) {
            throw new PlatformRejectedException(null, "平台未提供" + name + " / the platform gave no " + name);
        }
        return uri;
    }

    @Override
    public String toString() {
        return "Registration[enterpriseCode=" + enterpriseCode + ", deviceId=" + deviceId + ", secretKey="
                + (secretKey == null ? "none" : "***") + ", serviceUrls=" + serviceUrls + ", uploadTime="
                + uploadTime + "]";
    }
}
