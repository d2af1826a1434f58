package io.energymon.collector.meterbus;

import java.io.IOException;
import java.net.SocketTimeoutException;

/**
 * The way to a half-duplex bus of meters: the TCP connection to a serial-to-TCP transparent gateway
 * ({@link GatewayLink}) or a serial port of this machine ({@link SerialLink}). One request is on the bus at a time:
 * {@link #exchange} drops what is left of an earlier (late) reply, waits the bus's pacing gap, writes a request and
 * reads until a complete frame arrived or the timeout passed. Not thread safe (a source is used by one thread).
 */
public interface BusLink extends AutoCloseable {

    /** Whether the link is open (a failed link is closed and opened again by the next request). */
    boolean isOpen();

    /** Opens the link if it is not open. */
    void connect() throws IOException;

    /**
     * Sends a request and returns the reply's bytes up to the end of its frame (leading wake-up bytes included).
     *
     * @throws SocketTimeoutException no complete frame within the timeout (the link stays usable)
     * @throws IOException            the link failed (it is closed)
     */
    byte[] exchange(byte[] request, FrameScanner scanner) throws IOException;

    @Override
    void close();

    /** Where the bus is, for messages: {@code host:port} or the serial port and its format. */
    @Override
    String toString();
}
