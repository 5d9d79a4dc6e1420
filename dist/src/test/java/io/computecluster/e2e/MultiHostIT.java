package io.computecluster.e2e;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.computecluster.client.local.LocalNode;
import io.computecluster.client.local.LocalNode.Role;
import io.computecluster.common.testkit.SquareLines;
import io.computecluster.common.testkit.TestJson;
import java.io.IOException;
import java.math.BigInteger;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * A cluster across hosts: each node in a Linux network namespace of its own on one bridge
 * ({@link NetworkNamespaces}), with its own address and a certificate of its own from one CA
 * ({@code bin/gen-certs --host IP --ca}), started with the {@code bin/} commands of the unpacked
 * release archive with no Maven on the PATH ({@link UnpackedRelease}); jobs
 * through {@code bin/submit} from the test's side of the bridge. Every master uses the same ports on
 * its own host, as in a fleet; workers take free ones. With Debian's PostgreSQL installed, a host of its own runs a
 * PostgreSQL server, and two masters (active and standby, on two hosts) keep their jobs there;
 * without it one master keeps them in H2 and the takeover scenario skips.
 *
 * <p>One cluster for the class, the scenarios in order: a job across the worker hosts; a worker host
 * cut off mid-job and healed; that worker back in the cluster (the same JVM); the active master's
 * host cut off mid-job. Without root, {@code ip} or network namespaces every scenario skips, saying why.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class MultiHostIT {
    private static final int CLUSTER_PORT = 25520;
    private static final int HTTP_PORT = 8080;
    private static final Duration UP_TIMEOUT = Duration.ofMinutes(3);

    private NetworkNamespaces network;
    private Installation installation;
    private UnpackedRelease release;
    private HostNodes nodes;
    private CompletableFuture<NamespacePostgres> server;
    private NamespacePostgres postgres;
    private String noNamespaces;
    private String noPostgres;
    private LocalNode activeMaster;
    private LocalNode cutOffWorker;
    private long cutOffWorkerPid;
    private boolean cutOffWorkerWasDowned;
    private final List<String> apis = new ArrayList<>();

    @BeforeAll
    void startTheClusterOnItsHosts() throws Exception {
        noNamespaces = NetworkNamespaces.unavailable().orElse(null);
        if (noNamespaces != null) {
            return;
        }
        long startedAt = System.nanoTime();
        noPostgres = NamespacePostgres.unavailable().orElse(null);
        List<String> nodeHosts = new ArrayList<>(List.of("master-1", "master-2", "worker-1", "worker-2"));
        if (noPostgres != null) {
            nodeHosts.remove("master-2");
        }
        List<String> hosts = new ArrayList<>(nodeHosts);
        if (noPostgres == null) {
            hosts.add("postgres");
        }
        installation = new Installation("multi-host");
        network = NetworkNamespaces.create(hosts);

        // What takes long on a busy machine overlaps: the server's initdb, the certificates (a keytool
        // JVM per step) and the nodes' JVM starts, each node started once its certificate is there.
        server = noPostgres == null
                ? CompletableFuture.supplyAsync(() -> NamespacePostgres.start(network.host("postgres"), network.subnet(),
                        network.scratchDir()))
                : CompletableFuture.completedFuture(null);
        Map<String, Process> certificates = makeCertificates(nodeHosts);
        List<String> masterOptions = new ArrayList<>();
        List<String> masterArgs = new ArrayList<>();
        postgres = server.join();
        if (postgres != null) {
            masterOptions.addAll(postgres.storeOptions());
        } else {
            masterArgs.addAll(List.of("--data-dir", installation.dataDir().toString()));
        }
        release = UnpackedRelease.into(Files.createDirectories(installation.workDir().resolve("release")));
        nodes = new HostNodes(installation, release, masterOptions);
        List<String> seeds = nodeHosts.stream().filter(host -> host.startsWith("master-"))
                .map(master -> network.host(master).address() + ":" + CLUSTER_PORT).toList();
        // The first master forms the cluster (seed self) and is its oldest member; the standby and the
        // workers join it.
        activeMaster = startMaster("master-1", masterArgs, List.of("self"));
        if (noPostgres == null) {
            awaitCertificate(certificates, "master-2");
            startMaster("master-2", masterArgs, List.of(seeds.get(0)));
        }
        for (String worker : List.of("worker-1", "worker-2")) {
            // Workers take a free cluster port, as conf/worker.conf does: nodes find them through the masters.
            List<String> args = new ArrayList<>(List.of("--workers", "1", "--tls-dir", tlsDir(worker).toString()));
            seeds.forEach(seed -> args.addAll(List.of("--seed", seed)));
            awaitCertificate(certificates, worker);
            LocalNode node = nodes.start(network.host(worker), worker, Role.WORKER, args);
            if (worker.equals("worker-2")) {
                cutOffWorker = node;
                cutOffWorkerPid = node.pid();
            }
        }
        for (String api : apis) {
            installation.awaitBody(api + "/cluster", "\"workerActors\":2", UP_TIMEOUT);
        }
        System.out.printf("multi-host: %d hosts on %s.0/24, cluster up in %.1f s%n", hosts.size(), network.subnet(),
                (System.nanoTime() - startedAt) / 1e9);
    }

    /** Each scenario says for itself that it skipped, and why. */
    @BeforeEach
    void needsNetworkNamespaces() {
        assumeTrue(noNamespaces == null, noNamespaces);
    }

    @AfterAll
    void stopEverything() {
        // Each step whatever the one before it did: what one leaves behind must not keep the next
        // from cleaning up.
        List<Runnable> steps = List.of(
                () -> {
                    if (nodes != null) {
                        nodes.close();
                    }
                },
                () -> {
                    if (postgres == null && server != null) {
                        // Still starting when the setup failed: stopped once started.
                        postgres = server.handle((started, failure) -> started).join();
                    }
                    if (postgres != null) {
                        postgres.close();
                    }
                },
                () -> {
                    if (installation != null) {
                        installation.close();
                    }
                },
                () -> {
                    if (network != null) {
                        network.close();
                    }
                });
        RuntimeException failed = null;
        for (Runnable step : steps) {
            try {
                step.run();
            } catch (RuntimeException e) {
                if (failed == null) {
                    failed = e;
                } else {
                    failed.addSuppressed(e);
                }
            }
        }
        if (failed != null) {
            throw failed;
        }
    }

    /** (a) A job across both worker hosts: every result exact, both did work, and no node called Maven. */
    @Test
    @Order(1)
    void aJobRunsAcrossTheWorkerHosts() throws IOException {
        Path out = installation.workDir().resolve("across.tsv");
        assertEquals(0, installation.run("submit-across", Duration.ofMinutes(2), "submit", "--api", String.join(",", apis),
                "--range", "1..200000", "--chunk", "500", "--no-progress", "--out", out.toString()),
                installation.outputOf("submit-across"));
        SquareLines.assertSquares(out, BigInteger.ONE, 200_000);
        JsonNode job = newestJob(apis.get(0));
        assertTrue(workDoneOn(job, "worker-1") > 0 && workDoneOn(job, "worker-2") > 0,
                "both worker hosts did work: " + job.path("workerNodes"));
        assertEquals("", release.mavenCallsMade(), "a node from the release called Maven");
    }

    /**
     * (b) A worker host cut off mid-job: the master finds it unreachable, hands its chunks to the other
     * worker and downs it; the job ends with every result exact. The host is healed afterwards.
     */
    @Test
    @Order(2)
    void aWorkerHostCutOffMidJobIsDownedAndTheJobEndsExact() throws Exception {
        int total = 2_000_000;
        Path out = installation.workDir().resolve("worker-cut.tsv");
        Process submit = installation.start("submit-worker-cut", "submit", "--api", String.join(",", apis),
                "--range", "1.." + total, "--chunk", "200", "--no-progress", "--out", out.toString());
        awaitCompleted(apis.get(0), total / 10);
        NetworkNamespaces.Host host = network.host("worker-2");
        long before = installation.outputOf("master-1").lines().count();
        network.cutOff(host);
        long cutAt = System.nanoTime();
        try {
            await().atMost(Duration.ofMinutes(1)).pollInterval(Duration.ofMillis(200)).until(() ->
                    masterLinesSince(before).anyMatch(line ->
                            (line.contains("Member downed: ") || line.contains("Member removed: "))
                                    && line.contains("@" + host.address() + ":")));
            cutOffWorkerWasDowned = true;
            System.out.printf("multi-host: worker-2 downed %.1f s after its host was cut off%n",
                    (System.nanoTime() - cutAt) / 1e9);
        } finally {
            network.heal(host);
        }
        assertTrue(submit.waitFor(3, TimeUnit.MINUTES), "bin/submit ends: " + installation.outputOf("submit-worker-cut"));
        assertEquals(0, submit.exitValue(), installation.outputOf("submit-worker-cut"));
        SquareLines.assertSquares(out, BigInteger.ONE, total);
        assertTrue(masterLinesSince(before).anyMatch(line ->
                        line.contains("Worker node unreachable: ") && line.contains("@" + host.address() + ":")),
                "the master found the cut-off worker unreachable: " + installation.outputOf("master-1"));
    }

    /** The console lines of master-1 after its first {@code count}. */
    private Stream<String> masterLinesSince(long count) {
        return installation.outputOf("master-1").lines().skip(count);
    }

    /**
     * (b, after the heal) The cut-off worker's JVM, the same process, joins again once its host is
     * back and takes work in the next job. Needs the worker that starts a fresh actor system when its
     * cluster is gone (issue 15's worker rejoin); a worker without it exits once downed.
     */
    @Test
    @Order(3)
    void theHealedWorkerRejoinsWithTheSamePidAndTakesWork() throws IOException {
        assumeTrue(cutOffWorkerWasDowned, "the worker was not cut off and downed (see the scenario before)");
        String api = apis.get(0);
        String address = network.host("worker-2").address();
        await().atMost(UP_TIMEOUT).pollInterval(Duration.ofMillis(200)).until(() -> {
            if (!cutOffWorker.isAlive()) {
                throw new AssertionError("worker-2 (pid " + cutOffWorkerPid + ") exited after its cluster downed it,"
                        + " instead of joining again" + cutOffWorker.tail());
            }
            return memberIsUp(api, address);
        });
        assertEquals(cutOffWorkerPid, cutOffWorker.pid(), "the same worker process");
        installation.awaitBody(api + "/cluster", "\"workerActors\":2", UP_TIMEOUT);

        Path out = installation.workDir().resolve("after-heal.tsv");
        assertEquals(0, installation.run("submit-after-heal", Duration.ofMinutes(2), "submit", "--api",
                String.join(",", apis), "--range", "1..200000", "--chunk", "500", "--no-progress", "--out", out.toString()),
                installation.outputOf("submit-after-heal"));
        SquareLines.assertSquares(out, BigInteger.ONE, 200_000);
        JsonNode job = newestJob(api);
        assertTrue(workDoneOn(job, "worker-2") > 0, "the rejoined worker did work: " + job.path("workerNodes"));
    }

    /**
     * (c) The active master's host cut off mid-job: the standby master on another host takes the job
     * over from PostgreSQL, and bin/submit, which knows both masters, gets every result exact.
     */
    @Test
    @Order(4)
    void theActiveMastersHostCutOffMidJobTheStandbyTakesOver() throws Exception {
        assumeTrue(noPostgres == null, noPostgres);
        int total = 1_000_000;
        String standbyApi = apis.get(1);
        Path out = installation.workDir().resolve("master-cut.tsv");
        Process submit = installation.start("submit-master-cut", "submit", "--api", String.join(",", apis),
                "--range", "1.." + total, "--chunk", "100", "--no-progress", "--out", out.toString());
        awaitCompleted(standbyApi, total / 10);
        network.cutOff(network.host("master-1"));
        long cutAt = System.nanoTime();
        await().atMost(Duration.ofMinutes(1)).pollInterval(Duration.ofMillis(200))
                .until(() -> installation.outputOf("master-2").contains("Recovered "));
        System.out.printf("multi-host: the standby master recovered the jobs %.1f s after the active master's host was"
                + " cut off%n", (System.nanoTime() - cutAt) / 1e9);

        assertTrue(submit.waitFor(3, TimeUnit.MINUTES), "bin/submit ends: " + installation.outputOf("submit-master-cut"));
        assertEquals(0, submit.exitValue(), installation.outputOf("submit-master-cut"));
        SquareLines.assertSquares(out, BigInteger.ONE, total);
        assertTrue(installation.outputOf("submit-master-cut").contains("going on with " + standbyApi),
                "bin/submit says it moved to the standby master: " + installation.outputOf("submit-master-cut"));
        assertTrue(activeMaster.process().waitFor(1, TimeUnit.MINUTES),
                "the cut-off master, alone on its side, downs itself and exits" + activeMaster.tail());
    }

    /** Starts a master on its host with its certificates, the fixed ports and {@code seeds}; notes its API. */
    private LocalNode startMaster(String name, List<String> extraArgs, List<String> seeds) {
        List<String> args = new ArrayList<>(List.of("--port", Integer.toString(CLUSTER_PORT),
                "--http-port", Integer.toString(HTTP_PORT), "--tls-dir", tlsDir(name).toString()));
        seeds.forEach(seed -> args.addAll(List.of("--seed", seed)));
        args.addAll(extraArgs);
        LocalNode master = nodes.start(network.host(name), name, Role.MASTER, args);
        apis.add("http://" + network.host(name).address() + ":" + HTTP_PORT);
        return master;
    }

    /**
     * A key store per host, its certificate naming the host's address, all signed by the first
     * host's CA: the first host's made now (with the CA), the others' started (bin/gen-certs each).
     */
    private Map<String, Process> makeCertificates(List<String> hosts) {
        String first = hosts.get(0);
        assertEquals(0, installation.run("gen-certs-" + first, Duration.ofMinutes(2), "gen-certs",
                tlsDir(first).toString(), "--host", network.host(first).address(), "--force"),
                installation.outputOf("gen-certs-" + first));
        Map<String, Process> others = new LinkedHashMap<>();
        for (String host : hosts.subList(1, hosts.size())) {
            others.put(host, installation.start("gen-certs-" + host, "gen-certs", tlsDir(host).toString(),
                    "--host", network.host(host).address(), "--ca", tlsDir(first).resolve("ca").toString(), "--force"));
        }
        return others;
    }

    private void awaitCertificate(Map<String, Process> certificates, String host) throws InterruptedException {
        Process process = certificates.get(host);
        assertTrue(process.waitFor(2, TimeUnit.MINUTES), "bin/gen-certs for " + host + " ends");
        assertEquals(0, process.exitValue(), installation.outputOf("gen-certs-" + host));
    }

    private Path tlsDir(String host) {
        return installation.workDir().resolve("tls").resolve(host);
    }

    private JsonNode newestJob(String api) {
        String id = TestJson.read(installation.get(api + "/jobs").body()).path("jobs").path(0).path("id").asText();
        return TestJson.read(installation.get(api + "/jobs/" + id).body());
    }

    /** The inputs the job's status counts for the worker node on {@code host} (its keys are HOST:PORT). */
    private long workDoneOn(JsonNode job, String host) {
        String address = network.host(host).address() + ":";
        long done = 0;
        for (var entries = job.path("workerNodes").fields(); entries.hasNext(); ) {
            var entry = entries.next();
            if (entry.getKey().startsWith(address)) {
                done += entry.getValue().asLong();
            }
        }
        return done;
    }

    private boolean memberIsUp(String api, String address) {
        HttpResponse<String> cluster = installation.get(api + "/cluster");
        if (cluster == null || cluster.statusCode() != 200) {
            return false;
        }
        return StreamSupport.stream(TestJson.read(cluster.body()).path("members").spliterator(), false)
                .anyMatch(member -> address.equals(member.path("host").asText()) && "Up".equals(member.path("status").asText()));
    }

    private void awaitCompleted(String api, long atLeast) {
        await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(50)).until(() -> {
            HttpResponse<String> jobs = installation.get(api + "/jobs");
            return jobs != null && jobs.statusCode() == 200 && TestJson.newestCompleted(jobs.body()) >= atLeast;
        });
    }
}
