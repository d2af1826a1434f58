package io.energymon.infra.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EmbeddedPostgresServerTest {

    @Test
    void startsAcceptsConnectionsCreatesDatabasesAndFreesThePortOnClose() throws Exception {
        EmbeddedPostgresServer pg = EmbeddedPostgresServer.start(null, 0);
        int port = pg.port();
        try {
            assertThat(port).isPositive();
            assertThat(pg.jdbcUrl("postgres")).isEqualTo("jdbc:postgresql://localhost:" + port + "/postgres");
            try (Connection c = DriverManager.getConnection(pg.jdbcUrl("postgres"), pg.username(), pg.password());
                 Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery("SHOW server_version_num")) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getInt(1)).isBetween(170000, 179999);
            }

            pg.createDatabase("alpha_db");
            pg.createDatabase("alpha_db"); // idempotent
            try (Connection c = DriverManager.getConnection(pg.jdbcUrl("alpha_db"), pg.username(), pg.password());
                 Statement s = c.createStatement()) {
                s.execute("CREATE TABLE t (v int)");
                s.execute("INSERT INTO t VALUES (42)");
                try (ResultSet rs = s.executeQuery("SELECT current_database(), v FROM t")) {
                    assertThat(rs.next()).isTrue();
                    assertThat(rs.getString(1)).isEqualTo("alpha_db");
                    assertThat(rs.getInt(2)).isEqualTo(42);
                }
            }
            assertThatThrownBy(() -> pg.createDatabase("Bad-Name; DROP")).isInstanceOf(IllegalArgumentException.class);
        } finally {
            pg.close();
        }
        Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> canBind(port));
        assertThat(canBind(port)).isTrue();
    }

    @Test
    void reusesAnExistingDataDirectory(@TempDir Path tmp) throws Exception {
        Path dataDir = tmp.resolve("pgdata");
        try (EmbeddedPostgresServer pg = EmbeddedPostgresServer.start(dataDir, 0)) {
            pg.createDatabase("kept_db");
        }
        assertThat(Files.exists(dataDir.resolve("PG_VERSION"))).isTrue();
        try (EmbeddedPostgresServer pg = EmbeddedPostgresServer.start(dataDir, 0);
             Connection c = DriverManager.getConnection(pg.jdbcUrl("kept_db"), pg.username(), pg.password());
             Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT current_database()")) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getString(1)).isEqualTo("kept_db");
        }
    }

    static boolean canBind(int port) {
        try (ServerSocket s = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
