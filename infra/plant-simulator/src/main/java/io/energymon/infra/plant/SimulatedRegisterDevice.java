package io.energymon.infra.plant;

import com.ghgande.j2mod.modbus.procimg.IllegalAddressException;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;

/**
 * A Modbus device behind a {@link ModbusMeterSimulator} whose registers the test sets word by word: holding
 * (function 03) and input (function 04) registers, each 0..65535. Only the registers set exist: a read touching any
 * other one is answered with exception 02 (illegal data address), as a real device answers a read across a hole of its
 * register map. Every read request that reaches the device is logged ({@link #requests()}), answered or not, so tests
 * can count how many requests a master needed.
 */
public final class SimulatedRegisterDevice implements SimulatedUnit {
    private static final int SIZE = 65536;

    private final int unitId;
    private final int[] holding = new int[SIZE];
    private final int[] input = new int[SIZE];
    private final BitSet holdingSet = new BitSet(SIZE);
    private final BitSet inputSet = new BitSet(SIZE);
    private final List<Request> requests = new ArrayList<>();

    /**
     * A read request as the device received it.
     *
     * @param holding function 03 (true) or 04
     */
    public record Request(boolean holding, int start, int count) {
        @Override
        public String toString() {
            return (holding ? "03 " : "04 ") + start + "+" + count;
        }
    }

    SimulatedRegisterDevice(int unitId) {
        this.unitId = unitId;
    }

    public int unitId() {
        return unitId;
    }

    /** Sets holding registers from {@code register}, one word (0..65535) each. */
    public synchronized SimulatedRegisterDevice holding(int register, int... words) {
        set(holding, holdingSet, register, words);
        return this;
    }

    /** Sets input registers from {@code register}, one word (0..65535) each. */
    public synchronized SimulatedRegisterDevice input(int register, int... words) {
        set(input, inputSet, register, words);
        return this;
    }

    private static void set(int[] table, BitSet present, int register, int[] words) {
        if (register < 0 || register + words.length > SIZE) {
            throw new IllegalArgumentException("寄存器超出范围 / registers " + register + ".." + (register
                    + words.length - 1) + " are outside 0..65535");
        }
        for (int i = 0; i < words.length; i++) {
            if (words[i] < 0 || words[i] > 0xFFFF) {
                throw new IllegalArgumentException("寄存器值须在 0..65535 / register value must be 0..65535: "
                        + words[i]);
            }
            table[register + i] = words[i];
            present.set(register + i);
        }
    }

    /** The read requests received so far, in order. */
    public synchronized List<Request> requests() {
        return List.copyOf(requests);
    }

    @Override
    public synchronized int[] read(int offset, int count, boolean holdingTable) {
        requests.add(new Request(holdingTable, offset, count));
        BitSet present = holdingTable ? holdingSet : inputSet;
        if (count < 1 || offset < 0 || offset + count > SIZE
                || present.nextClearBit(offset) < offset + count) {
            throw new IllegalAddressException("unit " + unitId + ": " + (holdingTable ? "holding" : "input")
                    + " registers " + offset + ".." + (offset + count - 1) + " are not all present");
        }
        int[] words = new int[count];
        System.arraycopy(holdingTable ? holding : input, offset, words, 0, count);
        return words;
    }

    @Override
    public synchronized int registerCount() {
        return Math.max(holdingSet.length(), inputSet.length());
    }
}
