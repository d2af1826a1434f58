package io.energymon.infra.plant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.ghgande.j2mod.modbus.ModbusSlaveException;
import com.ghgande.j2mod.modbus.facade.ModbusTCPMaster;
import com.ghgande.j2mod.modbus.procimg.InputRegister;
import com.ghgande.j2mod.modbus.procimg.Register;
import com.ghgande.j2mod.modbus.procimg.SimpleRegister;
import java.io.IOException;
import java.math.BigDecimal;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.Arrays;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ModbusMeterSimulatorTest {

    private ModbusMeterSimulator simulator;
    private ModbusTCPMaster master;

    @BeforeEach
    void start() throws Exception {
        simulator = ModbusMeterSimulator.start("127.0.0.1", 0);
        master = new ModbusTCPMaster("127.0.0.1", simulator.port(), 2000, true);
        master.connect();
    }

    @AfterEach
    void stop() {
        master.disconnect();
        simulator.close();
    }

    private int[] holding(int unitId, int ref, int count) throws Exception {
        return Arrays.stream(master.readMultipleRegisters(unitId, ref, count)).mapToInt(Register::getValue).toArray();
    }

    private int[] input(int unitId, int ref, int count) throws Exception {
        return Arrays.stream(master.readInputRegisters(unitId, ref, count)).mapToInt(InputRegister::getValue).toArray();
    }

    @Test
    void servesTheEncodedEnergyInHoldingAndInputRegistersPerUnitId() throws Exception {
        SimulatedEnergyMeter meter1 = simulator.addMeter(1, 100);
        SimulatedEnergyMeter meter2 = simulator.addMeter(2, 0);

        // 123456.78 kWh -> 12345678 = 0x00BC614E -> 0x00BC = 188, 0x614E = 24910
        meter1.setEnergyKwh(new BigDecimal("123456.78"));
        // 40000000.00 kWh -> 4000000000 = 0xEE6B2800 -> 0xEE6B = 61035, 0x2800 = 10240 (high bit set: unsigned)
        meter2.setEnergyKwh(new BigDecimal("40000000.00"));

        assertThat(holding(1, 100, 2)).containsExactly(188, 24910);
        assertThat(input(1, 100, 2)).containsExactly(188, 24910);
        assertThat(holding(2, 0, 2)).containsExactly(61035, 10240);
        assertThat(input(2, 0, 2)).containsExactly(61035, 10240);
        assertThat(holding(1, 101, 1)).containsExactly(24910);

        // 0.015 kWh truncates to 0.01 kWh -> 1
        meter1.setEnergyKwh(new BigDecimal("0.015"));
        assertThat(meter1.energyKwh()).isEqualByComparingTo("0.01");
        assertThat(holding(1, 100, 2)).containsExactly(0, 1);
    }

    @Test
    void counterWrapsAtTwoToTheThirtyTwo() throws Exception {
        SimulatedEnergyMeter meter = simulator.addMeter(7, 10);
        meter.setEnergyKwh(new BigDecimal("42949672.95")); // 2^32 - 1 hundredths
        assertThat(holding(7, 10, 2)).containsExactly(0xFFFF, 0xFFFF);
        meter.setEnergyKwh(new BigDecimal("42949672.97")); // 2^32 + 1 hundredths (2^32 = 4294967296) -> wraps to 1
        assertThat(holding(7, 10, 2)).containsExactly(0, 1);
        assertThat(meter.energyKwh()).isEqualByComparingTo("42949672.97");
        meter.setEnergyKwh(new BigDecimal("42949673.01")); // 4294967301 - 4294967296 = 5
        assertThat(holding(7, 10, 2)).containsExactly(0, 5);
    }

    @Test
    void loadMakesTheCounterGrowAndStopLoadFreezesIt() throws Exception {
        SimulatedEnergyMeter meter = simulator.addMeter(3, 0);
        meter.setEnergyKwh(new BigDecimal("1000.00"));
        meter.startLoad(3600, Duration.ofMillis(20)); // 3600 kW = 1 kWh per second
        Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> registerKwh(3).compareTo(new BigDecimal("1000.30")) >= 0);
        meter.stopLoad();
        BigDecimal stopped = meter.energyKwh();
        assertThat(stopped).isGreaterThanOrEqualTo(new BigDecimal("1000.30")).isLessThan(new BigDecimal("1010"));
        Awaitility.await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(2))
                .until(() -> meter.energyKwh().equals(stopped));
        assertThat(registerKwh(3)).isEqualByComparingTo(stopped);
    }

    private BigDecimal registerKwh(int unitId) throws Exception {
        int[] words = holding(unitId, 0, 2);
        return BigDecimal.valueOf(((long) words[0] << 16) | words[1], 2);
    }

    @Test
    void unknownUnitIdAndUnknownRegistersGetIllegalDataAddress() throws Exception {
        simulator.addMeter(1, 100);
        // Unit id 9 has no meter: exception response, code 02 (illegal data address).
        assertThatThrownBy(() -> master.readMultipleRegisters(9, 100, 2))
                .isInstanceOfSatisfying(ModbusSlaveException.class, e -> assertThat(e.getType()).isEqualTo(2));
        assertThatThrownBy(() -> master.readInputRegisters(9, 100, 2))
                .isInstanceOfSatisfying(ModbusSlaveException.class, e -> assertThat(e.getType()).isEqualTo(2));
        // Known unit, register outside the energy pair.
        assertThatThrownBy(() -> master.readMultipleRegisters(1, 99, 2))
                .isInstanceOfSatisfying(ModbusSlaveException.class, e -> assertThat(e.getType()).isEqualTo(2));
        assertThatThrownBy(() -> master.readMultipleRegisters(1, 101, 2))
                .isInstanceOfSatisfying(ModbusSlaveException.class, e -> assertThat(e.getType()).isEqualTo(2));
        // Read-only.
        assertThatThrownBy(() -> master.writeSingleRegister(1, 100, new SimpleRegister(5)))
                .isInstanceOfSatisfying(ModbusSlaveException.class, e -> assertThat(e.getType()).isEqualTo(2));
        // The connection still works afterwards.
        assertThat(holding(1, 100, 2)).containsExactly(0, 0);
        assertThatThrownBy(() -> simulator.addMeter(1, 5)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void closeFreesThePort() throws Exception {
        ModbusMeterSimulator other = ModbusMeterSimulator.start("127.0.0.1", 0);
        int port = other.port();
        assertThat(canBind(port)).isFalse();
        other.close();
        Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> canBind(port));
    }

    private static boolean canBind(int port) {
        try (ServerSocket s = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
