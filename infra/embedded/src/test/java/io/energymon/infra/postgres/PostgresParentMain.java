package io.energymon.infra.postgres;

import java.nio.file.Files;
import java.nio.file.Path;

/** Test helper run in its own JVM: starts PostgreSQL, reports the postmaster pid and port, then waits to be killed. */
public final class PostgresParentMain {

    private PostgresParentMain() {
    }

    public static void main(String[] args) throws Exception {
        Path report = Path.of(args[0]);
        EmbeddedPostgresServer pg = EmbeddedPostgresServer.start(null, 0);
        Path tmp = report.resolveSibling(report.getFileName() + ".tmp");
        Files.writeString(tmp, pg.postmasterPid() + " " + pg.port());
        Files.move(tmp, report);
        Thread.sleep(Long.MAX_VALUE); // killed by the test with SIGKILL
    }
}
