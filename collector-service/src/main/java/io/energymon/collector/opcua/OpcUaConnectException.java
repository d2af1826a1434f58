package io.energymon.collector.opcua;

/** A connection to an OPC UA server could not be made; the message is the bilingual reason for BAD readings. */
public final class OpcUaConnectException extends Exception {
    OpcUaConnectException(String message, Throwable cause) {
        super(message, cause);
    }
}
