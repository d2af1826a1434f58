package io.energymon.collector.modbus;

import com.ghgande.j2mod.modbus.ModbusException;
import com.ghgande.j2mod.modbus.ModbusSlaveException;
import com.ghgande.j2mod.modbus.facade.AbstractModbusMaster;
import com.ghgande.j2mod.modbus.procimg.InputRegister;
import java.io.IOException;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.Locale;
import java.util.function.Supplier;

/** Modbus TCP or RTU on a serial port through a j2mod master ({@code ModbusTCPMaster}, {@code ModbusSerialMaster}). */
final class J2modReader implements RegisterReader {
    private final Supplier<AbstractModbusMaster> masters;
    private final Duration timeout;
    private AbstractModbusMaster master;

    J2modReader(Supplier<AbstractModbusMaster> masters, Duration timeout) {
        this.masters = masters;
        this.timeout = timeout;
    }

    @Override
    public boolean isOpen() {
        return master != null;
    }

    @Override
    public void connect() throws IOException {
        if (master != null) {
            return;
        }
        AbstractModbusMaster m = masters.get();
        try {
            m.connect();
        } catch (Exception e) {
            close(m);
            throw e instanceof IOException io ? io : new IOException(e.getClass().getSimpleName() + ": "
                    + e.getMessage(), e);
        }
        m.setRetries(1); // left at 0, j2mod tries 5 times; the next slot is the retry
        master = m;
    }

    @Override
    public int[] read(RegisterTable table, int unitId, int start, int count) throws IOException, ExceptionReply,
            MalformedReply {
        connect();
        InputRegister[] regs;
        try {
            regs = table == RegisterTable.INPUT ? master.readInputRegisters(unitId, start, count)
                    : master.readMultipleRegisters(unitId, start, count);
        } catch (ModbusSlaveException e) {
            throw new ExceptionReply(e.getType());
        } catch (ModbusException e) {
            close();
            String text = String.valueOf(e.getMessage());
            if (text.toLowerCase(Locale.ROOT).contains("timeout") || text.contains("timed out")) {
                throw new SocketTimeoutException("无应答 / no reply within " + timeout + ": " + text);
            }
            throw new IOException("通信失败 / communication failed: " + text, e);
        } catch (RuntimeException e) { // j2mod fails this way on some garbled replies
            close();
            throw new IOException("通信失败 / communication failed: " + e, e);
        }
        if (regs == null || regs.length != count) {
            throw new MalformedReply("应答长度错误 / reply holds " + (regs == null ? 0 : regs.length)
                    + " register(s), asked for " + count);
        }
        int[] words = new int[count];
        for (int i = 0; i < count; i++) {
            words[i] = regs[i].toUnsignedShort();
        }
        return words;
    }

    @Override
    public void close() {
        AbstractModbusMaster m = master;
        master = null;
        if (m != null) {
            close(m);
        }
    }

    private static void close(AbstractModbusMaster m) {
        try {
            m.disconnect();
        } catch (RuntimeException e) {
            // closing anyway
        }
    }
}
