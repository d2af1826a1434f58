package io.energymon.infra.devstack;

import io.energymon.infra.postgres.EmbeddedPostgresServer;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A plant's MES database for the collector's SQL pull (§6.3.2 a): database {@code mes} on the stack's PostgreSQL,
 * with {@code mes.production} (clinker output per line, one row per line every {@code every}) and
 * {@code mes.shipment} (a cement truck weighed every other round), filled while the stack runs.
 */
final class MesSimulator implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger("devstack");
    static final String DATABASE = "mes";

    private final String url;
    private final String user;
    private final String password;
    private final ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor(
            r -> Thread.ofPlatform().name("mes-simulator").daemon().unstarted(r));
    private long round;

    private MesSimulator(EmbeddedPostgresServer pg) {
        this.url = pg.jdbcUrl(DATABASE);
        this.user = pg.username();
        this.password = pg.password();
    }

    static MesSimulator start(EmbeddedPostgresServer pg, Duration every) {
        pg.createDatabase(DATABASE);
        MesSimulator mes = new MesSimulator(pg);
        mes.execute("""
                create schema mes;
                create table mes.production (line text not null, ts timestamptz not null, output_t numeric not null);
                create table mes.shipment (shipped_at timestamptz not null, tonnes numeric not null);
                """);
        mes.executor.scheduleWithFixedDelay(mes::record, 0, every.toMillis(), TimeUnit.MILLISECONDS);
        return mes;
    }

    String jdbcUrl() {
        return url;
    }

    String user() {
        return user;
    }

    String password() {
        return password;
    }

    private void record() {
        try (Connection c = DriverManager.getConnection(url, user, password);
             PreparedStatement production = c.prepareStatement(
                     "insert into mes.production (line, ts, output_t) values (?, ?, ?)");
             PreparedStatement shipment = c.prepareStatement(
                     "insert into mes.shipment (shipped_at, tonnes) values (?, ?)")) {
            Timestamp now = Timestamp.from(Instant.now());
            for (int line = 1; line <= 2; line++) {
                production.setString(1, "L" + line);
                production.setTimestamp(2, now);
                production.setBigDecimal(3, new java.math.BigDecimal(line == 1 ? "1.25" : "0.75"));
                production.addBatch();
            }
            production.executeBatch();
            if (round++ % 2 == 0) {
                shipment.setTimestamp(1, now);
                shipment.setBigDecimal(2, new java.math.BigDecimal("31.5"));
                shipment.executeUpdate();
            }
        } catch (SQLException e) {
            log.warn("MES simulator could not record: {}", e.getMessage());
        }
    }

    private void execute(String sql) {
        try (Connection c = DriverManager.getConnection(url, user, password); Statement s = c.createStatement()) {
            s.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException("MES simulator: " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        executor.shutdownNow();
    }
}
