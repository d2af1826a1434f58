package io.energymon.domain.config;

/**
 * Where a point is found on its device; which fields apply depends on the device's protocol (the others are null).
 *
 * @param register        Modbus: first register, 0-based protocol address
 * @param function        Modbus: {@code HOLDING} (03) or {@code INPUT} (04)
 * @param dataType        Modbus: {@code UINT16}, {@code INT16}, {@code UINT32}, {@code INT32}, {@code UINT64},
 *                        {@code INT64}, {@code FLOAT32}, {@code FLOAT64} (default {@code UINT32});
 *                        CJ/T 188: the field of the reply read, e.g. {@code CURRENT_FLOW} (default for water and gas),
 *                        {@code CURRENT_HEAT} (default for heat), {@code HEAT_POWER}
 * @param wordOrder       Modbus: {@code BIG} (high word first, default) or {@code LITTLE}; CJ/T 188: byte order of
 *                        the DI on the wire, {@code LITTLE} (default, DI0 first: {@code 1F 90}) or {@code BIG}
 *                        ({@code 90 1F})
 * @param meterAddress    DL/T 645: 12 BCD digits; CJ/T 188: 14 BCD digits
 * @param dataId          DL/T 645: DI as 8 hex digits ({@code 00010000}, 2007) or 4 ({@code 9010}, 1997); CJ/T 188:
 *                        DI as 4 hex digits, DI1 DI0 as the standard writes it ({@code 901F})
 * @param meterType       CJ/T 188: meter type byte as 2 hex digits ({@code 10} cold water, {@code 20} heat,
 *                        {@code 30} gas)
 * @param nodeId          OPC UA: node id, e.g. {@code ns=2;s=Boiler1.SteamFlow}
 * @param query           SQL: without {@code watermarkColumn}, a query returning one row with one numeric column for
 *                        the slot, which may use the named parameters {@code :slot_start} and {@code :slot_end};
 *                        with it, a query returning the rows after {@code :watermark}, each a time (the watermark
 *                        column) and a numeric column {@code value}
 * @param byteOrder       Modbus: byte order inside each register, {@code BIG} (default, as the protocol sends) or
 *                        {@code LITTLE} (swapped bytes, e.g. {@code BADC} float layouts)
 * @param watermarkColumn SQL: the column of the query's rows holding their time; set, the point is pulled
 *                        incrementally: each row after the last one read becomes a reading of the slot holding its time
 */
public record PointAddress(Integer register, String function, String dataType, String wordOrder, String meterAddress,
                           String dataId, String meterType, String nodeId, String query, String byteOrder,
                           String watermarkColumn) {

    /** An address without Modbus byte order or SQL watermark. */
    public PointAddress(Integer register, String function, String dataType, String wordOrder, String meterAddress,
                        String dataId, String meterType, String nodeId, String query) {
        this(register, function, dataType, wordOrder, meterAddress, dataId, meterType, nodeId, query, null, null);
    }

    public static PointAddress modbus(int register, String function, String dataType, String wordOrder) {
        return new PointAddress(register, function, dataType, wordOrder, null, null, null, null, null);
    }
}
