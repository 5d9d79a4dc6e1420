package io.computecluster.common.tls;

import java.nio.ByteBuffer;
import java.security.cert.CertificateException;
import java.util.List;
import java.util.function.BiFunction;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLEngineResult;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The server side of an inbound cluster connection: Pekko's engine, with one WARN line when the
 * handshake fails, so that the cluster says when it refuses a peer that speaks plain TCP or
 * rejects the cluster's own certificate (Pekko logs neither on this side). Certificates this node
 * refuses are logged by {@link RefusalLoggingTrustManager} already where it checks them, and not
 * again here; where no such trust manager is (the rotating-keys provider builds its own), they
 * are logged here too. The same failure is logged once a minute at most: a refused node keeps
 * retrying.
 */
final class HandshakeLoggingSslEngine extends SSLEngine {
    private static final Logger LOG = LoggerFactory.getLogger(HandshakeLoggingSslEngine.class);
    private static final RefusalThrottle THROTTLE = new RefusalThrottle();

    private final SSLEngine delegate;
    private final boolean certificatesLogged;
    private boolean handshakeDone;

    /** @param certificatesLogged whether a trust manager logs the certificates this node refuses */
    HandshakeLoggingSslEngine(SSLEngine delegate, boolean certificatesLogged) {
        super(delegate.getPeerHost(), delegate.getPeerPort());
        this.delegate = delegate;
        this.certificatesLogged = certificatesLogged;
    }

    @Override
    public SSLEngineResult wrap(ByteBuffer[] srcs, int offset, int length, ByteBuffer dst) throws SSLException {
        try {
            return handshaking(delegate.wrap(srcs, offset, length, dst));
        } catch (SSLException e) {
            refused(e);
            throw e;
        }
    }

    @Override
    public SSLEngineResult unwrap(ByteBuffer src, ByteBuffer[] dsts, int offset, int length) throws SSLException {
        try {
            return handshaking(delegate.unwrap(src, dsts, offset, length));
        } catch (SSLException e) {
            refused(e);
            throw e;
        }
    }

    private SSLEngineResult handshaking(SSLEngineResult result) {
        if (result.getHandshakeStatus() == SSLEngineResult.HandshakeStatus.FINISHED) {
            handshakeDone = true;
        }
        return result;
    }

    /** One line for a handshake that failed for a reason no trust manager has logged. */
    private void refused(SSLException e) {
        boolean certificate = causedBy(e, CertificateException.class);
        if (handshakeDone || (certificate && certificatesLogged)) {
            return;
        }
        String why = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        if (!THROTTLE.logNow(why)) {
            return;
        }
        // JSSE's client sends no certificate when none of its own is from a CA that this node asks for.
        String likely = why.contains("Empty client certificate chain")
                ? "it has no certificate signed by a CA this node trusts"
                : certificate ? "its certificate is not signed by the CA this node trusts, or is out of its validity"
                : "it speaks plain TCP, or does not trust this node's certificate";
        LOG.warn("Refused a connection from a node: the TLS handshake failed ({}); {}", why.replace('\n', ' '), likely);
    }

    private static boolean causedBy(Throwable e, Class<? extends Throwable> type) {
        for (Throwable cause = e; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
            if (type.isInstance(cause)) {
                return true;
            }
        }
        return false;
    }

    @Override
    public Runnable getDelegatedTask() {
        return delegate.getDelegatedTask();
    }

    @Override
    public void closeInbound() throws SSLException {
        delegate.closeInbound();
    }

    @Override
    public boolean isInboundDone() {
        return delegate.isInboundDone();
    }

    @Override
    public void closeOutbound() {
        delegate.closeOutbound();
    }

    @Override
    public boolean isOutboundDone() {
        return delegate.isOutboundDone();
    }

    @Override
    public String[] getSupportedCipherSuites() {
        return delegate.getSupportedCipherSuites();
    }

    @Override
    public String[] getEnabledCipherSuites() {
        return delegate.getEnabledCipherSuites();
    }

    @Override
    public void setEnabledCipherSuites(String[] suites) {
        delegate.setEnabledCipherSuites(suites);
    }

    @Override
    public String[] getSupportedProtocols() {
        return delegate.getSupportedProtocols();
    }

    @Override
    public String[] getEnabledProtocols() {
        return delegate.getEnabledProtocols();
    }

    @Override
    public void setEnabledProtocols(String[] protocols) {
        delegate.setEnabledProtocols(protocols);
    }

    @Override
    public SSLSession getSession() {
        return delegate.getSession();
    }

    @Override
    public SSLSession getHandshakeSession() {
        return delegate.getHandshakeSession();
    }

    @Override
    public void beginHandshake() throws SSLException {
        delegate.beginHandshake();
    }

    @Override
    public SSLEngineResult.HandshakeStatus getHandshakeStatus() {
        return delegate.getHandshakeStatus();
    }

    @Override
    public void setUseClientMode(boolean mode) {
        delegate.setUseClientMode(mode);
    }

    @Override
    public boolean getUseClientMode() {
        return delegate.getUseClientMode();
    }

    @Override
    public void setNeedClientAuth(boolean need) {
        delegate.setNeedClientAuth(need);
    }

    @Override
    public boolean getNeedClientAuth() {
        return delegate.getNeedClientAuth();
    }

    @Override
    public void setWantClientAuth(boolean want) {
        delegate.setWantClientAuth(want);
    }

    @Override
    public boolean getWantClientAuth() {
        return delegate.getWantClientAuth();
    }

    @Override
    public void setEnableSessionCreation(boolean flag) {
        delegate.setEnableSessionCreation(flag);
    }

    @Override
    public boolean getEnableSessionCreation() {
        return delegate.getEnableSessionCreation();
    }

    @Override
    public SSLParameters getSSLParameters() {
        return delegate.getSSLParameters();
    }

    @Override
    public void setSSLParameters(SSLParameters params) {
        delegate.setSSLParameters(params);
    }

    @Override
    public String getApplicationProtocol() {
        return delegate.getApplicationProtocol();
    }

    @Override
    public String getHandshakeApplicationProtocol() {
        return delegate.getHandshakeApplicationProtocol();
    }

    @Override
    public void setHandshakeApplicationProtocolSelector(BiFunction<SSLEngine, List<String>, String> selector) {
        delegate.setHandshakeApplicationProtocolSelector(selector);
    }

    @Override
    public BiFunction<SSLEngine, List<String>, String> getHandshakeApplicationProtocolSelector() {
        return delegate.getHandshakeApplicationProtocolSelector();
    }
}
