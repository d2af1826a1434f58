package io.energymon.uploader.platform.http;

import io.energymon.infra.pki.DevPki;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.TrustManagerFactory;

/**
 * A deliberately awkward HTTPS server on a raw TLS socket (client certificates required, development PKI), one
 * virtual thread per connection, answering every request with the national dialect's success JSON. How it treats a connection
 * depends on the connection's number, cycling through the web stacks met in the field:
 * <ol start="0">
 *   <li>HTTP/1.0 answer without Content-Length, body delimited by closing the connection;</li>
 *   <li>HTTP/1.1 kept-alive answer, then the next request on the connection is read and the connection closed
 *       without an answer (every second time with a TCP reset);</li>
 *   <li>HTTP/1.1 answer announcing keep-alive, then the connection is closed at once (an idle timeout of zero).</li>
 * </ol>
 * With {@code slowMillis > 0} every answer is delayed that long instead.
 */
final class RawHttpsServer implements AutoCloseable {

    static final String OK_JSON = "{\"responseCode\":\"0\",\"responseMessage\":\"RECEIVE SUCCESS\"}";

    private final SSLServerSocket server;
    private final Thread thread;
    private final long slowMillis;
    private final List<String> answered = new ArrayList<>();
    private final AtomicInteger dropped = new AtomicInteger();
    private final AtomicInteger connections = new AtomicInteger();
    private final AtomicInteger requests = new AtomicInteger();

    RawHttpsServer(DevPki pki, long slowMillis) throws IOException, GeneralSecurityException {
        this.slowMillis = slowMillis;
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(pki.load(pki.serverKeystore()), pki.password());
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(pki.load(pki.truststore()));
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(kmf.getKeyManagers(), tmf.getTrustManagers(), new SecureRandom());
        server = (SSLServerSocket) context.getServerSocketFactory().createServerSocket(0, 50,
                InetAddress.getLoopbackAddress());
        server.setNeedClientAuth(true);
        thread = Thread.ofPlatform().name("raw-https").daemon().start(this::serve);
    }

    URI url(String path) {
        return URI.create("https://localhost:" + server.getLocalPort() + path);
    }

    /** Bodies of the requests that got an answer, in order. */
    synchronized List<String> answered() {
        return List.copyOf(answered);
    }

    /** Requests read and then dropped without an answer. */
    int dropped() {
        return dropped.get();
    }

    /** Requests read, answered or not. */
    int requests() {
        return requests.get();
    }

    int connections() {
        return connections.get();
    }

    private void serve() {
        while (!server.isClosed()) {
            Socket accepted;
            try {
                accepted = server.accept();
            } catch (IOException e) {
                continue; // closed: the loop ends
            }
            int n = connections.getAndIncrement();
            Thread.ofVirtual().start(() -> {
                try (Socket socket = accepted) {
                    handle(socket, slowMillis > 0 ? -1 : n % 3);
                } catch (IOException e) {
                    // the client gave up on this connection
                }
            });
        }
    }

    private void handle(Socket socket, int mode) throws IOException {
        InputStream in = socket.getInputStream();
        OutputStream out = socket.getOutputStream();
        String body = readRequest(in);
        if (body == null) {
            return;
        }
        switch (mode) {
            case 0 -> {
                answer(out, body, "HTTP/1.0 200 OK\r\nContent-Type: application/json; charset=UTF-8\r\n"
                        + "Connection: close\r\n\r\n");
            }
            case 1 -> {
                answer(out, body, keepAliveHead());
                String next = readRequest(in);
                if (next != null) {
                    int d = dropped.incrementAndGet();
                    if (d % 2 == 0) {
                        socket.setSoLinger(true, 0); // abort: a TCP reset instead of an orderly close
                    }
                }
            }
            case 2 -> answer(out, body, keepAliveHead());
            default -> {
                try {
                    Thread.sleep(slowMillis);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
                answer(out, body, keepAliveHead());
            }
        }
    }

    private static String keepAliveHead() {
        return "HTTP/1.1 200 OK\r\nContent-Type: application/json; charset=UTF-8\r\nConnection: keep-alive\r\n"
                + "Content-Length: " + OK_JSON.getBytes(StandardCharsets.UTF_8).length + "\r\n\r\n";
    }

    private void answer(OutputStream out, String requestBody, String head) throws IOException {
        synchronized (this) {
            answered.add(requestBody);
        }
        out.write(head.getBytes(StandardCharsets.US_ASCII));
        out.write(OK_JSON.getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    /** Reads one request (headers and Content-Length body); null at the end of the stream. */
    private String readRequest(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int matched = 0;
        while (matched < 4) {
            int b = in.read();
            if (b < 0) {
                return null;
            }
            head.write(b);
            matched = (b == "\r\n\r\n".charAt(matched)) ? matched + 1 : (b == '\r' ? 1 : 0);
        }
        int length = 0;
        for (String line : head.toString(StandardCharsets.US_ASCII).split("\r\n")) {
            if (line.toLowerCase(Locale.ROOT).startsWith("content-length:")) {
                length = Integer.parseInt(line.substring(15).trim());
            }
        }
        byte[] body = in.readNBytes(length);
        requests.incrementAndGet();
        return new String(body, StandardCharsets.UTF_8);
    }

    @Override
    public void close() throws IOException, InterruptedException {
        server.close();
        thread.join(5_000);
    }
}
