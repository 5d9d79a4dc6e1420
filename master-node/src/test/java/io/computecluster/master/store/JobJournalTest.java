package io.computecluster.master.store;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.typesafe.config.Config;
import io.computecluster.common.config.ConfigLoader;
import io.computecluster.common.config.SettingsReader;
import io.computecluster.common.numbers.Numbers;
import io.computecluster.master.job.InputSource;
import io.computecluster.master.job.JobEvent;
import io.computecluster.master.job.JobSpec;
import java.math.BigInteger;
import java.nio.file.Path;
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
import org.junit.jupiter.api.io.TempDir;

/**
 * A job's journal against a real H2 store: numbering, order, replay, stopping, and a write refused;
 * and against a store in memory that fails.
 */
class JobJournalTest {
    @TempDir
    static Path dir;
    static ActorTestKit kit;
    static JdbcJobStore log;

    @BeforeAll
    static void start() {
        Config config = ConfigLoader.defaults(Map.of("pekko.actor.provider", "local",
                "compute.store.kind", "h2", "compute.store.h2.dir", dir.resolve("data").toString()));
        JobStoreSchema.prepare(StoreSettings.from(new SettingsReader(config)));
        kit = ActorTestKit.create("JobJournalTest", config);
        log = JdbcJobStore.get(kit.system());
    }

    @AfterAll
    static void stop() {
        kit.shutdownTestKit();
    }

    private static JobEvent.JobSubmitted submitted(String id) {
        return new JobEvent.JobSubmitted(id, new JobSpec("square", new InputSource.Range(BigInteger.ONE,
                BigInteger.valueOf(4)), 2), Instant.ofEpochSecond(1));
    }

    private static JobEvent.ChunksCompleted completed(int chunk) {
        return new JobEvent.ChunksCompleted(List.of(new JobEvent.ChunkResult(chunk, Numbers.of(chunk, chunk),
                List.of(), "node-a")), Instant.ofEpochSecond(2 + chunk));
    }

    @Test
    void eventsGivenAtOnceAreWrittenInOrderAfterTheOnesTheCallerWrote() {
        log.append("j-order", 1, submitted("j-order")).toCompletableFuture().join();
        ActorRef<JobJournal.Command> journal = kit.spawn(JobJournal.continuing(log, "j-order", 1));
        TestProbe<JobJournal.Recorded> recorded = kit.createTestProbe();

        journal.tell(new JobJournal.Record(completed(0), recorded.ref()));
        journal.tell(new JobJournal.Record(completed(1), recorded.ref()));
        journal.tell(new JobJournal.Record(new JobEvent.JobCancelled(Instant.ofEpochSecond(9)), recorded.ref()));

        assertEquals(new JobJournal.Recorded("j-order", completed(0), 2), recorded.receiveMessage());
        assertEquals(new JobJournal.Recorded("j-order", completed(1), 3), recorded.receiveMessage());
        assertEquals(4, recorded.receiveMessage().sequenceNr());
        assertEquals(completed(1), log.read("j-order", 3).toCompletableFuture().join());
    }

    @Test
    void aReplayingJournalTellsTheStoredEventsThenAppendsAfterThem() {
        log.append("j-replay", 1, submitted("j-replay")).toCompletableFuture().join();
        log.append("j-replay", 2, completed(0)).toCompletableFuture().join();
        TestProbe<JobJournal.Replayed> replayed = kit.createTestProbe();
        TestProbe<JobJournal.Recorded> recorded = kit.createTestProbe();

        ActorRef<JobJournal.Command> journal = kit.spawn(JobJournal.replaying(log, "j-replay", replayed.ref()));
        journal.tell(new JobJournal.Record(completed(1), recorded.ref()));

        assertEquals(new JobJournal.Replayed("j-replay", List.of(submitted("j-replay"), completed(0).withoutValues())),
                replayed.receiveMessage());
        assertEquals(3, recorded.receiveMessage().sequenceNr());
        TestProbe<JobJournal.Replayed> none = kit.createTestProbe();
        kit.spawn(JobJournal.replaying(log, "j-unknown", none.ref()));
        assertEquals(List.of(), none.receiveMessage().events());
    }

    @Test
    void stopWaitsForTheEventsGivenBeforeIt() {
        log.append("j-stop", 1, submitted("j-stop")).toCompletableFuture().join();
        ActorRef<JobJournal.Command> journal = kit.spawn(JobJournal.continuing(log, "j-stop", 1));
        TestProbe<JobJournal.Recorded> recorded = kit.createTestProbe();

        journal.tell(new JobJournal.Record(completed(0), recorded.ref()));
        journal.tell(JobJournal.Stop.INSTANCE);
        journal.tell(new JobJournal.Record(completed(1), recorded.ref()));

        assertEquals(2, recorded.receiveMessage().sequenceNr());
        recorded.expectTerminated(journal);
        assertEquals(2, log.replay("j-stop").toCompletableFuture().join().size(), "the event after Stop is not written");
    }

    @Test
    void stopWhileReplayingAlsoWaitsForTheEventsGivenBeforeIt() {
        log.append("j-stop-replaying", 1, submitted("j-stop-replaying")).toCompletableFuture().join();
        TestProbe<JobJournal.Replayed> replayed = kit.createTestProbe();
        TestProbe<JobJournal.Recorded> recorded = kit.createTestProbe();

        ActorRef<JobJournal.Command> journal = kit.spawn(JobJournal.replaying(log, "j-stop-replaying", replayed.ref()));
        journal.tell(new JobJournal.Record(completed(0), recorded.ref()));
        journal.tell(JobJournal.Stop.INSTANCE);
        journal.tell(new JobJournal.Record(completed(1), recorded.ref()));

        assertEquals(1, replayed.receiveMessage().events().size());
        assertEquals(2, recorded.receiveMessage().sequenceNr());
        recorded.expectTerminated(journal);
        assertEquals(2, log.replay("j-stop-replaying").toCompletableFuture().join().size(),
                "the event after Stop is not written");
    }

    @Test
    void aJournalWhoseNumberIsTakenStopsWithoutAnsweringAndTheStoredEventStays() {
        log.append("j-taken", 1, submitted("j-taken")).toCompletableFuture().join();
        log.append("j-taken", 2, completed(0)).toCompletableFuture().join();
        // A second writer that believes event 2 is free: a master that kept running after a takeover.
        ActorRef<JobJournal.Command> stale = kit.spawn(JobJournal.continuing(log, "j-taken", 1));
        TestProbe<JobJournal.Recorded> recorded = kit.createTestProbe();

        stale.tell(new JobJournal.Record(completed(1), recorded.ref()));

        recorded.expectTerminated(stale);
        recorded.expectNoMessage(Duration.ofMillis(100));
        List<JobEvent> events = log.replay("j-taken").toCompletableFuture().join();
        assertEquals(List.of(submitted("j-taken"), completed(0).withoutValues()), events);
    }

    @Test
    void aJournalWhoseStoreFailsAWriteStopsWithoutAnswering() {
        InMemoryJobStore failing = new InMemoryJobStore();
        failing.append("j-failing", 1, submitted("j-failing")).toCompletableFuture().join();
        failing.failWrites("the disk is full");
        ActorRef<JobJournal.Command> journal = kit.spawn(JobJournal.continuing(failing, "j-failing", 1));
        TestProbe<JobJournal.Recorded> recorded = kit.createTestProbe();

        journal.tell(new JobJournal.Record(completed(0), recorded.ref()));

        recorded.expectTerminated(journal);
        recorded.expectNoMessage(Duration.ofMillis(100));
        assertEquals(List.of(submitted("j-failing")), failing.events("j-failing"));
    }

    @Test
    void aJournalThatCannotReadItsJobStopsWithoutTellingAReplay() {
        InMemoryJobStore failing = new InMemoryJobStore().failReads("the network is down");
        TestProbe<JobJournal.Replayed> replayed = kit.createTestProbe();

        ActorRef<JobJournal.Command> journal = kit.spawn(JobJournal.replaying(failing, "j-unread", replayed.ref()));

        replayed.expectTerminated(journal);
        replayed.expectNoMessage(Duration.ofMillis(100));
    }

    @Test
    void aJournalWaitsForAWriteHeldByTheStore() {
        InMemoryJobStore slow = new InMemoryJobStore().holdWrites();
        ActorRef<JobJournal.Command> journal = kit.spawn(JobJournal.continuing(slow, "j-held", 1));
        TestProbe<JobJournal.Recorded> recorded = kit.createTestProbe();

        journal.tell(new JobJournal.Record(completed(0), recorded.ref()));
        journal.tell(new JobJournal.Record(completed(1), recorded.ref()));

        recorded.awaitAssert(() -> {
            assertEquals(1, slow.heldWrites(), "one write at a time");
            return null;
        });
        recorded.expectNoMessage(Duration.ofMillis(100));
        slow.releaseWrites();
        assertEquals(2, recorded.receiveMessage().sequenceNr());
        assertEquals(3, recorded.receiveMessage().sequenceNr());
    }
}
