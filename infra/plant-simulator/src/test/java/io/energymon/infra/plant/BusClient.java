package io.energymon.infra.plant;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.util.HexFormat;

/** A raw TCP client for the gateway simulators: sends hex, collects what comes back within a time. */
final class BusClient implements AutoCloseable {
    private final Socket socket;

    BusClient(int port) throws IOException {
        socket = new Socket("127.0.0.1", port);
    }

    /** Sends the spaced hex bytes and returns everything received until {@code quietMillis} pass without data. */
    String send(String hex, int quietMillis) throws IOException {
        socket.getOutputStream().write(HexFormat.of().parseHex(hex.replace(" ", "")));
        socket.setSoTimeout(quietMillis);
        ByteArrayOutputStream got = new ByteArrayOutputStream();
        InputStream in = socket.getInputStream();
        byte[] buf = new byte[256];
        try {
            int n;
            while ((n = in.read(buf)) > 0) {
                got.write(buf, 0, n);
            }
        } catch (SocketTimeoutException e) {
            // quiet: done
        }
        return HexFormat.ofDelimiter(" ").withUpperCase().formatHex(got.toByteArray());
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
