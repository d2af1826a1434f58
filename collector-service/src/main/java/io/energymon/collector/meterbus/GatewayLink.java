package io.energymon.collector.meterbus;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Duration;

/**
 * The TCP connection to a serial-to-TCP transparent gateway: the bytes written go onto the RS-485 bus as they are,
 * the bytes of the bus come back. The bus is half duplex, so one request is on it at a time: {@link #exchange}
 * drops whatever is left of an earlier (late) reply, waits the pacing gap, writes a request and reads until a
 * complete frame arrived or the timeout passed. Not thread safe (a source is used by one thread).
 */
public final class GatewayLink implements BusLink {
    private final String host;
    private final int port;
    private final int timeoutMillis;
    private final Pacer pacer;
    private Socket socket;

    /** A link with {@code pacing} between the end of one exchange and the start of the next (zero: none). */
    public GatewayLink(String host, int port, Duration timeout, Duration pacing) {
        this.host = host;
        this.port = port;
        this.timeoutMillis = (int) Math.max(1, Math.min(Integer.MAX_VALUE, timeout.toMillis()));
        this.pacer = new Pacer(pacing);
    }

    @Override
    public boolean isOpen() {
        return socket != null;
    }

    @Override
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

    @Override
    public byte[] exchange(byte[] request, FrameScanner scanner) throws IOException {
        connect();
        Socket s = socket;
        try {
            InputStream in = s.getInputStream();
            pacer.awaitTurn();
            discardStale(in);
            s.getOutputStream().write(request);
            s.getOutputStream().flush();
            return ReplyReader.read((b, off, len, t) -> {
                s.setSoTimeout(t);
                try {
                    return in.read(b, off, len);
                } catch (SocketTimeoutException e) {
                    return 0;
                }
            }, scanner, timeoutMillis, "网关断开连接 / the gateway closed the connection");
        } catch (SocketTimeoutException e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            close();
            throw e;
        } finally {
            pacer.exchanged();
        }
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
