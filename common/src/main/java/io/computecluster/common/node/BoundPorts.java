package io.computecluster.common.node;

import com.typesafe.config.Config;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Extension;
import org.apache.pekko.actor.typed.ExtensionId;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The ports this node has bound, recorded as each is bound (the cluster port by the launcher, the
 * HTTP API by a master, the management endpoints once the node is Up) and, when
 * {@code compute.ports-file} names a file, written to it as {@link NodePorts}.
 */
public final class BoundPorts implements Extension {
    private static final Logger log = LoggerFactory.getLogger(BoundPorts.class);
    /** The config key of the file; empty: none. */
    public static final String FILE_KEY = "compute.ports-file";

    private static final class Id extends ExtensionId<BoundPorts> {
        @Override
        public BoundPorts createExtension(ActorSystem<?> system) {
            return new BoundPorts(system.settings().config());
        }
    }

    private static final Id ID = new Id();

    private final Path file;
    private NodePorts ports;
    private boolean failedOnce;

    private BoundPorts(Config config) {
        String path = config.hasPath(FILE_KEY) ? config.getString(FILE_KEY) : "";
        this.file = path.isBlank() ? null : Path.of(path).toAbsolutePath();
        List<String> roles = config.getStringList("pekko.cluster.roles");
        this.ports = new NodePorts(ProcessHandle.current().pid(), roles.isEmpty() ? null : roles.get(0), null, null,
                null, null);
    }

    public static BoundPorts get(ActorSystem<?> system) {
        return ID.apply(system);
    }

    /** What has been bound so far. */
    public synchronized NodePorts current() {
        return ports;
    }

    synchronized void cluster(String hostPort, Path logFile) {
        update(ports.withCluster(hostPort, logFile == null ? null : logFile.toAbsolutePath().toString()));
    }

    /** The HTTP API is served at {@code url}. */
    public synchronized void http(URI url) {
        update(ports.withHttp(url.toString()));
    }

    synchronized void management(URI url) {
        update(ports.withManagement(url.toString()));
    }

    private void update(NodePorts next) {
        ports = next;
        if (file == null) {
            return;
        }
        try {
            next.write(file);
        } catch (IOException e) {
            if (!failedOnce) {
                failedOnce = true;
                log.warn("Cannot write the ports file {} ({}: {}): scripts waiting for it will not see this node's ports",
                        file, e.getClass().getSimpleName(), e.getMessage());
            }
        }
    }
}
