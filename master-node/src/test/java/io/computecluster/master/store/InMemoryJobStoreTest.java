package io.computecluster.master.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.computecluster.master.job.JobEvent;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;

/** The store in memory does what the JDBC store does, and fails or holds writes when told to. */
class InMemoryJobStoreTest extends JobStoreContract {
    @Override
    JobStore open() {
        return new InMemoryJobStore();
    }

    @Test
    void failingWritesAndReadsSayWhyUntilTheStoreWorksAgain() {
        InMemoryJobStore store = new InMemoryJobStore().failWrites("disk full").failReads("gone");

        CompletionException write = assertThrows(CompletionException.class,
                () -> store.append("j-1", 1, submitted("j-1")).toCompletableFuture().join());
        assertEquals("cannot write event 1 of job j-1: disk full", write.getCause().getMessage());
        assertThrows(CompletionException.class, () -> store.erase("j-1").toCompletableFuture().join());
        assertThrows(CompletionException.class, () -> store.replay("j-1").toCompletableFuture().join());
        assertThrows(CompletionException.class, () -> store.read("j-1", 1).toCompletableFuture().join());
        assertThrows(CompletionException.class, () -> store.jobIds().toCompletableFuture().join());

        store.works();
        store.append("j-1", 1, submitted("j-1")).toCompletableFuture().join();
        assertEquals(List.of(submitted("j-1")), store.events("j-1"));
        assertEquals(1, store.appends());
    }

    @Test
    void heldWritesWaitUnappliedAndFailAsTheStoreDoesWhenReleased() {
        InMemoryJobStore store = new InMemoryJobStore().holdWrites();
        CompletableFuture<Void> first = store.append("j-1", 1, submitted("j-1")).toCompletableFuture();
        CompletableFuture<Void> second = store.append("j-1", 2, new JobEvent.JobCancelled(Instant.EPOCH))
                .toCompletableFuture();

        assertFalse(first.isDone());
        assertEquals(2, store.heldWrites());
        assertEquals(List.of(), store.events("j-1"));

        store.failWrites("later");
        store.releaseWrites();
        assertTrue(first.isCompletedExceptionally() && second.isCompletedExceptionally());
        store.works();
        store.append("j-1", 1, submitted("j-1")).toCompletableFuture().join();
        assertEquals(1, store.events("j-1").size(), "released writes are no longer held");
    }
}
