package io.computecluster.worker;

import io.computecluster.common.numbers.NumbersBuilder;
import io.computecluster.common.protocol.WorkerProtocol;
import io.computecluster.common.protocol.WorkerProtocol.TaskError;
import java.util.ArrayList;
import java.util.List;
import org.apache.pekko.actor.typed.ActorRef;

/**
 * What one worker actor keeps across its own restarts: the master it serves and the chunk it was
 * computing when a task failed, with the results so far and the attempts of the failing input.
 * Created by the worker's parent and touched only by that worker, one message at a time.
 */
final class WorkerState {
    ActorRef<WorkerProtocol.ToMaster> master;
    boolean leaving;

    /** Chunks to keep at hand: set by the size of the chunks that arrive. */
    int window;
    /** Chunks asked for and not yet arrived. */
    int pendingCredit;

    WorkerState(int window) {
        this.window = window;
    }

    /** The chunk being computed, set while a failing input is retried across restarts. */
    InProgress inProgress;

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
