package io.computecluster.common.tls;

import java.net.Socket;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedTrustManager;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Checks peers' certificates with the trust store's own trust manager and logs each refusal as
 * one WARN line: who was refused (and where, when this node connected), the certificate's subject
 * and issuer, and why. A node that keeps retrying is logged once a minute, not on every attempt.
 */
final class RefusalLoggingTrustManager extends X509ExtendedTrustManager {
    private static final Logger LOG = LoggerFactory.getLogger(RefusalLoggingTrustManager.class);

    private final X509ExtendedTrustManager delegate;
    private final String trustStore;
    private final RefusalThrottle throttle = new RefusalThrottle();

    RefusalLoggingTrustManager(X509ExtendedTrustManager delegate, String trustStore) {
        this.delegate = delegate;
        this.trustStore = trustStore;
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
            throws CertificateException {
        try {
            delegate.checkClientTrusted(chain, authType, engine);
        } catch (CertificateException e) {
            refused("a connection from a node", chain, e);
            throw e;
        }
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
            throws CertificateException {
        try {
            delegate.checkServerTrusted(chain, authType, engine);
        } catch (CertificateException e) {
            String peer = engine == null || engine.getPeerHost() == null ? "a node"
                    : engine.getPeerHost() + ":" + engine.getPeerPort();
            refused("the connection to " + peer, chain, e);
            throw e;
        }
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket)
            throws CertificateException {
        delegate.checkClientTrusted(chain, authType, socket);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket)
            throws CertificateException {
        delegate.checkServerTrusted(chain, authType, socket);
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        delegate.checkClientTrusted(chain, authType);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        delegate.checkServerTrusted(chain, authType);
    }

    @Override
    public X509Certificate[] getAcceptedIssuers() {
        return delegate.getAcceptedIssuers();
    }

    private void refused(String what, X509Certificate[] chain, CertificateException e) {
        X509Certificate peer = chain == null || chain.length == 0 ? null : chain[0];
        String subject = peer == null ? "none" : peer.getSubjectX500Principal().getName();
        String issuer = peer == null ? "none" : peer.getIssuerX500Principal().getName();
        String key = what + "|" + subject + "|" + issuer;
        if (!throttle.logNow(key)) {
            return;
        }
        LOG.warn("Refused {}: its certificate (subject {}, issued by {}) is not trusted by {}: {}", what, subject,
                issuer, trustStore, reason(e));
    }

    /** The innermost message on one line: "validity check failed", "unable to find valid certification path". */
    private static String reason(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = root.getClass().getSimpleName() + ": " + root.getMessage();
        return message.replaceAll("\\s*\\R\\s*", " ");
    }
}
