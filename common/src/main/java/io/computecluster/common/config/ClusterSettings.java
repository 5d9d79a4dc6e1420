package io.computecluster.common.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigValueType;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * What every node needs to join the cluster, read from {@code compute.*}: the cluster's name, this
 * node's host and port, the seed nodes as {@code HOST:PORT}, and the port of its management
 * endpoints (Pekko Management: health checks and cluster membership over HTTP), and the stores
 * of mutual TLS between nodes ({@code tls}: null when the transport is plain TCP).
 */
public record ClusterSettings(String clusterName, String host, int port, List<String> seedNodes,
                              List<String> roles, String logDir, int managementPort, TlsSettings tls) {
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_-]*");
    private static final Pattern HOST_PORT = Pattern.compile("(\\[[0-9A-Fa-f:.]+]|[^:\\s/\\[\\]]+):(\\d{1,5})");

    public static ClusterSettings from(Config config) {
        SettingsReader reader = new SettingsReader(config);
        String name = reader.string("compute.cluster-name");
        if (!NAME.matcher(name).matches()) {
            throw reader.error("compute.cluster-name", "letters, digits, '-' or '_'", "'" + name + "'");
        }
        List<String> roles;
        try {
            roles = List.copyOf(config.getStringList("pekko.cluster.roles"));
        } catch (ConfigException e) {
            throw reader.error("pekko.cluster.roles", "a list of role names", config.getValue("pekko.cluster.roles").render());
        }
        return new ClusterSettings(name, reader.string("compute.host"), reader.port("compute.port"),
                seedNodes(reader), roles, reader.string("compute.log-dir"), reader.port("compute.management.port"),
                TlsSettings.fromOrNull(config));
    }

    /** Seed nodes as a list or as one comma-separated string (how {@code SEED_NODES} sets them). */
    private static List<String> seedNodes(SettingsReader reader) {
        String key = "compute.seed-nodes";
        Config config = reader.config();
        List<String> raw = new ArrayList<>();
        try {
            if (config.getValue(key).valueType() == ConfigValueType.LIST) {
                raw.addAll(config.getStringList(key));
            } else {
                for (String part : config.getString(key).split(",")) {
                    raw.add(part);
                }
            }
        } catch (ConfigException e) {
            throw reader.error(key, "a list of HOST:PORT", config.hasPath(key) ? config.getValue(key).render() : "nothing");
        }
        List<String> seeds = new ArrayList<>();
        for (String seed : raw) {
            String trimmed = seed.trim();
            if (trimmed.isEmpty()) {
                continue;
            }
            var matcher = HOST_PORT.matcher(trimmed);
            if (!matcher.matches() || Integer.parseInt(matcher.group(2)) < 1 || Integer.parseInt(matcher.group(2)) > 65535) {
                throw reader.error(key, "HOST:PORT with a port from 1 to 65535", "'" + trimmed + "'");
            }
            seeds.add(trimmed);
        }
        if (seeds.isEmpty()) {
            throw reader.error(key, "at least one HOST:PORT", "none");
        }
        return List.copyOf(seeds);
    }

    /** Seed node addresses in Pekko's form, {@code pekko://name@host:port}. */
    public List<String> seedAddresses() {
        return seedNodes.stream().map(seed -> "pekko://" + clusterName + "@" + seed).toList();
    }

    public ClusterSettings withPort(int newPort) {
        return new ClusterSettings(clusterName, host, newPort, seedNodes, roles, logDir, managementPort, tls);
    }
}
