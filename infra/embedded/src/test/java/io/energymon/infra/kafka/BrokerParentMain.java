package io.energymon.infra.kafka;

import java.nio.file.Files;
import java.nio.file.Path;

/** Test helper run in its own JVM: starts a broker, reports its pid, then waits to be killed. */
public final class BrokerParentMain {

    private BrokerParentMain() {
    }

    public static void main(String[] args) throws Exception {
        Path report = Path.of(args[0]);
        KafkaBroker broker = KafkaBroker.start(null, 0);
        Path tmp = report.resolveSibling(report.getFileName() + ".tmp");
        Files.writeString(tmp, broker.pid() + " " + broker.port());
        Files.move(tmp, report);
        Thread.sleep(Long.MAX_VALUE); // killed by the test with SIGKILL
    }
}
