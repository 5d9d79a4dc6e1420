package io.computecluster.common.protocol;

import io.computecluster.common.numbers.Numbers;
import java.util.List;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.receptionist.ServiceKey;

/**
 * The work-pulling protocol between the master's job manager and worker actors.
 *
 * <p>The master finds worker actors through the receptionist and greets each with {@link Hello};
 * a worker then asks for as many chunks as its window allows ({@link RequestWork}), and every
 * {@link ChunkDone} both returns a chunk's results and asks for one more. A chunk may be computed
 * twice (after a lost worker or a lost message); the master keeps the first result of each chunk.
 * These messages are hot: they have their own compact serializer.
 */
public interface WorkerProtocol {

    /** Worker actors register under this key; the master finds them through the receptionist. */
    ServiceKey<ToWorker> WORKER_SERVICE_KEY = ServiceKey.create(ToWorker.class, "compute-workers");

    /** What a worker actor accepts: this protocol's messages and the worker node's local ones. */
    interface WorkerCommand {
    }

    /** What the master's job manager accepts: this protocol's messages and the master's local ones. */
    interface MasterCommand {
    }

    /** Every message of this protocol; bound to {@code WorkerProtocolSerializer}. */
    interface Message {
    }

    /** Messages a worker actor accepts. */
    sealed interface ToWorker extends Message, WorkerCommand permits Hello, Assign {
    }

    /** Messages the master accepts from worker actors. */
    sealed interface ToMaster extends Message, MasterCommand permits RequestWork, ChunkDone, Goodbye {
    }

    /** The master introduces itself; the worker answers with {@link RequestWork}. */
    record Hello(ActorRef<ToMaster> master) implements ToWorker {
    }

    /** One chunk of a job to compute; results go to {@code replyTo}. */
    record Assign(ChunkTask task, ActorRef<ToMaster> replyTo) implements ToWorker {
    }

    /** The inputs of chunk {@code chunkId} of job {@code jobId}, and the function to apply. */
    record ChunkTask(String jobId, int chunkId, String function, Numbers inputs) {
    }

    /** The worker can take {@code credit} more chunks. */
    record RequestWork(ActorRef<ToWorker> worker, int credit) implements ToMaster {
    }

    /**
     * The worker is leaving (its node shuts down): send it nothing more. What it holds still comes
     * back as {@link ChunkDone}, or is sent to another worker once the node is gone.
     */
    record Goodbye(ActorRef<ToWorker> worker) implements ToMaster {
    }

    /**
     * The results of one chunk, in input order, and the inputs that failed (their slots in
     * {@code results} are meaningless); {@code credit} more chunks are wanted (usually 1: one chunk
     * done, one more; more or none when the worker resizes its window). {@code computeNanos} is the
     * time the worker spent applying the function to the chunk's inputs, retries included (0: not
     * measured).
     */
    record ChunkDone(ActorRef<ToWorker> worker, String jobId, int chunkId, Numbers results,
                     List<TaskError> errors, int credit, long computeNanos) implements ToMaster {

        /** Results that ask for one more chunk, their compute time not measured. */
        public ChunkDone(ActorRef<ToWorker> worker, String jobId, int chunkId, Numbers results,
                         List<TaskError> errors) {
            this(worker, jobId, chunkId, results, errors, 1, 0);
        }
    }

    /** Input {@code index} of a chunk failed with {@code message} after every retry. */
    record TaskError(int index, String message) {
    }
}
