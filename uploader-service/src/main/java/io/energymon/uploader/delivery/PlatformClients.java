package io.energymon.uploader.delivery;

import io.energymon.uploader.config.UploaderProperties.PlatformConfig;
import io.energymon.uploader.credentials.CredentialsException;
import io.energymon.uploader.credentials.EnterpriseCredentials;
import io.energymon.uploader.credentials.EnterpriseCredentials.Credentials;
import io.energymon.uploader.directory.Enterprise;
import io.energymon.uploader.platform.PlatformDialect;
import io.energymon.uploader.platform.http.HttpSettings;
import io.energymon.uploader.platform.national.NationalDialect;
import io.energymon.uploader.platform.national.NationalDialectSettings;
import io.energymon.uploader.platform.national.ValidPolarity;
import io.energymon.uploader.platform.tls.Pkcs12TlsContextProvider;
import io.energymon.uploader.platform.token.PinFile;
import io.energymon.uploader.platform.token.TokenDialect;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;

/**
 * One dialect client per (platform, tenant, enterprise): each enterprise presents its own client certificate
 * (from {@link EnterpriseCredentials}, looked up by tenant and USCC), and each platform has its own truststore and
 * dialect settings. A client is reused while neither the enterprise's configuration (its revision on
 * {@code config.v1}) nor its certificate files changed; otherwise it is built again and the old one closed.
 */
@Component
public class PlatformClients implements DisposableBean {
    private static final Logger log = LoggerFactory.getLogger(PlatformClients.class);

    private record Entry(PlatformDialect dialect, String fingerprint) {
    }

    private final EnterpriseCredentials credentials;
    private final Map<String, Entry> clients = new HashMap<>();

    public PlatformClients(EnterpriseCredentials credentials) {
        this.credentials = credentials;
    }

    /**
     * The client of an enterprise for a platform, built again when its configuration or certificate changed.
     *
     * @throws CredentialsException when the enterprise's certificate cannot be used (its old client, if any, is
     *                              closed: a removed certificate stops the uploads)
     */
    public synchronized PlatformDialect dialect(PlatformConfig platform, Enterprise enterprise) {
        String key = key(platform.id(), enterprise);
        Entry old = clients.get(key);
        Credentials c;
        try {
            c = credentials.load(enterprise.tenantId(), enterprise.enterpriseCode());
        } catch (CredentialsException e) {
            if (old != null) {
                clients.remove(key);
                close(old.dialect());
            }
            throw e;
        }
        try {
            String fingerprint = enterprise.revision() + "/" + c.fingerprint();
            if (old != null && old.fingerprint().equals(fingerprint)) {
                return old.dialect();
            }
            PlatformDialect created = create(platform, enterprise, c);
            clients.put(key, new Entry(created, fingerprint));
            if (old != null) {
                close(old.dialect());
                log.info("client of {} for platform {} rebuilt (configuration revision {} or certificate changed)",
                        enterprise.key(), platform.id(), enterprise.revision());
            }
            return created;
        } finally {
            c.clear();
        }
    }

    /** Closes the clients of (platform, enterprise) pairs that are no longer configured. */
    public synchronized void retainOnly(Set<String> liveKeys) {
        for (Iterator<Map.Entry<String, Entry>> it = clients.entrySet().iterator(); it.hasNext(); ) {
            Map.Entry<String, Entry> e = it.next();
            if (!liveKeys.contains(e.getKey())) {
                it.remove();
                close(e.getValue().dialect());
            }
        }
    }

    /** Number of clients held. */
    public synchronized int size() {
        return clients.size();
    }

    public static String key(String platformId, Enterprise e) {
        return platformId + "|" + e.tenantId() + "|" + e.enterpriseCode();
    }

    private PlatformDialect create(PlatformConfig p, Enterprise e, Credentials c) {
        var tls = new Pkcs12TlsContextProvider(c.keystore(), c.password(), p.truststore(), chars(p.truststorePassword()),
                p.tlsProtocols());
        var http = new HttpSettings(p.connectTimeout(), p.timeout(), p.idleTimeout());
        var polarity = p.validAsZero() ? ValidPolarity.ZERO_IS_VALID : ValidPolarity.BOOLEAN_TRUE;
        return switch (p.dialect().toLowerCase(Locale.ROOT)) {
            case "national" -> new NationalDialect(new NationalDialectSettings(p.encryptFields(), polarity,
                    p.timeout()), http, tls);
            case "token" -> new TokenDialect(http, polarity,
                    new PinFile(credentials.directory().resolve(e.tenantId()).resolve(e.enterpriseCode() + ".pin")),
                    tls);
            default -> throw new IllegalArgumentException("platform " + p.id() + ": unsupported dialect '" + p.dialect()
                    + "' (supported: national, token)");
        };
    }

    private static char[] chars(String s) {
        return s == null ? null : s.toCharArray();
    }

    private static void close(PlatformDialect dialect) {
        if (dialect instanceof AutoCloseable closeable) {
            try {
                closeable.close(); // an orderly close: a request in flight completes
            } catch (Exception e) {
                log.debug("closing a platform client failed", e);
            }
        }
    }

    @Override
    public synchronized void destroy() {
        clients.values().forEach(e -> close(e.dialect()));
        clients.clear();
    }
}
