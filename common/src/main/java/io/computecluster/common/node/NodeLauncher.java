package io.computecluster.common.node;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.computecluster.common.cli.CommandLines;
import io.computecluster.common.config.ClusterSettings;
import io.computecluster.common.config.ConfigError;
import io.computecluster.common.config.ConfigLoader;
import io.computecluster.common.config.DiscoverySettings;
import io.computecluster.common.logging.NodeLog;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import org.apache.pekko.actor.Address;
import org.apache.pekko.actor.CoordinatedShutdown;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Props;
import org.apache.pekko.actor.typed.javadsl.Adapter;
import org.apache.pekko.cluster.Member;
import org.apache.pekko.cluster.typed.Cluster;
import org.apache.pekko.cluster.typed.JoinSeedNodes;
import org.apache.pekko.management.cluster.bootstrap.ClusterBootstrap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;

/**
 * Starts one cluster node in this JVM from a conf file: loads and validates the config, starts the
 * actor system on its cluster port (0: Artery binds a free one), then names what it bound (one log
 * line, the log file {@code <role>-<port>.log}, the ports file), asks its seeds to let it join and
 * turns SIGTERM and Ctrl-C into a coordinated shutdown. A node whose role rejoins and whose cluster
 * lost it ({@link RejoinDecision}) starts a fresh actor system in this JVM and joins again; the new
 * system on port 0 binds another free port, and the log file and the ports file follow it. Returns
 * the process exit code.
 */
public final class NodeLauncher {
    /** The management endpoints start when the node is Up, or this long after the start at the latest. */
    static final Duration MANAGEMENT_AT_LATEST = Duration.ofSeconds(5);
    /** How long a rejoining node on a fixed cluster port waits for its old actor system to let the port go. */
    static final Duration PORT_RELEASE_AT_MOST = Duration.ofSeconds(30);

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
        DiscoverySettings discovery;
        SeedsUnanswered.Settings joinWarning;
        S settings;
        RejoinDecision rejoin;
        try {
            config = ConfigLoader.load(configFile, overrides);
            settings = role.settings(config);
            rejoin = new RejoinDecision(role.rejoins(config));
            joinWarning = SeedsUnanswered.Settings.from(config);
            discovery = DiscoverySettings.from(config);
            discovery.checkManagementPort(config, role.mayFormCluster());
            // Last: it reads the TLS stores, so a plain bad value is named before a missing file.
            cluster = ClusterSettings.from(config);
        } catch (ConfigError e) {
            System.err.println("error: " + e.getMessage());
            return CommandLines.EXIT_USAGE;
        }
        // Read by conf/logback.xml; set before the first logger exists. The log file is named after
        // the cluster port once it is bound (NodeLog.bound): lines wait in memory until then.
        System.setProperty("compute.node.role", role.name());
        System.setProperty("compute.log-dir", cluster.logDir());
        System.setProperty("compute.log-files", cluster.logFiles() ? "on" : "off");
        // Initialise logging here, on one thread, before Pekko's threads start logging.
        Logger log = LoggerFactory.getLogger(NodeLauncher.class);
        TlsNotice.log(cluster.tls());

        try {
            role.prepare(settings);
        } catch (NodeStartException e) {
            System.err.println("error: " + CommandLines.oneLine(e.getMessage()));
            log.error("Cannot start: {}", e.getMessage());
            openTheAskedPortsLogFile(cluster);
            return 1;
        }
        ShutdownSignals signals = ShutdownSignals.install();
        while (true) {
            ActorSystem<Void> system;
            try {
                system = start(role, settings, config, cluster, discovery, joinWarning, ConfigFactory.empty(),
                        Instant.now());
            } catch (RuntimeException e) {
                String where = cluster.bindsElsewhere()
                        ? cluster.bindHost() + ":" + cluster.bindPort() + " (advertised as " + cluster.host() + ":"
                        + cluster.port() + ")" : cluster.host() + ":" + cluster.port();
                System.err.println("error: cannot start the " + role.name() + " node on " + where + ": "
                        + rootMessage(e));
                openTheAskedPortsLogFile(cluster);
                return 1;
            }
            signals.watch(system);
            CompletableFuture<Void> ended = StuckTerminationWatchdog.install(system,
                    reason -> rejoin.after(reason, signals.stopAsked()).rejoin());
            if (!discovery.bootstrap()) {
                // With Cluster Bootstrap they are served from the start (start below): it joins through them.
                ManagementEndpoints.startWhenUp(system, MANAGEMENT_AT_LATEST, cluster.managementPortGiven());
            }
            try {
                ended.get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return 1;
            } catch (ExecutionException e) {
                return 1;
            }
            RejoinDecision.Outcome outcome = rejoin.after(
                    CoordinatedShutdown.get(system).getShutdownReason().orElse(null), signals.stopAsked());
            if (!outcome.rejoin()) {
                return outcome.exitCode();
            }
            log.warn("Cluster left ({}): joining again with a fresh actor system through {} (compute.{}.rejoin = off"
                    + " exits instead)", outcome.cause(), joinTargets(cluster, discovery), role.name());
            if (!PortRelease.await(cluster.bindHost(), cluster.bindPort(), PORT_RELEASE_AT_MOST, signals::stopAsked)) {
                log.warn("Cluster port {}:{} is still held {} s after the old actor system stopped: starting anyway",
                        cluster.bindHost(), cluster.bindPort(), PORT_RELEASE_AT_MOST.toSeconds());
            }
            if (signals.stopAsked()) {
                return 0;
            }
        }
    }

    /** Whom a rejoining node asks, for its one line: the seeds, or what Cluster Bootstrap looks for. */
    static String joinTargets(ClusterSettings cluster, DiscoverySettings discovery) {
        return discovery.bootstrap() ? "Cluster Bootstrap (" + discovery.describe() + ")"
                : "the seeds " + String.join(", ", cluster.seedNodes());
    }

    /**
     * Starts a node's actor system, names its bound cluster port (log line, log file, ports file) and
     * asks its seeds to let it join ({@link JoinPlan}), or with Cluster Bootstrap
     * ({@code compute.discovery}) serves its management endpoints at once and starts the bootstrap,
     * saying now and then that it has not joined yet while it has not. What {@link #run} and nodes
     * started inside another JVM share.
     *
     * @param extra Pekko settings that win over the node's own (tests, the class archive's training run)
     */
    public static <S> ActorSystem<Void> start(NodeRole<S> role, S settings, Config config, ClusterSettings cluster,
                                              Config extra) {
        return start(role, settings, config, cluster, DiscoverySettings.from(config),
                SeedsUnanswered.Settings.from(config), extra, Instant.now());
    }

    private static <S> ActorSystem<Void> start(NodeRole<S> role, S settings, Config config, ClusterSettings cluster,
                                               DiscoverySettings discovery, SeedsUnanswered.Settings joinWarning,
                                               Config extra, Instant since) {
        Config nodeConfig = extra
                .withFallback(ConfigFactory.parseMap(role.pekkoSettings(settings), role.name() + " settings"))
                .withFallback(ConfigFactory.parseMap(discovery.pekkoSettings(role.mayFormCluster()),
                        "compute.discovery settings"))
                .withFallback(withClusterAddress(config, cluster));
        ActorSystem<Void> system = ActorSystem.create(role.guardian(settings), cluster.clusterName(), nodeConfig);
        Cluster node = Cluster.get(system);
        Address self = node.selfMember().address();
        Logger log = LoggerFactory.getLogger(NodeLauncher.class);
        String hostPort = JoinPlan.hostPort(self);
        Path logFile = NodeLog.bound(self.getHost().orElse(cluster.host()), self.getPort().orElse(cluster.port()))
                .orElse(null);
        BoundPorts.get(system).cluster(hostPort, logFile);
        String bound = cluster.bindsElsewhere() ? "; bound at " + boundHostPort(cluster, self) : "";
        log.info("Cluster port bound: {} ({}{}){}", hostPort, self, bound, logFile == null ? "" : "; log file " + logFile);

        if (discovery.bootstrap()) {
            bootstrap(system, discovery, role.mayFormCluster(), joinWarning, since);
            return system;
        }
        JoinPlan plan = JoinPlan.of(cluster, role.mayFormCluster(), self);
        List<String> others = plan.otherSeeds();
        if (plan.mayFormAlone() && !others.isEmpty()) {
            log.info("No seed nodes given: joining the master at {} if it answers within {} s, else forming a cluster"
                    + " of this node", String.join(", ", others),
                    nodeConfig.getDuration("pekko.cluster.seed-node-timeout").toSeconds());
        }
        node.manager().tell(new JoinSeedNodes(plan.seeds()));
        if (!others.isEmpty() && !plan.mayFormAlone()) {
            system.systemActorOf(JoinWatch.create(JoinWatch.of(plan, since, joinWarning)), "join-watch", Props.empty());
        }
        return system;
    }

    /**
     * Serves the management endpoints, Cluster Bootstrap's routes among them, on their fixed port (the
     * contact points name it), then starts the bootstrap: it asks the contact points for the cluster
     * through those endpoints and joins what they report, or forms the cluster.
     */
    private static void bootstrap(ActorSystem<Void> system, DiscoverySettings discovery, boolean mayFormCluster,
                                  SeedsUnanswered.Settings joinWarning, Instant since) {
        Logger log = LoggerFactory.getLogger(NodeLauncher.class);
        log.info(BootstrapReport.starting(discovery, mayFormCluster));
        // Sets the bootstrap's own contact point (host and port of the routes): before it starts.
        ManagementEndpoints.start(system, true);
        ClusterBootstrap.get(Adapter.toClassic(system)).start();
        Cluster node = Cluster.get(system);
        org.apache.pekko.cluster.Cluster.get(Adapter.toClassic(system)).registerOnMemberUp(() -> {
            List<Member> members = new ArrayList<>();
            node.state().getMembers().forEach(members::add);
            log.info(BootstrapReport.found(discovery, node.selfMember().address(), members));
        });
        // The bootstrap waits for the contact points to be stable this long before a master forms the cluster.
        Duration stable = system.settings().config()
                .getDuration("pekko.management.cluster.bootstrap.contact-point-discovery.stable-margin");
        SeedsUnanswered.Settings warning = new SeedsUnanswered.Settings(joinWarning.after().plus(stable),
                joinWarning.every());
        system.systemActorOf(JoinWatch.create(JoinWatch.of(discovery, since, warning)), "join-watch", Props.empty());
    }

    /**
     * A node that stops before binding its cluster port still leaves its lines in the log file of
     * the port it was asked for, when that was not 0 (a free one is never known).
     */
    private static void openTheAskedPortsLogFile(ClusterSettings cluster) {
        if (cluster.port() != 0) {
            NodeLog.bound(cluster.host(), cluster.port());
        }
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

    /**
     * The config with this node's address and TLS stores written into Pekko's own keys: the address
     * it advertises as Artery's canonical one and Pekko Management's hostname, the one it binds as
     * their bind settings. Its seed
     * nodes are not: the node asks them itself once its port is bound ({@link JoinPlan}).
     */
    public static Config withClusterAddress(Config config, ClusterSettings cluster) {
        Map<String, Object> pekko = new HashMap<>();
        pekko.put("pekko.remote.artery.canonical.hostname", cluster.host());
        pekko.put("pekko.remote.artery.canonical.port", cluster.port());
        pekko.put("pekko.remote.artery.bind.hostname", cluster.bindHost());
        // Empty: the canonical port, also when that is 0 and Artery picks a free one.
        pekko.put("pekko.remote.artery.bind.port", cluster.bindPort() == cluster.port() ? "" : cluster.bindPort());
        pekko.put("pekko.cluster.seed-nodes", List.of());
        pekko.put("pekko.management.http.hostname", cluster.host());
        pekko.put("pekko.management.http.bind-hostname", cluster.bindHost());
        pekko.put("pekko.management.http.port", cluster.managementPort());
        if (cluster.tls() != null) {
            pekko.putAll(cluster.tls().pekkoSettings());
        }
        return ConfigFactory.parseMap(pekko, "compute.* settings").withFallback(config);
    }

    /** Where Artery bound: the bind host, at the bind port or, when that follows the canonical one, the bound port. */
    static String boundHostPort(ClusterSettings cluster, Address self) {
        int port = cluster.bindPort() == cluster.port() ? self.getPort().orElse(cluster.port()) : cluster.bindPort();
        return cluster.bindHost() + ":" + port;
    }

    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getClass().getSimpleName() + ": " + root.getMessage();
    }
}
