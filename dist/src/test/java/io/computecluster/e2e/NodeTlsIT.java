package io.computecluster.e2e;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Mutual TLS as a user meets it: bin/master and bin/worker on a conf folder without certificates
 * create development certificates once (started together) and form a cluster that completes a job;
 * a worker with another CA's certificates (--tls-dir), one speaking plain TCP and one with an expired
 * certificate are refused and do not disturb the job; a node whose stores are missing stops at
 * start with one line and exit code 2; nodes on PEM files (cert-manager's layout) form a cluster,
 * and a master whose certificate is replaced on disk shows the new one to new connections.
 */
class NodeTlsIT {
    private static final Path OPENSSL = Path.of("/usr/bin/openssl");
    private static final Pattern SERIAL = Pattern.compile("serial=([0-9A-F]+)");
    private static final Pattern TASKS_DONE = Pattern.compile("compute_worker_tasks_done_total\\{function=\"[^\"]+\",?} (\\S+)");

    /**
     * A master and a worker on PEM folders of bin/gen-certs --pem (one CA, a certificate each) run a
     * job; the worker's /metrics counts its inputs. The master's tls.key and tls.crt are then
     * replaced with a new certificate of the same CA: once the cache TTL (2 s here) has passed, a
     * new connection to the master's cluster port gets the new certificate (openssl s_client with
     * the worker's certificate), a second worker joins, and a second job completes.
     */
    @Test
    void nodesOnPemFilesFormAClusterAndANewCertificateServesNewConnectionsWithoutARestart() throws Exception {
        try (Installation installation = new Installation("node-tls-pem")) {
            Path masterTls = installation.workDir().resolve("master-tls");
            Path workerTls = installation.workDir().resolve("worker-tls");
            Path renewed = installation.workDir().resolve("renewed-tls");
            assertEquals(0, installation.run("gen-certs-master", Duration.ofMinutes(1), "gen-certs", masterTls.toString(),
                    "--pem", "--force"), installation.outputOf("gen-certs-master"));
            // Both at once: each is a few short JVMs.
            Process worker = installation.start("gen-certs-worker", "gen-certs", workerTls.toString(), "--pem",
                    "--ca", masterTls.resolve("ca").toString(), "--force");
            Process renewal = installation.start("gen-certs-renewed", "gen-certs", renewed.toString(), "--pem",
                    "--ca", masterTls.resolve("ca").toString(), "--force");
            assertTrue(worker.waitFor(1, TimeUnit.MINUTES) && worker.exitValue() == 0,
                    installation.outputOf("gen-certs-worker"));
            assertTrue(renewal.waitFor(1, TimeUnit.MINUTES) && renewal.exitValue() == 0,
                    installation.outputOf("gen-certs-renewed"));
            assertOnlyOwnerCanRead(masterTls.resolve("tls.key"));

            installation.environment("JAVA_OPTS",
                    "-Xmx512m -Dpekko.remote.artery.ssl.rotating-keys-engine.ssl-context-cache-ttl=2s");
            Installation.StartedMaster master = installation.startMaster("--tls-dir", masterTls.toString());
            installation.environment("JAVA_OPTS", "-Xmx512m");
            installation.start("worker", "worker", "--tls-dir", workerTls.toString(), "--seed", master.seed(),
                    "--workers", "1");
            installation.awaitBody(master.api() + "/cluster", "\"workerActors\":1", Duration.ofMinutes(2));
            assertTrue(installation.outputOf("master").contains("Mutual TLS between nodes with the PEM files of "
                    + masterTls), installation.outputOf("master"));
            submit(installation, master, "results.tsv");

            // The worker's own meters, on its management port: the inputs of that job, by function.
            String workerMetrics = metrics(installation, "worker");
            Matcher done = TASKS_DONE.matcher(workerMetrics);
            assertTrue(done.find() && Double.parseDouble(done.group(1)) == 20000, workerMetrics);
            assertTrue(workerMetrics.contains("compute_worker_task_duration_seconds_count{function=")
                    && workerMetrics.contains("jvm_memory_used_bytes{"), workerMetrics);
            // The master's management port serves the master's registry.
            assertTrue(metrics(installation, "master").contains("compute_jobs_submitted_total 1.0"));
            if (Promtool.installed()) {
                Promtool.check(workerMetrics, installation.workDir().resolve("promtool-worker.out"));
            }

            String oldSerial = serialOf(masterTls.resolve("tls.crt"));
            String newSerial = serialOf(renewed.resolve("tls.crt"));
            assertTrue(!oldSerial.equals(newSerial), "a new serial: " + newSerial);
            assertEquals(oldSerial, servedSerial(master.clusterPort(), workerTls));
            // As a renewal puts them: each file by a rename.
            for (String name : new String[] {"tls.key", "tls.crt"}) {
                Path next = Files.copy(renewed.resolve(name), masterTls.resolve(name + ".next"));
                Files.move(next, masterTls.resolve(name), StandardCopyOption.ATOMIC_MOVE);
            }
            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500))
                    .until(() -> newSerial.equals(servedSerial(master.clusterPort(), workerTls)));

            installation.start("worker-2", "worker", "--tls-dir", workerTls.toString(), "--seed", master.seed(),
                    "--workers", "1");
            installation.awaitBody(master.api() + "/cluster", "\"workerActors\":2", Duration.ofMinutes(2));
            submit(installation, master, "results-2.tsv");
            assertTrue(installation.node("master").process().isAlive(), "the master was not restarted");
        }
    }

    private static void submit(Installation installation, Installation.StartedMaster master, String file)
            throws IOException {
        Path results = installation.workDir().resolve(file);
        int submit = installation.run("submit-" + file, Duration.ofMinutes(2), "submit", "--api", master.api(),
                "--range", "1..20000", "--out", results.toString(), "--no-progress");
        assertEquals(0, submit, installation.outputOf("submit-" + file));
        assertEquals(20000, Files.readAllLines(results).size());
    }

    /** GET /metrics on the management port of the node started as {@code name}. */
    private static String metrics(Installation installation, String name) {
        String management = installation.ports(name, ports -> ports.management() != null, "its management port")
                .management();
        HttpResponse<String> response = installation.get(management + "/metrics");
        assertEquals(200, response == null ? -1 : response.statusCode(), name + " /metrics");
        return response.body();
    }

    private static String serialOf(Path certificate) throws IOException, InterruptedException {
        return serial(openssl("x509", "-in", certificate.toString(), "-noout", "-serial"));
    }

    /** The serial of the certificate that a new TLS connection to {@code port} gets, as the node of {@code tls}. */
    private static String servedSerial(int port, Path tls) throws IOException, InterruptedException {
        String chain = openssl("s_client", "-connect", "127.0.0.1:" + port, "-cert", tls.resolve("tls.crt").toString(),
                "-key", tls.resolve("tls.key").toString(), "-CAfile", tls.resolve("ca.crt").toString());
        int begin = chain.indexOf("-----BEGIN CERTIFICATE-----");
        int end = chain.indexOf("-----END CERTIFICATE-----");
        assertTrue(begin >= 0 && end > begin, "no certificate from port " + port + ": " + chain);
        Path pem = Files.createTempFile("served", ".crt");
        try {
            Files.writeString(pem, chain.substring(begin, end + "-----END CERTIFICATE-----".length()) + "\n");
            return serialOf(pem);
        } finally {
            Files.delete(pem);
        }
    }

    private static String openssl(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(OPENSSL.toString()));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        // s_client reads stdin until it ends: closed at once, it prints the handshake and quits.
        process.getOutputStream().close();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(30, TimeUnit.SECONDS), "openssl " + args[0] + " did not end");
        return output;
    }

    private static String serial(String text) {
        Matcher serial = SERIAL.matcher(text);
        assertTrue(serial.find(), "no serial in: " + text);
        return serial.group(1);
    }

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
