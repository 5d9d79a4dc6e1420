package io.computecluster.e2e;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.time.Duration;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Mutual TLS as a user meets it: bin/master and bin/worker on a conf folder without certificates
 * create development certificates once (started together) and form a cluster that completes a job;
 * a worker with another CA's certificates (--tls-dir) is refused and does not disturb the job; a
 * node whose stores are missing stops at start with one line and exit code 2.
 */
class NodeTlsIT {

    @Test
    void devCertificatesOnFirstStartAndAWorkerOfAnotherCaIsRefused() throws IOException {
        try (Installation installation = new Installation("node-tls")) {
            Path conf = freshConfCopy(installation.workDir().resolve("conf"));
            int clusterPort = Installation.freePort();
            int httpPort = Installation.freePort();
            String seed = "127.0.0.1:" + clusterPort;
            String api = "http://127.0.0.1:" + httpPort;
            installation.start("master", "master", "--config", conf.resolve("master.conf").toString(),
                    "--port", String.valueOf(clusterPort), "--http-port", String.valueOf(httpPort),
                    "--management-port", "0", "--seed", seed);
            installation.start("worker", "worker", "--config", conf.resolve("worker.conf").toString(),
                    "--seed", seed, "--workers", "1");
            installation.awaitBody(api + "/cluster", "\"workerActors\":1", Duration.ofMinutes(2));
            assertTrue(Files.isRegularFile(conf.resolve("tls/node.p12")), "development certificates in " + conf);
            assertTrue(installation.outputOf("master").contains("Using development certificates generated at "
                    + conf.resolve("tls")), installation.outputOf("master"));

            Path otherCa = installation.workDir().resolve("other-ca");
            assertEquals(0, installation.run("gen-certs", Duration.ofMinutes(1), "gen-certs", otherCa.toString(), "--force"),
                    installation.outputOf("gen-certs"));
            assertOnlyOwnerCanRead(otherCa.resolve("node.password"), otherCa.resolve("ca/ca.p12"));
            assertEquals(2, installation.run("gen-certs-again", Duration.ofMinutes(1), "gen-certs", otherCa.toString()));
            String again = installation.outputOf("gen-certs-again").strip();
            assertTrue(again.contains("--force") && again.lines().count() == 1, "refuses in one line: " + again);
            installation.start("intruder", "worker", "--tls-dir", otherCa.toString(), "--seed", seed, "--workers", "1");
            await().atMost(Duration.ofMinutes(1)).pollInterval(Duration.ofMillis(200)).until(() ->
                    installation.outputOf("intruder").contains("Refused the connection to 127.0.0.1:" + clusterPort
                            + ": its certificate"));

            int submit = installation.run("submit", Duration.ofMinutes(2), "submit", "--api", api,
                    "--range", "1..20000", "--out", installation.workDir().resolve("results.tsv").toString(),
                    "--no-progress");
            assertEquals(0, submit, installation.outputOf("submit"));
            assertEquals(20000, Files.readAllLines(installation.workDir().resolve("results.tsv")).size());
            String cluster = installation.get(api + "/cluster").body();
            assertTrue(cluster.contains("\"workerNodes\":1"), "the intruder is not a member: " + cluster);
            String master = installation.outputOf("master");
            assertEquals(1, master.split("Worker registered: ", -1).length - 1, "one worker registered: " + master);
        }
    }

    @Test
    void nodeWithoutItsStoresStopsWithOneLineAndExitCodeTwo() throws IOException {
        try (Installation installation = new Installation("node-tls-missing")) {
            Path empty = Files.createDirectories(installation.workDir().resolve("empty-tls"));
            int exit = installation.run("worker", Duration.ofMinutes(1), "worker", "--tls-dir", empty.toString());
            String output = installation.outputOf("worker").strip();

            assertEquals(2, exit, output);
            assertEquals(1, output.lines().count(), output);
            assertTrue(output.contains("compute.tls.dir") && output.contains(empty.resolve("node.p12").toString()), output);
        }
    }

    private static void assertOnlyOwnerCanRead(Path... files) throws IOException {
        for (Path file : files) {
            assertEquals(Set.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE),
                    Files.getPosixFilePermissions(file), file.toString());
        }
    }

    /** master.conf, worker.conf and cluster.conf in a folder of their own, without a tls/ folder. */
    private static Path freshConfCopy(Path conf) throws IOException {
        Installation.deleteRecursively(conf);
        Files.createDirectories(conf);
        for (String name : new String[] {"master.conf", "worker.conf", "cluster.conf"}) {
            Files.copy(Installation.ROOT.resolve("conf").resolve(name), conf.resolve(name));
        }
        return conf;
    }
}
