package io.energymon.domain.config;

/** How a device is read (DB36 §6.3). */
public enum Protocol {
    /** Modbus TCP (GB/T 19582), or Modbus RTU behind a TCP gateway speaking Modbus TCP. */
    MODBUS_TCP,
    /** DL/T 645-2007 electricity meters reached through a serial-to-TCP gateway (transparent). */
    DLT645_TCP,
    /** CJ/T 188-2004 water, heat and gas meters reached through a serial-to-TCP gateway (transparent). */
    CJT188_TCP,
    /** An OPC UA server (DCS, SCADA). */
    OPC_UA,
    /** A query against a database of another system (MES, ERP, energy supplier). */
    SQL
}
