package io.computecluster.master;

import io.computecluster.common.node.NodeLauncher;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code bin/master}: starts a master node from a conf file. */
@Command(name = "master", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Starts a master node: the job manager and the HTTP API.")
public final class MasterMain implements Callable<Integer> {

    @Option(names = "--config", paramLabel = "FILE", description = "Config file (default: conf/master.conf).")
    Path config;

    @Option(names = "--port", paramLabel = "N", description = "Cluster (Artery) port (default 25520).")
    Integer port;

    @Option(names = "--http-port", paramLabel = "N", description = "HTTP API port (default 8080).")
    Integer httpPort;

    @Option(names = "--seed", paramLabel = "HOST:PORT", description = "Seed node; repeatable; replaces the conf's seeds.")
    List<String> seeds;

    public static void main(String[] args) {
        System.exit(NodeLauncher.commandLine(new MasterMain()).execute(args));
    }

    @Override
    public Integer call() {
        Map<String, Object> overrides = new HashMap<>();
        if (port != null) {
            overrides.put("compute.port", port);
        }
        if (httpPort != null) {
            overrides.put("compute.master.http.port", httpPort);
        }
        if (seeds != null) {
            overrides.put("compute.seed-nodes", seeds);
        }
        return NodeLauncher.run(new MasterRole(), NodeLauncher.configFile(config, "master.conf"), overrides);
    }
}
