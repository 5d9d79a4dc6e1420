package io.computecluster.common.node;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Option;

/** The command-line options every node takes (a picocli mixin), as config overrides. */
public final class NodeOptions {

    @Option(names = "--config", paramLabel = "FILE", description = "Config file (default: conf/<role>.conf).")
    Path config;

    @Option(names = "--host", paramLabel = "HOST",
            description = "Address the other nodes reach this node at (compute.host; default 127.0.0.1).")
    String host;

    @Option(names = "--bind-host", paramLabel = "HOST",
            description = "Address this node binds when it differs from --host (NAT, container port mapping,"
                    + " 0.0.0.0 for every interface); default: --host.")
    String bindHost;

    @Option(names = "--port", paramLabel = "N",
            description = "Cluster (Artery) port; 0: a free one, named in the log and the ports file.")
    Integer port;

    @Option(names = "--bind-port", paramLabel = "N",
            description = "Cluster port this node binds when it differs from --port (container port mapping);"
                    + " default: --port.")
    Integer bindPort;

    @Option(names = "--management-port", paramLabel = "N",
            description = "Port of the health checks and /cluster/members (Pekko Management); 0: a free one. The"
                    + " conf's port is used when free, else a free one.")
    Integer managementPort;

    @Option(names = "--seed", paramLabel = "HOST:PORT",
            description = "Seed node to join through; repeatable; replaces the conf's seed nodes. 'self' stands for"
                    + " this node: first in the list, it forms a cluster when no other seed answers.")
    List<String> seeds;

    @Option(names = "--ports-file", paramLabel = "FILE",
            description = "JSON file the node writes the ports it bound to (cluster, HTTP, management) and its log"
                    + " file, again as each is bound; for scripts.")
    Path portsFile;

    @Option(names = "--tls-dir", paramLabel = "DIR",
            description = "Folder with node.p12, truststore.p12 and their password files (bin/gen-certs writes"
                    + " them); replaces compute.tls.dir of the conf (default conf/tls) and any"
                    + " compute.tls.key-store, trust-store and password-file keys set there.")
    Path tlsDir;

    /** The conf file given, or {@code conf/<defaultName>} of the installation. */
    public Path configFile(String defaultName) {
        return NodeLauncher.configFile(config, defaultName);
    }

    /** The options given, as config paths and values (the highest layer of the node's config). */
    public Map<String, Object> overrides() {
        Map<String, Object> overrides = new HashMap<>();
        if (host != null) {
            overrides.put("compute.host", host);
        }
        if (bindHost != null) {
            overrides.put("compute.bind-host", bindHost);
        }
        if (port != null) {
            overrides.put("compute.port", port);
        }
        if (bindPort != null) {
            overrides.put("compute.bind-port", bindPort);
        }
        if (managementPort != null) {
            overrides.put("compute.management.port", managementPort);
        }
        if (seeds != null) {
            overrides.put("compute.seed-nodes", seeds);
        }
        if (portsFile != null) {
            overrides.put(BoundPorts.FILE_KEY, portsFile.toAbsolutePath().normalize().toString());
        }
        if (tlsDir != null) {
            overrides.put("compute.tls.dir", tlsDir.toAbsolutePath().normalize().toString());
        }
        return overrides;
    }
}
