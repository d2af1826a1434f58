package io.energymon.domain.config;

import java.time.Duration;

/**
 * Something a collector connects to in order to read points: a Modbus device, a serial-to-TCP gateway in front of
 * a bus of DL/T 645 or CJ/T 188 meters, an OPC UA server or a database.
 *
 * @param id          unique within the enterprise
 * @param collectorId the collector that polls it
 * @param protocol    how it is read
 * @param host        host name or address (Modbus, DL/T 645, CJ/T 188)
 * @param port        TCP port (Modbus default 502)
 * @param unitId      Modbus unit id (default 1)
 * @param endpoint    OPC UA endpoint URL ({@code opc.tcp://...}) or JDBC URL ({@code jdbc:postgresql://...})
 * @param username    login for OPC UA or SQL, optional; the password is never part of master data: the collector
 *                    takes it from its own secret store, named by {@code credentialRef}
 * @param credentialRef name of the secret holding the password, optional
 * @param timeout     response timeout (default 2 s)
 */
public record DeviceConfig(String id, String collectorId, Protocol protocol, String host, Integer port,
                           Integer unitId, String endpoint, String username, String credentialRef, Duration timeout) {
    public DeviceConfig {
        timeout = timeout == null ? Duration.ofSeconds(2) : timeout;
    }
}
