package io.energymon.collector.meterbus;

import java.io.EOFException;
import java.io.IOException;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.Arrays;

/** Reads the bytes of a bus until they hold a complete frame, for every kind of {@link BusLink}. */
final class ReplyReader {
    /** Bytes received without a complete frame after which the reply is given up as garbage. */
    static final int MAX_REPLY = 1024;

    /** Where the bytes come from. */
    @FunctionalInterface
    interface Input {
        /** Reads up to {@code len} bytes within {@code timeoutMillis}: how many, 0 when none came, -1 at the end. */
        int read(byte[] b, int off, int len, int timeoutMillis) throws IOException;
    }

    private ReplyReader() {
    }

    /**
     * The bytes received up to the end of the first complete frame.
     *
     * @param ended what the end of the input means, e.g. "网关断开连接 / the gateway closed the connection"
     * @throws SocketTimeoutException no complete frame within the timeout
     * @throws IOException            the input ended, or {@link #MAX_REPLY} bytes without a frame
     */
    static byte[] read(Input in, FrameScanner scanner, int timeoutMillis, String ended) throws IOException {
        byte[] buf = new byte[256];
        int len = 0;
        long deadline = System.nanoTime() + timeoutMillis * 1_000_000L;
        while (true) {
            long left = (deadline - System.nanoTime()) / 1_000_000L;
            if (left <= 0) {
                throw noReply(timeoutMillis, buf, len);
            }
            int n = in.read(buf, len, buf.length - len, (int) left);
            if (n < 0) {
                throw new EOFException(ended + " after " + len + " byte(s): " + Bcd.hex(buf, 0, len));
            }
            len += n;
            int end = scanner.frameEnd(buf, len);
            if (end >= 0) {
                return Arrays.copyOf(buf, end);
            }
            if (len == buf.length) {
                if (len >= MAX_REPLY) {
                    throw new IOException("应答过长且无完整帧 / " + len + " bytes received without a complete frame");
                }
                buf = Arrays.copyOf(buf, Math.min(MAX_REPLY, buf.length * 2));
            }
        }
    }

    private static SocketTimeoutException noReply(int timeoutMillis, byte[] buf, int len) {
        return new SocketTimeoutException("无应答 / no complete reply within " + Duration.ofMillis(timeoutMillis)
                + (len == 0 ? " (nothing received)" : " (" + len + " byte(s) received: " + Bcd.hex(buf, 0, len) + ")"));
    }
}
