package io.energymon.uploader.platform.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.energymon.infra.pki.DevPki;
import io.energymon.infra.platformsim.PlatformSimulator;
import io.energymon.uploader.platform.EnterpriseIdentity;
import io.energymon.uploader.platform.PlatformTransportException;
import io.energymon.uploader.platform.national.NationalDialect;
import io.energymon.uploader.platform.national.NationalDialectSettings;
import java.net.URI;
import java.nio.file.Path;
import java.net.SocketException;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertificateException;
import java.util.List;
import java.util.Map;
import javax.net.ssl.SSLException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Certificates on both sides: only the enterprise's certificate from the platform CA gets through. */
class MutualTlsTest {

    static final String A = "91360100123456788W";
    static final EnterpriseIdentity ENTERPRISE_A = new EnterpriseIdentity("tenant-1", A, "360100");
    static final List<String> PROTOCOLS = Pkcs12TlsContextProvider.DEFAULT_PROTOCOLS;

    @TempDir
    static Path dir;
    static DevPki pki;
    /** Another CA issuing a certificate with the same CN. */
    static DevPki rogue;
    static PlatformSimulator sim;

    @BeforeAll
    static void start() {
        pki = DevPki.create(dir.resolve("platform"), List.of(A));
        rogue = DevPki.create(dir.resolve("rogue"), List.of(A));
        sim = PlatformSimulator.start(PlatformSimulator.Config.defaults(pki, Map.of(A, "360100")));
    }

    @AfterAll
    static void stop() {
        sim.close();
    }

    private static PlatformTransportException registerFails(TlsContextProvider tls, URI url) {
        try (NationalDialect dialect = new NationalDialect(NationalDialectSettings.defaults(), tls)) {
            Throwable thrown = org.assertj.core.api.Assertions.catchThrowable(() -> dialect.register(ENTERPRISE_A,
                    url));
            assertThat(thrown).isInstanceOf(PlatformTransportException.class);
            assertThat(((PlatformTransportException) thrown).retryable()).isTrue();
            return (PlatformTransportException) thrown;
        }
    }

    private static boolean causedBy(Throwable t, Class<? extends Throwable> type) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (type.isInstance(c)) {
                return true;
            }
        }
        return false;
    }

    @Test
    void theEnterpriseCertificateGetsThrough() {
        try (NationalDialect dialect = new NationalDialect(NationalDialectSettings.defaults(),
                new Pkcs12TlsContextProvider(pki.clientKeystore(A), pki.password(), pki.truststore(),
                        pki.password(), PROTOCOLS))) {
            assertThat(dialect.register(ENTERPRISE_A, sim.registerUrl()).deviceId()).matches("[0-9a-f]{32}");
        }
    }

    @Test
    void clientWithoutCertificateCannotConnect() {
        PlatformTransportException e = registerFails(
                Pkcs12TlsContextProvider.trustOnly(pki.truststore(), pki.password(), PROTOCOLS), sim.registerUrl());
        // the server aborts the handshake (alert certificate_required); a reset is the same refusal seen later
        assertThat(causedBy(e, SSLException.class) || causedBy(e, SocketException.class)).as("%s", e).isTrue();
    }

    @Test
    void clientCertificateFromAnotherCaCannotConnect() {
        PlatformTransportException e = registerFails(new Pkcs12TlsContextProvider(rogue.clientKeystore(A),
                rogue.password(), pki.truststore(), pki.password(), PROTOCOLS), sim.registerUrl());
        // the server aborts the handshake (alert certificate_unknown); a reset is the same refusal seen later
        assertThat(causedBy(e, SSLException.class) || causedBy(e, SocketException.class)).as("%s", e).isTrue();
    }

    @Test
    void serverCertificateNotInTheTruststoreIsRefused() {
        PlatformTransportException e = registerFails(new Pkcs12TlsContextProvider(pki.clientKeystore(A),
                pki.password(), rogue.truststore(), rogue.password(), PROTOCOLS), sim.registerUrl());
        // decided on the client: the server's chain does not validate against the explicit truststore
        assertThat(causedBy(e, CertPathValidatorException.class)).as("PKIX failure in %s", e).isTrue();
    }

    @Test
    void hostNameOutsideTheServerCertificateIsRefused() {
        try (PlatformSimulator wildcard = PlatformSimulator.start(
                new PlatformSimulator.Config("0.0.0.0", 0, 0, pki, Map.of(A, "360100"), null, true, null))) {
            int port = wildcard.httpsPort();
            TlsContextProvider tls = new Pkcs12TlsContextProvider(pki.clientKeystore(A), pki.password(),
                    pki.truststore(), pki.password(), PROTOCOLS);
            try (NationalDialect dialect = new NationalDialect(NationalDialectSettings.defaults(), tls)) {
                // positive control: 127.0.0.1 is in the certificate's SAN
                assertThat(dialect.register(ENTERPRISE_A, URI.create("https://127.0.0.1:" + port + "/nhjc/register"))
                        .deviceId()).isNotBlank();
            }
            // 127.0.0.2 reaches the same listener on Linux loopback but is not in the certificate
            PlatformTransportException e = registerFails(tls,
                    URI.create("https://127.0.0.2:" + port + "/nhjc/register"));
            assertThat(causedBy(e, CertificateException.class)).as("hostname failure in %s", e).isTrue();
        }
    }

    @Test
    void providerRefusesStoresWithoutKeyOrTrustAndHidesPasswords() {
        assertThatThrownBy(() -> new Pkcs12TlsContextProvider(pki.truststore(), pki.password(), pki.truststore(),
                pki.password(), PROTOCOLS)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("no private key");
        assertThatThrownBy(() -> new Pkcs12TlsContextProvider(pki.clientKeystore(A), "wrong".toCharArray(),
                pki.truststore(), pki.password(), PROTOCOLS)).hasMessageNotContaining("wrong");
        Pkcs12TlsContextProvider ok = new Pkcs12TlsContextProvider(pki.clientKeystore(A), pki.password(),
                pki.truststore(), pki.password(), PROTOCOLS);
        assertThat(ok.toString()).doesNotContain(new String(pki.password()));
        assertThat(ok.sslParameters().getEndpointIdentificationAlgorithm()).isEqualTo("HTTPS");
        assertThat(ok.sslParameters().getProtocols()).containsExactly("TLSv1.3", "TLSv1.2");
    }
}
