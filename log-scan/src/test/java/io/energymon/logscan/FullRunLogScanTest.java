package io.energymon.logscan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import io.energymon.infra.testing.SecretRegistry;
import io.energymon.infra.testing.SecretScan;
import io.energymon.logscan.RunOutputs.Output;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Issue #11, done when "a log scan of a full test run finds no secret": this module is the last of the build
 * ({@code bin/test} = {@code ./mvnw -B verify}), and its test scans what every other module's tests wrote in this
 * build ({@link RunOutputs}: surefire reports and outputs, every log under {@code target/}) for every secret the test
 * JVMs registered ({@link SecretRegistry}: Keycloak client secrets and passwords, token signatures, signing keys, the
 * platform simulators' secretKeys and tokens, uploader keys, the dev stacks' secrets) and for any JWT, bearer token,
 * PEM private key, Spring-generated password or password / client secret written as a parameter
 * ({@link SecretScan#logs(java.util.Collection, List)}).
 *
 * <p>"This build": files written since the build started ({@code energymon.build.started}, Maven's build timestamp).
 * Run alone ({@code bin/test -pl log-scan}) no other module wrote anything in this build, and the test fails saying
 * there is nothing to scan rather than passing on nothing; {@code -Denergymon.log-scan.earlier-outputs=true} scans the
 * outputs already there, whenever written (e.g. after {@code bin/test -pl gateway,infra/keycloak}). Modules run
 * together with it ({@code bin/test -pl gateway,log-scan}) are scanned as a full run is.
 */
class FullRunLogScanTest {

    private static final Path ROOT = Path.of(System.getProperty("energymon.root", "..")).toAbsolutePath().normalize();
    private static final String SELF = "log-scan";
    /**
     * Modules whose tests always make secrets (Keycloak's, TestIdentityProvider's): when they ran, their registry must
     * hold some, else the registration is broken and the scan would look for nothing.
     */
    private static final List<String> ALWAYS_REGISTER = List.of("infra/keycloak", "libs/security");

    @Test
    void noOutputOfTheTestRunHoldsASecret() {
        boolean earlier = Boolean.getBoolean("energymon.log-scan.earlier-outputs");
        Instant since = earlier ? null : buildStart();
        RunOutputs outputs = RunOutputs.collect(ROOT, SELF, since);

        if (outputs.ran().isEmpty()) {
            fail("nothing to scan: no module under " + ROOT + " wrote a test report " + (since == null ? "at all"
                    : "in this build (since " + since + ")") + ". The scan belongs at the end of a test run: bin/test "
                    + "(all modules), or bin/test -pl <modules>,log-scan; to scan the outputs of earlier runs: "
                    + "bin/test -pl log-scan -Denergymon.log-scan.earlier-outputs=true");
        }
        // the scan sees data from every module that ran (else an empty result would prove nothing)
        for (String module : outputs.ran()) {
            assertThat(outputs.count(module)).as("files scanned of %s", module).isPositive();
            assertThat(outputs.bytes(module)).as("bytes scanned of %s", module).isPositive();
        }
        List<SecretRegistry.Secret> secrets = SecretRegistry.read(outputs.registries());
        for (String module : ALWAYS_REGISTER) {
            if (outputs.ran().contains(module)) {
                assertThat(outputs.registries()).as("secret registry of %s", module)
                        .anyMatch(r -> ROOT.relativize(r).toString().replace('\\', '/').startsWith(module + "/target/"));
            }
        }
        System.out.printf("log scan: %d file(s), %d bytes, %d registered secret(s) from %d registry file(s)%n",
                outputs.files().size(), outputs.bytes(), secrets.size(), outputs.registries().size());
        for (String module : outputs.modules()) {
            System.out.printf("  %-22s %s%5d file(s) %,14d bytes%n", module,
                    outputs.ran().contains(module) ? "tests ran " : "no tests  ", outputs.count(module),
                    outputs.bytes(module));
        }

        List<SecretScan.Finding> findings = SecretScan.logs(outputs.files().stream().map(Output::file).toList(), secrets)
                .stream().map(f -> new SecretScan.Finding(ROOT.relativize(Path.of(f.file())).toString(), f.line(),
                        f.rule(), f.detail())).toList();
        assertThat(findings).as("secrets in the outputs of the test run (file:line [rule] what, masked)").isEmpty();
    }

    private static Instant buildStart() {
        String started = System.getProperty("energymon.build.started");
        if (started == null || started.isBlank() || started.startsWith("$")) {
            fail("energymon.build.started is not set: run the scan through Maven (bin/test), which passes the build's "
                    + "start time, or with -Denergymon.log-scan.earlier-outputs=true");
        }
        return Instant.parse(started);
    }
}
