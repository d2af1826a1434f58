package io.energymon.infra.plant;

import java.io.ByteArrayOutputStream;
import java.math.BigDecimal;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

/**
 * A serial-to-TCP transparent gateway in front of a bus of simulated DL/T 645 electricity meters, each speaking
 * DL/T 645-2007 or DL/T 645-1997.
 *
 * <h2>What the meters answer</h2>
 * A meter answers read requests addressed to it (or to AAAAAAAAAAAA) in its own edition; a request of the other
 * edition, for another address or with a broken checksum gets no answer. Data bytes are +0x33 on the wire.
 * <ul>
 *   <li>2007 (read 11 → reply 91): 00010000 forward active energy = the counter (XXXXXX.XX kWh), 00020000 reverse
 *       active energy = 0, 02010100 phase-A voltage (XXX.X V), 02020100 phase-A current (XXX.XXX A, sign bit),
 *       02030000 total active power (XX.XXXX kW, sign bit); 13 read address → 93 with the address.</li>
 *   <li>1997 (read 01 → reply 81): 9010 forward active energy (XXXXXX.XX kWh), B611 phase-A voltage (XXX V), B621
 *       phase-A current (XX.XX A), B630 active power (XX.XXXX kW).</li>
 *   <li>2007 data blocks: 0001FF00 forward active energy block (total, tariffs 1..4: total = tariff 1 = the
 *       counter, the others 0), 0002FF00 reverse (zeros).</li>
 *   <li>2007 daily frozen data ({@link SimulatedBusMeter#freezeDaily}), n = 1..62 the n-th last: 050600nn freezing
 *       time (YYMMDDhhmm), 050601nn forward active energy block (as 0001FF00, with the frozen counter), 050602nn
 *       reverse (zeros); a day not stored gets the error reply "no requested data".</li>
 *   <li>Any other DI: error reply (2007: D1 with error byte 02 "no requested data"; 1997: C1 with 02 "wrong data
 *       identifier").</li>
 * </ul>
 * A 2007 reply with more than {@link #setMaxDataPerFrame} data bytes after the DI is split (后续帧): the first frame
 * is B1 with the first part, and each follow-up request (12 with DI and frame number SEQ = 1, 2, ...) gets the next
 * part, B2 while more remain, 92 for the last, with the DI before and SEQ after the data; a follow-up request for
 * another DI or an unexpected SEQ gets D2 with error byte 01 (other error).
 * Replies start with {@link #setWakeUpBytes} FE bytes (default 0). Faults per meter: {@link SimulatedBusMeter.Fault}.
 */
public final class Dlt645MeterSimulator implements AutoCloseable {
    private static final String WILDCARD = "AAAAAAAAAAAA";

    private final Map<String, Entry> meters = new ConcurrentHashMap<>();
    private final ScheduledExecutorService scheduler;
    private final TransparentGatewayServer server;
    /** Per meter address: the rest of a split reply still to be asked for. */
    private final Map<String, Pending> pending = new ConcurrentHashMap<>();
    private volatile int wakeUp;
    private final List<Long> requestArrivals = new CopyOnWriteArrayList<>();
    private volatile int maxDataPerFrame = 200;

    /** The parts of a split reply not sent yet. */
    private record Pending(byte[] diBytes, byte[] rest, int nextSeq) {
    }

    private record Entry(SimulatedBusMeter meter, boolean v2007) {
    }

    private Dlt645MeterSimulator(String host, int port) {
        this.scheduler = Executors.newSingleThreadScheduledExecutor(r -> Thread.ofPlatform().daemon()
                .name("dlt645-meter-load").unstarted(r));
        this.server = TransparentGatewayServer.start("DL/T 645 gateway simulator", host, port, 9, 12, this::answer);
    }

    /** Starts listening on {@code host:port} (0 = a free port). */
    public static Dlt645MeterSimulator start(String host, int port) {
        return new Dlt645MeterSimulator(host, port);
    }

    public int port() {
        return server.port();
    }

    /** Adds a DL/T 645-2007 meter with a 12-digit address. */
    public SimulatedBusMeter addMeter2007(String address) {
        return add(address, true);
    }

    /** Adds a DL/T 645-1997 meter with a 12-digit address. */
    public SimulatedBusMeter addMeter1997(String address) {
        return add(address, false);
    }

    private SimulatedBusMeter add(String address, boolean v2007) {
        if (address == null || !address.matches("\\d{12}")) {
            throw new IllegalArgumentException("表地址须为 12 位数字 / Meter address must be 12 digits: " + address);
        }
        SimulatedBusMeter m = new SimulatedBusMeter(address, scheduler);
        if (meters.putIfAbsent(address, new Entry(m, v2007)) != null) {
            throw new IllegalArgumentException("表地址已存在 / Meter address already used: " + address);
        }
        return m;
    }

    /** How many FE bytes precede each reply (0..4 in the field). */
    public void setWakeUpBytes(int count) {
        this.wakeUp = count;
    }

    /** {@link System#nanoTime()} at which each request frame arrived, in order (to check a master's pacing). */
    public List<Long> requestArrivals() {
        return List.copyOf(requestArrivals);
    }

    /**
     * The most data bytes after the DI of one 2007 reply frame (default 200); a longer reply is sent in several
     * frames.
     */
    public void setMaxDataPerFrame(int bytes) {
        if (bytes < 1 || bytes > 200) {
            throw new IllegalArgumentException("每帧数据字节数须为 1..200 / Data bytes per frame must be 1..200: " + bytes);
        }
        this.maxDataPerFrame = bytes;
    }

    /** The bus: the addressed meter's reply to a request frame, or null. */
    private byte[] answer(byte[] f) {
        requestArrivals.add(System.nanoTime());
        if (f[7] != 0x68) {
            return null;
        }
        StringBuilder a = new StringBuilder();
        for (int i = 6; i >= 1; i--) {
            a.append(String.format("%02X", f[i] & 0xFF));
        }
        String address = a.toString();
        int control = f[8] & 0xFF;
        int len = f[9] & 0xFF;
        byte[] data = new byte[len];
        for (int i = 0; i < len; i++) {
            data[i] = (byte) (f[10 + i] - 0x33);
        }
        Entry e = address.equals(WILDCARD) ? meters.values().stream().findFirst().orElse(null) : meters.get(address);
        if (e == null || e.meter().fault() == SimulatedBusMeter.Fault.SILENT) {
            return null;
        }
        if (control == 0x13 && e.v2007() && address.equals(WILDCARD)) {
            return reply(e, 0x93, BusFrames.address(e.meter().address()));
        }
        if (e.v2007() && control == 0x11 && len == 4) {
            String di = String.format("%02X%02X%02X%02X", data[3] & 0xFF, data[2] & 0xFF, data[1] & 0xFF, data[0] & 0xFF);
            byte[] value = value2007(di, e.meter());
            if (value == null) {
                return reply(e, 0xD1, new byte[] {0x02});
            }
            int max = maxDataPerFrame;
            if (value.length <= max) {
                pending.remove(e.meter().address());
                return reply(e, 0x91, concat(data, value));
            }
            pending.put(e.meter().address(), new Pending(data, Arrays.copyOfRange(value, max, value.length), 1));
            return reply(e, 0xB1, concat(data, Arrays.copyOf(value, max)));
        }
        if (e.v2007() && control == 0x12 && len == 5) {
            return followUp(e, data);
        }
        if (!e.v2007() && control == 0x01 && len == 2) {
            String di = String.format("%02X%02X", data[1] & 0xFF, data[0] & 0xFF);
            byte[] value = value1997(di, e.meter());
            return value == null ? reply(e, 0xC1, new byte[] {0x02}) : reply(e, 0x81, concat(data, value));
        }
        return null;
    }

    /** The next part of a split reply, or D2 (other error) when none is pending for that DI and SEQ. */
    private byte[] followUp(Entry e, byte[] data) {
        String address = e.meter().address();
        Pending p = pending.get(address);
        byte[] di = Arrays.copyOf(data, 4);
        int seq = data[4] & 0xFF;
        if (p == null || !Arrays.equals(p.diBytes(), di) || seq != p.nextSeq()) {
            return reply(e, 0xD2, new byte[] {0x01});
        }
        int n = Math.min(maxDataPerFrame, p.rest().length);
        byte[] part = Arrays.copyOf(p.rest(), n);
        boolean last = n == p.rest().length;
        if (last) {
            pending.remove(address);
        } else {
            pending.put(address, new Pending(di, Arrays.copyOfRange(p.rest(), n, p.rest().length), seq + 1));
        }
        return reply(e, last ? 0x92 : 0xB2, concat(concat(di, part), new byte[] {(byte) seq}));
    }

    private static byte[] value2007(String di, SimulatedBusMeter m) {
        if (di.startsWith("0506")) {
            return frozen2007(di, m);
        }
        return switch (di) {
            case "00010000" -> BusFrames.bcd(m.counter().energyKwh(), 2, 4);
            case "00020000" -> BusFrames.bcd(BigDecimal.ZERO, 2, 4);
            case "02010100" -> BusFrames.bcd(m.voltage(), 1, 2);
            case "02020100" -> signed(m.current(), 3, 3);
            case "02030000" -> signed(m.power(), 4, 3);
            case "0001FF00" -> energyBlock(m.counter().energyKwh());
            case "0002FF00" -> energyBlock(BigDecimal.ZERO);
            default -> null;
        };
    }

    /** Daily frozen data 0506 kk nn: kk 00 time, 01 forward, 02 reverse active energy; nn the n-th last day. */
    private static byte[] frozen2007(String di, SimulatedBusMeter m) {
        int n = Integer.parseInt(di.substring(6), 16);
        SimulatedBusMeter.FrozenDay d = m.frozen(n);
        if (d == null || n > SimulatedBusMeter.FROZEN_DAYS) {
            return null;
        }
        return switch (di.substring(4, 6)) {
            case "00" -> concat(concat(BusFrames.bcd(BigDecimal.valueOf(d.at().getMinute()), 0, 1),
                    BusFrames.bcd(BigDecimal.valueOf(d.at().getHour()), 0, 1)), concat(concat(
                    BusFrames.bcd(BigDecimal.valueOf(d.at().getDayOfMonth()), 0, 1),
                    BusFrames.bcd(BigDecimal.valueOf(d.at().getMonthValue()), 0, 1)),
                    BusFrames.bcd(BigDecimal.valueOf(d.at().getYear() % 100), 0, 1)));
            case "01" -> energyBlock(d.value());
            case "02" -> energyBlock(BigDecimal.ZERO);
            default -> null;
        };
    }

    /** Total and tariffs 1..4, 4 BCD bytes each: all of the energy counted in tariff 1. */
    private static byte[] energyBlock(BigDecimal total) {
        byte[] zero = BusFrames.bcd(BigDecimal.ZERO, 2, 4);
        byte[] t = BusFrames.bcd(total, 2, 4);
        return concat(concat(concat(t, t), concat(zero, zero)), zero);
    }

    private static byte[] value1997(String di, SimulatedBusMeter m) {
        return switch (di) {
            case "9010" -> BusFrames.bcd(m.counter().energyKwh(), 2, 4);
            case "B611" -> BusFrames.bcd(m.voltage(), 0, 2);
            case "B621" -> BusFrames.bcd(m.current(), 2, 2);
            case "B630" -> BusFrames.bcd(m.power(), 4, 3);
            default -> null;
        };
    }

    /** BCD with the sign in the highest bit of the last byte. */
    private static byte[] signed(BigDecimal v, int decimals, int bytes) {
        byte[] b = BusFrames.bcd(v, decimals, bytes);
        b[bytes - 1] &= 0x7F;
        if (v.signum() < 0) {
            b[bytes - 1] |= (byte) 0x80;
        }
        return b;
    }

    private byte[] reply(Entry e, int control, byte[] data) {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        head.write(0x68);
        head.writeBytes(BusFrames.address(e.meter().address()));
        head.write(0x68);
        head.write(control);
        head.write(data.length);
        for (byte b : data) {
            head.write((b + 0x33) & 0xFF);
        }
        return BusFrames.close(head, wakeUp, e.meter().fault() == SimulatedBusMeter.Fault.BAD_CHECKSUM);
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = new byte[a.length + b.length];
        System.arraycopy(a, 0, out, 0, a.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    /** Stops the listener and the loads; the port is free when this returns. */
    @Override
    public void close() {
        scheduler.shutdownNow();
        server.close();
    }
}
