package io.energymon.collector.opcua;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPair;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.HexFormat;
import java.util.List;
import org.eclipse.milo.opcua.stack.core.UaException;
import org.eclipse.milo.opcua.stack.core.security.CertificateValidator;
import org.eclipse.milo.opcua.stack.core.security.DefaultClientCertificateValidator;
import org.eclipse.milo.opcua.stack.core.security.FileBasedCertificateQuarantine;
import org.eclipse.milo.opcua.stack.core.security.FileBasedTrustListManager;
import org.eclipse.milo.opcua.stack.core.util.CertificateUtil;
import org.eclipse.milo.opcua.stack.core.util.SelfSignedCertificateBuilder;
import org.eclipse.milo.opcua.stack.core.util.SelfSignedCertificateGenerator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The collector's OPC UA application instance certificate and its trust list (layout in {@link OpcUaProperties}).
 * The key and the self-signed certificate are made once, at the first secured connection, and kept in
 * {@code collector.pfx}; its application URI ({@code urn:energymon:collector:<collector id>}) is the one the
 * collector announces. Loaded once and shared by all OPC UA devices.
 */
final class ClientPki {
    static final String KEYSTORE = "collector.pfx";
    static final String CERTIFICATE = "collector.der";
    private static final Logger log = LoggerFactory.getLogger(ClientPki.class);
    private static final String ALIAS = "collector";
    /** The keystore is protected by the file's permissions (owner only), not by this password. */
    private static final char[] PASSWORD = "energymon-collector".toCharArray();

    /** What a secured connection needs. */
    record Material(KeyPair keyPair, X509Certificate certificate, String applicationUri,
                    CertificateValidator validator) {
    }

    private final Path dir;
    private final boolean acceptUnknown;
    private final String collectorId;
    private volatile Material material;

    ClientPki(Path dir, boolean acceptUnknown, String collectorId) {
        this.dir = dir;
        this.acceptUnknown = acceptUnknown;
        this.collectorId = collectorId;
    }

    Path dir() {
        return dir;
    }

    /** The certificate, key and validator; made or loaded at the first call. */
    Material material() throws Exception {
        Material m = material;
        if (m == null) {
            synchronized (this) {
                m = material;
                if (m == null) {
                    m = load();
                    material = m;
                }
            }
        }
        return m;
    }

    private Material load() throws Exception {
        Files.createDirectories(dir);
        Path file = dir.resolve(KEYSTORE);
        KeyStore ks = KeyStore.getInstance("PKCS12");
        if (Files.exists(file)) {
            try (InputStream in = Files.newInputStream(file)) {
                ks.load(in, PASSWORD);
            }
        } else {
            ks.load(null, PASSWORD);
            KeyPair pair = SelfSignedCertificateGenerator.generateRsaKeyPair(2048);
            X509Certificate cert = new SelfSignedCertificateBuilder(pair)
                    .setCommonName("energymon collector " + collectorId)
                    .setOrganization("energymon")
                    .setOrganizationalUnit("energymon")
                    .setLocalityName("Nanchang")
                    .setStateName("Jiangxi")
                    .setCountryCode("CN") // BouncyCastle refuses the empty attributes the builder defaults to
                    .setApplicationUri("urn:energymon:collector:" + collectorId)
                    .addDnsName("localhost")
                    .setValidityPeriod(java.time.Period.ofYears(10))
                    .build();
            ks.setKeyEntry(ALIAS, pair.getPrivate(), PASSWORD, new X509Certificate[] {cert});
            Path tmp = dir.resolve(KEYSTORE + ".tmp");
            try (OutputStream out = Files.newOutputStream(tmp)) {
                ks.store(out, PASSWORD);
            }
            ownerOnly(tmp);
            Files.move(tmp, file, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
            Files.write(dir.resolve(CERTIFICATE), cert.getEncoded());
            log.info("new OPC UA application instance certificate {} (thumbprint {}) in {}; give {} to the "
                    + "administrators of the servers that require it", cert.getSubjectX500Principal(),
                    thumbprint(cert), file, dir.resolve(CERTIFICATE));
        }
        X509Certificate cert = (X509Certificate) ks.getCertificate(ALIAS);
        KeyPair pair = new KeyPair(cert.getPublicKey(), (PrivateKey) ks.getKey(ALIAS, PASSWORD));
        String uri = CertificateUtil.getSanUri(cert).orElseThrow(() -> new IllegalStateException(
                file + ": the certificate has no application URI"));
        FileBasedTrustListManager trust = FileBasedTrustListManager.createAndInitialize(dir);
        var quarantine = FileBasedCertificateQuarantine.create(dir.resolve("rejected").resolve("certs"));
        CertificateValidator strict = new DefaultClientCertificateValidator(trust, quarantine);
        return new Material(pair, cert, uri, acceptUnknown ? new Lenient(strict) : strict);
    }

    private static void ownerOnly(Path file) {
        try {
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        } catch (UnsupportedOperationException | IOException e) {
            log.debug("cannot restrict the permissions of {}", file, e);
        }
    }

    static String thumbprint(X509Certificate cert) {
        try {
            return HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-1").digest(cert.getEncoded()));
        } catch (Exception e) {
            return "?";
        }
    }

    /** Accepts what the trust list refuses, loudly: commissioning only. */
    private record Lenient(CertificateValidator strict) implements CertificateValidator {
        @Override
        public void validateCertificateChain(List<X509Certificate> chain, String applicationUri, String[] hostnames) {
            try {
                strict.validateCertificateChain(chain, applicationUri, hostnames);
            } catch (UaException e) {
                X509Certificate c = chain.isEmpty() ? null : chain.get(0);
                log.warn("accepting an untrusted OPC UA server certificate {} (SHA-1 thumbprint {}) because "
                        + "energymon.collector.opcua.accept-unknown-server-certificates is on: {}",
                        c == null ? "?" : c.getSubjectX500Principal(), c == null ? "?" : thumbprint(c), e.getMessage());
            }
        }
    }
}
