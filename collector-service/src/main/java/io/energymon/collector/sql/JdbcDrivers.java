package io.energymon.collector.sql;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Driver;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.ServiceLoader;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The JDBC drivers SQL devices connect with: those on the class path (the collector ships the PostgreSQL driver), and
 * those of the jars in an optional driver directory ({@code energymon.collector.sql.driver-dir}), loaded once at start
 * in a class loader of their own. A URL is given to the first driver of the directory that accepts it, else to
 * {@link DriverManager}.
 */
public final class JdbcDrivers {
    private static final Logger log = LoggerFactory.getLogger(JdbcDrivers.class);

    private final List<Driver> extra;

    private JdbcDrivers(List<Driver> extra) {
        this.extra = List.copyOf(extra);
    }

    /** The class path's drivers only. */
    public static JdbcDrivers classPath() {
        return new JdbcDrivers(List.of());
    }

    /** The class path's drivers and those of the {@code *.jar} files in {@code dir} (null: none). */
    public static JdbcDrivers withDirectory(Path dir) {
        if (dir == null) {
            return classPath();
        }
        List<URL> jars = new ArrayList<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : files.filter(f -> f.getFileName().toString().endsWith(".jar")).sorted().toList()) {
                jars.add(f.toUri().toURL());
            }
        } catch (MalformedURLException e) {
            throw new IllegalArgumentException("bad jar path in " + dir, e);
        } catch (IOException e) {
            throw new UncheckedIOException("JDBC 驱动目录无法读取 / JDBC driver directory " + dir + " cannot be read", e);
        }
        URLClassLoader loader = new URLClassLoader("jdbc-drivers", jars.toArray(URL[]::new),
                ClassLoader.getPlatformClassLoader());
        List<Driver> drivers = new ArrayList<>();
        ServiceLoader.load(Driver.class, loader).stream().forEach(p -> {
            try {
                drivers.add(p.get());
            } catch (RuntimeException | LinkageError e) {
                log.error("JDBC driver {} of {} cannot be loaded: {}", p.type().getName(), dir, e.toString());
            }
        });
        log.info("JDBC drivers from {}: {}", dir, drivers.stream().map(d -> d.getClass().getName()).toList());
        return new JdbcDrivers(drivers);
    }

    /** The drivers of the directory. */
    public List<Driver> extraDrivers() {
        return extra;
    }

    /** A connection to {@code url} with these properties (user, password, driver options). */
    public Connection connect(String url, Properties info) throws SQLException {
        for (Driver d : extra) {
            if (d.acceptsURL(url)) {
                Connection c = d.connect(url, info);
                if (c != null) {
                    return c;
                }
            }
        }
        return DriverManager.getConnection(url, info);
    }
}
