package io.computecluster.common.node;

import io.computecluster.common.config.TlsSettings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The one line a node logs at start about how its connections to other nodes are protected. */
final class TlsNotice {
    private static final Logger LOG = LoggerFactory.getLogger(TlsNotice.class);

    private TlsNotice() {
    }

    static void log(TlsSettings tls) {
        if (tls == null) {
            LOG.warn("Node-to-node traffic is plain TCP (pekko.remote.artery.transport = tcp): not encrypted, and any"
                    + " host that reaches the cluster port can join; use tls-tcp outside a test bench");
        } else if (tls.development()) {
            LOG.info("Using development certificates generated at {} (made by bin/ on first start, for trying"
                    + " the cluster out); for your own CA: bin/gen-certs DIR --ca YOUR_CA_DIR, or your own PKCS12 stores,"
                    + " then --tls-dir DIR or compute.tls.* (docs/security.md)", tls.dir());
        } else if (tls.pem() != null) {
            LOG.info("Mutual TLS between nodes with the PEM files of {} (tls.key, tls.crt, ca.crt), read again for new"
                    + " connections once pekko.remote.artery.ssl.rotating-keys-engine.ssl-context-cache-ttl has passed",
                    tls.dir());
        } else {
            LOG.info("Mutual TLS between nodes with key store {} and trust store {}", tls.keyStore(), tls.trustStore());
        }
    }
}
