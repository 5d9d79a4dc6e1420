package io.computecluster.master;

import io.computecluster.master.store.JdbcJobStore;
import io.computecluster.master.manager.JobManagerProtocol;
import io.computecluster.master.manager.JobSubmission;
import io.computecluster.master.manager.JobManager;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.computecluster.common.config.ConfigLoader;
import io.computecluster.common.protocol.WorkerProtocol.MasterCommand;
import io.computecluster.common.testkit.ClusterTestKit;
import io.computecluster.master.job.InputSource;
import io.computecluster.master.job.JobSpec;
import io.computecluster.master.job.JobState;
import io.computecluster.master.job.JobStatus;
import io.computecluster.master.metrics.MasterMetrics;
import io.computecluster.worker.WorkerRole;
import java.math.BigInteger;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.AskPattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.slf4j.event.KeyValuePair;

/**
 * Chunks a worker holds past {@code compute.master.chunk-timeout} go to another worker: the job
 * still ends exact, the master logs, per job, a line with the job's id and the chunks' ids as
 * fields, and {@code compute_chunks_redelivered_total{reason="overdue"}} counts them. A worker
 * actor keeping a window of 64 chunks of {@link SlowSquare} (10 ms each) holds chunks far longer
 * than the 100 ms timeout.
 */
class ChunkRedeliveryClusterTest {
    private static final ClusterTestKit cluster = new ClusterTestKit();
    private static final ListAppender<ILoggingEvent> logs = new ListAppender<>();
    private static ActorSystem<Void> master;
    private static ActorRef<MasterCommand> jobManager;
    private static MasterSettings settings;

    @BeforeAll
    static void startCluster() {
        logs.start();
        jobManagerLogger().addAppender(logs);
        master = cluster.start(new MasterRole(), "master.conf", Map.of("compute.master.http.port", 0,
                "compute.master.chunk-timeout", "100ms"));
        // A least window of 64: slow chunks would otherwise keep the worker's window at 2.
        cluster.start(new WorkerRole(), "worker.conf", Map.of("compute.worker.workers", 1,
                "compute.worker.window", 64));
        cluster.awaitMembersUp(2, Duration.ofSeconds(30));
        settings = MasterSettings.from(ConfigLoader.defaults(Map.of("compute.master.http.port", 0,
                "compute.store.h2.dir", cluster.storeDir().toString())));
        jobManager = MasterNode.jobManagerProxy(master, settings);
    }

    @AfterAll
    static void stopCluster() {
        cluster.close();
        jobManagerLogger().detachAppender(logs);
    }

    @Test
    void overdueChunksAreHandedOnLoggedWithTheirJobAndChunkIdsAndCounted() {
        MasterMetrics metrics = MasterMetrics.get(master);
        JobManagerProtocol.SubmitReply reply = new JobSubmission(master, jobManager, JdbcJobStore.get(master))
                .submit(new JobSpec(SlowSquare.NAME, new InputSource.Range(BigInteger.ONE, BigInteger.valueOf(400)), 1))
                .toCompletableFuture().join();
        String id = ((JobManagerProtocol.Accepted) reply).id();

        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(50))
                .until(() -> metricValue(metrics.scrape(), "compute_chunks_in_flight") > 0);
        JobStatus status = await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100))
                .until(() -> status(id), found -> found.state().isEnded());
        assertEquals(JobState.SUCCEEDED, status.state());
        assertEquals(400, status.completed(), "every input once, redelivered or not");

        List<ILoggingEvent> handedOn = List.copyOf(logs.list).stream()
                .filter(event -> event.getLevel() == Level.INFO
                        && event.getFormattedMessage().startsWith("Job " + id + ": "))
                .toList();
        assertFalse(handedOn.isEmpty(), "a line per job whose chunks were handed on: " + logs.list);
        for (ILoggingEvent event : handedOn) {
            assertEquals(id, field(event, "jobId"), event.toString());
            assertEquals("overdue", field(event, "reason"), event.toString());
            List<?> chunkIds = (List<?>) field(event, "chunkIds");
            assertFalse(chunkIds.isEmpty(), event.toString());
            for (Object chunk : chunkIds) {
                int chunkId = (Integer) chunk;
                assertTrue(chunkId >= 0 && chunkId < 400, "a chunk of the job: " + event);
            }
            assertTrue(event.getFormattedMessage().contains(chunkIds.size() + " chunks handed to other workers (overdue)"),
                    event.getFormattedMessage());
        }

        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(100)).untilAsserted(() -> {
            String scraped = metrics.scrape();
            assertTrue(metricValue(scraped, "compute_chunks_redelivered_total{reason=\"overdue\"}") > 0, scraped);
            assertEquals(0.0, metricValue(scraped, "compute_chunks_in_flight"), "nothing held once the job ended");
            assertEquals(1.0, metricValue(scraped, "compute_jobs{state=\"SUCCEEDED\"}"), scraped);
        });
    }

    private static Logger jobManagerLogger() {
        return (Logger) LoggerFactory.getLogger(JobManager.class);
    }

    private static Object field(ILoggingEvent event, String key) {
        List<KeyValuePair> pairs = Optional.ofNullable(event.getKeyValuePairs()).orElse(List.of());
        return pairs.stream().filter(pair -> pair.key.equals(key)).map(pair -> pair.value).findFirst()
                .orElseThrow(() -> new AssertionError("no field " + key + " in " + event));
    }

    private static JobStatus status(String id) {
        JobManagerProtocol.StatusReply reply = AskPattern.<MasterCommand, JobManagerProtocol.StatusReply>ask(jobManager,
                replyTo -> new JobManagerProtocol.GetStatus(id, replyTo), Duration.ofSeconds(10), master.scheduler())
                .toCompletableFuture().join();
        return reply.status().orElseThrow();
    }

    /** The value of the sample whose name and labels are {@code series}. */
    static double metricValue(String body, String series) {
        for (String line : body.split("\n")) {
            if (line.startsWith(series + " ")) {
                return Double.parseDouble(line.substring(series.length() + 1).trim());
            }
        }
        throw new AssertionError("no sample " + series);
    }
}
