package io.energymon.collector.opcua;

import io.energymon.collector.config.CollectorProperties;
import io.energymon.collector.credentials.Credentials;
import io.energymon.domain.config.DeviceConfig;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import org.eclipse.milo.opcua.sdk.client.DiscoveryClient;
import org.eclipse.milo.opcua.sdk.client.OpcUaClient;
import org.eclipse.milo.opcua.sdk.client.OpcUaClientConfig;
import org.eclipse.milo.opcua.sdk.client.OpcUaClientConfigBuilder;
import org.eclipse.milo.opcua.sdk.client.identity.AnonymousProvider;
import org.eclipse.milo.opcua.sdk.client.identity.IdentityProvider;
import org.eclipse.milo.opcua.sdk.client.identity.UsernameProvider;
import org.eclipse.milo.opcua.stack.core.StatusCodes;
import org.eclipse.milo.opcua.stack.core.UaException;
import org.eclipse.milo.opcua.stack.core.security.SecurityPolicy;
import org.eclipse.milo.opcua.stack.core.types.builtin.LocalizedText;
import org.eclipse.milo.opcua.stack.core.types.builtin.StatusCode;
import org.eclipse.milo.opcua.stack.core.types.structured.EndpointDescription;
import org.eclipse.milo.opcua.stack.core.util.EndpointUtil;
import org.eclipse.milo.opcua.stack.transport.client.tcp.OpcTcpClientTransportConfigBuilder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

import static org.eclipse.milo.opcua.stack.core.types.builtin.unsigned.Unsigned.uint;

/**
 * Opens sessions to OPC UA servers for the collector's devices: discovers the server's endpoints, picks the one of
 * the device's security policy and mode (keeping the configured host and port, as servers behind NAT announce
 * another), presents the collector's certificate ({@link ClientPki}) on secured endpoints and checks the server's
 * against the trust list, and logs in as the device's {@code username} with the password its {@code credentialRef}
 * names ({@link Credentials}), or anonymously. Every wait is bounded by the device's timeout.
 */
@Component
public class OpcUaConnector {
    private static final Logger log = LoggerFactory.getLogger(OpcUaConnector.class);

    private final OpcUaProperties props;
    private final Credentials credentials;
    private final ClientPki pki;
    private final String collectorId;

    @Autowired
    public OpcUaConnector(OpcUaProperties props, Credentials credentials, CollectorProperties collector) {
        this(props, credentials, collector.collectorId());
    }

    public OpcUaConnector(OpcUaProperties props, Credentials credentials, String collectorId) {
        this.props = props;
        this.credentials = credentials;
        this.collectorId = collectorId;
        this.pki = new ClientPki(props.pkiDir(), props.acceptUnknownServerCertificates(), collectorId);
    }

    public OpcUaProperties properties() {
        return props;
    }

    /** Why the device's endpoint, security or timeout cannot be used (null when they can). */
    static String deviceProblem(DeviceConfig d) {
        String what = null;
        if (d.endpoint() == null || d.endpoint().isBlank()) {
            what = "no endpoint (opc.tcp://host:port/path)";
        } else {
            try {
                URI u = URI.create(d.endpoint().strip());
                if (!"opc.tcp".equalsIgnoreCase(u.getScheme()) || u.getHost() == null) {
                    what = "endpoint " + d.endpoint() + " is not an opc.tcp://host:port/path URL";
                }
            } catch (IllegalArgumentException e) {
                what = "endpoint " + d.endpoint() + " is not a URL: " + e.getMessage();
            }
        }
        if (what == null) {
            try {
                OpcUaSecurity.of(d);
            } catch (IllegalArgumentException e) {
                what = e.getMessage();
            }
        }
        if (what == null && (d.timeout().isNegative() || d.timeout().isZero() || d.timeout().toMillis() > 600_000)) {
            what = "timeout " + d.timeout() + " must be positive and at most 10 minutes";
        }
        if (what == null && d.username() != null && !d.username().isBlank()
                && (d.credentialRef() == null || d.credentialRef().isBlank())) {
            what = "username " + d.username() + " is set but credentialRef (the secret holding its password) is not";
        }
        return what == null ? null : "设备 " + d.id() + " 配置错误 / device " + d.id() + " misconfigured: " + what;
    }

    /**
     * A connected client for the device (check {@link #deviceProblem} first).
     *
     * @param beforeConnect called with the client before the session is opened (to register listeners)
     */
    OpcUaClient connect(DeviceConfig d, Consumer<OpcUaClient> beforeConnect) throws OpcUaConnectException {
        String url = d.endpoint().strip();
        OpcUaSecurity security = OpcUaSecurity.of(d);
        long timeoutMs = d.timeout().toMillis();
        Consumer<OpcTcpClientTransportConfigBuilder> transport = b -> b
                .setConnectTimeout(uint(timeoutMs))
                .setAcknowledgeTimeout(uint(timeoutMs));
        String where = "设备 " + d.id() + " (" + url + ")";
        List<EndpointDescription> endpoints;
        try {
            endpoints = DiscoveryClient.getEndpoints(url, transport).get(2 * timeoutMs, TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            throw new OpcUaConnectException(where + " 不可达 / OPC UA server unreachable: " + describe(e), e);
        }
        EndpointDescription endpoint = endpoints.stream()
                .filter(e -> security.policy().getUri().equals(e.getSecurityPolicyUri())
                        && security.mode() == e.getSecurityMode())
                .findFirst().orElseThrow(() -> new OpcUaConnectException(where + " 没有 " + security + " 端点 / server "
                        + "offers no endpoint with " + security + "; it offers " + endpoints.stream()
                        .map(e -> SecurityPolicy.fromUriSafe(e.getSecurityPolicyUri()).map(Enum::name).orElse("?")
                                + "/" + e.getSecurityMode()).distinct().toList(), null));
        endpoint = EndpointUtil.updateUrl(endpoint, EndpointUtil.getHost(url), EndpointUtil.getPort(url));

        IdentityProvider identity = AnonymousProvider.INSTANCE;
        String user = d.username() == null || d.username().isBlank() ? null : d.username().strip();
        if (user != null) {
            try {
                if (d.credentialRef() == null || d.credentialRef().isBlank()) {
                    throw new OpcUaConnectException(where + " 无法登录 / cannot log in as " + user + ": 设备未指定密码引用 "
                            + "credentialRef / the device names no credentialRef for its password", null);
                }
                identity = new UsernameProvider(user, credentials.secret(d.credentialRef().strip()));
            } catch (Credentials.MissingCredentialException e) {
                throw new OpcUaConnectException(where + " 无法登录 / cannot log in as " + user + ": " + e.getMessage(), e);
            }
        }
        OpcUaClientConfigBuilder config = OpcUaClientConfig.builder()
                .setEndpoint(endpoint)
                .setApplicationName(LocalizedText.english("energymon collector " + collectorId))
                .setApplicationUri("urn:energymon:collector:" + collectorId)
                .setProductUri("urn:energymon:collector")
                .setIdentityProvider(identity)
                .setRequestTimeout(uint(timeoutMs))
                .setKeepAliveTimeout(uint(timeoutMs));
        if (security.policy() != SecurityPolicy.None) {
            try {
                ClientPki.Material m = pki.material();
                config.setApplicationUri(m.applicationUri())
                        .setKeyPair(m.keyPair())
                        .setCertificate(m.certificate())
                        .setCertificateChain(new java.security.cert.X509Certificate[] {m.certificate()})
                        .setCertificateValidator(m.validator());
            } catch (Exception e) {
                throw new OpcUaConnectException(where + " 客户端证书不可用 / the collector's certificate in "
                        + pki.dir() + " cannot be used: " + describe(e), e);
            }
        }
        OpcUaClient client;
        try {
            client = OpcUaClient.create(config.build(), transport);
        } catch (UaException e) {
            throw new OpcUaConnectException(where + " 客户端配置错误 / client configuration refused: " + describe(e), e);
        }
        beforeConnect.accept(client);
        try {
            client.connectAsync().get(3 * timeoutMs, TimeUnit.MILLISECONDS);
            log.info("OPC UA device {} connected to {} ({}, {})", d.id(), endpoint.getEndpointUrl(), security,
                    user == null ? "anonymous" : "user " + user);
            return client;
        } catch (Exception e) {
            client.disconnectAsync();
            throw new OpcUaConnectException(where + " " + connectFailure(e, user) + ": " + describe(e), e);
        }
    }

    private String connectFailure(Exception e, String user) {
        long code = UaException.extractStatusCode(e).map(StatusCode::value).orElse(0L);
        if (code == StatusCodes.Bad_UserAccessDenied || code == StatusCodes.Bad_IdentityTokenInvalid
                || code == StatusCodes.Bad_IdentityTokenRejected) {
            return "登录失败 / login as " + user + " refused";
        }
        if (code == StatusCodes.Bad_SecurityChecksFailed || code == StatusCodes.Bad_CertificateUntrusted
                || code == StatusCodes.Bad_CertificateInvalid || code == StatusCodes.Bad_CertificateHostNameInvalid
                || code == StatusCodes.Bad_CertificateUriInvalid || code == StatusCodes.Bad_CertificateTimeInvalid) {
            return "证书校验失败 / certificate check failed (a rejected server certificate is in "
                    + pki.dir().resolve("rejected").resolve("certs") + "; copy it to "
                    + pki.dir().resolve("trusted").resolve("certs") + " to trust it, or ask the server's "
                    + "administrator to trust " + pki.dir().resolve(ClientPki.CERTIFICATE) + ")";
        }
        return "连接失败 / connection failed";
    }

    /** A short description of a failure: the OPC UA status name when there is one, else the exception. */
    static String describe(Throwable e) {
        Throwable t = e instanceof ExecutionException && e.getCause() != null ? e.getCause() : e;
        if (t instanceof TimeoutException) {
            return "no answer within the timeout";
        }
        return UaException.extractStatusCode(t).map(OpcUaConnector::statusName)
                .orElseGet(() -> t.getClass().getSimpleName() + ": " + t.getMessage());
    }

    /** The name of a status code, e.g. {@code Bad_NodeIdUnknown}, or its hex value. */
    static String statusName(StatusCode s) {
        return StatusCodes.lookup(s.value()).map(n -> n[0])
                .orElseGet(() -> String.format(Locale.ROOT, "0x%08X", s.value()));
    }

    /** Asks the server to close the session, without waiting. */
    static void disconnectQuietly(OpcUaClient client, Duration wait) {
        if (client == null) {
            return;
        }
        try {
            client.disconnectAsync().get(wait.toMillis(), TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            log.debug("OPC UA disconnect did not complete", e);
        }
    }
}
