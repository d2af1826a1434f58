package io.energymon.infra.plant.opcua;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.eclipse.milo.opcua.sdk.server.EndpointConfig;
import org.eclipse.milo.opcua.sdk.server.OpcUaServer;
import org.eclipse.milo.opcua.sdk.server.OpcUaServerConfig;
import org.eclipse.milo.opcua.sdk.server.identity.AnonymousIdentityValidator;
import org.eclipse.milo.opcua.sdk.server.identity.CompositeValidator;
import org.eclipse.milo.opcua.sdk.server.identity.UsernameIdentityValidator;
import org.eclipse.milo.opcua.stack.core.security.CertificateValidator;
import org.eclipse.milo.opcua.stack.core.security.DefaultApplicationGroup;
import org.eclipse.milo.opcua.stack.core.security.DefaultCertificateManager;
import org.eclipse.milo.opcua.stack.core.security.MemoryCertificateQuarantine;
import org.eclipse.milo.opcua.stack.core.security.MemoryCertificateStore;
import org.eclipse.milo.opcua.stack.core.security.MemoryTrustListManager;
import org.eclipse.milo.opcua.stack.core.security.RsaSha256CertificateFactory;
import org.eclipse.milo.opcua.stack.core.security.SecurityPolicy;
import org.eclipse.milo.opcua.stack.core.transport.TransportProfile;
import org.eclipse.milo.opcua.stack.core.types.builtin.DateTime;
import org.eclipse.milo.opcua.stack.core.types.builtin.LocalizedText;
import org.eclipse.milo.opcua.stack.core.types.enumerated.MessageSecurityMode;
import org.eclipse.milo.opcua.stack.core.types.structured.BuildInfo;
import org.eclipse.milo.opcua.stack.transport.server.tcp.OpcTcpServerTransport;
import org.eclipse.milo.opcua.stack.transport.server.tcp.OpcTcpServerTransportConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import static org.eclipse.milo.opcua.sdk.server.OpcUaServerConfig.USER_TOKEN_POLICY_ANONYMOUS;
import static org.eclipse.milo.opcua.sdk.server.OpcUaServerConfig.USER_TOKEN_POLICY_USERNAME;

/**
 * A plant's OPC UA server (Eclipse Milo), the stand-in for a DCS or SCADA: the variables of {@link PlantNamespace}
 * (namespace index 2, e.g. {@code ns=2;s=Boiler1.SteamFlow}), computed from a clock by {@link PlantProcess}.
 *
 * <p>Endpoints at {@code opc.tcp://<host>:<port>/plant}: SecurityPolicy None (mode None), and Basic256Sha256 with
 * modes Sign and SignAndEncrypt. User tokens: anonymous, and user name / password for the users given. As a
 * simulator it accepts every client certificate (a real server keeps a trust list); clients must trust
 * {@link #certificate()}.
 */
public final class PlantOpcUaServer implements AutoCloseable {
    /** Path of the endpoints. */
    public static final String PATH = "/plant";
    private static final Logger log = LoggerFactory.getLogger(PlantOpcUaServer.class);
    private static final int MAX_BIND_ATTEMPTS = 5;

    private final OpcUaServer server;
    private final PlantNamespace namespace;
    private final String host;
    private final int port;
    private final ServerIdentity identity;

    private PlantOpcUaServer(OpcUaServer server, PlantNamespace namespace, String host, int port,
                             ServerIdentity identity) {
        this.server = server;
        this.namespace = namespace;
        this.host = host;
        this.port = port;
        this.identity = identity;
    }

    /**
     * Starts a server.
     *
     * @param host     the address to listen on and to announce, e.g. {@code 127.0.0.1}
     * @param port     the TCP port, {@code 0} = a free port
     * @param identity the certificate to present (keep it to restart the server with the same certificate)
     * @param users    user name → password of the accepted users
     * @param clock    the time the values are computed from
     */
    public static PlantOpcUaServer start(String host, int port, ServerIdentity identity, Map<String, String> users,
                                         Clock clock) {
        int attempts = port > 0 ? 1 : MAX_BIND_ATTEMPTS;
        Exception failure = null;
        for (int attempt = 1; attempt <= attempts; attempt++) {
            int candidate = port > 0 ? port : freePort(host);
            OpcUaServer server = null;
            PlantNamespace namespace = null;
            try {
                server = newServer(host, candidate, identity, Map.copyOf(users));
                namespace = new PlantNamespace(server, clock);
                namespace.startup();
                server.startup().get(30, TimeUnit.SECONDS);
                log.info("OPC UA plant simulator listening on opc.tcp://{}:{}{}", host, candidate, PATH);
                return new PlantOpcUaServer(server, namespace, host, candidate, identity);
            } catch (Exception e) {
                failure = e;
                stopQuietly(server, namespace);
            }
        }
        throw new IllegalStateException("OPC UA 模拟器启动失败 / OPC UA simulator could not listen on " + host + ":"
                + port + ": " + failure, failure);
    }

    /**
     * Runs a server on the system clock until the process is stopped: {@code [host] [port]}, default
     * {@code 127.0.0.1 4840} (the OPC UA port); users from the environment variable {@code PLANT_OPCUA_USERS},
     * {@code user:password,user2:password2} (default none: anonymous only).
     */
    public static void main(String[] args) throws InterruptedException {
        String host = args.length > 0 ? args[0] : "127.0.0.1";
        int port = args.length > 1 ? Integer.parseInt(args[1]) : 4840;
        Map<String, String> users = new java.util.HashMap<>();
        String spec = System.getenv("PLANT_OPCUA_USERS");
        if (spec != null && !spec.isBlank()) {
            for (String pair : spec.split(",")) {
                int colon = pair.indexOf(':');
                if (colon <= 0) {
                    throw new IllegalArgumentException("PLANT_OPCUA_USERS must be user:password,..., got an entry "
                            + "without ':'");
                }
                users.put(pair.substring(0, colon).strip(), pair.substring(colon + 1));
            }
        }
        PlantOpcUaServer server = start(host, port, ServerIdentity.generate(host), users, Clock.systemUTC());
        Runtime.getRuntime().addShutdownHook(new Thread(server::close));
        Thread.currentThread().join();
    }

    private static OpcUaServer newServer(String host, int port, ServerIdentity identity, Map<String, String> users)
            throws Exception {
        CertificateValidator acceptAll = (chain, applicationUri, hostnames) -> {
        };
        var factory = new RsaSha256CertificateFactory() {
            @Override
            protected KeyPair createRsaSha256KeyPair() {
                return identity.keyPair();
            }

            @Override
            protected X509Certificate[] createRsaSha256CertificateChain(KeyPair keyPair) {
                return new X509Certificate[] {identity.certificate()};
            }
        };
        var group = DefaultApplicationGroup.createAndInitialize(new MemoryTrustListManager(),
                new MemoryCertificateStore(), factory, acceptAll);
        var certificates = new DefaultCertificateManager(new MemoryCertificateQuarantine(), group);
        var login = new UsernameIdentityValidator(c -> c.getPassword() != null
                && c.getPassword().equals(users.get(c.getUsername())));
        OpcUaServerConfig config = OpcUaServerConfig.builder()
                .setApplicationUri(identity.applicationUri())
                .setApplicationName(LocalizedText.english("energymon plant simulator"))
                .setProductUri("urn:energymon:plant-simulator")
                .setBuildInfo(new BuildInfo("urn:energymon:plant-simulator", "energymon", "energymon plant simulator",
                        OpcUaServer.SDK_VERSION, "", DateTime.now()))
                .setEndpoints(endpoints(host, port, identity.certificate()))
                .setCertificateManager(certificates)
                .setIdentityValidator(new CompositeValidator(AnonymousIdentityValidator.INSTANCE, login))
                .build();
        return new OpcUaServer(config, profile -> new OpcTcpServerTransport(
                OpcTcpServerTransportConfig.newBuilder().build()));
    }

    private static Set<EndpointConfig> endpoints(String host, int port, X509Certificate certificate) {
        EndpointConfig.Builder base = EndpointConfig.newBuilder()
                .setTransportProfile(TransportProfile.TCP_UASC_UABINARY)
                .setBindAddress(host)
                .setBindPort(port)
                .setHostname(host)
                .setPath(PATH)
                .setCertificate(certificate)
                .addTokenPolicies(USER_TOKEN_POLICY_ANONYMOUS, USER_TOKEN_POLICY_USERNAME);
        Set<EndpointConfig> endpoints = new LinkedHashSet<>();
        endpoints.add(base.copy().setSecurityPolicy(SecurityPolicy.None).setSecurityMode(MessageSecurityMode.None)
                .build());
        endpoints.add(base.copy().setSecurityPolicy(SecurityPolicy.Basic256Sha256)
                .setSecurityMode(MessageSecurityMode.Sign).build());
        endpoints.add(base.copy().setSecurityPolicy(SecurityPolicy.Basic256Sha256)
                .setSecurityMode(MessageSecurityMode.SignAndEncrypt).build());
        return endpoints;
    }

    private static int freePort(String host) {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName(host))) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException("找不到空闲端口 / No free port on " + host, e);
        }
    }

    public int port() {
        return port;
    }

    /** The endpoint URL to give a client, {@code opc.tcp://host:port/plant}. */
    public String endpointUrl() {
        return "opc.tcp://" + host + ":" + port + PATH;
    }

    /** The server's application instance certificate, which clients must trust for Basic256Sha256. */
    public X509Certificate certificate() {
        return identity.certificate();
    }

    public ServerIdentity identity() {
        return identity;
    }

    /** The namespace index of the plant's variables (2). */
    public int namespaceIndex() {
        return namespace.getNamespaceIndex().intValue();
    }

    /** Stops the server; the port is free when this returns. */
    @Override
    public void close() {
        stopQuietly(server, namespace);
        log.info("OPC UA plant simulator on port {} stopped", port);
    }

    private static void stopQuietly(OpcUaServer server, PlantNamespace namespace) {
        try {
            if (namespace != null) {
                namespace.shutdown();
            }
            if (server != null) {
                server.shutdown().get(30, TimeUnit.SECONDS);
            }
        } catch (Exception e) {
            log.warn("OPC UA plant simulator did not stop cleanly", e);
        }
    }
}
