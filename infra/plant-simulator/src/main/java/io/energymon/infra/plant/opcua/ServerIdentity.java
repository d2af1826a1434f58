package io.energymon.infra.plant.opcua;

import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.util.UUID;
import org.eclipse.milo.opcua.stack.core.util.SelfSignedCertificateBuilder;
import org.eclipse.milo.opcua.stack.core.util.SelfSignedCertificateGenerator;

/**
 * The application instance certificate of a simulated OPC UA server and its key. Kept by the caller so that a server
 * restarted on the same port keeps the certificate its clients trust.
 *
 * @param applicationUri the URI in the certificate, which the server announces as its application URI
 */
public record ServerIdentity(KeyPair keyPair, X509Certificate certificate, String applicationUri) {

    /** A new self-signed RSA 2048 / SHA-256 certificate for {@code localhost}, {@code 127.0.0.1} and {@code hostname}. */
    public static ServerIdentity generate(String hostname) {
        try {
            KeyPair keyPair = SelfSignedCertificateGenerator.generateRsaKeyPair(2048);
            String uri = PlantNamespace.URI + ":" + UUID.randomUUID();
            SelfSignedCertificateBuilder b = new SelfSignedCertificateBuilder(keyPair)
                    .setCommonName("energymon plant simulator")
                    .setOrganization("energymon")
                    .setOrganizationalUnit("energymon")
                    .setLocalityName("Nanchang")
                    .setStateName("Jiangxi")
                    .setCountryCode("CN") // BouncyCastle refuses the empty attributes the builder defaults to
                    .setApplicationUri(uri)
                    .addDnsName("localhost")
                    .addIpAddress("127.0.0.1");
            if (hostname != null && !hostname.equals("localhost") && !hostname.equals("127.0.0.1")) {
                if (hostname.chars().allMatch(c -> c == '.' || Character.isDigit(c))) {
                    b.addIpAddress(hostname);
                } else {
                    b.addDnsName(hostname);
                }
            }
            return new ServerIdentity(keyPair, b.build(), uri);
        } catch (Exception e) {
            throw new IllegalStateException("无法生成证书 / cannot generate the simulator's certificate", e);
        }
    }
}
