package io.energymon.uploader.platform.tls;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;

/**
 * Supplies the TLS context for talking to a platform: the seam where an SM2 / TLCP (GM/T 0024) stack can replace
 * the JDK's TLS. Implementations must verify the server against an explicit truststore; trusting every certificate
 * is not allowed.
 */
public interface TlsContextProvider {

    /** The context holding the client key material and the trust anchors. */
    SSLContext sslContext();

    /** Enabled protocol versions, e.g. {@code TLSv1.3, TLSv1.2}. */
    String[] protocols();

    /** Parameters for a client connection: the protocols and HTTPS hostname verification switched on. */
    default SSLParameters sslParameters() {
        SSLParameters parameters = sslContext().getDefaultSSLParameters();
        parameters.setProtocols(protocols());
        parameters.setEndpointIdentificationAlgorithm("HTTPS");
        return parameters;
    }
}
