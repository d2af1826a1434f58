package io.energymon.infra.plant;

import java.io.ByteArrayOutputStream;
import java.math.BigDecimal;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

/**
 * A serial-to-TCP transparent gateway in front of a bus of simulated CJ/T 188-2004 water, heat and gas meters.
 *
 * <h2>What the meters answer</h2>
 * A meter answers read requests (control 01) with its type T and address, for DI 901F, with control 81 and the same
 * DI bytes and SER:
 * <ul>
 *   <li>water (10..13) and gas (30): current cumulative flow = the counter (4 BCD bytes, 2 decimals) + unit code
 *       (default 2C m³), settlement-date flow = 0 + the same unit, real time (7 BCD bytes: ss mm hh DD MM YY YY),
 *       status 00 00 — 22 data bytes;</li>
 *   <li>heat (20) and cooling (21): settlement heat 0 + unit, current heat = the counter + unit code (default 05
 *       kWh), heat power = the meter's power (2 decimals) + 17 kW, flow rate 0.0000 + 35 m³/h, cumulative flow 0.00 +
 *       2C m³, supply 75.00 °C, return 45.00 °C, working time 0 h (3 BCD bytes each), real time, status — 46 data
 *       bytes.</li>
 * </ul>
 * A meter made with {@code diHighByteFirst} expects and echoes the DI as 90 1F (some makers), the others 1F 90 (as
 * the standard says); a DI it does not know is answered with an error reply C1 (data DI0 DI1 SER). Replies start
 * with {@link #setWakeUpBytes} FE bytes. Faults per meter: {@link SimulatedBusMeter.Fault}.
 */
public final class Cjt188MeterSimulator implements AutoCloseable {
    private final Map<String, Entry> meters = new ConcurrentHashMap<>();
    private final ScheduledExecutorService scheduler;
    private final TransparentGatewayServer server;
    private volatile int wakeUp;

    private record Entry(SimulatedBusMeter meter, int type, int unitCode, boolean diHighByteFirst) {
    }

    private Cjt188MeterSimulator(String host, int port) {
        this.scheduler = Executors.newSingleThreadScheduledExecutor(r -> Thread.ofPlatform().daemon()
                .name("cjt188-meter-load").unstarted(r));
        this.server = TransparentGatewayServer.start("CJ/T 188 gateway simulator", host, port, 10, 13, this::answer);
    }

    /** Starts listening on {@code host:port} (0 = a free port). */
    public static Cjt188MeterSimulator start(String host, int port) {
        return new Cjt188MeterSimulator(host, port);
    }

    public int port() {
        return server.port();
    }

    /**
     * Adds a meter.
     *
     * @param type            T: 0x10 cold water, 0x11 hot water, 0x20 heat, 0x21 cooling, 0x30 gas
     * @param address         14 digits A6..A0
     * @param unitCode        unit code of the counter (0x2C m³, 0x29 L, 0x05 kWh, 0x08 MWh, 0x11 GJ ...)
     * @param diHighByteFirst the meter expects DI 901F as 90 1F instead of the standard's 1F 90
     */
    public SimulatedBusMeter addMeter(int type, String address, int unitCode, boolean diHighByteFirst) {
        if (type != 0x10 && type != 0x11 && type != 0x20 && type != 0x21 && type != 0x30) {
            throw new IllegalArgumentException("仪表类型须为 10, 11, 20, 21, 30 / Meter type must be 10, 11, 20, 21 "
                    + "or 30: " + Integer.toHexString(type));
        }
        if (address == null || !address.matches("\\d{14}")) {
            throw new IllegalArgumentException("表地址须为 14 位数字 / Meter address must be 14 digits: " + address);
        }
        SimulatedBusMeter m = new SimulatedBusMeter(address, scheduler);
        if (meters.putIfAbsent(address, new Entry(m, type, unitCode, diHighByteFirst)) != null) {
            throw new IllegalArgumentException("表地址已存在 / Meter address already used: " + address);
        }
        return m;
    }

    /** A cold-water meter counting m³ with the standard's DI byte order. */
    public SimulatedBusMeter addWaterMeter(String address) {
        return addMeter(0x10, address, 0x2C, false);
    }

    /** A heat meter counting kWh with the standard's DI byte order. */
    public SimulatedBusMeter addHeatMeter(String address) {
        return addMeter(0x20, address, 0x05, false);
    }

    /** A gas meter counting m³ with the standard's DI byte order. */
    public SimulatedBusMeter addGasMeter(String address) {
        return addMeter(0x30, address, 0x2C, false);
    }

    /** How many FE bytes precede each reply. */
    public void setWakeUpBytes(int count) {
        this.wakeUp = count;
    }

    private byte[] answer(byte[] f) {
        StringBuilder a = new StringBuilder();
        for (int i = 8; i >= 2; i--) {
            a.append(String.format("%02X", f[i] & 0xFF));
        }
        Entry e = meters.get(a.toString());
        int type = f[1] & 0xFF;
        int control = f[9] & 0xFF;
        int len = f[10] & 0xFF;
        if (e == null || e.type() != type || control != 0x01 || len != 3
                || e.meter().fault() == SimulatedBusMeter.Fault.SILENT) {
            return null;
        }
        byte di0 = f[11];
        byte di1 = f[12];
        byte ser = f[13];
        boolean is901F = e.diHighByteFirst() ? di0 == (byte) 0x90 && di1 == 0x1F : di0 == 0x1F && di1 == (byte) 0x90;
        if (!is901F) {
            return reply(e, 0xC1, new byte[] {di0, di1, ser});
        }
        ByteArrayOutputStream data = new ByteArrayOutputStream();
        data.write(di0);
        data.write(di1);
        data.write(ser);
        BigDecimal count = e.meter().counter().energyKwh();
        if (e.type() == 0x20 || e.type() == 0x21) {
            value(data, BigDecimal.ZERO, 2, 4, e.unitCode());      // settlement heat
            value(data, count, 2, 4, e.unitCode());                // current heat
            value(data, e.meter().power(), 2, 4, 0x17);             // heat power, kW
            value(data, BigDecimal.ZERO, 4, 4, 0x35);              // flow rate, m³/h
            value(data, BigDecimal.ZERO, 2, 4, 0x2C);              // cumulative flow, m³
            data.writeBytes(BusFrames.bcd(new BigDecimal("75.00"), 2, 3));
            data.writeBytes(BusFrames.bcd(new BigDecimal("45.00"), 2, 3));
            data.writeBytes(BusFrames.bcd(BigDecimal.ZERO, 0, 3));
        } else {
            value(data, count, 2, 4, e.unitCode());                // current cumulative flow
            value(data, BigDecimal.ZERO, 2, 4, e.unitCode());      // settlement-date flow
        }
        LocalDateTime now = LocalDateTime.now(ZoneId.of("Asia/Shanghai"));
        for (int v : new int[] {now.getSecond(), now.getMinute(), now.getHour(), now.getDayOfMonth(),
                now.getMonthValue(), now.getYear() % 100, now.getYear() / 100}) {
            data.write((v / 10) << 4 | v % 10);
        }
        data.write(0x00);
        data.write(0x00);
        return reply(e, 0x81, data.toByteArray());
    }

    private static void value(ByteArrayOutputStream out, BigDecimal v, int decimals, int bytes, int unit) {
        out.writeBytes(BusFrames.bcd(v, decimals, bytes));
        out.write(unit);
    }

    private byte[] reply(Entry e, int control, byte[] data) {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        head.write(0x68);
        head.write(e.type());
        head.writeBytes(BusFrames.address(e.meter().address()));
        head.write(control);
        head.write(data.length);
        head.writeBytes(data);
        return BusFrames.close(head, wakeUp, e.meter().fault() == SimulatedBusMeter.Fault.BAD_CHECKSUM);
    }

    /** Stops the listener and the loads; the port is free when this returns. */
    @Override
    public void close() {
        scheduler.shutdownNow();
        server.close();
    }
}
