package io.energymon.infra.pki;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DevPkiTest {

    static final String A = "913601001234567890";
    static final String B = "91360200MA3ABCDE1X";

    @TempDir
    Path dir;

    @Test
    void createsCaServerAndClientStores() throws Exception {
        DevPki pki = DevPki.create(dir, List.of(A, B));

        X509Certificate ca = (X509Certificate) pki.load(pki.truststore()).getCertificate(DevPki.CA_ALIAS);
        assertThat(ca.getBasicConstraints()).isGreaterThanOrEqualTo(0);
        X509Certificate pem;
        try (var in = Files.newInputStream(pki.caCertificatePem())) {
            pem = (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
        }
        assertThat(pem).isEqualTo(ca);

        KeyStore server = pki.load(pki.serverKeystore());
        X509Certificate serverCert = (X509Certificate) server.getCertificate(DevPki.SERVER_ALIAS);
        serverCert.verify(ca.getPublicKey());
        List<String> sans = serverCert.getSubjectAlternativeNames().stream().map(san -> String.valueOf(san.get(1))).toList();
        assertThat(sans).containsExactlyInAnyOrder("localhost", "127.0.0.1");
        assertThat(serverCert.getExtendedKeyUsage()).contains("1.3.6.1.5.5.7.3.1");
        assertThat(server.getKey(DevPki.SERVER_ALIAS, pki.password())).isNotNull();

        for (String code : List.of(A, B)) {
            KeyStore client = pki.load(pki.clientKeystore(code));
            Certificate[] chain = client.getCertificateChain(DevPki.CLIENT_ALIAS);
            X509Certificate leaf = (X509Certificate) chain[0];
            leaf.verify(ca.getPublicKey());
            assertThat(DevPki.commonName(leaf.getSubjectX500Principal())).isEqualTo(code);
            assertThat(leaf.getExtendedKeyUsage()).contains("1.3.6.1.5.5.7.3.2");
            assertThat(chain[1]).isEqualTo(ca);
        }
    }

    @Test
    void reusesValidFilesAndAddsNewEnterprises() throws Exception {
        DevPki first = DevPki.create(dir, List.of(A));
        byte[] ca = Files.readAllBytes(first.truststore());
        byte[] server = Files.readAllBytes(first.serverKeystore());
        byte[] clientA = Files.readAllBytes(first.clientKeystore(A));

        DevPki second = DevPki.create(dir, List.of(A, B));

        assertThat(Files.readAllBytes(second.truststore())).isEqualTo(ca);
        assertThat(Files.readAllBytes(second.serverKeystore())).isEqualTo(server);
        assertThat(Files.readAllBytes(second.clientKeystore(A))).isEqualTo(clientA);
        assertThat(second.clientKeystore(B)).exists();
    }

    @Test
    void replacesAnUnreadableCaAndReissuesEverything() throws Exception {
        DevPki first = DevPki.create(dir, List.of(A));
        byte[] clientA = Files.readAllBytes(first.clientKeystore(A));
        Files.write(dir.resolve("ca.p12"), new byte[] {1, 2, 3});

        DevPki second = DevPki.create(dir, List.of(A));

        X509Certificate ca = (X509Certificate) second.load(second.truststore()).getCertificate(DevPki.CA_ALIAS);
        X509Certificate leaf = (X509Certificate) second.load(second.clientKeystore(A))
                .getCertificate(DevPki.CLIENT_ALIAS);
        leaf.verify(ca.getPublicKey());
        assertThat(Files.readAllBytes(second.clientKeystore(A))).isNotEqualTo(clientA);
    }
}
