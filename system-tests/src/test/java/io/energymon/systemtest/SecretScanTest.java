package io.energymon.systemtest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

import io.energymon.systemtest.SecretScan.Finding;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The rules of {@link SecretScan} on planted files: what it must find, and what it must let pass. */
class SecretScanTest {

    private static final String JWT = "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJob25nZHUtYWRtaW4ifQ.c2lnbmF0dXJlLXNpZ25hdHVyZQ";

    @Test
    void aSecretInClearIsFoundWithItsLineAndRule() {
        String yaml = """
                spring:
                  datasource:
                    password: hunter2-in-clear
                    username: postgres
                gateway:
                  client-secret: "s3cr3t-value"
                  config: {"energymon.uploader.platforms[0].truststore-password": changeit}
                db:
                  password: ${DB_PASSWORD:postgres}
                # Authorization: Bearer %s
                """.formatted(JWT);
        List<Finding> findings = SecretScan.configFile("app.yml", yaml);

        assertThat(findings).extracting(Finding::line, Finding::rule).containsExactlyInAnyOrder(
                tuple(3, "secret-in-clear"),
                tuple(6, "secret-in-clear"),
                tuple(7, "secret-in-clear"),
                tuple(9, "secret-in-clear"),
                tuple(10, "jwt"),
                tuple(10, "bearer-token"));
        assertThat(findings).allMatch(f -> f.file().equals("app.yml"));
        assertThat(findings.get(0).detail()).contains("'password'").doesNotContain("hunter2");
        assertThat(findings.toString()).doesNotContain("s3cr3t-value").doesNotContain("changeit");

        assertThat(SecretScan.configFile("a.properties", "uploader.secrets.api-key=AKIA1234\n# fine: a comment\n"))
                .extracting(Finding::line, Finding::rule)
                .containsExactly(tuple(1, "secret-in-clear"));
        assertThat(SecretScan.configFile("realm.json", """
                  "credentials": [
                    {
                      "type": "password",
                      "value": "dev-password-1"
                    }
                  ],
                  "secret": "8f2c1b0e"
                """)).extracting(Finding::line, Finding::rule).containsExactly(
                tuple(4, "credential-in-clear"),
                tuple(7, "secret-in-clear"));
        assertThat(SecretScan.configFile("values.yaml", "tls:\n  key: |\n    -----BEGIN EC PRIVATE KEY-----\n"))
                .extracting(Finding::line, Finding::rule)
                .containsExactly(tuple(3, "private-key"));
    }

    @Test
    void placeholdersReferencesAndAllowedNamesPass() {
        String yaml = """
                spring:
                  datasource:
                    password: ${DB_PASSWORD:}
                    other-password: ${DB_PASSWORD}
                  kafka:
                    producer:
                      key-serializer: org.apache.kafka.common.serialization.StringSerializer
                gateway:
                  client-secret: ${ENERGYMON_GATEWAY_CLIENT_SECRET:}
                  filters:
                    - TokenRelay=
                env:
                  - name: DB_PASSWORD
                    valueFrom: {secretKeyRef: {name: {{ $db.existingSecret }}, key: password}}
                  - name: ENERGYMON_GATEWAY_CLIENT_SECRET
                    value: {{ .Values.secret | quote }}
                postgres:
                  existingSecret: energymon-aggregator-db   # keys: username, password
                config: {"energymon.uploader.secrets.key-file": /credentials/uploader-secrets.key}
                volume: {secret: {secretName: energymon-uploader-credentials, optional: true}}
                  # secret: from the environment only
                  generate-key: false
                """;
        assertThat(SecretScan.configFile("values.yaml", yaml)).isEmpty();
        assertThat(SecretScan.configFile("realm.json", """
                  "resetPasswordAllowed": false,
                  "accessTokenLifespan": 300,
                  "clientAuthenticatorType": "client-secret",
                  "secret": "{{secret:energymon-gateway}}",
                  "credentials": [
                    {
                      "type": "password",
                      "value": "{{password:hongdu-admin}}"
                    }
                  ],
                  "access.token.claim": "true"
                """)).isEmpty();
        assertThat(SecretScan.configFile("k.properties", "keystore-password=@keystore.password@\n"
                + "password=<the database password>\n")).isEmpty();
    }

    @Test
    void aLogHoldingARunSecretATokenOrABearerHeaderIsFoundWithoutRepeatingTheSecret(@TempDir Path dir)
            throws IOException {
        String secret = "Zq3v9XkP2mLr8sTw";
        Path service = Files.createDirectories(dir.resolve("logs")).resolve("portal-service.log");
        Files.writeString(service, "12:00:01 INFO started\n12:00:02 DEBUG sending Authorization: Bearer " + JWT
                + "\n12:00:03 INFO client secret is " + secret + "\n");
        Path keycloak = Files.createDirectories(dir.resolve("keycloak")).resolve("keycloak.log");
        Files.writeString(keycloak, "Keycloak started\nUsing generated security password: 1b2c\n");
        Path clean = dir.resolve("logs").resolve("gateway.log");
        Files.writeString(clean, "the user hongdu-admin logged in\n"
                + "401 WWW-Authenticate: Bearer resource_metadata=\"http://127.0.0.1/.well-known/oauth\"\n");
        Path segment = Files.createDirectories(dir.resolve("kafka/data/readings.v1-0"))
                .resolve("00000000000000000000.log");
        Files.writeString(segment, secret);

        List<Path> files = SecretScan.logFiles(dir);
        assertThat(files).containsExactlyInAnyOrder(service, keycloak, clean);

        List<Finding> findings = SecretScan.logs(files, Map.of("client secret of energymon-gateway", secret,
                "too short to look for", "abc"));
        assertThat(findings).extracting(f -> Path.of(f.file()).getFileName().toString(), Finding::line, Finding::rule)
                .containsExactlyInAnyOrder(
                        tuple("portal-service.log", 2, "jwt"),
                        tuple("portal-service.log", 2, "bearer-token"),
                        tuple("portal-service.log", 3, "run-secret"),
                        tuple("keycloak.log", 2, "generated-password"));
        assertThat(findings).filteredOn(f -> f.rule().equals("run-secret")).extracting(Finding::detail)
                .containsExactly("client secret of energymon-gateway");
        assertThat(findings.toString()).doesNotContain(secret).doesNotContain(JWT);
    }
}
