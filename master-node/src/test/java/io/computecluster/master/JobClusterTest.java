package io.computecluster.master;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.computecluster.common.config.ConfigLoader;
import io.computecluster.common.numbers.NumbersBuilder;
import io.computecluster.common.protocol.WorkerProtocol.MasterCommand;
import io.computecluster.common.testkit.ClusterTestKit;
import io.computecluster.common.testkit.SquareLines;
import io.computecluster.master.job.ChunkSizing;
import io.computecluster.master.job.InputSource;
import io.computecluster.master.job.JobSpec;
import io.computecluster.master.job.JobState;
import io.computecluster.master.job.JobStatus;
import io.computecluster.master.manager.JobManager;
import io.computecluster.master.manager.JobManagerProtocol;
import io.computecluster.master.manager.JobSubmission;
import io.computecluster.master.store.JdbcJobStore;
import io.computecluster.master.store.StoredResults;
import io.computecluster.worker.WorkerRole;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;
import org.apache.pekko.actor.CoordinatedShutdown;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.AskPattern;
import org.apache.pekko.cluster.typed.Cluster;
import org.apache.pekko.cluster.typed.Down;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.slf4j.event.KeyValuePair;

/**
 * A master and worker nodes, each a real ActorSystem talking Artery over loopback, started from
 * the repository's conf files: jobs complete with every result exact and exactly once, also when
 * a worker node leaves or is downed in the middle of a job, and failing tasks fail only their
 * inputs; the job manager logs how each job ends, with the job's id as a field.
 */
class JobClusterTest {
    private static final Duration JOB_TIMEOUT = Duration.ofSeconds(60);
    private static final ClusterTestKit cluster = new ClusterTestKit();
    private static final ListAppender<ILoggingEvent> logs = new ListAppender<>();
    private static ActorSystem<Void> master;
    private static ActorRef<MasterCommand> jobManager;

    @BeforeAll
    static void startCluster() {
        logs.start();
        jobManagerLogger().addAppender(logs);
        // No result cache: every result these tests read comes back from the job store.
        Map<String, Object> masterOverrides = Map.of("compute.master.http.port", 0,
                "compute.master.result-cache-size", 0);
        master = cluster.start(new MasterRole(), "master.conf", masterOverrides);
        cluster.start(new WorkerRole(), "worker.conf", Map.of("compute.worker.workers", 2));
        cluster.start(new WorkerRole(), "worker.conf", Map.of("compute.worker.workers", 2));
        cluster.awaitMembersUp(3, Duration.ofSeconds(30));
        jobManager = MasterNode.jobManagerProxy(master, settings());
        awaitWorkerActors(4);
    }

    @AfterAll
    static void stopCluster() {
        cluster.close();
        jobManagerLogger().detachAppender(logs);
    }

    @Test
    void rangeJobGetsEveryResultExactlyOnceFromBothWorkerNodes() {
        JobStatus status = runToEnd(new JobSpec("square", range(1, 200_000), 1000));

        assertEquals(JobState.SUCCEEDED, status.state());
        assertEquals(200_000, status.completed());
        assertEquals(0, status.failed());
        assertEquals(2, status.workerNodes().size(), "both worker nodes computed chunks: " + status.workerNodes());
        assertEquals(200_000L, status.workerNodes().values().stream().mapToLong(Long::longValue).sum());
        assertSquares(status.id(), BigInteger.ONE, 200_000);
    }

    @Test
    void whereResultsAreStoredIsToldForBlocksOfChunksOfEndedJobsOnly() {
        JobStatus status = runToEnd(new JobSpec("square", range(1, 100), 10));
        JobManagerProtocol.ResultsReply block = ask(replyTo -> new JobManagerProtocol.GetStoredIn(status.id(), 3, 7, replyTo));
        long[] events = ((JobManagerProtocol.StoredIn) block).sequenceNrs();
        assertEquals(7, events.length);
        for (long event : events) {
            assertTrue(event >= 2, "event 1 is the definition: " + event);
        }
        assertInstanceOf(JobManagerProtocol.NoResults.class, JobClusterTest.<JobManagerProtocol.ResultsReply>ask(
                replyTo -> new JobManagerProtocol.GetStoredIn(status.id(), 5, 6, replyTo)), "past the last chunk");
        assertInstanceOf(JobManagerProtocol.UnknownJob.class, JobClusterTest.<JobManagerProtocol.ResultsReply>ask(
                replyTo -> new JobManagerProtocol.GetStoredIn("j-none", 0, 1, replyTo)));
    }

    @Test
    void oneInputPerChunkCompletesExactly() {
        JobStatus status = runToEnd(new JobSpec("square", range(-1000, 999), 1));

        assertEquals(JobState.SUCCEEDED, status.state());
        assertEquals(2000, status.completed());
        assertSquares(status.id(), BigInteger.valueOf(-1000), 2000);
    }

    @Test
    void bigIntegersAcrossTheLongBoundaryAreExact() {
        BigInteger from = BigInteger.valueOf(Long.MAX_VALUE).subtract(BigInteger.valueOf(500));
        JobStatus status = runToEnd(new JobSpec("square",
                new InputSource.Range(from, from.add(BigInteger.valueOf(999))), 64));

        assertEquals(JobState.SUCCEEDED, status.state());
        assertSquares(status.id(), from, 1000);
    }

    @Test
    void hugeIntegersTravelInChunksThatFitOneMessage() {
        // 100 inputs of 5,000 digits: results of about 600 KB in all, past Artery's 256 KiB frame.
        NumbersBuilder values = new NumbersBuilder(100);
        BigInteger base = BigInteger.TEN.pow(4999);
        for (int i = 0; i < 100; i++) {
            values.setBig(i, base.add(BigInteger.valueOf(i)).negate());
        }
        InputSource inputs = new InputSource.Listed(values.build());
        JobSpec spec = new JobSpec("square", inputs, ChunkSizing.fit(inputs, 1000, settings().maxMessageBytes()));
        JobStatus status = runToEnd(spec);

        assertEquals(JobState.SUCCEEDED, status.state());
        assertTrue(status.chunkSize() < 100, "cut into several chunks: " + status.chunkSize());
        String[] lines = results(status.id()).split("\n");
        assertEquals(100, lines.length);
        for (int i = 0; i < 100; i++) {
            BigInteger x = base.add(BigInteger.valueOf(i)).negate();
            assertEquals(x + "\t" + x.multiply(x), lines[i], "line " + (i + 1));
        }
    }

    @Test
    void failingTasksFailOnlyTheirInputsAfterRetries() {
        JobStatus status = runToEnd(new JobSpec(FailingSquare.NAME, range(1, 5000), 100));

        assertEquals(JobState.FAILED, status.state());
        assertEquals(5, status.failed(), "1000, 2000, ... 5000 always fail");
        assertEquals(4995, status.completed(), "multiples of 777 fail once, then succeed on retry");
        // Listed in the order their chunks were stored, which two worker nodes do not keep.
        JobStatus.InputError refused = status.errors().stream().filter(error -> error.input().equals("1000"))
                .findFirst().orElseThrow(() -> new AssertionError("1000 listed: " + status.errors()));
        assertTrue(refused.error().contains("ArithmeticException: refusing 1000"), refused.error());
        String lines = results(status.id());
        assertTrue(lines.contains("1000\terror: ArithmeticException: refusing 1000\n"), "failed input keeps its line");
        assertTrue(lines.contains("777\t603729\n"), "retried input has its result");
        assertEquals(5000, lines.lines().count());
        ILoggingEvent failed = await().atMost(Duration.ofSeconds(10))
                .until(() -> loggedAbout(status.id(), "FAILED"), Optional::isPresent).orElseThrow();
        assertEquals(Level.WARN, failed.getLevel());
        assertTrue(failed.getFormattedMessage().startsWith("Job " + status.id() + " FAILED: 5 of 5000 inputs failed")
                && failed.getFormattedMessage().contains("ArithmeticException: refusing "), failed.getFormattedMessage());
    }

    @Test
    void runningJobIsCancelledAndLogsIt() {
        String id = submit(new JobSpec("square", range(1, 50_000_000), 1000));
        awaitCompletedAtLeast(id, 1);
        JobManagerProtocol.StatusReply reply = ask(replyTo -> new JobManagerProtocol.Cancel(id, replyTo));
        assertEquals(JobState.CANCELLED, reply.status().orElseThrow().state());

        ILoggingEvent cancelled = await().atMost(Duration.ofSeconds(10))
                .until(() -> loggedAbout(id, "CANCELLED"), Optional::isPresent).orElseThrow();
        assertEquals(Level.INFO, cancelled.getLevel());
        assertTrue(cancelled.getFormattedMessage().matches("Job " + id + " CANCELLED after \\d+ of 50000000 inputs"),
                cancelled.getFormattedMessage());
        assertEquals(JobState.CANCELLED, awaitEnd(id).state());
    }

    @Test
    void jobCompletesWhenAWorkerNodeLeavesMidJob() {
        ActorSystem<Void> leaving = cluster.start(new WorkerRole(), "worker.conf", Map.of("compute.worker.workers", 2));
        awaitWorkerActors(6);
        String id = submit(new JobSpec("square", range(1, 3_000_000), 500));
        awaitCompletedAtLeast(id, 1);
        cluster.stop(leaving, Duration.ofSeconds(30));

        JobStatus status = awaitEnd(id);
        assertEquals(JobState.SUCCEEDED, status.state());
        assertEquals(3_000_000, status.completed());
        assertSquares(id, BigInteger.ONE, 3_000_000);
        awaitWorkerActors(4);
    }

    @Test
    void jobCompletesWhenAWorkerNodeIsDownedMidJob() {
        ActorSystem<Void> downed = cluster.start(new WorkerRole(), "worker.conf", Map.of("compute.worker.workers", 2));
        awaitWorkerActors(6);
        String id = submit(new JobSpec("square", range(1, 3_000_000), 500));
        awaitCompletedAtLeast(id, 1);
        // What the split brain resolver does to a crashed or partitioned node.
        Cluster.get(master).manager().tell(new Down(Cluster.get(downed).selfMember().address()));

        JobStatus status = awaitEnd(id);
        assertEquals(JobState.SUCCEEDED, status.state());
        assertEquals(3_000_000, status.completed());
        assertSquares(id, BigInteger.ONE, 3_000_000);
        // The downed node shuts itself down (its actor system's last step may stall: ClusterTestKit.close).
        await().atMost(Duration.ofSeconds(30))
                .until(() -> CoordinatedShutdown.get(downed).getShutdownReason().isPresent());
        assertEquals(CoordinatedShutdown.clusterDowningReason(),
                CoordinatedShutdown.get(downed).getShutdownReason().orElseThrow());
        awaitWorkerActors(4);
    }

    // --- helpers ------------------------------------------------------------------------------

    private static Logger jobManagerLogger() {
        return (Logger) LoggerFactory.getLogger(JobManager.class);
    }

    /** The job manager's line {@code Job <id> <word>...}, checked to carry the job's id as field {@code jobId}. */
    private static Optional<ILoggingEvent> loggedAbout(String id, String word) {
        Optional<ILoggingEvent> line = List.copyOf(logs.list).stream()
                .filter(event -> event.getFormattedMessage().startsWith("Job " + id + " " + word)).findFirst();
        line.ifPresent(event -> {
            List<KeyValuePair> pairs = Optional.ofNullable(event.getKeyValuePairs()).orElse(List.of());
            assertTrue(pairs.stream().anyMatch(pair -> pair.key.equals("jobId") && id.equals(pair.value)),
                    "jobId field: " + pairs);
        });
        return line;
    }

    private static MasterSettings settings() {
        return MasterSettings.from(ConfigLoader.defaults(Map.of("compute.master.http.port", 0,
                "compute.store.h2.dir", cluster.storeDir().toString())));
    }

    private static InputSource range(long from, long to) {
        return new InputSource.Range(BigInteger.valueOf(from), BigInteger.valueOf(to));
    }

    private static <T> T ask(Function<ActorRef<T>, MasterCommand> message) {
        CompletionStage<T> reply = AskPattern.ask(jobManager, message::apply, Duration.ofSeconds(10),
                master.scheduler());
        return reply.toCompletableFuture().join();
    }

    private static String submit(JobSpec spec) {
        JobManagerProtocol.SubmitReply reply = new JobSubmission(master, jobManager, JdbcJobStore.get(master)).submit(spec)
                .toCompletableFuture().join();
        return ((JobManagerProtocol.Accepted) reply).id();
    }

    private static JobStatus status(String id) {
        JobManagerProtocol.StatusReply reply = ask(replyTo -> new JobManagerProtocol.GetStatus(id, replyTo));
        return reply.status().orElseThrow();
    }

    private static JobStatus runToEnd(JobSpec spec) {
        return awaitEnd(submit(spec));
    }

    private static JobStatus awaitEnd(String id) {
        return await().atMost(JOB_TIMEOUT).pollInterval(Duration.ofMillis(50))
                .until(() -> status(id), status -> status.state().isEnded());
    }

    private static void awaitCompletedAtLeast(String id, long count) {
        await().atMost(JOB_TIMEOUT).pollInterval(Duration.ofMillis(5))
                .until(() -> status(id).completed() >= count);
    }

    private static void awaitWorkerActors(int count) {
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100))
                .until(() -> ask(JobManagerProtocol.GetWorkers::new).workerActors() == count);
    }

    /** The job's results as a download reads them: each chunk from the job store (or this node's cache). */
    private static String results(String id) {
        JobManagerProtocol.ResultsReply reply = ask(replyTo -> new JobManagerProtocol.GetResults(id, replyTo));
        JobStatus status = ((JobManagerProtocol.ResultsStored) reply).status();
        int chunks = (int) ((status.total() + status.chunkSize() - 1) / status.chunkSize());
        StoredResults stored = new StoredResults(master, id);
        StringBuilder all = new StringBuilder();
        for (int chunk = 0; chunk < chunks; chunk++) {
            int index = chunk;
            JobManagerProtocol.ChunkStored where = (JobManagerProtocol.ChunkStored) JobClusterTest.<JobManagerProtocol.ResultsReply>ask(
                    replyTo -> new JobManagerProtocol.AwaitChunk(id, index, replyTo));
            byte[] lines = stored.lines(chunk, where.sequenceNr()).toCompletableFuture().join().get();
            all.append(new String(lines, StandardCharsets.UTF_8));
        }
        return all.toString();
    }

    /** Every line is {@code x<TAB>x²} for x = from, from+1, ... in order, and there are {@code count}. */

    private static void assertSquares(String id, BigInteger from, int count) {
        SquareLines.assertSquares(results(id), from, count);
    }
}
