package io.computecluster.worker;

import io.computecluster.common.numbers.NumbersBuilder;
import io.computecluster.common.protocol.WorkerProtocol.TaskError;
import io.computecluster.common.protocol.WorkerProtocol;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import org.apache.pekko.Done;
import org.apache.pekko.actor.typed.ActorRef;

/**
 * What one worker actor keeps across its own restarts: the master it serves, the chunks waiting
 * for their turn, the chunk of a built-in function it was computing when a task failed (with the
 * results so far and the attempts of the failing input), the plug-in chunk its task runner is
 * computing, and that runner. Created by the worker's parent and touched only by that worker, one
 * message at a time (the runner shares only the {@link PluginChunk}, which guards itself).
 */
final class WorkerState {
    ActorRef<WorkerProtocol.ToMaster> master;
    boolean leaving;
    /** Drain requests to answer once every chunk held is answered. */
    final List<ActorRef<Done>> drained = new ArrayList<>();

    /** Chunks to keep at hand: set by the size of the chunks that arrive. */
    int window;
    /** Chunks asked for and not yet arrived. */
    int pendingCredit;

    /** Chunks that arrived while another was being computed, in arrival order. */
    final Deque<WorkerProtocol.Assign> queued = new ArrayDeque<>();

    /** The plug-in chunk on the task runner, or null. */
    PluginChunk running;
    /** The thread plug-in functions run on; made on first use and when one is abandoned. */
    TaskRunner runner;
    int runners;
    final PreparedJobs prepared = new PreparedJobs();

    WorkerState(int window) {
        this.window = window;
    }

    /** The chunk being computed, set while a failing input is retried across restarts. */
    InProgress inProgress;

    /** Whether a chunk is being computed. */
    boolean busy() {
        return inProgress != null || running != null;
    }

    static final class InProgress {
        final WorkerProtocol.Assign assign;
        final NumbersBuilder results;
        final List<TaskError> errors = new ArrayList<>();
        int nextIndex;
        int attempts;
        /** Time spent applying the function to this chunk's inputs, retries included. */
        long computeNanos;

        InProgress(WorkerProtocol.Assign assign) {
            this.assign = assign;
            this.results = new NumbersBuilder(assign.task().inputs().size());
        }
    }
}
