package io.computecluster.common.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigValueType;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Settings that list {@code HOST:PORT} addresses (seed nodes, contact points): a host name, an IPv4
 * address or a bracketed IPv6 one, and a port from 1 to 65535.
 */
final class HostPorts {
    private static final Pattern HOST_PORT = Pattern.compile("(\\[[0-9A-Fa-f:.]+]|[^:\\s/\\[\\]]+):(\\d{1,5})");

    private HostPorts() {
    }

    /**
     * The entries of {@code key}, each trimmed, blank ones left out: a list, or one comma-separated
     * string (how an environment variable sets it). Not checked: {@link #valid} does that.
     */
    static List<String> entries(SettingsReader reader, String key) {
        Config config = reader.config();
        List<String> raw = new ArrayList<>();
        try {
            if (config.getValue(key).valueType() == ConfigValueType.LIST) {
                raw.addAll(config.getStringList(key));
            } else {
                raw.addAll(List.of(config.getString(key).split(",")));
            }
        } catch (ConfigException e) {
            throw reader.error(key, "a list of HOST:PORT", config.hasPath(key) ? config.getValue(key).render() : "nothing");
        }
        return raw.stream().map(String::trim).filter(entry -> !entry.isEmpty()).toList();
    }

    /** Whether {@code hostPort} is a host and a port from 1 to 65535. */
    static boolean valid(String hostPort) {
        Matcher matcher = HOST_PORT.matcher(hostPort);
        if (!matcher.matches()) {
            return false;
        }
        int port = Integer.parseInt(matcher.group(2));
        return port >= 1 && port <= 65535;
    }

    /** The host of a {@link #valid} {@code hostPort}, an IPv6 address without its brackets. */
    static String host(String hostPort) {
        return matched(hostPort).group(1).replaceAll("[\\[\\]]", "");
    }

    /** The port of a {@link #valid} {@code hostPort}. */
    static int port(String hostPort) {
        return Integer.parseInt(matched(hostPort).group(2));
    }

    private static Matcher matched(String hostPort) {
        Matcher matcher = HOST_PORT.matcher(hostPort);
        if (!matcher.matches()) {
            throw new IllegalArgumentException("not HOST:PORT: " + hostPort);
        }
        return matcher;
    }
}
