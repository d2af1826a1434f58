package io.energymon.uploader.platform.http;

import io.energymon.uploader.platform.PlatformTransportException;
import io.energymon.uploader.platform.tls.TlsContextProvider;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.PortUnreachableException;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import javax.net.ssl.SSLException;
import org.apache.hc.client5.http.ConnectTimeoutException;
import org.apache.hc.client5.http.classic.methods.HttpPost;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.config.TlsConfig;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManager;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.client5.http.ssl.ClientTlsStrategyBuilder;
import org.apache.hc.client5.http.ssl.HostnameVerificationPolicy;
import org.apache.hc.core5.http.ClassicHttpResponse;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.HttpEntity;
import org.apache.hc.core5.http.NoHttpResponseException;
import org.apache.hc.core5.http.io.entity.EntityUtils;
import org.apache.hc.core5.http.io.entity.StringEntity;
import org.apache.hc.core5.io.CloseMode;
import org.apache.hc.core5.util.TimeValue;
import org.apache.hc.core5.util.Timeout;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP(S) client of one (platform, client certificate): Apache HttpClient 5 classic (blocking I/O on the calling
 * thread, so no selector thread per client), a small pool of kept-alive connections, TLS from the
 * {@link TlsContextProvider} with HTTPS hostname verification, no redirects, no cookies.
 *
 * <p>Web stacks of platforms differ: some answer HTTP/1.0 and close, some close idle kept-alive connections at any
 * moment. A request whose connection turned out to be dead before any byte of an answer arrived (the server closed
 * it without answering, or reset it) is sent once more at once on a fresh connection; connections idle longer than
 * {@link HttpSettings#idleTimeout()} are closed by the JVM-wide {@link IdleConnectionReaper}. Only requests that
 * are safe to repeat may go through {@link #post} (the caller says so); every request of the platform dialects is:
 * a data upload is idempotent per item and period (the platform keeps the newest value of an item and period), the
 * other operations only read or re-state the same facts.
 */
public final class PlatformHttpClient implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(PlatformHttpClient.class);
    private static final int MAX_CONNECTIONS = 2;

    private final HttpSettings settings;
    private final PoolingHttpClientConnectionManager pool;
    private final CloseableHttpClient client;

    public PlatformHttpClient(HttpSettings settings, TlsContextProvider tls) {
        this.settings = Objects.requireNonNull(settings, "settings");
        Objects.requireNonNull(tls, "tls");
        Timeout connect = Timeout.of(settings.connectTimeout());
        Timeout response = Timeout.of(settings.responseTimeout());
        this.pool = PoolingHttpClientConnectionManagerBuilder.create()
                .setTlsSocketStrategy(ClientTlsStrategyBuilder.create()
                        .setSslContext(tls.sslContext())
                        .setTlsVersions(tls.protocols())
                        // JSSE checks the name (endpoint identification HTTPS), then the client's verifier
                        .setHostVerificationPolicy(HostnameVerificationPolicy.BOTH)
                        .buildClassic())
                .setDefaultTlsConfig(TlsConfig.custom().setHandshakeTimeout(connect)
                        .setSupportedProtocols(tls.protocols()).build())
                .setDefaultConnectionConfig(ConnectionConfig.custom()
                        .setConnectTimeout(connect)
                        .setSocketTimeout(response)
                        // a connection idle for a while is probed (1 ms read) before it is reused
                        .setValidateAfterInactivity(TimeValue.ofSeconds(1))
                        .build())
                .setMaxConnPerRoute(MAX_CONNECTIONS)
                .setMaxConnTotal(MAX_CONNECTIONS * 4)
                .build();
        this.client = HttpClients.custom()
                .setConnectionManager(pool)
                .setDefaultRequestConfig(RequestConfig.custom()
                        .setResponseTimeout(response)
                        .setConnectionRequestTimeout(response)
                        .build())
                .disableAutomaticRetries()
                .disableRedirectHandling()
                .disableCookieManagement()
                .disableAuthCaching()
                // one client = one client certificate: without this, a connection authenticated with the
                // certificate is pooled under its principal and never reused by the next request
                .disableConnectionState()
                .build();
        IdleConnectionReaper.register(this);
    }

    public HttpSettings settings() {
        return settings;
    }

    /**
     * POSTs a JSON body. The request must be safe to repeat: it is sent a second time when its connection was dead.
     *
     * @param headers extra headers (e.g. {@code Authorization})
     * @throws PlatformTransportException on every I/O, TLS or timeout failure (after the one repeat)
     */
    public HttpAnswer post(URI url, String json, Map<String, String> headers) {
        boolean retried = false;
        while (true) {
            HttpPost request = new HttpPost(url);
            request.setHeader("Accept", "application/json");
            headers.forEach(request::setHeader);
            request.setEntity(new StringEntity(json, ContentType.APPLICATION_JSON.withCharset(StandardCharsets.UTF_8)));
            long start = System.nanoTime();
            ClassicHttpResponse response;
            try {
                response = client.executeOpen(null, request, null);
            } catch (IOException e) {
                if (!retried && deadConnection(e)) {
                    // the answer never started: the platform did not (or could not) read the request on that
                    // connection; repeat it once on a fresh connection, idempotent as every dialect request is
                    log.debug("no answer from {} on a dead connection ({}); sending again on a fresh one", url,
                            e.toString());
                    pool.closeIdle(TimeValue.ZERO_MILLISECONDS);
                    retried = true;
                    continue;
                }
                throw failure(url, e);
            }
            try (response) {
                HttpEntity entity = response.getEntity();
                String body = entity == null ? "" : EntityUtils.toString(entity, StandardCharsets.UTF_8);
                return new HttpAnswer(response.getCode(), body, Duration.ofNanos(System.nanoTime() - start), retried);
            } catch (IOException | org.apache.hc.core5.http.ParseException e) {
                // the answer started and broke off: not repeated here (the delivery's back-off retries it)
                throw failure(url, e instanceof IOException io ? io : new IOException(e));
            }
        }
    }

    /** The connection was closed or reset under the request before any byte of the answer arrived. */
    static boolean deadConnection(IOException e) {
        if (e instanceof NoHttpResponseException) {
            return true;
        }
        if (e instanceof ConnectException || e instanceof NoRouteToHostException
                || e instanceof PortUnreachableException || e instanceof ConnectTimeoutException) {
            return false; // no connection at all: a second attempt at once would fail the same way
        }
        if (e instanceof SocketException) {
            return true; // "Connection reset", "Broken pipe", "Socket closed" on an established connection
        }
        return e instanceof SSLException && e.getCause() instanceof SocketException cause
                && !(cause instanceof ConnectException);
    }

    private PlatformTransportException failure(URI url, IOException e) {
        if (e instanceof SocketTimeoutException || e instanceof ConnectTimeoutException
                || e instanceof InterruptedIOException && !(e instanceof SocketException)) {
            return new PlatformTransportException("timeout (connect " + settings.connectTimeout() + ", answer "
                    + settings.responseTimeout() + ") calling " + url, e);
        }
        if (e instanceof SSLException) {
            return new PlatformTransportException("TLS failure calling " + url + ": " + e.getMessage(), e);
        }
        if (e instanceof UnknownHostException) {
            return new PlatformTransportException("unknown host calling " + url + ": " + e.getMessage(), e);
        }
        return new PlatformTransportException("I/O failure calling " + url + ": " + e, e);
    }

    /** Closes connections idle longer than the idle timeout, and expired ones. */
    void closeIdleConnections() {
        pool.closeExpired();
        pool.closeIdle(TimeValue.of(settings.idleTimeout()));
    }

    /** Connections held (leased or idle), for tests and metrics. */
    public int openConnections() {
        var stats = pool.getTotalStats();
        return stats.getLeased() + stats.getAvailable();
    }

    @Override
    public void close() {
        IdleConnectionReaper.unregister(this);
        client.close(CloseMode.GRACEFUL);
    }
}
