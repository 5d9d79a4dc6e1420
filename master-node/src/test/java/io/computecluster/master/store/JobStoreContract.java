package io.computecluster.master.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.computecluster.common.numbers.Numbers;
import io.computecluster.common.numbers.NumbersBuilder;
import io.computecluster.common.protocol.WorkerProtocol.TaskError;
import io.computecluster.master.job.InputSource;
import io.computecluster.master.job.JobEvent;
import io.computecluster.master.job.JobSpec;
import java.math.BigInteger;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * What every {@link JobStore} does, run against each of them: the JDBC store on H2 and on
 * PostgreSQL, and the one in memory that actor tests use, so that those tests see what a master
 * sees. Each test uses job ids of its own, so they share one store.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class JobStoreContract {
    private JobStore store;

    /** A store with this version's schema, empty. */
    abstract JobStore open() throws Exception;

    void close(JobStore store) {
    }

    @BeforeAll
    void start() throws Exception {
        store = open();
    }

    @AfterAll
    void stop() {
        if (store != null) {
            close(store);
        }
    }

    static JobEvent.JobSubmitted submitted(String id) {
        return new JobEvent.JobSubmitted(id, new JobSpec("square",
                new InputSource.Range(BigInteger.ONE, BigInteger.valueOf(4)), 2), Instant.ofEpochSecond(1));
    }

    static JobEvent.ChunksCompleted completed(int chunk) {
        return new JobEvent.ChunksCompleted(List.of(new JobEvent.ChunkResult(chunk, Numbers.of(9, 16),
                List.of(new TaskError(1, "boom")), "node-a")), Instant.ofEpochSecond(2 + chunk));
    }

    private static <T> T join(CompletionStage<T> stage) {
        return stage.toCompletableFuture().join();
    }

    private static String failure(CompletionStage<?> stage) {
        CompletionException failed = assertThrows(CompletionException.class, () -> join(stage));
        return failed.getCause().getMessage();
    }

    @Test
    void aJobsEventsAreAppendedInOrderReplayedWithoutValuesAndReadOneByOne() {
        join(store.append("j-order", 1, submitted("j-order")));
        join(store.append("j-order", 2, completed(0)));
        join(store.append("j-order", 3, new JobEvent.JobCancelled(Instant.ofEpochSecond(3))));

        assertEquals(submitted("j-order"), join(store.read("j-order", 1)));
        JobEvent.ChunksCompleted read = (JobEvent.ChunksCompleted) join(store.read("j-order", 2));
        assertEquals(16, ((io.computecluster.common.numbers.Numbers) read.chunks().get(0).values()).longAt(1), "a read has the values");
        assertEquals(List.of(submitted("j-order"), completed(0).withoutValues(),
                new JobEvent.JobCancelled(Instant.ofEpochSecond(3))), join(store.replay("j-order")));
    }

    @Test
    void aNumberThatIsTakenIsRefusedAndTheStoredEventStays() {
        join(store.append("j-taken", 1, submitted("j-taken")));
        join(store.append("j-taken", 2, completed(0)));

        String refused = failure(store.append("j-taken", 2, completed(1)));
        assertTrue(refused.startsWith("cannot write event 2 of job j-taken"), refused);
        assertEquals(List.of(submitted("j-taken"), completed(0).withoutValues()), join(store.replay("j-taken")));
    }

    @Test
    void theJobsListedAreThoseWithEventsWithADefinitionOrNot() {
        join(store.append("j-listed", 1, submitted("j-listed")));
        join(store.append("j-listed", 2, completed(0)));
        join(store.append("j-orphan", 2, new JobEvent.JobCancelled(Instant.ofEpochSecond(5))));

        List<String> ids = join(store.jobIds());
        assertTrue(ids.containsAll(Set.of("j-listed", "j-orphan")), ids.toString());
        assertEquals(ids.size(), Set.copyOf(ids).size(), "each job once: " + ids);
    }

    @Test
    void eventsLeftWithoutADefinitionReplayForTheirCallerToEraseThem() {
        join(store.append("j-leftover", 3, new JobEvent.JobCancelled(Instant.ofEpochSecond(5))));
        join(store.append("j-leftover", 5, completed(1)));

        assertEquals(List.of(new JobEvent.JobCancelled(Instant.ofEpochSecond(5)), completed(1).withoutValues()),
                join(store.replay("j-leftover")));
    }

    @Test
    void aMissingNumberAfterTheDefinitionFailsTheReplay() {
        join(store.append("j-gap", 1, submitted("j-gap")));
        join(store.append("j-gap", 3, completed(0)));

        String gap = failure(store.replay("j-gap"));
        assertTrue(gap.startsWith("job j-gap has event 3 after 1 events in the job store"), gap);
    }

    @Test
    void anErasedJobIsGoneEventsAndAll() {
        join(store.append("j-erased", 1, submitted("j-erased")));
        join(store.append("j-erased", 2, completed(0)));

        join(store.erase("j-erased"));
        join(store.erase("j-never-stored"));

        assertEquals(List.of(), join(store.replay("j-erased")));
        assertTrue(!join(store.jobIds()).contains("j-erased"));
        String gone = failure(store.read("j-erased", 1));
        assertTrue(gone.contains("event 1 of job j-erased is not in the job store"), gone);
        join(store.append("j-erased", 1, submitted("j-erased")));
        assertEquals(List.of(submitted("j-erased")), join(store.replay("j-erased")), "its numbers are free again");
    }

    @Test
    void inputBlocksAreAppendedOnceReadBackAndErasedWithTheirJob() {
        Numbers integers = Numbers.of(1, -2, 3);
        io.computecluster.common.column.Blobs texts = io.computecluster.common.column.Blobs.ofUtf8("a", "", "\u00e9t\u00e9");
        join(store.appendInputs("j-inputs", 0, integers));
        join(store.appendInputs("j-inputs", 1, texts));
        join(store.append("j-inputs", 1, submitted("j-inputs")));

        assertEquals(integers, join(store.readInputs("j-inputs", 0)));
        assertEquals(texts, join(store.readInputs("j-inputs", 1)));
        String taken = failure(store.appendInputs("j-inputs", 1, integers));
        assertTrue(taken.startsWith("cannot write input block 1 of job j-inputs"), taken);
        assertEquals(texts, join(store.readInputs("j-inputs", 1)), "the stored block stays");
        String missing = failure(store.readInputs("j-inputs", 2));
        assertTrue(missing.contains("input block 2 of job j-inputs is not in the job store"), missing);

        join(store.erase("j-inputs"));
        String gone = failure(store.readInputs("j-inputs", 0));
        assertTrue(gone.contains("input block 0 of job j-inputs is not in the job store"), gone);
        assertTrue(!join(store.jobIds()).contains("j-inputs"));
        join(store.appendInputs("j-inputs", 0, texts));
        assertEquals(texts, join(store.readInputs("j-inputs", 0)), "its blocks are free again");
    }

    @Test
    void inputsWithoutADefinitionAreListedAndReplayEmptyForRecoveryToEraseThem() {
        join(store.appendInputs("j-aborted", 0, Numbers.of(7)));
        join(store.append("j-both", 1, submitted("j-both")));
        join(store.appendInputs("j-both", 0, Numbers.of(8)));

        List<String> ids = join(store.jobIds());
        assertTrue(ids.containsAll(Set.of("j-aborted", "j-both")), ids.toString());
        assertEquals(ids.size(), Set.copyOf(ids).size(), "each job once: " + ids);
        assertEquals(List.of(), join(store.replay("j-aborted")));
        join(store.erase("j-aborted"));
        assertTrue(!join(store.jobIds()).contains("j-aborted"));
    }

    @Test
    void anUnknownJobReplaysEmpty() {
        assertEquals(List.of(), join(store.replay("j-unknown")));
    }

    @Test
    void aLargeDefinitionRoundTrips() {
        NumbersBuilder inputs = new NumbersBuilder(300_000);
        for (int i = 0; i < 300_000; i++) {
            if (i % 1000 == 0) {
                inputs.setBig(i, BigInteger.TEN.pow(40).add(BigInteger.valueOf(i)));
            } else {
                inputs.setLong(i, (long) i * 7919);
            }
        }
        JobEvent.JobSubmitted big = new JobEvent.JobSubmitted("j-big",
                new JobSpec("square", new InputSource.Listed(inputs.build()), 1000), Instant.ofEpochSecond(1));
        join(store.append("j-big", 1, big));

        JobEvent.JobSubmitted back = (JobEvent.JobSubmitted) join(store.read("j-big", 1));
        Numbers values = (Numbers) ((InputSource.Listed) back.spec().inputs()).values();
        assertEquals(300_000, values.size());
        assertEquals(BigInteger.TEN.pow(40).add(BigInteger.valueOf(299_000)), values.bigAt(299_000));
        assertEquals(299_999L * 7919, values.longAt(299_999));
    }
}
