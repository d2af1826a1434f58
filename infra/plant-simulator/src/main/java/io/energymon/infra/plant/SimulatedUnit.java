package io.energymon.infra.plant;

/** What answers one unit id of a {@link ModbusMeterSimulator}: an energy meter or a register map. */
interface SimulatedUnit {

    /**
     * One consistent snapshot of {@code count} registers from {@code offset} (0-based protocol addresses), each
     * 0..65535.
     *
     * @param holding holding registers (function 03) or input registers (function 04)
     * @throws com.ghgande.j2mod.modbus.procimg.IllegalAddressException when any of them does not exist (exception 02)
     */
    int[] read(int offset, int count, boolean holding);

    /** One past the highest register the unit has. */
    int registerCount();
}
