package io.computecluster.worker;

import io.computecluster.common.cli.Version;
import io.computecluster.common.node.NodeLauncher;
import io.computecluster.common.node.NodeOptions;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code bin/worker}: starts a worker node from a conf file. */
@Command(name = "worker", mixinStandardHelpOptions = true, versionProvider = Version.class, sortOptions = false,
        description = "Starts a worker node that joins the cluster and computes chunks.")
public final class WorkerMain implements Callable<Integer> {

    @Mixin
    NodeOptions node;

    @Option(names = "--workers", paramLabel = "K", description = "Worker actors (default: available processors).")
    Integer workers;

    @Option(names = "--plugins", paramLabel = "DIR",
            description = "Folder of plug-in jars (default: compute.worker.plugins or $COMPUTE_PLUGINS, else plugins/"
                    + " of the installation when there is one).")
    Path plugins;

    public static void main(String[] args) {
        System.exit(NodeLauncher.commandLine(new WorkerMain()).execute(args));
    }

    @Override
    public Integer call() {
        Map<String, Object> overrides = node.overrides();
        if (workers != null) {
            overrides.put("compute.worker.workers", workers);
        }
        if (plugins != null) {
            overrides.put(WorkerSettings.PLUGINS_KEY, plugins.toAbsolutePath().normalize().toString());
        }
        return NodeLauncher.run(new WorkerRole(), node.configFile("worker.conf"), overrides);
    }
}
