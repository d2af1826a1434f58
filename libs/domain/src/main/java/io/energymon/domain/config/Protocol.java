package io.energymon.domain.config;

/** How a device is read (DB36 §6.3). */
public enum Protocol {
    /** Modbus TCP (GB/T 19582), or Modbus RTU behind a TCP gateway speaking Modbus TCP. */
    MODBUS_TCP,
    /** Modbus RTU frames (with CRC, no MBAP header) through a transparent serial-to-TCP gateway. */
    MODBUS_RTU_OVER_TCP,
    /** Modbus RTU on a serial port of the collector's machine (RS-485 adapter). */
    MODBUS_RTU,
    /** DL/T 645-2007 electricity meters reached through a serial-to-TCP gateway (transparent). */
    DLT645_TCP,
    /** DL/T 645 electricity meters on a serial port of the collector's machine. */
    DLT645_SERIAL,
    /** CJ/T 188-2004 water, heat and gas meters reached through a serial-to-TCP gateway (transparent). */
    CJT188_TCP,
    /** CJ/T 188-2004 meters on a serial port of the collector's machine. */
    CJT188_SERIAL,
    /** An OPC UA server (DCS, SCADA). */
    OPC_UA,
    /** A query against a database of another system (MES, ERP, energy supplier). */
    SQL;

    /** Whether the device is reached over TCP with {@code host} and {@code port}. */
    public boolean usesHostAndPort() {
        return this == MODBUS_TCP || this == MODBUS_RTU_OVER_TCP || this == DLT645_TCP || this == CJT188_TCP;
    }

    /** Whether the device is a serial port of the collector's machine ({@code serialPort}, {@code serialFormat}). */
    public boolean usesSerialPort() {
        return this == MODBUS_RTU || this == DLT645_SERIAL || this == CJT188_SERIAL;
    }

    /** Whether points are addressed by Modbus registers. */
    public boolean isModbus() {
        return this == MODBUS_TCP || this == MODBUS_RTU_OVER_TCP || this == MODBUS_RTU;
    }

    /** Whether points are DL/T 645 meter addresses and DIs. */
    public boolean isDlt645() {
        return this == DLT645_TCP || this == DLT645_SERIAL;
    }

    /** Whether points are CJ/T 188 meter addresses and DIs. */
    public boolean isCjt188() {
        return this == CJT188_TCP || this == CJT188_SERIAL;
    }
}
