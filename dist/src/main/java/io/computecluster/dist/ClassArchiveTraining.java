package io.computecluster.dist;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.computecluster.common.config.ClusterSettings;
import io.computecluster.common.config.ConfigLoader;
import io.computecluster.common.input.IntegerParser;
import io.computecluster.common.input.IntegerRange;
import io.computecluster.common.node.BoundPorts;
import io.computecluster.common.node.NodeLauncher;
import io.computecluster.common.node.NodeRole;
import io.computecluster.compute.http.ApiClient;
import io.computecluster.master.MasterMain;
import io.computecluster.master.MasterRole;
import io.computecluster.worker.WorkerMain;
import io.computecluster.worker.WorkerRole;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.typed.ActorSystem;

/**
 * The training run behind the class data archive that {@code bin/} hands to every JVM it starts
 * ({@code -XX:SharedArchiveFile}): run once at build time with {@code -XX:ArchiveClassesAtExit},
 * it starts a master and a worker node in this JVM, runs a small job through the HTTP API and
 * stops, so that the archive holds the classes a node and the submit client load. A node started
 * with the archive skips most class loading and verification: a new worker serves its first chunk
 * about a second sooner (measured in {@code bench/run}, figure 5).
 *
 * <p>A failed training run only costs the speed-up: it prints one line and exits 0, and the
 * {@code bin/} scripts run without an archive.
 */
public final class ClassArchiveTraining {
    private ClassArchiveTraining() {
    }

    public static void main(String[] args) {
        Path conf = Path.of(System.getProperty("compute.home", "."), "conf");
        try {
            train(conf);
        } catch (Exception e) {
            System.err.println("warning: class archive training failed, nodes will start without it: " + e);
        }
        System.exit(0);
    }

    private static void train(Path conf) throws Exception {
        // The command lines, as bin/master and bin/worker parse them.
        NodeLauncher.commandLine(new MasterMain()).parseArgs("--port", "0", "--http-port", "0");
        NodeLauncher.commandLine(new WorkerMain()).parseArgs("--workers", "2", "--seed", "127.0.0.1:1");

        String tlsDir = trainingCertificates(conf.resolveSibling("bin").resolve("gen-certs")).toString();
        String storeDir = Path.of(System.getProperty("compute.log-dir", "target/class-archive-training"), "store")
                .toAbsolutePath().toString();
        deleteQuietly(Path.of(storeDir));
        // Every port 0: the nodes bind free ones and say which; the master is its own seed.
        ActorSystem<Void> master = start(new MasterRole(), conf.resolve("master.conf"), Map.of(
                "compute.port", 0, "compute.seed-nodes", List.of("self"), "compute.master.http.port", 0,
                "compute.tls.dir", tlsDir, "compute.store.h2.dir", storeDir));
        String seed = BoundPorts.get(master).current().cluster();
        ActorSystem<Void> worker = start(new WorkerRole(), conf.resolve("worker.conf"), Map.of(
                "compute.port", 0, "compute.seed-nodes", List.of(seed), "compute.tls.dir", tlsDir));
        try {
            URI http = awaitHttp(master);
            ApiClient api = new ApiClient(http);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (!ready(api)) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("the training cluster did not form in 60 s");
                }
                Thread.sleep(100);
            }
            for (String range : List.of("1..20000", "9223372036854775000..9223372036854775807",
                    "100000000000000000000000..100000000000000000001000")) {
                IntegerRange inputs = IntegerRange.parse(range, new IntegerParser(100));
                String id = api.submitRange("square", inputs.from(), inputs.to(), null);
                api.awaitStatus(id, Duration.ofSeconds(30));
                api.downloadResults(id, OutputStream.nullOutputStream());
            }
        } finally {
            worker.terminate();
            master.terminate();
            worker.getWhenTerminated().toCompletableFuture().get(30, TimeUnit.SECONDS);
            master.getWhenTerminated().toCompletableFuture().get(30, TimeUnit.SECONDS);
        }
    }

    /** Throwaway certificates for the training nodes, made with bin/gen-certs next to the training's logs. */
    private static Path trainingCertificates(Path genCerts) throws IOException, InterruptedException {
        Path dir = Path.of(System.getProperty("compute.log-dir", "target/class-archive-training"), "tls").toAbsolutePath();
        Process process = new ProcessBuilder(genCerts.toString(), dir.toString(), "--force")
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
            throw new IllegalStateException("bin/gen-certs " + dir + " failed");
        }
        return dir;
    }

    /** The last training's job store: each training starts from an empty one. */
    private static void deleteQuietly(Path folder) throws IOException {
        if (Files.exists(folder)) {
            try (java.util.stream.Stream<Path> paths = Files.walk(folder)) {
                paths.sorted(java.util.Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
            }
        }
    }

    /** The master's API, once its HTTP port is bound. */
    private static URI awaitHttp(ActorSystem<?> master) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (BoundPorts.get(master).current().http() == null) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the training master did not bind its HTTP port in 60 s");
            }
            Thread.sleep(50);
        }
        return URI.create(BoundPorts.get(master).current().http());
    }

    private static boolean ready(ApiClient api) throws InterruptedException {
        try {
            return api.healthy() && api.cluster().workerActors() > 0;
        } catch (IOException e) {
            return false; // not bound yet
        }
    }

    private static <S> ActorSystem<Void> start(NodeRole<S> role, Path configFile, Map<String, Object> overrides) {
        Config config = ConfigLoader.load(configFile, overrides);
        ClusterSettings cluster = ClusterSettings.from(config);
        S settings = role.settings(config);
        role.prepare(settings);
        return NodeLauncher.start(role, settings, config, cluster, ConfigFactory.parseString("""
                pekko.cluster.jmx.multi-mbeans-in-same-jvm = on
                pekko.coordinated-shutdown.exit-jvm = off
                """));
    }
}
