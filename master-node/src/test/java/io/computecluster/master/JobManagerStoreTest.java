package io.computecluster.master;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.computecluster.common.config.ClusterSettings;
import io.computecluster.common.config.ConfigLoader;
import io.computecluster.common.node.NodeLauncher;
import io.computecluster.common.protocol.WorkerProtocol.MasterCommand;
import io.computecluster.common.testkit.ClusterTestKit;
import io.computecluster.common.testkit.TestCertificates;
import io.computecluster.master.job.InputSource;
import io.computecluster.master.job.JobEvent;
import io.computecluster.master.job.JobSpec;
import io.computecluster.master.job.JobState;
import io.computecluster.master.job.JobStatus;
import io.computecluster.master.store.InMemoryJobStore;
import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The job manager on a store in memory ({@link JobManager#create(MasterSettings,
 * io.computecluster.master.store.JobStore)}), no database and no other node: it recovers the jobs
 * the store holds, erases events left without a definition, and refuses a job it cannot read back
 * from a failing store.
 */
class JobManagerStoreTest {
    private static ActorTestKit kit;
    private static MasterSettings settings;

    @BeforeAll
    static void start() {
        Config config = ConfigLoader.load(ClusterTestKit.CONF.resolve("master.conf"), Map.of("compute.port", 0,
                "compute.tls.dir", TestCertificates.cluster().toString()));
        settings = MasterSettings.from(config);
        kit = ActorTestKit.create("JobManagerStoreTest", ConfigFactory.parseMap(Map.of(
                        "pekko.cluster.jmx.multi-mbeans-in-same-jvm", "on", "pekko.cluster.seed-nodes", List.of(),
                        "pekko.coordinated-shutdown.exit-jvm", "off"))
                .withFallback(NodeLauncher.withClusterAddress(config, ClusterSettings.from(config))));
    }

    @AfterAll
    static void stop() {
        kit.shutdownTestKit();
    }

    private static JobEvent.JobSubmitted submitted(String id, Instant at) {
        return new JobEvent.JobSubmitted(id, new JobSpec("square",
                new InputSource.Range(BigInteger.ONE, BigInteger.valueOf(10)), 5), at);
    }

    private static <T> T join(java.util.concurrent.CompletionStage<T> stage) {
        return stage.toCompletableFuture().join();
    }

    @Test
    void theJobsOfTheStoreAreRecoveredAndEventsWithoutADefinitionErased() {
        InMemoryJobStore store = new InMemoryJobStore();
        join(store.append("j-queued", 1, submitted("j-queued", Instant.ofEpochSecond(1))));
        join(store.append("j-cancelled", 1, submitted("j-cancelled", Instant.ofEpochSecond(2))));
        join(store.append("j-cancelled", 2, new JobEvent.JobCancelled(Instant.ofEpochSecond(3))));
        join(store.append("j-orphan", 2, new JobEvent.JobCancelled(Instant.ofEpochSecond(4))));
        ActorRef<MasterCommand> manager = kit.spawn(JobManager.create(settings, store));
        TestProbe<JobManager.JobList> jobs = kit.createTestProbe();

        manager.tell(new JobManager.ListJobs(jobs.ref()));

        List<JobStatus> listed = jobs.receiveMessage(Duration.ofSeconds(10)).jobs();
        assertEquals(List.of("j-cancelled", "j-queued"), listed.stream().map(JobStatus::id).toList());
        assertEquals(JobState.CANCELLED, listed.get(0).state());
        assertEquals(JobState.QUEUED, listed.get(1).state());
        jobs.awaitAssert(() -> {
            assertEquals(List.of(), store.events("j-orphan"));
            return null;
        });
        kit.stop(manager);
    }

    @Test
    void aJobThatCannotBeReadBackFromAFailingStoreIsNotAccepted() {
        InMemoryJobStore store = new InMemoryJobStore();
        ActorRef<MasterCommand> manager = kit.spawn(JobManager.create(settings, store));
        TestProbe<JobManager.JobList> jobs = kit.createTestProbe();
        manager.tell(new JobManager.ListJobs(jobs.ref()));
        jobs.receiveMessage(Duration.ofSeconds(10));
        join(store.append("j-big", 1, submitted("j-big", Instant.now())));
        store.failReads("the network is down");
        TestProbe<JobManager.SubmitReply> reply = kit.createTestProbe();

        // No definition with the request: the job manager reads it from the store.
        manager.tell(new JobManager.Admit("j-big", new byte[0], reply.ref()));

        JobManager.NotAccepted refused = assertInstanceOf(JobManager.NotAccepted.class,
                reply.receiveMessage(Duration.ofSeconds(10)));
        assertTrue(refused.reason().startsWith("the job store failed while reading job j-big back"),
                refused.reason());
        kit.stop(manager);
    }
}
