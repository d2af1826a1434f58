package io.energymon.infra.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

import io.energymon.infra.testing.SecretScan.Finding;
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
                .containsExactly("client secret of energymon-gateway [Zq\u2026(16 chars)]");
        assertThat(findings.toString()).doesNotContain(secret).doesNotContain(JWT);
    }

    @Test
    void aPasswordOrClientSecretWrittenAsAParameterIsFoundButNotAMaskedOneOrKafkasConfigDump() {
        String log = """
                POST /token grant_type=client_credentials&client_id=energymon-aggregator&client_secret=pR0dSecret99
                jdbc:postgresql://127.0.0.1:5432/energymon?user=energymon&password=hunter2hunter2
                request body {"username":"hongdu-admin","password":"Xy7-pass-word"}
                	ssl.key.password = null
                	sasl.jaas.config = [hidden]
                connecting with password=**** and client_secret=[PROTECTED], password=${DB_PASSWORD}
                the password is checked by Keycloak; password-policy: length(12)
                """;
        List<Finding> findings = SecretScan.text("service.log", log, Map.of());
        assertThat(findings).extracting(Finding::line, Finding::rule).containsExactly(
                tuple(1, "secret-parameter"),
                tuple(2, "secret-parameter"),
                tuple(3, "secret-parameter"));
        assertThat(findings.get(0).detail()).isEqualTo("'client_secret' with a value [p\u2026(12 chars)]");
        assertThat(findings.toString()).doesNotContain("pR0dSecret99").doesNotContain("hunter2hunter2")
                .doesNotContain("Xy7-pass-word");
    }

    @Test
    void manySecretsAreFoundWhereverTheyAreInALineAndEachOnlyOnce() {
        Map<String, String> secrets = new java.util.LinkedHashMap<>();
        for (int i = 0; i < 5000; i++) {
            secrets.put("signature #" + i, "sig" + Integer.toString(i * 7919 + 100000, 36) + "-tail-" + i);
        }
        secrets.put("same prefix, longer", secrets.get("signature #0") + "-and-more");
        String text = "x" + secrets.get("signature #4999") + "y " + secrets.get("signature #0") + "-and-more "
                + secrets.get("signature #4999") + "\nnothing here but sig-tail- and short ones\n"
                + "口令 " + secrets.get("signature #17") + " 中文\n";
        List<Finding> findings = SecretScan.text("console", text, secrets);
        assertThat(findings).extracting(Finding::line, f -> f.detail().substring(0, f.detail().lastIndexOf(" [")))
                .containsExactly(
                        tuple(1, "signature #4999"),
                        tuple(1, "signature #0"),
                        tuple(1, "same prefix, longer"),
                        tuple(3, "signature #17"));
        assertThat(findings).allMatch(f -> f.rule().equals("run-secret"));
    }

    @Test
    void aSecretIsMaskedToItsFirstCharactersAndItsLength() {
        assertThat(SecretScan.mask("Zq3v9XkP2mLr8sTw")).isEqualTo("Zq\u2026(16 chars)");
        assertThat(SecretScan.mask("abcdefghij")).isEqualTo("a\u2026(10 chars)");
        assertThat(SecretScan.mask("short")).isEqualTo("\u2026(5 chars)");
        assertThat(SecretScan.mask(JWT)).isEqualTo("eyJ\u2026(" + JWT.length() + " chars)");
    }
}
