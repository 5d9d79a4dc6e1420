package io.computecluster.master;

import io.computecluster.common.cli.Version;
import io.computecluster.common.node.NodeLauncher;
import io.computecluster.common.node.NodeOptions;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code bin/master}: starts a master node from a conf file. */
@Command(name = "master", mixinStandardHelpOptions = true, versionProvider = Version.class, sortOptions = false,
        description = "Starts a master node: the job manager and the HTTP API.")
public final class MasterMain implements Callable<Integer> {

    @Mixin
    NodeOptions node;

    @Option(names = "--http-port", paramLabel = "N", description = "HTTP API port (default 8080).")
    Integer httpPort;

    @Option(names = "--api-token-file", paramLabel = "FILE",
            description = "File holding the API token clients must send (Authorization: Bearer); "
                    + "default: compute.master.api.token-file or $COMPUTE_API_TOKEN_FILE, else the API is open.")
    String apiTokenFile;

    @Option(names = "--data-dir", paramLabel = "DIR",
            description = "Folder of the embedded H2 job store (default: compute.store.h2.dir or $COMPUTE_DATA_DIR, "
                    + "else data/ of the installation); masters on one host share it.")
    String dataDir;

    public static void main(String[] args) {
        System.exit(NodeLauncher.commandLine(new MasterMain()).execute(args));
    }

    @Override
    public Integer call() {
        Map<String, Object> overrides = node.overrides();
        if (httpPort != null) {
            overrides.put("compute.master.http.port", httpPort);
        }
        if (dataDir != null) {
            overrides.put("compute.store.h2.dir", java.nio.file.Path.of(dataDir).toAbsolutePath().toString());
        }
        if (apiTokenFile != null) {
            overrides.put("compute.master.api.token-file", apiTokenFile);
        }
        return NodeLauncher.run(new MasterRole(), node.configFile("master.conf"), overrides);
    }
}
