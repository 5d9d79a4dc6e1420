package io.computecluster.worker;

import io.computecluster.common.node.NodeLauncher;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code bin/worker}: starts a worker node from a conf file. */
@Command(name = "worker", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Starts a worker node that joins the cluster and computes chunks.")
public final class WorkerMain implements Callable<Integer> {

    @Option(names = "--config", paramLabel = "FILE", description = "Config file (default: conf/worker.conf).")
    Path config;

    @Option(names = "--port", paramLabel = "N", description = "Cluster (Artery) port; 0 picks a free one (default).")
    Integer port;

    @Option(names = "--workers", paramLabel = "K", description = "Worker actors (default: available processors).")
    Integer workers;

    @Option(names = "--seed", paramLabel = "HOST:PORT", description = "Seed node; repeatable; replaces the conf's seeds.")
    List<String> seeds;

    public static void main(String[] args) {
        System.exit(NodeLauncher.commandLine(new WorkerMain()).execute(args));
    }

    @Override
    public Integer call() {
        Map<String, Object> overrides = new HashMap<>();
        if (port != null) {
            overrides.put("compute.port", port);
        }
        if (workers != null) {
            overrides.put("compute.worker.workers", workers);
        }
        if (seeds != null) {
            overrides.put("compute.seed-nodes", seeds);
        }
        return NodeLauncher.run(new WorkerRole(), NodeLauncher.configFile(config, "worker.conf"), overrides);
    }
}
