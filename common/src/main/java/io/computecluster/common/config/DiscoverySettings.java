package io.computecluster.common.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigValueType;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * How a node finds the cluster, read from {@code compute.discovery}: through its seed nodes
 * ({@code seeds}, the default), or through Pekko Management's Cluster Bootstrap, which asks the
 * management endpoints of contact points found by a discovery method ({@code config}: a static
 * list; {@code kubernetes-api}: pods with a label; {@code dns}: a headless Service's addresses)
 * and joins the cluster they report, or forms one when none has a cluster yet. Only a node that
 * may form a cluster (a master) ever forms one, so the contact points are the masters.
 *
 * @param contactPoints           {@code HOST:PORT} of the contact points' management endpoints ({@code config})
 * @param serviceName             what discovery looks up: the headless Service's name ({@code dns}) or the
 *                                value put for {@code %s} in {@code podLabelSelector} ({@code kubernetes-api})
 * @param podLabelSelector        the label selector of the contact points' pods ({@code kubernetes-api})
 * @param requiredContactPoints   how many contact points must answer before the lowest-addressed one forms
 *                                a new cluster
 */
public record DiscoverySettings(Method method, List<String> contactPoints, String serviceName,
                                String podLabelSelector, int requiredContactPoints) {
    /** The masters' replicas in deploy/kubernetes: contact points that must answer before a cluster forms. */
    public static final int DEFAULT_REQUIRED_CONTACT_POINTS = 2;

    private static final String METHOD = "compute.discovery.method";
    private static final String CONTACT_POINTS = "compute.discovery.contact-points";
    private static final String REQUIRED = "compute.discovery.required-contact-points";
    private static final String BOOTSTRAP = "pekko.management.cluster.bootstrap.";

    /** The ways a node finds the cluster, by their names in {@code compute.discovery.method}. */
    public enum Method {
        SEEDS("seeds"),
        CONFIG("config"),
        KUBERNETES_API("kubernetes-api"),
        DNS("dns");

        private final String configName;

        Method(String configName) {
            this.configName = configName;
        }

        public String configName() {
            return configName;
        }

        static String names() {
            List<String> names = new ArrayList<>();
            for (Method method : values()) {
                names.add(method.configName);
            }
            return String.join(", ", names);
        }
    }

    public DiscoverySettings {
        contactPoints = List.copyOf(contactPoints);
    }

    public static DiscoverySettings from(Config config) {
        SettingsReader reader = new SettingsReader(config);
        String name = reader.string(METHOD).trim().toLowerCase(Locale.ROOT);
        Method method = null;
        for (Method candidate : Method.values()) {
            if (candidate.configName.equals(name)) {
                method = candidate;
            }
        }
        if (method == null) {
            throw reader.error(METHOD, "one of " + Method.names(), "'" + config.getString(METHOD) + "'");
        }
        List<String> contactPoints = contactPoints(reader);
        if (method == Method.CONFIG && contactPoints.isEmpty()) {
            // Named where config was chosen: the empty list is the default.
            throw new ConfigError(reader.originOf(METHOD) + ": " + CONTACT_POINTS + ": expected at least one HOST:PORT"
                    + " (the masters' management endpoints) with " + METHOD + " = config, got none");
        }
        String serviceName = reader.string("compute.discovery.service-name");
        String selector = reader.string("compute.discovery.pod-label-selector");
        int required = required(reader, method, contactPoints);
        return new DiscoverySettings(method, contactPoints, serviceName, selector, required);
    }

    /**
     * Checks that a node that may form the cluster, and so be a contact point, serves its management
     * endpoints on a fixed port: the contact points name it.
     */
    public void checkManagementPort(Config config, boolean mayFormCluster) {
        String key = "compute.management.port";
        if (bootstrap() && mayFormCluster && config.getInt(key) == 0) {
            throw new SettingsReader(config).error(key, "a fixed port with " + METHOD + " = " + method.configName
                    + " (the contact points name it)", "0");
        }
    }

    /** Whether the node joins through Cluster Bootstrap rather than its seed nodes. */
    public boolean bootstrap() {
        return method != Method.SEEDS;
    }

    /**
     * Pekko settings for this choice: with seeds, none but Cluster Bootstrap's routes switched off;
     * else Cluster Bootstrap's and the discovery method's.
     *
     * @param mayFormCluster whether this node may form a new cluster (a master)
     */
    public Map<String, Object> pekkoSettings(boolean mayFormCluster) {
        Map<String, Object> pekko = new HashMap<>();
        if (!bootstrap()) {
            pekko.put("pekko.management.http.routes.cluster-bootstrap", "");
            return pekko;
        }
        pekko.put(BOOTSTRAP + "new-cluster-enabled", mayFormCluster);
        pekko.put(BOOTSTRAP + "contact-point-discovery.service-name", serviceName);
        pekko.put(BOOTSTRAP + "contact-point-discovery.required-contact-point-nr", requiredContactPoints);
        switch (method) {
            case CONFIG -> {
                pekko.put(BOOTSTRAP + "contact-point-discovery.discovery-method", "config");
                List<Map<String, Object>> endpoints = new ArrayList<>();
                for (String contactPoint : contactPoints) {
                    endpoints.add(Map.of("host", HostPorts.host(contactPoint), "port", HostPorts.port(contactPoint)));
                }
                pekko.put("pekko.discovery.config.services", Map.of(serviceName, Map.of("endpoints", endpoints)));
            }
            case KUBERNETES_API -> {
                pekko.put(BOOTSTRAP + "contact-point-discovery.discovery-method", "kubernetes-api");
                // The container port named so: the masters' management port.
                pekko.put(BOOTSTRAP + "contact-point-discovery.port-name", "management");
                pekko.put("pekko.discovery.kubernetes-api.pod-label-selector", podLabelSelector);
                // Pod IPs, as COMPUTE_HOST advertises them: pod DNS records are not on in every cluster.
                pekko.put("pekko.discovery.kubernetes-api.use-raw-ip", true);
            }
            case DNS -> pekko.put(BOOTSTRAP + "contact-point-discovery.discovery-method", "pekko-dns");
            default -> throw new IllegalStateException("no bootstrap with " + method);
        }
        return pekko;
    }

    /** One line: the method and what it looks for. */
    public String describe() {
        return switch (method) {
            case SEEDS -> "seeds";
            case CONFIG -> "config: contact points " + String.join(", ", contactPoints) + ", " + requiredContactPoints
                    + " required";
            case KUBERNETES_API -> "kubernetes-api: pods labelled " + podLabelSelector.replace("%s", serviceName)
                    + " (port 'management'), " + requiredContactPoints + " required";
            case DNS -> "dns: addresses of " + serviceName + ", " + requiredContactPoints + " required";
        };
    }

    /** Contact points as a list or as one comma-separated string (how {@code COMPUTE_CONTACT_POINTS} sets them). */
    private static List<String> contactPoints(SettingsReader reader) {
        if (!reader.config().hasPath(CONTACT_POINTS)) {
            return List.of();
        }
        List<String> contactPoints = HostPorts.entries(reader, CONTACT_POINTS);
        for (String contactPoint : contactPoints) {
            if (!HostPorts.valid(contactPoint)) {
                throw reader.error(CONTACT_POINTS, "HOST:PORT of a management endpoint, the port from 1 to 65535",
                        "'" + contactPoint + "'");
            }
        }
        return contactPoints;
    }

    /** {@code auto}: every listed contact point with {@code config}, else {@value #DEFAULT_REQUIRED_CONTACT_POINTS}. */
    private static int required(SettingsReader reader, Method method, List<String> contactPoints) {
        Config config = reader.config();
        if (config.hasPath(REQUIRED) && config.getValue(REQUIRED).valueType() == ConfigValueType.STRING
                && config.getString(REQUIRED).trim().equalsIgnoreCase("auto")) {
            return method == Method.CONFIG ? contactPoints.size() : DEFAULT_REQUIRED_CONTACT_POINTS;
        }
        int required;
        try {
            required = Integer.parseInt(config.getString(REQUIRED).trim());
        } catch (ConfigException | NumberFormatException e) {
            throw reader.error(REQUIRED, "auto or a number of at least 1",
                    config.hasPath(REQUIRED) ? config.getValue(REQUIRED).render() : "nothing");
        }
        if (required < 1) {
            throw reader.error(REQUIRED, "auto or a number of at least 1", String.valueOf(required));
        }
        if (method == Method.CONFIG && required > contactPoints.size()) {
            throw reader.error(REQUIRED, "at most the " + contactPoints.size() + " contact points listed in "
                    + CONTACT_POINTS, String.valueOf(required));
        }
        return required;
    }
}
