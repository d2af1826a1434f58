package io.energymon.collector.modbus;

import java.io.IOException;
import java.net.SocketTimeoutException;

/** Reads registers from one device over one transport; used by one thread. */
interface RegisterReader extends AutoCloseable {

    /** Whether a connection (or port) is open. */
    boolean isOpen();

    /** Opens the connection or port if it is not open. */
    void connect() throws IOException;

    /**
     * Reads {@code count} registers from {@code start}, each 0..65535.
     *
     * @throws ExceptionReply         the device answered with a Modbus exception (the connection stays open)
     * @throws MalformedReply         a reply that is not the answer to this request (the connection stays open)
     * @throws SocketTimeoutException no reply within the device's timeout
     * @throws IOException            the connection failed (it is closed; the next read opens it again)
     */
    int[] read(RegisterTable table, int unitId, int start, int count) throws IOException, ExceptionReply,
            MalformedReply;

    @Override
    void close();

    /** A Modbus exception reply. */
    final class ExceptionReply extends Exception {
        private final int code;

        ExceptionReply(int code) {
            super(ModbusExceptionCode.describe(code));
            this.code = code;
        }

        public int code() {
            return code;
        }
    }

    /** A reply with a wrong CRC, unit id, function code or length. */
    final class MalformedReply extends Exception {
        MalformedReply(String message) {
            super(message);
        }
    }
}
