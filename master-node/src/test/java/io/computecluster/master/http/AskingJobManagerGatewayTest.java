package io.computecluster.master.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import io.computecluster.common.protocol.WorkerProtocol.MasterCommand;
import io.computecluster.master.manager.JobManagerProtocol;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.ManualTime;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * The asking gateway sends each request of the job manager's protocol and owns its timeout: on
 * manual time, a request answered within it completes, one not answered fails with
 * {@link JobManagerGateway.NotAnswered}, and a long poll has its wait on top.
 */
class AskingJobManagerGatewayTest {
    private static final ActorTestKit kit = ActorTestKit.create("gateway-test",
            ManualTime.config().withFallback(ConfigFactory.parseString("pekko.actor.provider = local")));
    private static final ManualTime time = ManualTime.get(kit.system());
    private static final AskingJobManagerGateway.Timeouts TIMEOUTS = new AskingJobManagerGateway.Timeouts(
            Duration.ofSeconds(5), Duration.ofSeconds(2), Duration.ofHours(1));

    private final TestProbe<MasterCommand> jobManager = kit.createTestProbe();
    // No submission here: JobSubmission needs a job store, and the cluster tests cover it.
    private final AskingJobManagerGateway gateway = new AskingJobManagerGateway(jobManager.ref(), kit.scheduler(),
            null, TIMEOUTS);

    @AfterAll
    static void stop() {
        kit.shutdownTestKit();
    }

    @Test
    void eachRequestIsTheProtocolsMessageAndItsReplyCompletesTheStage() throws Exception {
        CompletionStage<JobManagerProtocol.StatusReply> status = gateway.status("j-1");
        JobManagerProtocol.GetStatus getStatus = jobManager.expectMessageClass(JobManagerProtocol.GetStatus.class);
        assertEquals("j-1", getStatus.id());
        JobManagerProtocol.StatusReply unknown = new JobManagerProtocol.StatusReply(Optional.empty());
        getStatus.replyTo().tell(unknown);
        assertSame(unknown, get(status));

        CompletionStage<JobManagerProtocol.JobList> list = gateway.list();
        JobManagerProtocol.JobList none = new JobManagerProtocol.JobList(List.of());
        jobManager.expectMessageClass(JobManagerProtocol.ListJobs.class).replyTo().tell(none);
        assertSame(none, get(list));

        CompletionStage<JobManagerProtocol.StatusReply> cancel = gateway.cancel("j-2");
        JobManagerProtocol.Cancel cancelled = jobManager.expectMessageClass(JobManagerProtocol.Cancel.class);
        assertEquals("j-2", cancelled.id());
        cancelled.replyTo().tell(unknown);
        assertSame(unknown, get(cancel));

        CompletionStage<JobManagerProtocol.ResultsReply> results = gateway.results("j-3");
        JobManagerProtocol.GetResults getResults = jobManager.expectMessageClass(JobManagerProtocol.GetResults.class);
        assertEquals("j-3", getResults.id());
        getResults.replyTo().tell(new JobManagerProtocol.UnknownJob("j-3"));
        assertEquals(new JobManagerProtocol.UnknownJob("j-3"), get(results));

        CompletionStage<JobManagerProtocol.ResultsReply> storedIn = gateway.storedIn("j-4", 1024, 512);
        JobManagerProtocol.GetStoredIn where = jobManager.expectMessageClass(JobManagerProtocol.GetStoredIn.class);
        assertEquals(List.of("j-4", 1024, 512), List.of(where.id(), where.from(), where.count()));
        where.replyTo().tell(new JobManagerProtocol.UnknownJob("j-4"));
        assertInstanceOf(JobManagerProtocol.UnknownJob.class, get(storedIn));

        CompletionStage<JobManagerProtocol.WorkersView> workers = gateway.workers();
        JobManagerProtocol.WorkersView view = new JobManagerProtocol.WorkersView(List.of(), 0, 0, 0, null);
        jobManager.expectMessageClass(JobManagerProtocol.GetWorkers.class).replyTo().tell(view);
        assertSame(view, get(workers));

        CompletionStage<JobManagerProtocol.Throughput> throughput = gateway.throughput();
        JobManagerProtocol.Throughput samples = new JobManagerProtocol.Throughput(1, List.of());
        jobManager.expectMessageClass(JobManagerProtocol.GetThroughput.class).replyTo().tell(samples);
        assertSame(samples, get(throughput));
    }

    @Test
    void aRequestNotAnsweredWithinItsTimeoutFailsAsNotAnswered() {
        CompletionStage<JobManagerProtocol.StatusReply> status = gateway.status("j-1");
        jobManager.expectMessageClass(JobManagerProtocol.GetStatus.class);
        time.timePasses(Duration.ofMillis(4900));
        assertFalse(status.toCompletableFuture().isDone(), "within the ask timeout");
        time.timePasses(Duration.ofMillis(200));
        NotAnsweredCheck.assertNotAnswered(status, "the job manager did not answer in time (job j-1)");

        // Health probes want a quick no: the workers' view has the shorter timeout.
        CompletionStage<JobManagerProtocol.WorkersView> workers = gateway.workers();
        jobManager.expectMessageClass(JobManagerProtocol.GetWorkers.class);
        time.timePasses(Duration.ofMillis(2100));
        NotAnsweredCheck.assertNotAnswered(workers, "the job manager did not answer in time (the workers)");
    }

    @Test
    void aLongPollHasItsWaitOnTopOfTheTimeoutAndAFollowedChunkWaitsLong() throws Exception {
        CompletionStage<JobManagerProtocol.StatusReply> awaited = gateway.awaitEnd("j-1", Duration.ofSeconds(30));
        JobManagerProtocol.AwaitEnd awaitEnd = jobManager.expectMessageClass(JobManagerProtocol.AwaitEnd.class);
        assertEquals(Duration.ofSeconds(30), awaitEnd.maxWait());
        time.timePasses(Duration.ofSeconds(34));
        assertFalse(awaited.toCompletableFuture().isDone(), "30 s of wait and 5 s to answer");
        JobManagerProtocol.StatusReply reply = new JobManagerProtocol.StatusReply(Optional.empty());
        awaitEnd.replyTo().tell(reply);
        assertSame(reply, get(awaited));

        CompletionStage<JobManagerProtocol.ResultsReply> chunk = gateway.awaitChunk("j-1", 7);
        JobManagerProtocol.AwaitChunk awaitChunk = jobManager.expectMessageClass(JobManagerProtocol.AwaitChunk.class);
        assertEquals(7, awaitChunk.chunk());
        time.timePasses(Duration.ofMinutes(59));
        assertFalse(chunk.toCompletableFuture().isDone(), "a chunk of a followed job may take long");
        awaitChunk.replyTo().tell(new JobManagerProtocol.ChunkStored(9));
        assertEquals(new JobManagerProtocol.ChunkStored(9), get(chunk));
    }

    private static <T> T get(CompletionStage<T> stage) throws Exception {
        return stage.toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    /** Checks on a stage that failed because the job manager did not answer. */
    private static final class NotAnsweredCheck {
        static void assertNotAnswered(CompletionStage<?> stage, String message) {
            CompletableFuture<?> future = stage.toCompletableFuture();
            ExecutionException failed = assertThrows(ExecutionException.class, () -> future.get(10, TimeUnit.SECONDS));
            JobManagerGateway.NotAnswered notAnswered = assertInstanceOf(JobManagerGateway.NotAnswered.class,
                    failed.getCause());
            assertEquals(message, notAnswered.getMessage());
            assertTrue(notAnswered.getCause() instanceof TimeoutException, "Pekko's ask timeout is the cause");
        }
    }
}
