package io.computecluster.common.tls;

import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509ExtendedTrustManager;
import org.apache.pekko.actor.ActorSystem;
import org.apache.pekko.remote.artery.tcp.ConfigSSLEngineProvider;

/**
 * Pekko's own TLS engine provider (config-ssl-engine: stores, protocol, mutual authentication),
 * with trust managers that log one line when they refuse a peer's certificate, and server engines
 * that log one line when an inbound handshake fails otherwise (plain TCP, or a peer refusing this
 * node's certificate): Pekko itself says nothing on the side that refuses an inbound connection.
 */
public final class RefusalLoggingSslEngineProvider extends ConfigSSLEngineProvider {

    /** Called by Pekko, named by {@code pekko.remote.artery.ssl.ssl-engine-provider}. */
    public RefusalLoggingSslEngineProvider(ActorSystem system) {
        super(system);
    }

    @Override
    public SSLEngine createServerSSLEngine(String hostname, int port) {
        return new HandshakeLoggingSslEngine(super.createServerSSLEngine(hostname, port), true);
    }

    @Override
    public TrustManager[] trustManagers() {
        TrustManager[] managers = super.trustManagers();
        TrustManager[] logging = new TrustManager[managers.length];
        for (int i = 0; i < managers.length; i++) {
            logging[i] = managers[i] instanceof X509ExtendedTrustManager x509
                    ? new RefusalLoggingTrustManager(x509, SSLTrustStore())
                    : managers[i];
        }
        return logging;
    }
}
