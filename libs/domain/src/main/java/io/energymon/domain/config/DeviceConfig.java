package io.energymon.domain.config;

import java.time.Duration;

/**
 * Something a collector connects to in order to read points: a Modbus device, a serial-to-TCP gateway or a serial
 * port in front of a bus of meters, an OPC UA server or a database. One device is one bus: requests to it are
 * serialised and paced; different devices are polled concurrently.
 *
 * @param id             unique within the enterprise
 * @param collectorId    the collector that polls it
 * @param protocol       how it is read
 * @param host           host name or address (protocols over TCP, see {@link Protocol#usesHostAndPort()})
 * @param port           TCP port (Modbus default 502)
 * @param unitId         Modbus unit id (default 1)
 * @param endpoint       OPC UA endpoint URL ({@code opc.tcp://...}) or JDBC URL ({@code jdbc:postgresql://...})
 * @param username       login for OPC UA or SQL, optional; the password is never part of master data: the collector
 *                       takes it from its own secret store, named by {@code credentialRef}
 * @param credentialRef  name of the secret holding the password, optional
 * @param timeout        response timeout (default 2 s)
 * @param serialPort     serial protocols: the port, e.g. {@code /dev/ttyUSB0} or {@code COM3}
 * @param serialFormat   serial protocols: baud rate, data bits, parity (N, E, O) and stop bits, e.g. {@code 9600-8N1};
 *                       default {@code 9600-8N1} for Modbus RTU, {@code 2400-8E1} for DL/T 645 and CJ/T 188
 * @param pacing         minimum gap between the end of one request and the start of the next on this device's bus;
 *                       default none over TCP, 20 ms for serial protocols (and for RTU over TCP)
 * @param maxSpan        Modbus: most registers read by one request when neighbouring points are merged (1-125,
 *                       default 125)
 * @param maxGap         Modbus: most unused registers between two points read by one request (default 0: only
 *                       adjacent points are merged)
 * @param securityPolicy OPC UA: {@code None} (default) or {@code Basic256Sha256}
 * @param securityMode   OPC UA: {@code None}, {@code Sign} or {@code SignAndEncrypt} (default {@code None} with policy
 *                       None, else {@code SignAndEncrypt})
 * @param acquisition    OPC UA: {@code POLL} (default; the values are read at each slot) or {@code SUBSCRIBE} (the
 *                       server reports changes; each slot takes the latest value reported)
 */
public record DeviceConfig(String id, String collectorId, Protocol protocol, String host, Integer port,
                           Integer unitId, String endpoint, String username, String credentialRef, Duration timeout,
                           String serialPort, String serialFormat, Duration pacing, Integer maxSpan, Integer maxGap,
                           String securityPolicy, String securityMode, String acquisition) {
    public DeviceConfig {
        timeout = timeout == null ? Duration.ofSeconds(2) : timeout;
    }

    /** A device without serial, pacing, Modbus merging or OPC UA settings (all defaults). */
    public DeviceConfig(String id, String collectorId, Protocol protocol, String host, Integer port, Integer unitId,
                        String endpoint, String username, String credentialRef, Duration timeout) {
        this(id, collectorId, protocol, host, port, unitId, endpoint, username, credentialRef, timeout, null, null,
                null, null, null, null, null, null);
    }
}
