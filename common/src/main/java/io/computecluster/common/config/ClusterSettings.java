package io.computecluster.common.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigValueType;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * What every node needs to join the cluster, read from {@code compute.*}: the cluster's name, this
 * node's host and port (0: a free one, bound by the node), the seed nodes as {@code HOST:PORT} or
 * {@value #SELF}, the port of its management endpoints (Pekko Management: health checks and cluster
 * membership over HTTP), and the stores of mutual TLS between nodes ({@code tls}: null when the
 * transport is plain TCP), and whether the node writes log files ({@code logFiles}; off: the
 * console only). {@code seedsGiven} and {@code managementPortGiven} say whether those
 * were given for this start (command line, {@code -D}, environment) rather than by a conf file.
 */
public record ClusterSettings(String clusterName, String host, int port, List<String> seedNodes, boolean seedsGiven,
                              List<String> roles, String logDir, boolean logFiles, int managementPort, boolean managementPortGiven,
                              TlsSettings tls) {
    /** The seed that stands for this node itself, at whatever port it binds. */
    public static final String SELF = "self";
    /** The seed nodes of the built-in defaults and conf/cluster.conf: a master on this host's default port. */
    public static final String DEFAULT_SEED = "127.0.0.1:25520";

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_-]*");
    private static final Pattern HOST_PORT = Pattern.compile("(\\[[0-9A-Fa-f:.]+]|[^:\\s/\\[\\]]+):(\\d{1,5})");
    private static final String SEEDS = "compute.seed-nodes";
    private static final String MANAGEMENT_PORT = "compute.management.port";

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
                seedNodes(reader), reader.givenAtStart(SEEDS), roles, reader.string("compute.log-dir"),
                reader.onOff("compute.log-files"),
                reader.port(MANAGEMENT_PORT), reader.givenAtStart(MANAGEMENT_PORT), TlsSettings.fromOrNull(config));
    }

    /** Seed nodes as a list or as one comma-separated string (how {@code SEED_NODES} sets them). */
    private static List<String> seedNodes(SettingsReader reader) {
        Config config = reader.config();
        List<String> raw = new ArrayList<>();
        try {
            if (config.getValue(SEEDS).valueType() == ConfigValueType.LIST) {
                raw.addAll(config.getStringList(SEEDS));
            } else {
                for (String part : config.getString(SEEDS).split(",")) {
                    raw.add(part);
                }
            }
        } catch (ConfigException e) {
            throw reader.error(SEEDS, "a list of HOST:PORT", config.hasPath(SEEDS) ? config.getValue(SEEDS).render() : "nothing");
        }
        List<String> seeds = new ArrayList<>();
        for (String seed : raw) {
            String trimmed = seed.trim();
            if (trimmed.isEmpty()) {
                continue;
            }
            if (trimmed.toLowerCase(Locale.ROOT).equals(SELF)) {
                seeds.add(SELF);
                continue;
            }
            var matcher = HOST_PORT.matcher(trimmed);
            if (!matcher.matches() || Integer.parseInt(matcher.group(2)) < 1 || Integer.parseInt(matcher.group(2)) > 65535) {
                throw reader.error(SEEDS, "HOST:PORT with a port from 1 to 65535, or self", "'" + trimmed + "'");
            }
            seeds.add(trimmed);
        }
        if (seeds.isEmpty()) {
            throw reader.error(SEEDS, "at least one HOST:PORT", "none");
        }
        return List.copyOf(seeds);
    }
}
