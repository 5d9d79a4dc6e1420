package io.computecluster.common.node;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.util.ContextInitializer;
import ch.qos.logback.core.joran.spi.JoranException;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.computecluster.common.cli.CommandLines;
import io.computecluster.common.config.ClusterSettings;
import io.computecluster.common.config.ConfigError;
import io.computecluster.common.config.ConfigLoader;
import java.io.IOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import picocli.CommandLine;
import org.apache.pekko.actor.CoordinatedShutdown;
import org.apache.pekko.actor.typed.ActorSystem;

/**
 * Starts one cluster node in this JVM from a conf file: loads and validates the config, fixes the
 * port (so that the log file can be named after it), starts the actor system and turns SIGTERM
 * and Ctrl-C into a coordinated shutdown. Returns the process exit code.
 */
public final class NodeLauncher {
    /** The management endpoints start when the node is Up, or this long after the start at the latest. */
    static final Duration MANAGEMENT_AT_LATEST = Duration.ofSeconds(5);
    /** Tries to bind a cluster port the node picked itself. */
    static final int PORT_ATTEMPTS = 3;

    private NodeLauncher() {
    }

    /**
     * Runs a node until it stops.
     *
     * @param configFile the conf file to load
     * @param overrides  config paths set on the command line (they win over everything else)
     */
    public static <S> int run(NodeRole<S> role, Path configFile, Map<String, Object> overrides) {
        Config config;
        ClusterSettings cluster;
        S settings;
        try {
            config = ConfigLoader.load(configFile, overrides);
            settings = role.settings(config);
            // Last: it reads the TLS stores, so a plain bad value is named before a missing file.
            cluster = ClusterSettings.from(config);
        } catch (ConfigError e) {
            System.err.println("error: " + e.getMessage());
            return CommandLines.EXIT_USAGE;
        }
        boolean pickedPort = cluster.port() == 0;
        try {
            if (pickedPort) {
                cluster = cluster.withPort(freePort(cluster.host()));
            }
            // The management port stays 0 when so given: Pekko Management binds a free one itself and
            // logs it. Picking one here to bind later lost races with other JVMs starting at once.
        } catch (ConfigError e) {
            System.err.println("error: " + e.getMessage());
            return CommandLines.EXIT_USAGE;
        }
        // Read by conf/logback.xml; set before the first logger exists.
        System.setProperty("compute.node.role", role.name());
        System.setProperty("compute.node.host", cluster.host());
        System.setProperty("compute.node.port", String.valueOf(cluster.port()));
        System.setProperty("compute.log-dir", cluster.logDir());
        // Initialise logging here, on one thread, before Pekko's threads start logging.
        org.slf4j.LoggerFactory.getILoggerFactory();
        TlsNotice.log(cluster.tls());

        try {
            role.prepare(settings);
        } catch (NodeStartException e) {
            System.err.println("error: " + CommandLines.oneLine(e.getMessage()));
            org.slf4j.LoggerFactory.getLogger(NodeLauncher.class).error("Cannot start: {}", e.getMessage());
            return 1;
        }
        ActorSystem<Void> system = null;
        for (int attempt = 1; system == null; attempt++) {
            Config nodeConfig = ConfigFactory.parseMap(role.pekkoSettings(settings), role.name() + " settings")
                    .withFallback(withClusterAddress(config, cluster));
            try {
                system = ActorSystem.create(role.guardian(settings), cluster.clusterName(), nodeConfig);
            } catch (RuntimeException e) {
                if (pickedPort && attempt < PORT_ATTEMPTS && portTaken(e)) {
                    // Another process bound the free port between our pick and Artery's bind (workers
                    // started together): pick again. The log file is named after the port, so it follows.
                    int taken = cluster.port();
                    cluster = cluster.withPort(freePort(cluster.host()));
                    System.setProperty("compute.node.port", String.valueOf(cluster.port()));
                    restartLogging();
                    org.slf4j.LoggerFactory.getLogger(NodeLauncher.class).warn("Port {} was taken by another"
                            + " process before this node could bind it: using port {}", taken, cluster.port());
                    continue;
                }
                System.err.println("error: cannot start the " + role.name() + " node on " + cluster.host() + ":"
                        + cluster.port() + ": " + rootMessage(e));
                return 1;
            }
        }
        ShutdownSignals.install(system);
        StuckTerminationWatchdog.install(system);
        ManagementEndpoints.startWhenUp(system, MANAGEMENT_AT_LATEST);
        try {
            system.getWhenTerminated().toCompletableFuture().get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException e) {
            return 1;
        }
        return exitCode(CoordinatedShutdown.get(system).getShutdownReason().orElse(null));
    }

    /** 0 for a stop that was asked for (signal, leaving the cluster); 1 for a downed or failed node. */
    static int exitCode(CoordinatedShutdown.Reason reason) {
        boolean normal = reason == null
                || reason == CoordinatedShutdown.jvmExitReason()
                || reason == CoordinatedShutdown.clusterLeavingReason()
                || reason == CoordinatedShutdown.actorSystemTerminateReason()
                || reason == CoordinatedShutdown.unknownReason();
        return normal ? 0 : 1;
    }

    /** The conf file given on the command line, or {@code conf/<name>} of the installation. */
    public static Path configFile(Path given, String defaultName) {
        if (given != null) {
            return given;
        }
        String home = System.getProperty("compute.home");
        return home == null ? Path.of("conf", defaultName) : Path.of(home, "conf", defaultName);
    }

    /**
     * A picocli command line with the project's conventions: a usage error is one line and exit
     * code 2, and an unexpected exception one line and exit code 1.
     */
    public static CommandLine commandLine(Object command) {
        CommandLine commandLine = new CommandLine(command);
        commandLine.setParameterExceptionHandler(CommandLines.usageErrors(System.err));
        commandLine.setExecutionExceptionHandler((e, cmd, parsed) -> {
            System.err.println("error: " + CommandLines.oneLine(rootMessage(e)));
            return 1;
        });
        return commandLine;
    }

    /** The config with this node's address, the seed nodes and its TLS stores written into Pekko's own keys. */
    public static Config withClusterAddress(Config config, ClusterSettings cluster) {
        Map<String, Object> pekko = new HashMap<>();
        pekko.put("pekko.remote.artery.canonical.hostname", cluster.host());
        pekko.put("pekko.remote.artery.canonical.port", cluster.port());
        pekko.put("pekko.cluster.seed-nodes", cluster.seedAddresses());
        pekko.put("pekko.management.http.hostname", cluster.host());
        pekko.put("pekko.management.http.port", cluster.managementPort());
        if (cluster.tls() != null) {
            pekko.putAll(cluster.tls().pekkoSettings());
        }
        return ConfigFactory.parseMap(pekko, "compute.* settings").withFallback(config);
    }

    /** Whether starting the actor system failed because its port was bound by another process. */
    static boolean portTaken(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
            if (cause instanceof BindException) {
                return true;
            }
        }
        return false;
    }

    /** Configures logging again from conf/logback.xml, for the node's new port. */
    private static void restartLogging() {
        if (org.slf4j.LoggerFactory.getILoggerFactory() instanceof LoggerContext context) {
            context.reset();
            try {
                new ContextInitializer(context).autoConfig();
            } catch (JoranException e) {
                System.err.println("warning: cannot configure logging again: " + e.getMessage());
            }
        }
    }

    /** A port free right now on {@code host}; the node binds it a moment later (another try if it is gone by then). */
    static int freePort(String host) {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName(host))) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new ConfigError("compute.host: cannot bind a port on '" + host + "': " + e.getMessage(), e);
        }
    }

    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getClass().getSimpleName() + ": " + root.getMessage();
    }
}
