package io.energymon.uploader.platform.tls;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * TLS from PKCS#12 files: the enterprise's client certificate (key store) and an explicit truststore holding the
 * platform's CA. The server is verified with PKIX against that truststore only (the JDK's default CAs are not used);
 * {@link #sslParameters()} switches on HTTPS hostname verification. The stores are read once at construction; the
 * passwords are not kept and never appear in messages.
 */
public final class Pkcs12TlsContextProvider implements TlsContextProvider {

    /** Default protocol list. Older versions (TLSv1, TLSv1.1) also need the JDK's disabledAlgorithms changed. */
    public static final List<String> DEFAULT_PROTOCOLS = List.of("TLSv1.3", "TLSv1.2");

    private final SSLContext context;
    private final String[] protocols;
    private final String description;

    /**
     * @param keystore           PKCS#12 with the client key and certificate chain
     * @param keystorePassword   its password (also the key password)
     * @param truststore         PKCS#12 with the trusted CA certificate(s) of the platform
     * @param truststorePassword its password
     * @param protocols          enabled protocols, e.g. {@link #DEFAULT_PROTOCOLS}
     */
    public Pkcs12TlsContextProvider(Path keystore, char[] keystorePassword, Path truststore,
                                    char[] truststorePassword, List<String> protocols) {
        this(Objects.requireNonNull(keystore, "keystore"), keystorePassword, truststore, truststorePassword,
                protocols, true);
    }

    /** Without a client certificate: only for platforms that do not require mutual TLS. */
    public static Pkcs12TlsContextProvider trustOnly(Path truststore, char[] truststorePassword,
                                                     List<String> protocols) {
        return new Pkcs12TlsContextProvider(null, null, truststore, truststorePassword, protocols, true);
    }

    private Pkcs12TlsContextProvider(Path keystore, char[] keystorePassword, Path truststore,
                                     char[] truststorePassword, List<String> protocols, boolean ignored) {
        Objects.requireNonNull(truststore, "truststore");
        if (protocols == null || protocols.isEmpty()) {
            throw new IllegalArgumentException("at least one TLS protocol is required");
        }
        this.protocols = protocols.toArray(String[]::new);
        try {
            KeyManager[] keyManagers = null;
            if (keystore != null) {
                KeyStore keys = load(keystore, keystorePassword);
                if (!hasKeyEntry(keys)) {
                    throw new IllegalArgumentException("key store " + keystore + " holds no private key");
                }
                KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
                kmf.init(keys, keystorePassword);
                keyManagers = kmf.getKeyManagers();
            }
            KeyStore trust = load(truststore, truststorePassword);
            if (!hasCertificateEntry(trust)) {
                throw new IllegalArgumentException("truststore " + truststore + " holds no trusted certificate");
            }
            TrustManagerFactory tmf = TrustManagerFactory.getInstance("PKIX");
            tmf.init(trust);
            context = SSLContext.getInstance("TLS");
            context.init(keyManagers, tmf.getTrustManagers(), new SecureRandom());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the TLS key or trust store", e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot build the TLS context (wrong password or bad store?)", e);
        }
        this.description = "Pkcs12TlsContextProvider[keystore=" + (keystore == null ? "none" : keystore)
                + ", truststore=" + truststore + ", protocols=" + protocols + "]";
    }

    private static KeyStore load(Path file, char[] password) throws IOException, GeneralSecurityException {
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(file)) {
            store.load(in, password);
        }
        return store;
    }

    private static boolean hasKeyEntry(KeyStore store) throws GeneralSecurityException {
        for (String alias : Collections.list(store.aliases())) {
            if (store.isKeyEntry(alias)) {
                return true;
            }
        }
        return false;
    }

    private static boolean hasCertificateEntry(KeyStore store) throws GeneralSecurityException {
        for (String alias : Collections.list(store.aliases())) {
            if (store.isCertificateEntry(alias)) {
                return true;
            }
        }
        return false;
    }

    @Override
    public SSLContext sslContext() {
        return context;
    }

    @Override
    public String[] protocols() {
        return Arrays.copyOf(protocols, protocols.length);
    }

    @Override
    public String toString() {
        return description;
    }
}
