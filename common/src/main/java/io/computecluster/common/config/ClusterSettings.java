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
 * node's host and port as the other nodes reach it (port 0: a free one, bound by the node), the
 * host and port it binds ({@code bind-host}, {@code bind-port}: the same unless given, as behind NAT
 * or container port mapping), the seed nodes as {@code HOST:PORT} or
 * {@value #SELF}, the port of its management endpoints (Pekko Management: health checks and cluster
 * membership over HTTP), and the stores of mutual TLS between nodes ({@code tls}: null when the
 * transport is plain TCP), and whether the node writes log files ({@code logFiles}; off: the
 * console only). {@code seedsGiven} and {@code managementPortGiven} say whether those
 * were given for this start (command line, {@code -D}, environment) rather than by a conf file.
 */
public record ClusterSettings(String clusterName, String host, int port, String bindHost, int bindPort,
                              List<String> seedNodes, boolean seedsGiven, List<String> roles, String logDir,
                              boolean logFiles, int managementPort, boolean managementPortGiven, TlsSettings tls) {
    /** The seed that stands for this node itself, at whatever port it binds. */
    public static final String SELF = "self";
    /** The seed nodes of the built-in defaults and conf/cluster.conf: a master on this host's default port. */
    public static final String DEFAULT_SEED = "127.0.0.1:25520";

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_-]*");
    private static final Pattern HOST_NAME = Pattern.compile("[A-Za-z0-9]([A-Za-z0-9.-]*[A-Za-z0-9])?");
    private static final Pattern IPV6 = Pattern.compile(
            "([0-9A-Fa-f.]*:){2,}[0-9A-Fa-f.]*|\\[([0-9A-Fa-f.]*:){2,}[0-9A-Fa-f.]*]");
    private static final String HOST = "compute.host";
    private static final String PORT = "compute.port";
    private static final String BIND_HOST = "compute.bind-host";
    private static final String BIND_PORT = "compute.bind-port";
    private static final String SEEDS = "compute.seed-nodes";
    private static final String MANAGEMENT_PORT = "compute.management.port";

    /** Whether the node binds another host or port than the one the other nodes reach it at. */
    public boolean bindsElsewhere() {
        return !bindHost.equals(host) || bindPort != port;
    }

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
        String host = advertisedHost(reader);
        int port = reader.port(PORT);
        String bindHost = optional(config, BIND_HOST).isEmpty() ? host : host(reader, BIND_HOST);
        return new ClusterSettings(name, host, port, bindHost, bindPort(reader, port),
                seedNodes(reader), reader.givenAtStart(SEEDS), roles, reader.string("compute.log-dir"),
                reader.onOff("compute.log-files"),
                reader.port(MANAGEMENT_PORT), reader.givenAtStart(MANAGEMENT_PORT), TlsSettings.fromOrNull(config));
    }

    /** The address other nodes reach this node at: never one that means "every interface". */
    private static String advertisedHost(SettingsReader reader) {
        String host = host(reader, HOST);
        if (host.equals("0.0.0.0") || host.replaceAll("[\\[\\]]", "").matches("(0*:)*:?0*")) {
            throw reader.error(HOST, "an address the other nodes can reach (to bind every interface, set"
                    + " compute.bind-host = 0.0.0.0 and this to the node's routable address)", "'" + host + "'");
        }
        return host;
    }

    private static String host(SettingsReader reader, String key) {
        String host = reader.string(key).trim();
        if (!HOST_NAME.matcher(host).matches() && !IPV6.matcher(host).matches()) {
            throw reader.error(key, "a host name or IP address", "'" + host + "'");
        }
        return host;
    }

    /** The port the node binds: {@code compute.port} unless {@code compute.bind-port} names another. */
    private static int bindPort(SettingsReader reader, int port) {
        String given = optional(reader.config(), BIND_PORT);
        if (given.isEmpty()) {
            return port;
        }
        int bindPort = reader.intBetween(BIND_PORT, 1, 65535);
        if (port == 0) {
            throw reader.error(PORT, "the port the other nodes reach this node at, not 0, when compute.bind-port"
                    + " is set (" + bindPort + ")", "0");
        }
        return bindPort;
    }

    /** A setting whose empty value, or absence, means "as the node's own": its text, or "". */
    private static String optional(Config config, String key) {
        if (!config.hasPath(key)) {
            return "";
        }
        return config.getValue(key).valueType() == ConfigValueType.STRING ? config.getString(key).trim()
                : config.getValue(key).unwrapped().toString();
    }

    /** Seed nodes as a list or as one comma-separated string (how {@code COMPUTE_SEED_NODES} sets them). */
    private static List<String> seedNodes(SettingsReader reader) {
        List<String> seeds = new ArrayList<>();
        for (String seed : HostPorts.entries(reader, SEEDS)) {
            if (seed.toLowerCase(Locale.ROOT).equals(SELF)) {
                seeds.add(SELF);
                continue;
            }
            if (!HostPorts.valid(seed)) {
                throw reader.error(SEEDS, "HOST:PORT with a port from 1 to 65535, or self", "'" + seed + "'");
            }
            seeds.add(seed);
        }
        if (seeds.isEmpty()) {
            throw reader.error(SEEDS, "at least one HOST:PORT", "none");
        }
        return List.copyOf(seeds);
    }
}
