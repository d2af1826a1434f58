package io.energymon.collector.sql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.energymon.infra.testing.SharedInfra;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Driver;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** JDBC drivers from the class path and from jars dropped into the driver directory, against a real PostgreSQL. */
class JdbcDriversTest {
    @TempDir
    Path dir;

    private static Properties login() {
        Properties p = new Properties();
        p.setProperty("user", SharedInfra.postgres().username());
        p.setProperty("password", SharedInfra.postgres().password());
        return p;
    }

    private static int selectOne(Connection c) throws Exception {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("select 1")) {
            rs.next();
            return rs.getInt(1);
        }
    }

    @Test
    void aDriverJarInTheDirectoryIsLoadedInAClassLoaderOfItsOwnAndConnects() throws Exception {
        Class<?> classPathDriver = Class.forName("org.postgresql.Driver");
        Path jar = Path.of(classPathDriver.getProtectionDomain().getCodeSource().getLocation().toURI());
        Files.copy(jar, dir.resolve("postgresql.jar"));
        Files.writeString(dir.resolve("readme.txt"), "not a jar");

        JdbcDrivers drivers = JdbcDrivers.withDirectory(dir);

        assertThat(drivers.extraDrivers()).singleElement().satisfies(d -> {
            assertThat(d.getClass().getName()).isEqualTo("org.postgresql.Driver");
            assertThat(d.getClass().getClassLoader()).isNotSameAs(classPathDriver.getClassLoader());
        });
        Driver fromDirectory = drivers.extraDrivers().getFirst();
        try (Connection c = drivers.connect(SharedInfra.newDatabase("drivers"), login())) {
            assertThat(c.getClass().getClassLoader()).isSameAs(fromDirectory.getClass().getClassLoader());
            assertThat(selectOne(c)).isEqualTo(1);
        }
    }

    @Test
    void withoutADirectoryTheClassPathDriverConnects() throws Exception {
        JdbcDrivers drivers = JdbcDrivers.withDirectory(null);

        assertThat(drivers.extraDrivers()).isEmpty();
        try (Connection c = drivers.connect(SharedInfra.newDatabase("drivers"), login())) {
            assertThat(c.getClass().getClassLoader()).isSameAs(Class.forName("org.postgresql.Driver").getClassLoader());
            assertThat(selectOne(c)).isEqualTo(1);
        }
    }

    @Test
    void aMissingDirectoryIsAClearError() {
        assertThatThrownBy(() -> JdbcDrivers.withDirectory(dir.resolve("missing")))
                .hasMessageContaining("JDBC driver directory").hasMessageContaining("missing");
    }
}
