package io.energymon.infra.plant;

import com.ghgande.j2mod.modbus.ModbusException;
import com.ghgande.j2mod.modbus.slave.ModbusSlave;
import com.ghgande.j2mod.modbus.slave.ModbusSlaveFactory;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.UnknownHostException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A Modbus slave (j2mod) on a TCP listener, speaking either Modbus TCP ({@link #start}) or RTU frames over TCP
 * ({@link #startRtuOverTcp}: unit id, PDU and CRC, no MBAP header, as a serial-to-TCP transparent gateway with RTU
 * devices behind it), with several unit ids on one listener, each with its own process image: a simulated energy
 * meter ({@link #addMeter}) or a register map set by the test ({@link #addRegisters}).
 *
 * <h2>Energy meters: register encoding (the collector must be configured the same way)</h2>
 * <ul>
 *   <li>Quantity: cumulative active energy (import), in units of 0.01 kWh: register value = kWh × 100, truncated.</li>
 *   <li>Type: UINT32, big-endian words (high word first): holding register {@code energyRegister} holds bits 31..16,
 *       {@code energyRegister + 1} holds bits 15..0; each word big-endian on the wire, as Modbus always is.</li>
 *   <li>Function 03 (read holding registers); the same two words are mirrored as input registers (function 04).</li>
 *   <li>Register numbers are the 0-based protocol addresses (PDU addresses), not 4xxxx/3xxxx numbers.</li>
 *   <li>The counter wraps at 2^32 (42 949 672.96 kWh) to 0, like a real counter.</li>
 *   <li>Example: 123 456.78 kWh → 12 345 678 = 0x00BC614E → words 0x00BC (188), 0x614E (24910).</li>
 * </ul>
 *
 * <h2>Errors</h2>
 * Reading any other register of a meter, or writing its registers, is answered with Modbus exception 02 (illegal
 * data address). A unit id without a meter is answered with exception 02 too (j2mod answers a request for a unit
 * id without process image with exception 02; this simulator keeps that behaviour).
 */
public final class ModbusMeterSimulator implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(ModbusMeterSimulator.class);
    private static final int POOL_SIZE = 16;
    private static final int MAX_BIND_ATTEMPTS = 5;

    private final ModbusSlave slave;
    private final int port;
    private final Map<Integer, SimulatedUnit> units;
    private final ScheduledExecutorService scheduler;
    private final String kind;

    private ModbusMeterSimulator(ModbusSlave slave, int port, Map<Integer, SimulatedUnit> units,
                                 ScheduledExecutorService scheduler, String kind) {
        this.slave = slave;
        this.port = port;
        this.units = units;
        this.scheduler = scheduler;
        this.kind = kind;
    }

    /**
     * Starts listening for Modbus TCP.
     *
     * @param host the address to listen on, e.g. {@code 127.0.0.1} or {@code 0.0.0.0}
     * @param port the TCP port, {@code 0} = a free port
     */
    public static ModbusMeterSimulator start(String host, int port) {
        return start(host, port, false);
    }

    /**
     * Starts listening for Modbus RTU frames over TCP (with CRC, without MBAP header). j2mod's slave does not check
     * the CRC of a request; its replies carry a correct one.
     *
     * @param host the address to listen on
     * @param port the TCP port, {@code 0} = a free port
     */
    public static ModbusMeterSimulator startRtuOverTcp(String host, int port) {
        return start(host, port, true);
    }

    private static ModbusMeterSimulator start(String host, int port, boolean rtuOverTcp) {
        String kind = rtuOverTcp ? "Modbus RTU over TCP" : "Modbus TCP";
        InetAddress address;
        try {
            address = InetAddress.getByName(host);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("未知主机 / Unknown host: " + host, e);
        }
        Map<Integer, SimulatedUnit> units = new ConcurrentHashMap<>();
        int attempts = port > 0 ? 1 : MAX_BIND_ATTEMPTS;
        ModbusException failure = null;
        for (int attempt = 1; attempt <= attempts; attempt++) {
            // j2mod treats port 0 as 502, so a free port is picked here (and retried if taken meanwhile).
            int candidate = port > 0 ? port : freePort(address);
            ModbusSlave slave = null;
            try {
                slave = ModbusSlaveFactory.createTCPSlave(address, candidate, POOL_SIZE, rtuOverTcp);
                // j2mod looks process images up in a plain HashMap: register one delegating image for every unit id
                // before the listener starts, so adding meters later never touches that map.
                for (int unitId = 0; unitId <= 255; unitId++) {
                    slave.addProcessImage(unitId, new MeterProcessImage(unitId, units));
                }
                slave.open();
                ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
                    Thread t = new Thread(r, "modbus-meter-load-" + candidate);
                    t.setDaemon(true);
                    return t;
                });
                log.info("{} simulator listening on {}:{}", kind, address.getHostAddress(), candidate);
                return new ModbusMeterSimulator(slave, candidate, units, scheduler, kind);
            } catch (ModbusException e) {
                failure = e;
                if (slave != null) {
                    ModbusSlaveFactory.close(slave);
                }
            }
        }
        throw new IllegalStateException("Modbus 模拟器启动失败 / Modbus simulator could not listen on " + host + ":"
                + port + ": " + failure.getMessage(), failure);
    }

    private static int freePort(InetAddress address) {
        try (ServerSocket socket = new ServerSocket(0, 1, address)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException("找不到空闲端口 / No free port on " + address, e);
        }
    }

    public int port() {
        return port;
    }

    /**
     * Adds a meter (initial energy 0 kWh) answering as {@code unitId} with its energy at {@code energyRegister} and
     * {@code energyRegister + 1}. Safe while masters are polling.
     *
     * @param unitId         1..255
     * @param energyRegister 0..65534, 0-based protocol address
     */
    public SimulatedEnergyMeter addMeter(int unitId, int energyRegister) {
        if (unitId < 1 || unitId > 255) {
            throw new IllegalArgumentException("单元标识符须在 1..255 / Unit id must be 1..255: " + unitId);
        }
        if (energyRegister < 0 || energyRegister > 65534) {
            throw new IllegalArgumentException("寄存器地址须在 0..65534 / Register must be 0..65534: " + energyRegister);
        }
        SimulatedEnergyMeter meter = new SimulatedEnergyMeter(unitId, energyRegister, scheduler);
        register(unitId, meter);
        return meter;
    }

    /**
     * Adds a device answering as {@code unitId} whose registers the caller sets; until then it has none. Safe while
     * masters are polling.
     *
     * @param unitId 1..255
     */
    public SimulatedRegisterDevice addRegisters(int unitId) {
        if (unitId < 1 || unitId > 255) {
            throw new IllegalArgumentException("单元标识符须在 1..255 / Unit id must be 1..255: " + unitId);
        }
        SimulatedRegisterDevice device = new SimulatedRegisterDevice(unitId);
        register(unitId, device);
        return device;
    }

    private void register(int unitId, SimulatedUnit unit) {
        if (units.putIfAbsent(unitId, unit) != null) {
            throw new IllegalArgumentException("单元标识符已存在 / Unit id already used: " + unitId);
        }
    }

    /** Stops the listener and all loads; the port is free when this returns. */
    @Override
    public void close() {
        scheduler.shutdownNow();
        ModbusSlaveFactory.close(slave);
        log.info("{} simulator on port {} stopped", kind, port);
    }
}
