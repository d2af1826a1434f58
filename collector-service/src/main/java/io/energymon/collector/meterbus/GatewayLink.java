package io.energymon.collector.meterbus;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.Arrays;

/**
 * The TCP connection to a serial-to-TCP transparent gateway: the bytes written go onto the RS-485 bus as they are,
 * the bytes of the bus come back. The bus is half duplex, so one request is on it at a time: {@link #exchange}
 * drops whatever is left of an earlier (late) reply, writes a request and reads until a complete frame arrived or
 * the timeout passed. Not thread safe (a source is used by one thread).
 */
public final class GatewayLink implements AutoCloseable {
    /** Bytes received without a complete frame after which the reply is given up as garbage. */
    static final int MAX_REPLY = 1024;

    private final String host;
    private final int port;
    private final int timeoutMillis;
    private Socket socket;

    public GatewayLink(String host, int port, Duration timeout) {
        this.host = host;
        this.port = port;
        this.timeoutMillis = (int) Math.max(1, Math.min(Integer.MAX_VALUE, timeout.toMillis()));
    }

    public boolean isOpen() {
        return socket != null;
    }

    /** Opens the connection if it is not open. */
    public void connect() throws IOException {
        if (socket != null) {
            return;
        }
        Socket s = new Socket();
        try {
            s.setTcpNoDelay(true);
            s.connect(new InetSocketAddress(host, port), timeoutMillis);
        } catch (IOException | RuntimeException e) {
            s.close();
            throw e;
        }
        socket = s;
    }

    /**
     * Sends a request and returns the reply's bytes up to the end of its frame (leading wake-up bytes included).
     *
     * @throws SocketTimeoutException no complete frame within the timeout (the connection stays usable)
     * @throws IOException            the connection failed (it is closed)
     */
    public byte[] exchange(byte[] request, FrameScanner scanner) throws IOException {
        connect();
        try {
            InputStream in = socket.getInputStream();
            discardStale(in);
            socket.getOutputStream().write(request);
            socket.getOutputStream().flush();
            byte[] buf = new byte[256];
            int len = 0;
            long deadline = System.nanoTime() + timeoutMillis * 1_000_000L;
            while (true) {
                long left = (deadline - System.nanoTime()) / 1_000_000L;
                if (left <= 0) {
                    throw noReply(buf, len);
                }
                socket.setSoTimeout((int) left);
                int n;
                try {
                    n = in.read(buf, len, buf.length - len);
                } catch (SocketTimeoutException e) {
                    throw noReply(buf, len);
                }
                if (n < 0) {
                    throw new EOFException("网关断开连接 / the gateway closed the connection after " + len
                            + " byte(s): " + Bcd.hex(buf, 0, len));
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
        } catch (SocketTimeoutException e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            close();
            throw e;
        }
    }

    private SocketTimeoutException noReply(byte[] buf, int len) {
        return new SocketTimeoutException("无应答 / no complete reply within " + Duration.ofMillis(timeoutMillis)
                + (len == 0 ? " (nothing received)" : " (" + len + " byte(s) received: " + Bcd.hex(buf, 0, len) + ")"));
    }

    /** Drops bytes still in the socket from an earlier reply that came too late. */
    private static void discardStale(InputStream in) throws IOException {
        while (in.available() > 0) {
            if (in.skip(in.available()) <= 0) {
                return;
            }
        }
    }

    @Override
    public void close() {
        Socket s = socket;
        socket = null;
        if (s != null) {
            try {
                s.close();
            } catch (IOException e) {
                // closing anyway
            }
        }
    }

    @Override
    public String toString() {
        return host + ":" + port;
    }
}
