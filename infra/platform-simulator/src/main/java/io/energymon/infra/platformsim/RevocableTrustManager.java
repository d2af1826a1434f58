package io.energymon.infra.platformsim;

import io.energymon.infra.pki.DevPki;
import java.net.Socket;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.function.Predicate;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * The platform's check of client certificates: the PKIX check against the development CA, then a revocation list by
 * the certificate's common name (the enterprise's USCC), so that a revoked certificate fails the TLS handshake the
 * way a platform's CRL/OCSP check fails it.
 */
final class RevocableTrustManager extends X509ExtendedTrustManager {

    private final X509ExtendedTrustManager delegate;
    private final Predicate<String> revoked;

    RevocableTrustManager(X509ExtendedTrustManager delegate, Predicate<String> revoked) {
        this.delegate = delegate;
        this.revoked = revoked;
    }

    private void checkRevoked(X509Certificate[] chain) throws CertificateException {
        String cn = DevPki.commonName(chain[0].getSubjectX500Principal());
        if (cn != null && revoked.test(cn)) {
            throw new CertificateException("客户端证书已吊销 / client certificate revoked: " + cn);
        }
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket)
            throws CertificateException {
        delegate.checkClientTrusted(chain, authType, socket);
        checkRevoked(chain);
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
            throws CertificateException {
        delegate.checkClientTrusted(chain, authType, engine);
        checkRevoked(chain);
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        delegate.checkClientTrusted(chain, authType);
        checkRevoked(chain);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket)
            throws CertificateException {
        delegate.checkServerTrusted(chain, authType, socket);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
            throws CertificateException {
        delegate.checkServerTrusted(chain, authType, engine);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        delegate.checkServerTrusted(chain, authType);
    }

    @Override
    public X509Certificate[] getAcceptedIssuers() {
        return delegate.getAcceptedIssuers();
    }
}
