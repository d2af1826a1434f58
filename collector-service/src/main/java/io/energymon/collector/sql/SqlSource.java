package io.energymon.collector.sql;

import io.energymon.collector.credentials.Credentials;
import io.energymon.collector.poll.SlotClock;
import io.energymon.collector.source.PointChecks;
import io.energymon.collector.source.PointSource;
import io.energymon.domain.config.DeviceConfig;
import io.energymon.domain.config.PointConfig;
import io.energymon.domain.config.PointKind;
import io.energymon.domain.config.Protocol;
import io.energymon.domain.event.Quality;
import io.energymon.domain.event.Reading;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the points of one {@link Protocol#SQL} device: a database of another system (MES, ERP, MIS, DB36 §6.3.2 a
 * and b) reached with whatever JDBC driver is on the class path for the device's {@code endpoint} (the JDBC URL),
 * logged in as {@code username} with the password named by {@code credentialRef} ({@link Credentials}).
 *
 * <p><b>Only completed slots are read</b>: the poll of slot {@code T} (at {@code T} + offset) reads the slot that has
 * just ended, {@code [T − length, T)}, and every value is stamped with the slot its data belongs to. A point's query
 * works in one of two ways:
 * <ul>
 * <li><b>per slot</b> (no {@code watermarkColumn}): the query, with {@code :slot_start} = T − length and
 * {@code :slot_end} = T, returns one row with one numeric column: the slot's value (e.g. the tonnes produced in it),
 * stamped {@code slot_start}. No row or NULL is BAD "no value", several rows are BAD.</li>
 * <li><b>incremental</b> ({@code watermarkColumn} set): the query returns the rows after {@code :watermark} (it may
 * also use {@code :slot_end}), each with its time in the watermark column and a numeric column {@code value}. Every
 * row later than the watermark and before {@code T} is taken; later ones stay for the next pull. Each slot with rows
 * gives one reading stamped with that slot: for an {@link PointKind#INSTANTANEOUS} point the <em>sum</em> of its rows
 * (MES and ERP feeds of product output are events — a lot produced, a truck weighed, a shipment — so the slot's
 * value is the quantity of the slot, and a slot with two lots produced both), for a {@link PointKind#CUMULATIVE} point
 * the <em>last</em> row (a counter's snapshots: the latest supersedes the others). A slot without rows gives no
 * reading (nothing happened or nothing was recorded: not invented either way). The watermark is the time of the
 * latest row taken (the first pull reads from the start of the slot {@code look-back} ago), kept on disk
 * ({@link WatermarkStore}). It is <em>saved only at the next read of the same slot length</em> (or when the source
 * is closed): the poller hands the readings of a read over to the disk buffer before it reads that length again, so
 * a crash before the hand-over reads the same rows again at restart, which gives the same (series, slot) readings
 * and is harmless downstream. A row committed with a time already below the watermark (a late transaction) is not
 * seen: the watermark column should be set at commit, or the query should leave the last minutes for the next
 * pull.</li>
 * </ul>
 *
 * <p><b>Read-only</b>: only one {@code SELECT}/{@code WITH} statement is accepted ({@link SqlQuery}, at plan time);
 * the connection is {@code setReadOnly(true)} with auto-commit off, every query runs in its own transaction that is
 * rolled back (never committed), and on PostgreSQL the session is {@code SET SESSION CHARACTERISTICS AS TRANSACTION
 * READ ONLY} and each transaction a {@code BEGIN READ ONLY}, so a data-modifying CTE or a function that writes fails
 * in the database. The account should still be granted SELECT only.
 *
 * <p>One connection per device, opened lazily and re-opened after a connection failure; the query timeout is the
 * device's timeout (rounded up to whole seconds, at least 1 s). Timestamps without a time zone (SQL
 * {@code timestamp}, {@code date}) are read in the collector's time zone (JVM default, {@code TZ}); with a time zone
 * ({@code timestamptz}) they are exact. Never throws: whatever fails is a BAD reading with the reason.
 */
public final class SqlSource implements PointSource {
    /** The column of an incremental query holding the value. */
    public static final String VALUE_COLUMN = "value";
    private static final Logger log = LoggerFactory.getLogger(SqlSource.class);
    private static final Set<String> PER_SLOT_PARAMETERS = Set.of(SqlQuery.SLOT_START, SqlQuery.SLOT_END);
    private static final Set<String> INCREMENTAL_PARAMETERS =
            Set.of(SqlQuery.WATERMARK, SqlQuery.SLOT_START, SqlQuery.SLOT_END);

    private final String tenantId;
    private final String enterpriseCode;
    private final DeviceConfig device;
    private final Credentials credentials;
    private final WatermarkStore watermarks;
    private final JdbcDrivers drivers;
    private final SqlMetrics metrics;
    private final Duration lookBack;
    private final Clock clock;
    private final int queryTimeoutSeconds;
    private final Map<Duration, List<Point>> bySlot;
    /** Watermark in use per point id (loaded lazily). */
    private final Map<String, Instant> current = new HashMap<>();
    /** Watermark of rows returned but maybe not handed over yet, per point id; saved at the next read. */
    private final Map<String, Instant> pending = new HashMap<>();
    private Connection connection;

    /** A point as read: its translated query, or the reason it cannot be read. */
    private record Point(PointConfig config, int source, SqlQuery query, String watermarkColumn, String problem) {
        boolean incremental() {
            return watermarkColumn != null;
        }
    }

    /**
     * @param tenantId       the enterprise's tenant (watermark key)
     * @param enterpriseCode the enterprise's USCC (watermark key)
     * @param device         an SQL device
     * @param points         its points this collector polls
     * @param credentials    where its password is looked up
     * @param watermarks     where the watermarks of its incremental points are kept
     * @param drivers        the JDBC drivers it may connect with
     * @param metrics        where its queries are counted
     * @param lookBack       how far back the first pull of an incremental point reaches
     * @param clock          the time of the first pull
     */
    public SqlSource(String tenantId, String enterpriseCode, DeviceConfig device, List<PointConfig> points,
                     Credentials credentials, WatermarkStore watermarks, JdbcDrivers drivers, SqlMetrics metrics,
                     Duration lookBack, Clock clock) {
        if (device.protocol() != Protocol.SQL) {
            throw new IllegalArgumentException("device " + device.id() + " is " + device.protocol() + ", not SQL");
        }
        this.tenantId = tenantId;
        this.enterpriseCode = enterpriseCode;
        this.device = device;
        this.credentials = credentials;
        this.watermarks = watermarks;
        this.drivers = drivers;
        this.metrics = metrics;
        this.lookBack = lookBack;
        this.clock = clock;
        this.queryTimeoutSeconds = (int) Math.min(Integer.MAX_VALUE,
                Math.max(1, (device.timeout().toMillis() + 999) / 1000));
        String deviceProblem = deviceProblem(device);
        Map<Duration, List<Point>> m = new LinkedHashMap<>();
        for (PointConfig p : points) {
            m.computeIfAbsent(PointChecks.effectiveSlot(p), k -> new ArrayList<>()).add(point(p, deviceProblem));
        }
        m.replaceAll((k, v) -> List.copyOf(v));
        this.bySlot = Map.copyOf(m);
    }

    private static String deviceProblem(DeviceConfig d) {
        String what = null;
        if (d.endpoint() == null || !d.endpoint().strip().startsWith("jdbc:")) {
            what = "endpoint must be a JDBC URL (jdbc:<driver>:...)";
        } else if (d.endpoint().toLowerCase(Locale.ROOT).contains("password=")) {
            what = "密码不能写在 JDBC URL 中，请使用 credentialRef / the JDBC URL must not hold a password (master data is "
                    + "not secret): name it with credentialRef";
        } else if (d.timeout().isNegative() || d.timeout().isZero()) {
            what = "timeout " + d.timeout() + " must be positive";
        }
        return what == null ? null : "设备 " + d.id() + " 配置错误 / device " + d.id() + " misconfigured: " + what;
    }

    private static Point point(PointConfig p, String deviceProblem) {
        int source = PointChecks.effectiveSource(p);
        String problem = deviceProblem != null ? deviceProblem : PointChecks.commonProblem(p);
        if (problem != null) {
            return new Point(p, source, null, null, problem);
        }
        String text = p.address() == null ? null : p.address().query();
        String column = p.address() == null || p.address().watermarkColumn() == null
                || p.address().watermarkColumn().isBlank() ? null : p.address().watermarkColumn().strip();
        SqlQuery query;
        try {
            query = SqlQuery.parse(text, column == null ? PER_SLOT_PARAMETERS : INCREMENTAL_PARAMETERS);
        } catch (SqlQuery.InvalidQueryException e) {
            return new Point(p, source, null, column, PointChecks.misconfigured(p, e.getMessage()));
        }
        if (column != null && !query.uses(SqlQuery.WATERMARK)) {
            return new Point(p, source, null, column, PointChecks.misconfigured(p, "增量查询必须使用 :watermark / "
                    + "an incremental query (watermarkColumn " + column + ") must use :watermark"));
        }
        return new Point(p, source, query, column, null);
    }

    /** Why some points cannot be read at all (bilingual reasons, one per such point): for the planner's log. */
    public List<String> problems() {
        return bySlot.values().stream().flatMap(List::stream).map(Point::problem).filter(s -> s != null).toList();
    }

    @Override
    public String deviceId() {
        return device.id();
    }

    /** The slot that has just ended: {@code slot − slotLength}. */
    @Override
    public Instant readingTime(Instant slot, Duration slotLength) {
        return slot.minus(slotLength);
    }

    @Override
    public List<Reading> read(Instant slot, Duration slotLength) {
        List<Point> points = bySlot.getOrDefault(slotLength, List.of());
        savePendingWatermarks(points);
        Instant slotStart = readingTime(slot, slotLength);
        List<Reading> out = new ArrayList<>();
        String unreachable = null; // once the database cannot be connected to, its other points are not tried again
        for (Point p : points) {
            if (p.problem() != null) {
                out.add(Reading.bad(p.config().id(), slotStart, p.source(), p.problem()));
                continue;
            }
            // a connection found broken by the query (database restarted, idle connection dropped) is re-opened
            // and the query tried once more on the new one
            for (int attempt = 1; ; attempt++) {
                if (unreachable == null && connection == null) {
                    unreachable = connect();
                }
                if (unreachable != null) {
                    metrics.query("unreachable");
                    out.add(Reading.bad(p.config().id(), slotStart, p.source(), unreachable));
                    break;
                }
                try {
                    List<Reading> read = p.incremental() ? pull(p, slot, slotLength)
                            : List.of(readSlot(p, slotStart, slot));
                    metrics.query(read.stream().anyMatch(r -> r.quality() == Quality.BAD) ? "bad" : "ok");
                    out.addAll(read);
                    break;
                } catch (SQLException | RuntimeException e) {
                    endTransaction(); // before the validity check: a failed transaction refuses every statement
                    boolean broken = e instanceof SQLException sql && brokenConnection(sql);
                    if (broken) {
                        disconnect();
                    }
                    if (!broken || attempt > 1) {
                        String reason = "查询失败 / query of point " + p.config().id() + " failed: " + e.getMessage();
                        log.warn("SQL device {}: {}", device.id(), reason);
                        metrics.query("error");
                        out.add(Reading.bad(p.config().id(), slotStart, p.source(), reason));
                        break;
                    }
                    log.info("SQL device {}: connection lost ({}), reconnecting", device.id(), e.getMessage());
                } finally {
                    endTransaction();
                }
            }
        }
        return out;
    }

    /** Opens the connection; returns why it cannot be opened, or null. */
    private String connect() {
        try {
            connection = open();
            return null;
        } catch (SQLException | RuntimeException e) {
            String message = String.valueOf(e.getMessage()).replace(device.endpoint().strip(), "<endpoint>");
            String reason = "数据库不可达 / database of device " + device.id() + " unreachable: "
                    + e.getClass().getSimpleName() + ": " + message;
            log.warn("SQL device {}: {}", device.id(), reason);
            return reason;
        }
    }

    /** Per-slot query: one row, one numeric column, for [slotStart, slotEnd). */
    private Reading readSlot(Point p, Instant slotStart, Instant slotEnd) throws SQLException {
        String id = p.config().id();
        try (PreparedStatement ps = prepare(p, slotStart, slotEnd, null); ResultSet rs = ps.executeQuery()) {
            int columns = rs.getMetaData().getColumnCount();
            if (columns != 1) {
                return Reading.bad(id, slotStart, p.source(), "查询返回 " + columns + " 列，应为 1 列 / the query returns "
                        + columns + " columns, expected one numeric column");
            }
            if (!rs.next()) {
                return Reading.bad(id, slotStart, p.source(), "无数据：查询没有返回行 / no value: the query returned no row");
            }
            BigDecimal raw = rs.getBigDecimal(1);
            int rows = 1;
            while (rs.next()) {
                rows++;
            }
            if (rows > 1) {
                return Reading.bad(id, slotStart, p.source(), "查询返回 " + rows + " 行，应为 1 行 / the query returned "
                        + rows + " rows, expected one");
            }
            if (raw == null) {
                return Reading.bad(id, slotStart, p.source(), "无数据：查询结果为 NULL / no value: the query returned NULL");
            }
            return Reading.good(id, slotStart, scaled(p.config(), raw), p.source());
        }
    }

    /** Incremental pull: the rows after the watermark and before {@code slotEnd}, one reading per slot. */
    private List<Reading> pull(Point p, Instant slotEnd, Duration slotLength) throws SQLException {
        String id = p.config().id();
        Instant watermark = watermark(id, slotLength);
        SlotClock grid = new SlotClock(slotLength);
        Map<Instant, List<Row>> bySlot = new TreeMap<>();
        Map<Instant, Instant> nullValueAt = new HashMap<>();
        Instant latest = null;
        int withoutTime = 0;
        int rows = 0;
        try (PreparedStatement ps = prepare(p, slotEnd.minus(slotLength), slotEnd, watermark);
             ResultSet rs = ps.executeQuery()) {
            ResultSetMetaData md = rs.getMetaData();
            int timeColumn = column(md, p.watermarkColumn());
            int valueColumn = column(md, VALUE_COLUMN);
            if (timeColumn < 0 || valueColumn < 0) {
                return List.of(Reading.bad(id, slotEnd.minus(slotLength), p.source(), PointChecks.misconfigured(
                        p.config(), "查询结果缺少列 / the query returns no column "
                                + (timeColumn < 0 ? p.watermarkColumn() : VALUE_COLUMN) + " (columns: "
                                + columnNames(md) + ")")));
            }
            while (rs.next()) {
                Instant t = instant(rs.getObject(timeColumn), p.watermarkColumn());
                if (t == null) {
                    withoutTime++;
                    continue;
                }
                if (!t.isAfter(watermark) || !t.isBefore(slotEnd)) {
                    continue; // already read, or after the slot that has ended: for the next pull
                }
                BigDecimal v = rs.getBigDecimal(valueColumn);
                Instant s = grid.slotOf(t);
                if (v == null) {
                    nullValueAt.putIfAbsent(s, t);
                }
                bySlot.computeIfAbsent(s, k -> new ArrayList<>()).add(new Row(t, v));
                rows++;
                latest = latest == null || t.isAfter(latest) ? t : latest;
            }
        }
        if (withoutTime > 0) {
            log.warn("SQL device {} point {}: {} row(s) without a time in column {} ignored", device.id(), id,
                    withoutTime, p.watermarkColumn());
        }
        List<Reading> out = new ArrayList<>(bySlot.size());
        for (Map.Entry<Instant, List<Row>> e : bySlot.entrySet()) {
            Instant at = nullValueAt.get(e.getKey());
            if (at != null) {
                out.add(Reading.bad(id, e.getKey(), p.source(), "无数据：" + at + " 的行值为 NULL / no value: the row at "
                        + at + " has a NULL " + VALUE_COLUMN));
            } else {
                out.add(Reading.good(id, e.getKey(), scaled(p.config(), combine(p.config().kind(), e.getValue())),
                        p.source()));
            }
        }
        metrics.rows(rows);
        if (latest != null) {
            pending.put(id, latest);
            current.put(id, latest);
        }
        return out;
    }

    /** A row of an incremental pull. */
    private record Row(Instant time, BigDecimal value) {
    }

    /**
     * The slot's value from its rows: the sum for an instantaneous point (quantities of events), the latest for a
     * cumulative one (counter snapshots; of rows with the same time, the one the query returned last).
     */
    private static BigDecimal combine(PointKind kind, List<Row> rows) {
        if (kind == PointKind.CUMULATIVE) {
            Row last = rows.getFirst();
            for (Row r : rows) {
                last = r.time().isBefore(last.time()) ? last : r;
            }
            return last.value();
        }
        BigDecimal sum = BigDecimal.ZERO;
        for (Row r : rows) {
            sum = sum.add(r.value());
        }
        return sum;
    }

    /**
     * The point's watermark; without one yet, just before the start of the slot holding now − look-back (so that
     * slot is read whole, rows at its very start included; 1 µs is the finest time of most databases).
     */
    private Instant watermark(String pointId, Duration slotLength) {
        Instant w = current.get(pointId);
        if (w == null) {
            try {
                w = watermarks.load(tenantId, enterpriseCode, pointId);
            } catch (RuntimeException e) {
                log.error("SQL device {} point {}: watermark unreadable, starting {} back: {}", device.id(), pointId,
                        lookBack, e.getMessage());
            }
            if (w == null) {
                w = new SlotClock(slotLength).slotOf(clock.instant().minus(lookBack)).minusNanos(1_000);
                log.info("SQL device {} point {}: no watermark yet, pulling from {}", device.id(), pointId, w);
            }
            current.put(pointId, w);
        }
        return w;
    }

    /** Saves the watermarks of the rows the previous read of these points returned (handed over since). */
    private void savePendingWatermarks(List<Point> points) {
        for (Point p : points) {
            String id = p.config().id();
            Instant w = pending.get(id);
            if (w != null) {
                try {
                    watermarks.save(tenantId, enterpriseCode, id, w);
                    pending.remove(id);
                } catch (RuntimeException e) {
                    log.error("SQL device {} point {}: watermark {} not saved (tried again at the next read; a restart "
                            + "before would read the same rows again): {}", device.id(), id, w, e.getMessage());
                }
            }
        }
    }

    private PreparedStatement prepare(Point p, Instant slotStart, Instant slotEnd, Instant watermark)
            throws SQLException {
        PreparedStatement ps = connection.prepareStatement(p.query().sql());
        try {
            ps.setQueryTimeout(queryTimeoutSeconds);
            ps.setFetchSize(1000);
            List<String> params = p.query().parameters();
            for (int i = 0; i < params.size(); i++) {
                Instant value = switch (params.get(i)) {
                    case SqlQuery.SLOT_START -> slotStart;
                    case SqlQuery.SLOT_END -> slotEnd;
                    case SqlQuery.WATERMARK -> watermark;
                    default -> throw new IllegalStateException("unknown parameter " + params.get(i));
                };
                ps.setObject(i + 1, OffsetDateTime.ofInstant(value, ZoneOffset.UTC));
            }
            return ps;
        } catch (SQLException | RuntimeException e) {
            ps.close();
            throw e;
        }
    }

    private Connection open() throws SQLException {
        String url = device.endpoint().strip();
        Properties info = new Properties();
        if (device.username() != null && !device.username().isBlank()) {
            info.setProperty("user", device.username().strip());
        }
        if (device.credentialRef() != null && !device.credentialRef().isBlank()) {
            info.setProperty("password", credentials.secret(device.credentialRef().strip()));
        }
        boolean postgres = url.startsWith("jdbc:postgresql:");
        if (postgres) {
            info.setProperty("connectTimeout", Integer.toString(queryTimeoutSeconds));
            info.setProperty("loginTimeout", Integer.toString(queryTimeoutSeconds));
            info.setProperty("ApplicationName", "energymon-collector");
        }
        Connection c = drivers.connect(url, info);
        try {
            try {
                c.setNetworkTimeout(Runnable::run, (queryTimeoutSeconds + 5) * 1000);
            } catch (SQLException | UnsupportedOperationException e) {
                log.debug("SQL device {}: driver has no network timeout", device.id());
            }
            if (postgres) {
                try (Statement s = c.createStatement()) {
                    s.execute("SET SESSION CHARACTERISTICS AS TRANSACTION READ ONLY");
                }
            }
            c.setAutoCommit(false);
            c.setReadOnly(true);
            log.info("SQL device {}: connected read-only ({} {})", device.id(),
                    c.getMetaData().getDatabaseProductName(), c.getMetaData().getDatabaseProductVersion());
            return c;
        } catch (SQLException | RuntimeException e) {
            try {
                c.close();
            } catch (SQLException ignored) {
                // already failing
            }
            throw e;
        }
    }

    /** Ends the point's transaction: always a rollback, so nothing a query did is ever kept. */
    private void endTransaction() {
        Connection c = connection;
        if (c == null) {
            return;
        }
        try {
            c.rollback();
        } catch (SQLException e) {
            log.warn("SQL device {}: rollback failed, reconnecting at the next query: {}", device.id(), e.getMessage());
            disconnect();
        }
    }

    private boolean brokenConnection(SQLException e) {
        if (e.getSQLState() != null && e.getSQLState().startsWith("08")) {
            return true;
        }
        try {
            return connection == null || connection.isClosed() || !connection.isValid(queryTimeoutSeconds);
        } catch (SQLException ex) {
            return true;
        }
    }

    private void disconnect() {
        Connection c = connection;
        connection = null;
        if (c != null) {
            try {
                c.close();
            } catch (SQLException e) {
                log.debug("SQL device {}: close failed", device.id(), e);
            }
        }
    }

    private static int column(ResultSetMetaData md, String name) throws SQLException {
        for (int i = 1; i <= md.getColumnCount(); i++) {
            if (md.getColumnLabel(i).equalsIgnoreCase(name)) {
                return i;
            }
        }
        return -1;
    }

    private static String columnNames(ResultSetMetaData md) throws SQLException {
        List<String> names = new ArrayList<>();
        for (int i = 1; i <= md.getColumnCount(); i++) {
            names.add(md.getColumnLabel(i));
        }
        return String.join(", ", names);
    }

    /** The instant of a time value as the driver returns it; zone-less ones in the JVM's zone. */
    static Instant instant(Object o, String column) {
        ZoneId zone = ZoneId.systemDefault();
        return switch (o) {
            case null -> null;
            case Timestamp t -> t.toInstant();
            case java.sql.Date d -> d.toLocalDate().atStartOfDay(zone).toInstant();
            case Instant i -> i;
            case OffsetDateTime t -> t.toInstant();
            case ZonedDateTime t -> t.toInstant();
            case LocalDateTime t -> t.atZone(zone).toInstant();
            case LocalDate d -> d.atStartOfDay(zone).toInstant();
            default -> throw new IllegalArgumentException("列 " + column + " 不是时间 / column " + column
                    + " is not a time but " + o.getClass().getSimpleName());
        };
    }

    private static BigDecimal scaled(PointConfig p, BigDecimal raw) {
        BigDecimal v = raw.multiply(p.scale()).add(p.offset()).stripTrailingZeros();
        return v.scale() < 0 ? v.setScale(0) : v;
    }

    /**
     * Saves the watermarks of the last read (the poller closes a source only after its last read was handed over:
     * at a stop, after the poll thread ended; after a configuration change, on the poll thread between ticks) and
     * closes the connection.
     */
    @Override
    public void close() {
        bySlot.values().forEach(this::savePendingWatermarks);
        disconnect();
    }
}
