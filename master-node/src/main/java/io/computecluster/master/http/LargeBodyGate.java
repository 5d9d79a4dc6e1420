package io.computecluster.master.http;

import java.util.ArrayDeque;
import java.util.OptionalLong;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.http.javadsl.model.HttpEntity;

/**
 * Lets one large JSON job body at a time be read, parsed and stored (a text or NDJSON body is
 * streamed into the job store instead, and needs no turn). A list of millions of inputs has
 * its body, its numbers and its stored form in memory at once, and a few taken in at the same
 * moment exhausted the master's heap (four lists of 22 MB at -Xmx256m). A body waiting for its
 * turn stays unread in its connection, so waiting costs the master nothing.
 */
final class LargeBodyGate {
    /** Bodies past this (or of unknown length) wait for their turn; a range job's body is a few dozen bytes. */
    static final long LARGE_BYTES = 1 << 20;

    private static final CompletableFuture<Void> OPEN = CompletableFuture.completedFuture(null);

    private final Queue<CompletableFuture<Void>> waiting = new ArrayDeque<>();
    private boolean taken;

    static boolean isLarge(HttpEntity entity) {
        OptionalLong length = entity.getContentLengthOption();
        return length.isEmpty() || length.getAsLong() > LARGE_BYTES;
    }

    /** Completes when it is this body's turn; call {@link #leave} once done with it. */
    synchronized CompletionStage<Void> enter() {
        if (!taken) {
            taken = true;
            return OPEN;
        }
        CompletableFuture<Void> turn = new CompletableFuture<>();
        waiting.add(turn);
        return turn;
    }

    /** The body that had the turn is done: the next one waiting goes. */
    void leave() {
        CompletableFuture<Void> next;
        synchronized (this) {
            next = waiting.poll();
            if (next == null) {
                taken = false;
                return;
            }
        }
        next.complete(null);
    }

    synchronized int waiting() {
        return waiting.size();
    }
}
