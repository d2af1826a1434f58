package io.energymon.infra.plant;

import com.ghgande.j2mod.modbus.procimg.DigitalIn;
import com.ghgande.j2mod.modbus.procimg.DigitalOut;
import com.ghgande.j2mod.modbus.procimg.FIFO;
import com.ghgande.j2mod.modbus.procimg.File;
import com.ghgande.j2mod.modbus.procimg.IllegalAddressException;
import com.ghgande.j2mod.modbus.procimg.InputRegister;
import com.ghgande.j2mod.modbus.procimg.ProcessImage;
import com.ghgande.j2mod.modbus.procimg.Register;
import com.ghgande.j2mod.modbus.procimg.SimpleInputRegister;
import java.util.Map;

/**
 * The process image of one unit id: delegates to the meter registered for that unit id (if any) and serves its two
 * energy registers as holding and input registers. A multi-register read takes one snapshot of the counter, so the
 * high and low words always belong together. Anything else is an illegal data address (Modbus exception 02); the
 * registers are read-only, a write is answered the same way.
 */
final class MeterProcessImage implements ProcessImage {

    private final int unitId;
    private final Map<Integer, SimulatedEnergyMeter> meters;

    MeterProcessImage(int unitId, Map<Integer, SimulatedEnergyMeter> meters) {
        this.unitId = unitId;
        this.meters = meters;
    }

    private SimulatedEnergyMeter meter() {
        SimulatedEnergyMeter meter = meters.get(unitId);
        if (meter == null) {
            throw new IllegalAddressException("no meter with unit id " + unitId);
        }
        return meter;
    }

    private InputRegister[] words(int offset, int count, boolean holding) {
        SimulatedEnergyMeter meter = meter();
        int first = meter.energyRegister();
        if (count < 1 || offset < first || offset + count > first + 2) {
            throw new IllegalAddressException("unit " + unitId + ": registers " + offset + ".." + (offset + count - 1)
                    + " do not exist (energy is at " + first + ".." + (first + 1) + ")");
        }
        long value = meter.registerValue();
        int[] all = {(int) (value >>> 16) & 0xFFFF, (int) value & 0xFFFF};
        InputRegister[] result = holding ? new Register[count] : new InputRegister[count];
        for (int i = 0; i < count; i++) {
            int word = all[offset - first + i];
            result[i] = holding ? new ReadOnlyRegister(word) : new SimpleInputRegister(word);
        }
        return result;
    }

    @Override
    public Register[] getRegisterRange(int offset, int count) {
        return (Register[]) words(offset, count, true);
    }

    @Override
    public Register getRegister(int ref) {
        return getRegisterRange(ref, 1)[0];
    }

    @Override
    public int getRegisterCount() {
        SimulatedEnergyMeter meter = meters.get(unitId);
        return meter == null ? 0 : meter.energyRegister() + 2;
    }

    @Override
    public InputRegister[] getInputRegisterRange(int offset, int count) {
        return words(offset, count, false);
    }

    @Override
    public InputRegister getInputRegister(int ref) {
        return getInputRegisterRange(ref, 1)[0];
    }

    @Override
    public int getInputRegisterCount() {
        return getRegisterCount();
    }

    @Override
    public DigitalOut[] getDigitalOutRange(int offset, int count) {
        throw new IllegalAddressException("no coils");
    }

    @Override
    public DigitalOut getDigitalOut(int ref) {
        throw new IllegalAddressException("no coils");
    }

    @Override
    public int getDigitalOutCount() {
        return 0;
    }

    @Override
    public DigitalIn[] getDigitalInRange(int offset, int count) {
        throw new IllegalAddressException("no discrete inputs");
    }

    @Override
    public DigitalIn getDigitalIn(int ref) {
        throw new IllegalAddressException("no discrete inputs");
    }

    @Override
    public int getDigitalInCount() {
        return 0;
    }

    @Override
    public File getFile(int ref) {
        throw new IllegalAddressException("no files");
    }

    @Override
    public File getFileByNumber(int ref) {
        throw new IllegalAddressException("no files");
    }

    @Override
    public int getFileCount() {
        return 0;
    }

    @Override
    public FIFO getFIFO(int ref) {
        throw new IllegalAddressException("no FIFOs");
    }

    @Override
    public FIFO getFIFOByAddress(int ref) {
        throw new IllegalAddressException("no FIFOs");
    }

    @Override
    public int getFIFOCount() {
        return 0;
    }

    /** A snapshot word of a read-only holding register. */
    private record ReadOnlyRegister(int word) implements Register {

        @Override
        public int getValue() {
            return word;
        }

        @Override
        public int toUnsignedShort() {
            return word;
        }

        @Override
        public short toShort() {
            return (short) word;
        }

        @Override
        public byte[] toBytes() {
            return new byte[] {(byte) (word >>> 8), (byte) word};
        }

        @Override
        public void setValue(int v) {
            throw new IllegalAddressException("energy registers are read-only");
        }

        @Override
        public void setValue(short s) {
            throw new IllegalAddressException("energy registers are read-only");
        }

        @Override
        public void setValue(byte[] bytes) {
            throw new IllegalAddressException("energy registers are read-only");
        }
    }
}
