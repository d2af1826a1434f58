package io.energymon.collector.opcua;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.energymon.domain.config.DeviceConfig;
import io.energymon.domain.config.Protocol;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import org.eclipse.milo.opcua.stack.core.security.SecurityPolicy;
import org.eclipse.milo.opcua.stack.core.types.enumerated.MessageSecurityMode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A device's OPC UA settings and their defaults, and the collector's certificate made once and kept. */
class OpcUaSettingsTest {
    @TempDir
    Path dir;

    private static DeviceConfig device(String endpoint, String user, String ref, String policy, String mode) {
        return new DeviceConfig("dcs", "c1", Protocol.OPC_UA, null, null, null, endpoint, user, ref,
                Duration.ofSeconds(2), null, null, null, null, null, policy, mode, null);
    }

    @Test
    void securityDefaultsToNoneAndASecuredPolicyToSignAndEncrypt() {
        String url = "opc.tcp://10.0.0.5:4840/dcs";
        assertThat(OpcUaSecurity.of(device(url, null, null, null, null)))
                .isEqualTo(new OpcUaSecurity(SecurityPolicy.None, MessageSecurityMode.None));
        assertThat(OpcUaSecurity.of(device(url, null, null, "basic256sha256", null)))
                .isEqualTo(new OpcUaSecurity(SecurityPolicy.Basic256Sha256, MessageSecurityMode.SignAndEncrypt));
        assertThat(OpcUaSecurity.of(device(url, null, null, "Basic256Sha256", "Sign")))
                .isEqualTo(new OpcUaSecurity(SecurityPolicy.Basic256Sha256, MessageSecurityMode.Sign));
        assertThatThrownBy(() -> OpcUaSecurity.of(device(url, null, null, "None", "Sign")))
                .hasMessageContaining("securityMode Sign does not go with securityPolicy None");
    }

    @Test
    void aDeviceWithoutUsableEndpointOrWithAUserButNoSecretIsMisconfigured() {
        assertThat(OpcUaConnector.deviceProblem(device("opc.tcp://10.0.0.5:4840", null, null, null, null))).isNull();
        assertThat(OpcUaConnector.deviceProblem(device(null, null, null, null, null)))
                .isEqualTo("设备 dcs 配置错误 / device dcs misconfigured: no endpoint (opc.tcp://host:port/path)");
        assertThat(OpcUaConnector.deviceProblem(device("http://10.0.0.5/dcs", null, null, null, null)))
                .endsWith("endpoint http://10.0.0.5/dcs is not an opc.tcp://host:port/path URL");
        assertThat(OpcUaConnector.deviceProblem(device("opc.tcp://10.0.0.5:4840", "reader", null, null, null)))
                .endsWith("username reader is set but credentialRef (the secret holding its password) is not");
    }

    @Test
    void makesTheCertificateOnceAndKeepsItForTheNextStart() throws Exception {
        Path pki = dir.resolve("pki");
        ClientPki.Material first = new ClientPki(pki, false, "collector-7").material();

        assertThat(first.applicationUri()).isEqualTo("urn:energymon:collector:collector-7");
        assertThat(Files.readAllBytes(pki.resolve(ClientPki.CERTIFICATE))).isEqualTo(first.certificate().getEncoded());
        assertThat(Files.getPosixFilePermissions(pki.resolve(ClientPki.KEYSTORE)))
                .isEqualTo(PosixFilePermissions.fromString("rw-------"));
        assertThat(pki.resolve("trusted").resolve("certs")).isDirectory();

        ClientPki.Material again = new ClientPki(pki, false, "renamed-collector").material();
        assertThat(again.certificate()).isEqualTo(first.certificate());
        assertThat(again.keyPair().getPrivate()).isEqualTo(first.keyPair().getPrivate());
        assertThat(again.applicationUri()).isEqualTo("urn:energymon:collector:collector-7");
    }
}
