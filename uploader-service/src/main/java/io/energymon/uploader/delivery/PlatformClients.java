package io.energymon.uploader.delivery;

import io.energymon.uploader.config.UploaderProperties.EnterpriseConfig;
import io.energymon.uploader.config.UploaderProperties.PlatformConfig;
import io.energymon.uploader.platform.PlatformDialect;
import io.energymon.uploader.platform.national.NationalDialect;
import io.energymon.uploader.platform.national.NationalDialectSettings;
import io.energymon.uploader.platform.national.ValidPolarity;
import io.energymon.uploader.platform.tls.Pkcs12TlsContextProvider;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;

/**
 * One dialect client per (platform, enterprise): each enterprise presents its own client certificate, and each
 * platform has its own truststore and dialect settings. Clients are built on first use and reused.
 */
@Component
public class PlatformClients implements DisposableBean {
    private final Map<String, PlatformDialect> clients = new ConcurrentHashMap<>();

    public PlatformDialect dialect(PlatformConfig platform, EnterpriseConfig enterprise) {
        return clients.computeIfAbsent(platform.id() + "|" + enterprise.tenantId() + "|" + enterprise.enterpriseCode(),
                k -> create(platform, enterprise));
    }

    private static PlatformDialect create(PlatformConfig p, EnterpriseConfig e) {
        var tls = new Pkcs12TlsContextProvider(e.keystore(), chars(e.keystorePassword()), p.truststore(),
                chars(p.truststorePassword()), p.tlsProtocols());
        return switch (p.dialect().toLowerCase(Locale.ROOT)) {
            case "national" -> new NationalDialect(new NationalDialectSettings(p.encryptFields(),
                    p.validAsZero() ? ValidPolarity.ZERO_IS_VALID : ValidPolarity.BOOLEAN_TRUE, p.timeout()), tls);
            default -> throw new IllegalArgumentException("platform " + p.id() + ": unsupported dialect '" + p.dialect()
                    + "' (supported: national)");
        };
    }

    private static char[] chars(String s) {
        return s == null ? null : s.toCharArray();
    }

    @Override
    public void destroy() {
        clients.values().forEach(c -> {
            if (c instanceof AutoCloseable closeable) {
                try {
                    closeable.close();
                } catch (Exception ignored) {
                    // closing an HTTP client cannot fail in a way we could act on at shutdown
                }
            }
        });
    }
}
