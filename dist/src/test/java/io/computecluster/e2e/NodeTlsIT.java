package io.computecluster.e2e;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Mutual TLS as a user meets it: bin/master and bin/worker on a conf folder without certificates
 * create development certificates once (started together) and form a cluster that completes a job;
 * a worker with another CA's certificates (--tls-dir), one speaking plain TCP and one with an expired
 * certificate are refused and do not disturb the job; a node whose stores are missing stops at
 * start with one line and exit code 2.
 */
class NodeTlsIT {

    @Test
    void devCertificatesOnFirstStartAndAWorkerOfAnotherCaIsRefused() throws IOException {
        try (Installation installation = new Installation("node-tls")) {
            Path conf = freshConfCopy(installation.workDir().resolve("conf"));
            // Two bin/ commands on the fresh conf at once, so that both want the certificates: a worker
            // whose seed is nobody's (it never joins), and the master.
            Process early = installation.start("early-worker", "worker", "--config",
                    conf.resolve("worker.conf").toString(), "--seed", "127.0.0.1:" + Installation.portNobodyListensOn(),
                    "--workers", "1");
            Installation.StartedMaster started = installation.startMaster("master", List.of(),
                    "--config", conf.resolve("master.conf").toString());
            int clusterPort = started.clusterPort();
            String seed = started.seed();
            String api = started.api();
            installation.start("worker", "worker", "--config", conf.resolve("worker.conf").toString(),
                    "--seed", seed, "--workers", "1");
            installation.awaitBody(api + "/cluster", "\"workerActors\":1", Duration.ofMinutes(2));
            assertTrue(early.isAlive(), "the early worker runs on: " + installation.outputOf("early-worker"));
            early.destroy();
            assertTrue(installation.outputOf("early-worker").contains("Using development certificates generated at "
                    + conf.resolve("tls")), installation.outputOf("early-worker"));
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

    /**
     * A master and a worker started with {@code --tls-dir} on certificates of bin/gen-certs; a
     * worker speaking plain TCP, then one with an expired certificate of the cluster's own CA, keep
     * trying to join: the master logs one refusal line for each, neither becomes a member, and a
     * job submitted afterwards completes on the one real worker.
     */
    @Test
    void workersSpeakingPlainTcpOrWithAnExpiredCertificateAreRefusedWithOneLineEach() throws IOException {
        try (Installation installation = new Installation("node-tls-refusals")) {
            Path tls = installation.workDir().resolve("tls");
            Path expired = installation.workDir().resolve("expired");
            assertEquals(0, installation.run("gen-certs", Duration.ofMinutes(1), "gen-certs", tls.toString(), "--force"),
                    installation.outputOf("gen-certs"));
            assertEquals(0, installation.run("gen-certs-expired", Duration.ofMinutes(1), "gen-certs", expired.toString(),
                    "--ca", tls.resolve("ca").toString(), "--start-date", "-3d", "--days", "1", "--force"),
                    installation.outputOf("gen-certs-expired"));
            Installation.StartedMaster master = installation.startMaster("--tls-dir", tls.toString());
            installation.start("worker", "worker", "--tls-dir", tls.toString(), "--seed", master.seed(),
                    "--workers", "1");
            installation.awaitBody(master.api() + "/cluster", "\"workerActors\":1", Duration.ofMinutes(2));
            assertTrue(installation.outputOf("master").contains("Mutual TLS between nodes with key store "
                    + tls.resolve("node.p12") + " and trust store " + tls.resolve("truststore.p12")),
                    installation.outputOf("master"));

            installation.environment("JAVA_OPTS", "-Xmx512m -Dpekko.remote.artery.transport=tcp");
            Process plain = installation.start("plain-tcp", "worker", "--tls-dir", tls.toString(),
                    "--seed", master.seed(), "--workers", "1");
            installation.environment("JAVA_OPTS", "-Xmx512m");
            assertRefusedWithOneLine(installation, master, "plain-tcp", plain,
                    "Refused a connection from a node: the TLS handshake failed (");

            Process stale = installation.start("expired", "worker", "--tls-dir", expired.toString(),
                    "--seed", master.seed(), "--workers", "1");
            assertRefusedWithOneLine(installation, master, "expired", stale,
                    "Refused a connection from a node: its certificate (subject CN=compute-cluster node, issued by ");
            String expiredLine = refusalLines(installation).get(1);
            assertTrue(expiredLine.contains("not trusted by " + tls.resolve("truststore.p12"))
                    && expiredLine.contains("CertificateExpiredException"), expiredLine);

            Path results = installation.workDir().resolve("results.tsv");
            int submit = installation.run("submit", Duration.ofMinutes(2), "submit", "--api", master.api(),
                    "--range", "1..20000", "--out", results.toString(), "--no-progress");
            assertEquals(0, submit, installation.outputOf("submit"));
            assertEquals(20000, Files.readAllLines(results).size());
            String log = installation.outputOf("master");
            assertEquals(1, log.split("Worker registered: ", -1).length - 1, "one worker registered: " + log);
        }
    }

    /**
     * Waits for the master's refusal {@code line}, then for the outsider to have tried to join three
     * times; by then the master has still logged that one line, no other refusal, and has one
     * worker node. Stops the outsider.
     */
    private static void assertRefusedWithOneLine(Installation installation, Installation.StartedMaster master,
                                                 String outsider, Process process, String line) {
        int before = refusalLines(installation).size();
        await().atMost(Duration.ofMinutes(1)).pollInterval(Duration.ofMillis(200))
                .until(() -> refusalLines(installation).size() > before);
        await().atMost(Duration.ofMinutes(1)).pollInterval(Duration.ofMillis(200)).until(() ->
                installation.outputOf(outsider).contains("Couldn't join seed nodes after [3] attempts"));
        List<String> refusals = refusalLines(installation);
        assertEquals(before + 1, refusals.size(), "one refusal line for the " + outsider + " worker: " + refusals);
        assertTrue(refusals.get(before).contains(line), refusals.get(before));
        String cluster = installation.get(master.api() + "/cluster").body();
        assertTrue(cluster.contains("\"workerNodes\":1") && cluster.split("\"status\":", -1).length - 1 == 2,
                "the " + outsider + " worker is not a member: " + cluster);
        process.destroy();
        try {
            assertTrue(process.waitFor(30, TimeUnit.SECONDS), outsider + " stops on SIGTERM");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** The master's lines (stdout) about a refused node. */
    private static List<String> refusalLines(Installation installation) {
        return installation.outputOf("master").lines().filter(line -> line.contains("Refused a connection")).toList();
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
