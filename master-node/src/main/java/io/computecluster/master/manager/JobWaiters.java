package io.computecluster.master.manager;

import io.computecluster.master.manager.JobManagerProtocol.ResultsReply;
import io.computecluster.master.manager.JobManagerProtocol.StatusReply;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.pekko.actor.typed.ActorRef;

/**
 * The requests that wait in the job manager: long polls for a job's end and followed downloads
 * waiting for a chunk's results. At most {@code limit} wait at once, both kinds together, so that
 * clients cannot grow the job manager's memory without bound; past it a request is refused.
 */
final class JobWaiters {

    /** A request waiting for job {@code jobId} to end; {@code id} names its timer. */
    record EndWaiter(long id, String jobId, ActorRef<StatusReply> replyTo) {
    }

    private final int limit;
    private final Map<Long, EndWaiter> endWaiters = new HashMap<>();
    /** Job id to chunk to the requests waiting for its results. */
    private final Map<String, Map<Integer, List<ActorRef<ResultsReply>>>> chunkWaiters = new HashMap<>();
    private int waitingForChunks;
    private long nextId;

    JobWaiters(int limit) {
        this.limit = limit;
    }

    int limit() {
        return limit;
    }

    /** Requests waiting now. */
    int size() {
        return endWaiters.size() + waitingForChunks;
    }

    /** Adds a request waiting for the job's end; empty when {@link #limit()} wait already. */
    Optional<EndWaiter> awaitEnd(String jobId, ActorRef<StatusReply> replyTo) {
        if (size() >= limit) {
            return Optional.empty();
        }
        EndWaiter waiter = new EndWaiter(nextId++, jobId, replyTo);
        endWaiters.put(waiter.id(), waiter);
        return Optional.of(waiter);
    }

    /** The waiter whose time is up, if it still waits. */
    Optional<EndWaiter> expired(long id) {
        return Optional.ofNullable(endWaiters.remove(id));
    }

    /** Every request waiting for this job's end, no longer waiting. */
    List<EndWaiter> ended(String jobId) {
        List<EndWaiter> woken = new ArrayList<>();
        for (var it = endWaiters.values().iterator(); it.hasNext(); ) {
            EndWaiter waiter = it.next();
            if (waiter.jobId().equals(jobId)) {
                it.remove();
                woken.add(waiter);
            }
        }
        return woken;
    }

    /** Adds a request waiting for a chunk's results; false when {@link #limit()} wait already. */
    boolean awaitChunk(String jobId, int chunk, ActorRef<ResultsReply> replyTo) {
        if (size() >= limit) {
            return false;
        }
        chunkWaiters.computeIfAbsent(jobId, id -> new HashMap<>())
                .computeIfAbsent(chunk, id -> new ArrayList<>()).add(replyTo);
        waitingForChunks++;
        return true;
    }

    /** The requests waiting for this chunk, no longer waiting. */
    List<ActorRef<ResultsReply>> chunkDone(String jobId, int chunk) {
        Map<Integer, List<ActorRef<ResultsReply>>> byChunk = chunkWaiters.get(jobId);
        if (byChunk == null) {
            return List.of();
        }
        List<ActorRef<ResultsReply>> woken = byChunk.remove(chunk);
        if (byChunk.isEmpty()) {
            chunkWaiters.remove(jobId);
        }
        if (woken == null) {
            return List.of();
        }
        waitingForChunks -= woken.size();
        return woken;
    }

    /** Every request waiting for a chunk of this job, which stopped without its results. */
    List<ActorRef<ResultsReply>> noMoreChunks(String jobId) {
        Map<Integer, List<ActorRef<ResultsReply>>> byChunk = chunkWaiters.remove(jobId);
        if (byChunk == null) {
            return List.of();
        }
        List<ActorRef<ResultsReply>> woken = new ArrayList<>();
        byChunk.values().forEach(woken::addAll);
        waitingForChunks -= woken.size();
        return woken;
    }
}
