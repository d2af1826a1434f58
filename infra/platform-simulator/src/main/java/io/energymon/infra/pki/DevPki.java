package io.energymon.infra.pki;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Collection;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;
import javax.naming.InvalidNameException;
import javax.naming.ldap.LdapName;
import javax.naming.ldap.Rdn;
import javax.security.auth.x500.X500Principal;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A development public-key infrastructure in one folder: a CA, a server certificate for {@code localhost}
 * (SAN DNS:localhost, IP:127.0.0.1) and one client certificate per enterprise (CN = the enterprise USCC), each as
 * PKCS#12, plus a PKCS#12 truststore holding the CA and the CA certificate as PEM.
 *
 * <p><b>For development and tests only.</b> Every store is protected by the same well-known password
 * ({@link #DEV_PASSWORD}) and the CA key lies next to the certificates. Production deployments use the enterprise
 * certificate issued by the platform operator and a truststore holding the platform's real CA.
 *
 * <p>Files are reused when they exist and are still valid (loadable, inside their validity period with a margin,
 * issued by the CA in the folder); anything missing or invalid is created again. Creation is guarded by a file lock
 * so that parallel JVMs sharing the folder do not interfere.
 *
 * <p>Keys are ECDSA P-256, signatures SHA256withECDSA; certificates are built with BouncyCastle bcpkix and stored
 * with the JDK's PKCS#12 key store.
 */
public final class DevPki {

    /** The one development password of every store in the folder. Development only. */
    public static final String DEV_PASSWORD = "energymon-dev-only";

    public static final String CA_ALIAS = "energymon-dev-ca";
    public static final String SERVER_ALIAS = "server";
    public static final String CLIENT_ALIAS = "client";

    private static final Logger log = LoggerFactory.getLogger(DevPki.class);
    private static final Pattern SAFE_CODE = Pattern.compile("[0-9A-Za-z]{1,64}");
    private static final Duration CA_VALIDITY = Duration.ofDays(3650);
    private static final Duration LEAF_VALIDITY = Duration.ofDays(825);
    /** A certificate that expires within this margin is renewed. */
    private static final Duration RENEW_MARGIN = Duration.ofDays(7);
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Object JVM_LOCK = new Object();

    private final Path dir;
    private final Map<String, Path> clientKeystores;

    private DevPki(Path dir, Map<String, Path> clientKeystores) {
        this.dir = dir;
        this.clientKeystores = Map.copyOf(clientKeystores);
    }

    /**
     * Creates (or reuses) the PKI in {@code dir} with one client certificate per enterprise code.
     *
     * @param dir             folder, created when missing
     * @param enterpriseCodes USCCs; each becomes the CN of one client certificate
     */
    public static DevPki create(Path dir, Collection<String> enterpriseCodes) {
        Objects.requireNonNull(dir, "dir");
        for (String code : enterpriseCodes) {
            if (code == null || !SAFE_CODE.matcher(code).matches()) {
                throw new IllegalArgumentException("enterprise code must be 1..64 letters or digits: " + code);
            }
        }
        Path absolute = dir.toAbsolutePath().normalize();
        synchronized (JVM_LOCK) {
            try {
                Files.createDirectories(absolute);
                try (FileChannel channel = FileChannel.open(absolute.resolve(".lock"),
                        StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                     FileLock ignored = channel.lock()) {
                    return new Builder(absolute).build(enterpriseCodes);
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot create the development PKI in " + absolute, e);
            } catch (GeneralSecurityException | OperatorCreationException e) {
                throw new IllegalStateException("cannot create the development PKI in " + absolute, e);
            }
        }
    }

    /** The folder holding all files. */
    public Path directory() {
        return dir;
    }

    /** PKCS#12 truststore holding the CA certificate (alias {@value #CA_ALIAS}). */
    public Path truststore() {
        return dir.resolve("truststore.p12");
    }

    /** PKCS#12 key store of the server (alias {@value #SERVER_ALIAS}, chain server + CA). */
    public Path serverKeystore() {
        return dir.resolve("server.p12");
    }

    /** PKCS#12 key store of one enterprise (alias {@value #CLIENT_ALIAS}, chain client + CA). */
    public Path clientKeystore(String uscc) {
        Path path = clientKeystores.get(uscc);
        if (path == null) {
            throw new IllegalArgumentException("no client certificate was created for enterprise " + uscc);
        }
        return path;
    }

    /** The enterprise codes that have a client certificate. */
    public Collection<String> enterpriseCodes() {
        return clientKeystores.keySet();
    }

    /** The development password of every store (a fresh copy each call). Development only. */
    public char[] password() {
        return DEV_PASSWORD.toCharArray();
    }

    /** The CA certificate in PEM form. */
    public Path caCertificatePem() {
        return dir.resolve("ca.pem");
    }

    /** Loads one of the PKCS#12 files of this PKI. */
    public KeyStore load(Path pkcs12) {
        try {
            return loadStore(pkcs12);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public String toString() {
        return "DevPki[" + dir + ", enterprises=" + clientKeystores.keySet() + "]";
    }

    static String clientFileName(String uscc) {
        return "client-" + uscc + ".p12";
    }

    private static KeyStore loadStore(Path file) throws IOException, GeneralSecurityException {
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(file)) {
            store.load(in, DEV_PASSWORD.toCharArray());
        }
        return store;
    }

    private static void saveStore(KeyStore store, Path file) throws IOException, GeneralSecurityException {
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        try (OutputStream out = Files.newOutputStream(tmp)) {
            store.store(out, DEV_PASSWORD.toCharArray());
        }
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    /** Reads the CN of a principal, or null. */
    public static String commonName(X500Principal principal) {
        try {
            for (Rdn rdn : new LdapName(principal.getName()).getRdns()) {
                if ("CN".equalsIgnoreCase(rdn.getType())) {
                    return rdn.getValue().toString();
                }
            }
            return null;
        } catch (InvalidNameException e) {
            return null;
        }
    }

    /** Does the work while the lock is held. */
    private static final class Builder {
        private final Path dir;
        private PrivateKey caKey;
        private X509Certificate caCert;

        Builder(Path dir) {
            this.dir = dir;
        }

        DevPki build(Collection<String> enterpriseCodes)
                throws IOException, GeneralSecurityException, OperatorCreationException {
            boolean caReused = loadCa();
            if (!caReused) {
                createCa();
            }
            Path server = dir.resolve("server.p12");
            if (!caReused || !leafValid(server, SERVER_ALIAS, "localhost")) {
                KeyPair pair = newKeyPair();
                X509Certificate cert = issueLeaf(pair, "localhost", true);
                saveLeaf(server, SERVER_ALIAS, pair.getPrivate(), cert);
                log.info("Development PKI: issued the server certificate for localhost in {}", dir);
            }
            Map<String, Path> clients = new LinkedHashMap<>();
            for (String code : enterpriseCodes) {
                Path file = dir.resolve(clientFileName(code));
                if (!caReused || !leafValid(file, CLIENT_ALIAS, code)) {
                    KeyPair pair = newKeyPair();
                    X509Certificate cert = issueLeaf(pair, code, false);
                    saveLeaf(file, CLIENT_ALIAS, pair.getPrivate(), cert);
                    log.info("Development PKI: issued the client certificate CN={} in {}", code, dir);
                }
                clients.put(code, file);
            }
            return new DevPki(dir, clients);
        }

        private boolean loadCa() {
            Path caStore = dir.resolve("ca.p12");
            Path trust = dir.resolve("truststore.p12");
            Path pem = dir.resolve("ca.pem");
            if (!Files.isRegularFile(caStore) || !Files.isRegularFile(trust) || !Files.isRegularFile(pem)) {
                return false;
            }
            try {
                KeyStore store = loadStore(caStore);
                X509Certificate cert = (X509Certificate) store.getCertificate(CA_ALIAS);
                PrivateKey key = (PrivateKey) store.getKey(CA_ALIAS, DEV_PASSWORD.toCharArray());
                if (cert == null || key == null || !stillValid(cert)) {
                    return false;
                }
                cert.verify(cert.getPublicKey());
                Certificate trusted = loadStore(trust).getCertificate(CA_ALIAS);
                if (!cert.equals(trusted)) {
                    return false;
                }
                caKey = key;
                caCert = cert;
                return true;
            } catch (IOException | GeneralSecurityException | RuntimeException e) {
                log.info("Development PKI in {}: existing CA unusable ({}), creating a new one", dir, e.toString());
                return false;
            }
        }

        private boolean leafValid(Path file, String alias, String expectedCn) {
            if (!Files.isRegularFile(file)) {
                return false;
            }
            try {
                KeyStore store = loadStore(file);
                X509Certificate cert = (X509Certificate) store.getCertificate(alias);
                if (cert == null || store.getKey(alias, DEV_PASSWORD.toCharArray()) == null || !stillValid(cert)) {
                    return false;
                }
                cert.verify(caCert.getPublicKey());
                return expectedCn.equals(commonName(cert.getSubjectX500Principal()));
            } catch (IOException | GeneralSecurityException | RuntimeException e) {
                return false;
            }
        }

        private static boolean stillValid(X509Certificate cert) {
            try {
                cert.checkValidity(Date.from(Instant.now().plus(RENEW_MARGIN)));
                cert.checkValidity();
                return true;
            } catch (GeneralSecurityException e) {
                return false;
            }
        }

        private void createCa() throws IOException, GeneralSecurityException, OperatorCreationException {
            KeyPair pair = newKeyPair();
            X500Name name = new X500Name("CN=energymon development CA (not for production),O=energymon");
            Instant now = Instant.now();
            JcaX509ExtensionUtils utils = new JcaX509ExtensionUtils();
            X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(name, serial(),
                    Date.from(now.minus(Duration.ofHours(1))), Date.from(now.plus(CA_VALIDITY)), name,
                    pair.getPublic())
                    .addExtension(Extension.basicConstraints, true, new BasicConstraints(0))
                    .addExtension(Extension.keyUsage, true,
                            new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign | KeyUsage.digitalSignature))
                    .addExtension(Extension.subjectKeyIdentifier, false,
                            utils.createSubjectKeyIdentifier(pair.getPublic()));
            caCert = sign(builder, pair.getPrivate());
            caKey = pair.getPrivate();

            KeyStore caStore = KeyStore.getInstance("PKCS12");
            caStore.load(null, null);
            caStore.setKeyEntry(CA_ALIAS, caKey, DEV_PASSWORD.toCharArray(), new Certificate[] {caCert});
            saveStore(caStore, dir.resolve("ca.p12"));

            KeyStore trust = KeyStore.getInstance("PKCS12");
            trust.load(null, null);
            trust.setCertificateEntry(CA_ALIAS, caCert);
            saveStore(trust, dir.resolve("truststore.p12"));

            String pem = "-----BEGIN CERTIFICATE-----\n"
                    + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                    .encodeToString(caCert.getEncoded())
                    + "\n-----END CERTIFICATE-----\n";
            Files.writeString(dir.resolve("ca.pem"), pem, StandardCharsets.US_ASCII);
            log.info("Development PKI: created a new CA in {}", dir);
        }

        private X509Certificate issueLeaf(KeyPair pair, String cn, boolean server)
                throws GeneralSecurityException, OperatorCreationException, IOException {
            Instant now = Instant.now();
            X500Name subject = server
                    ? new X500Name("CN=" + cn + ",O=energymon development")
                    : new X500Name("CN=" + cn + ",O=energymon development enterprise");
            JcaX509ExtensionUtils utils = new JcaX509ExtensionUtils();
            X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(caCert, serial(),
                    Date.from(now.minus(Duration.ofHours(1))), Date.from(now.plus(LEAF_VALIDITY)), subject,
                    pair.getPublic())
                    .addExtension(Extension.basicConstraints, true, new BasicConstraints(false))
                    .addExtension(Extension.keyUsage, true,
                            new KeyUsage(KeyUsage.digitalSignature | KeyUsage.keyAgreement))
                    .addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(
                            server ? KeyPurposeId.id_kp_serverAuth : KeyPurposeId.id_kp_clientAuth))
                    .addExtension(Extension.subjectKeyIdentifier, false,
                            utils.createSubjectKeyIdentifier(pair.getPublic()))
                    .addExtension(Extension.authorityKeyIdentifier, false,
                            utils.createAuthorityKeyIdentifier(caCert));
            if (server) {
                builder.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(new GeneralName[] {
                        new GeneralName(GeneralName.dNSName, "localhost"),
                        new GeneralName(GeneralName.iPAddress, "127.0.0.1")}));
            }
            return sign(builder, caKey);
        }

        private void saveLeaf(Path file, String alias, PrivateKey key, X509Certificate cert)
                throws IOException, GeneralSecurityException {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            store.setKeyEntry(alias, key, DEV_PASSWORD.toCharArray(), new Certificate[] {cert, caCert});
            saveStore(store, file);
        }

        private static X509Certificate sign(X509v3CertificateBuilder builder, PrivateKey key)
                throws OperatorCreationException, GeneralSecurityException {
            return new JcaX509CertificateConverter()
                    .getCertificate(builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(key)));
        }

        private static KeyPair newKeyPair() throws GeneralSecurityException {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"), RANDOM);
            return generator.generateKeyPair();
        }

        private static BigInteger serial() {
            return new BigInteger(63, RANDOM).add(BigInteger.ONE);
        }
    }

    /** Convenience for tests: all enterprise codes given as varargs. */
    public static DevPki create(Path dir, String... enterpriseCodes) {
        return create(dir, List.of(enterpriseCodes));
    }
}
