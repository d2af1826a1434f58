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
 * The process image of one unit id: delegates to the unit registered for that unit id (an energy meter or a register
 * map), if any. A multi-register read takes one snapshot, so the words of a value always belong together. Registers
 * the unit does not have are an illegal data address (Modbus exception 02); the registers are read-only, a write is
 * answered the same way.
 */
final class MeterProcessImage implements ProcessImage {

    private final int unitId;
    private final Map<Integer, SimulatedUnit> units;

    MeterProcessImage(int unitId, Map<Integer, SimulatedUnit> units) {
        this.unitId = unitId;
        this.units = units;
    }

    private InputRegister[] words(int offset, int count, boolean holding) {
        SimulatedUnit unit = units.get(unitId);
        if (unit == null) {
            throw new IllegalAddressException("no meter with unit id " + unitId);
        }
        int[] words = unit.read(offset, count, holding);
        InputRegister[] result = holding ? new Register[count] : new InputRegister[count];
        for (int i = 0; i < count; i++) {
            result[i] = holding ? new ReadOnlyRegister(words[i]) : new SimpleInputRegister(words[i]);
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
        SimulatedUnit unit = units.get(unitId);
        return unit == null ? 0 : unit.registerCount();
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
            throw new IllegalAddressException("simulated registers are read-only");
        }

        @Override
        public void setValue(short s) {
            throw new IllegalAddressException("simulated registers are read-only");
        }

        @Override
        public void setValue(byte[] bytes) {
            throw new IllegalAddressException("simulated registers are read-only");
        }
    }
}
