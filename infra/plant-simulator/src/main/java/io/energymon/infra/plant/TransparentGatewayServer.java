package io.energymon.infra.plant;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.util.Arrays;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A serial-to-TCP transparent gateway in front of a simulated RS-485 bus: every request frame that arrives on a TCP
 * connection is put on the bus (handed to {@code bus}), and what the addressed meter answers (if any) is sent back.
 * Wake-up bytes and noise before a frame are skipped; a frame with a wrong checksum or end byte is ignored, as a
 * meter ignores it. Frames are cut by their length byte: {@code lengthIndex} is the index of L from the 68 that
 * starts the frame, {@code overhead} the bytes of a frame besides its data.
 */
final class TransparentGatewayServer implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(TransparentGatewayServer.class);

    private final ServerSocket server;
    private final String name;
    private final int lengthIndex;
    private final int overhead;
    private final UnaryOperator<byte[]> bus;
    private final Set<Socket> connections = ConcurrentHashMap.newKeySet();

    private TransparentGatewayServer(ServerSocket server, String name, int lengthIndex, int overhead,
                                     UnaryOperator<byte[]> bus) {
        this.server = server;
        this.name = name;
        this.lengthIndex = lengthIndex;
        this.overhead = overhead;
        this.bus = bus;
    }

    /**
     * Listens on {@code host:port} (0 = a free port).
     *
     * @param bus answers a request frame (from 68 through 16) with the reply bytes, or null for silence
     */
    static TransparentGatewayServer start(String name, String host, int port, int lengthIndex, int overhead,
                                          UnaryOperator<byte[]> bus) {
        try {
            ServerSocket s = new ServerSocket();
            s.setReuseAddress(true);
            s.bind(new InetSocketAddress(InetAddress.getByName(host), port), 50);
            TransparentGatewayServer g = new TransparentGatewayServer(s, name, lengthIndex, overhead, bus);
            Thread.ofPlatform().daemon().name(name + "-accept-" + s.getLocalPort()).start(g::acceptLoop);
            log.info("{} listening on {}:{}", name, host, s.getLocalPort());
            return g;
        } catch (IOException e) {
            throw new IllegalStateException(name + " 启动失败 / " + name + " could not listen on " + host + ":" + port
                    + ": " + e.getMessage(), e);
        }
    }

    int port() {
        return server.getLocalPort();
    }

    private void acceptLoop() {
        while (!server.isClosed()) {
            try {
                Socket s = server.accept();
                connections.add(s);
                Thread.ofPlatform().daemon().name(name + "-conn-" + s.getPort()).start(() -> serve(s));
            } catch (IOException e) {
                if (!server.isClosed()) {
                    log.warn("{}: accept failed: {}", name, e.toString());
                }
            }
        }
    }

    private void serve(Socket s) {
        try (s; InputStream in = s.getInputStream(); OutputStream out = s.getOutputStream()) {
            byte[] buf = new byte[1024];
            int len = 0;
            while (true) {
                int n = in.read(buf, len, buf.length - len);
                if (n < 0) {
                    return;
                }
                len += n;
                len = handleFrames(buf, len, out);
                if (len == buf.length) { // no frame in a full buffer: noise
                    len = 0;
                }
            }
        } catch (SocketException e) {
            // closed by the client or by close()
        } catch (IOException e) {
            log.debug("{}: connection ended: {}", name, e.toString());
        } finally {
            connections.remove(s);
        }
    }

    /** Answers every complete frame at the start of the buffer; returns how many bytes are left (moved to 0). */
    private int handleFrames(byte[] buf, int len, OutputStream out) throws IOException {
        int start = 0;
        while (true) {
            while (start < len && buf[start] != 0x68) {
                start++; // wake-up bytes, noise
            }
            if (len - start <= lengthIndex) {
                break;
            }
            int total = overhead + (buf[start + lengthIndex] & 0xFF);
            if (len - start < total) {
                break;
            }
            byte[] frame = Arrays.copyOfRange(buf, start, start + total);
            if (validFrame(frame)) {
                byte[] reply = bus.apply(frame);
                if (reply != null) {
                    out.write(reply);
                    out.flush();
                }
                start += total;
            } else {
                start++; // not a frame after all: look for the next 68
            }
        }
        System.arraycopy(buf, start, buf, 0, len - start);
        return len - start;
    }

    private static boolean validFrame(byte[] f) {
        int sum = 0;
        for (int i = 0; i < f.length - 2; i++) {
            sum += f[i] & 0xFF;
        }
        return (sum & 0xFF) == (f[f.length - 2] & 0xFF) && f[f.length - 1] == 0x16;
    }

    @Override
    public void close() {
        try {
            server.close();
        } catch (IOException e) {
            // closing anyway
        }
        for (Socket s : connections) {
            try {
                s.close();
            } catch (IOException e) {
                // closing anyway
            }
        }
        log.info("{} on port {} stopped", name, port());
    }
}
