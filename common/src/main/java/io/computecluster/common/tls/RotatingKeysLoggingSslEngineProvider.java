package io.computecluster.common.tls;

import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLSession;
import org.apache.pekko.actor.ActorSystem;
import org.apache.pekko.remote.artery.tcp.SSLEngineProvider;
import org.apache.pekko.remote.artery.tcp.ssl.RotatingKeysSSLEngineProvider;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import scala.Option;

/**
 * Pekko's rotating-keys provider (PEM files, re-read when {@code ssl-context-cache-ttl} has passed,
 * so that a renewed certificate serves new connections without a restart), with one WARN line for
 * each refused inbound handshake, as {@link RefusalLoggingSslEngineProvider} logs for PKCS12
 * stores. Pekko's provider is final and builds its own trust manager, so this wraps it: refused
 * certificates are logged by the server engine, and refusals of its subject-name check here.
 *
 * <p>That check: besides being signed by the CA of ca.crt, a peer's certificate must carry at
 * least one of the subject names (the CN, or a DNS name) of this node's own certificate.
 */
public final class RotatingKeysLoggingSslEngineProvider implements SSLEngineProvider {
    private static final Logger LOG = LoggerFactory.getLogger(RotatingKeysLoggingSslEngineProvider.class);

    private final RotatingKeysSSLEngineProvider delegate;
    private final RefusalThrottle throttle = new RefusalThrottle();

    /** Called by Pekko, named by {@code pekko.remote.artery.ssl.ssl-engine-provider}. */
    public RotatingKeysLoggingSslEngineProvider(ActorSystem system) {
        delegate = new RotatingKeysSSLEngineProvider(system);
    }

    @Override
    public SSLEngine createServerSSLEngine(String hostname, int port) {
        return new HandshakeLoggingSslEngine(delegate.createServerSSLEngine(hostname, port), false);
    }

    @Override
    public SSLEngine createClientSSLEngine(String hostname, int port) {
        return delegate.createClientSSLEngine(hostname, port);
    }

    @Override
    public Option<Throwable> verifyClientSession(String hostname, SSLSession session) {
        return logged("the connection to " + hostname, delegate.verifyClientSession(hostname, session));
    }

    @Override
    public Option<Throwable> verifyServerSession(String hostname, SSLSession session) {
        return logged("a connection from a node", delegate.verifyServerSession(hostname, session));
    }

    private Option<Throwable> logged(String what, Option<Throwable> refusal) {
        if (refusal.isDefined()) {
            String why = String.valueOf(refusal.get().getMessage()).replace('\n', ' ');
            if (!throttle.logNow(what + why)) {
                return refusal;
            }
            LOG.warn("Refused {}: its certificate carries none of the subject names (CN, DNS names) of this node's"
                    + " tls.crt, as the rotating-keys provider requires: {}", what, why);
        }
        return refusal;
    }
}
