package io.computecluster.common.protocol;

import io.computecluster.common.column.Column;
import io.computecluster.common.column.PayloadType;
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
 * A worker computing a long chunk says so now and then ({@link ChunkProgress}), so that the
 * master does not take the chunk for lost and hand it to another worker.
 * A chunk whose results do not fit one message sends them in {@link ChunkPart}s first, the rest
 * in its {@link ChunkDone}.
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
    sealed interface ToMaster extends Message, MasterCommand permits RequestWork, ChunkDone, ChunkPart,
            ChunkProgress, Goodbye {
    }

    /** The master introduces itself; the worker answers with {@link RequestWork}. */
    record Hello(ActorRef<ToMaster> master) implements ToWorker {
    }

    /** One chunk of a job to compute; results go to {@code replyTo}. */
    record Assign(ChunkTask task, ActorRef<ToMaster> replyTo) implements ToWorker {
    }

    /** The inputs of chunk {@code chunkId} of job {@code jobId}, and the function to apply. */
    record ChunkTask(String jobId, int chunkId, FunctionCall function, Column inputs) {
    }

    /**
     * The function a job applies: its name and version as a worker offered them, the job's
     * arguments (a JSON object's text, or null for none) and how long one input may take
     * ({@code timeoutMillis}, 0: the worker node's default).
     */
    record FunctionCall(String name, String version, String args, long timeoutMillis) {
        /** The version of the functions built into every worker node. */
        public static final String BUILT_IN = "built-in";

        /** A built-in function without arguments or a timeout of its own. */
        public static FunctionCall builtIn(String name) {
            return new FunctionCall(name, BUILT_IN, null, 0);
        }

        /** {@code name@version}: what a worker must offer to be given the job's chunks. */
        public String key() {
            return name + "@" + version;
        }
    }

    /** A function a worker actor can apply, with the payload types it takes and gives. */
    record FunctionOffer(String name, String version, PayloadType input, PayloadType output) {
        /** {@code name@version}, as {@link FunctionCall#key()}. */
        public String key() {
            return name + "@" + version;
        }
    }

    /**
     * The worker can take {@code credit} more chunks, of the functions it {@code offers}. Sent
     * whenever a master greets the worker, so that every master learns what each worker runs.
     */
    record RequestWork(ActorRef<ToWorker> worker, int credit, List<FunctionOffer> offers) implements ToMaster {
    }

    /**
     * The worker is leaving (its node shuts down): send it nothing more. What it holds still comes
     * back as {@link ChunkDone}, or is sent to another worker once the node is gone.
     */
    record Goodbye(ActorRef<ToWorker> worker) implements ToMaster {
    }

    /**
     * The results of one chunk, in input order, and the inputs that failed (their slots in
     * {@code results} are meaningless). After {@link ChunkPart}s, {@code results} holds only the
     * inputs after the last part's, while the indices of {@code errors} stay relative to the chunk; {@code credit} more chunks are wanted (usually 1: one chunk
     * done, one more; more or none when the worker resizes its window). {@code computeNanos} is the
     * time the worker spent applying the function to the chunk's inputs, retries included (0: not
     * measured).
     */
    record ChunkDone(ActorRef<ToWorker> worker, String jobId, int chunkId, Column results,
                     List<TaskError> errors, int credit, long computeNanos) implements ToMaster {

        /** Results that ask for one more chunk, their compute time not measured. */
        public ChunkDone(ActorRef<ToWorker> worker, String jobId, int chunkId, Column results,
                         List<TaskError> errors) {
            this(worker, jobId, chunkId, results, errors, 1, 0);
        }
    }

    /**
     * The results of inputs {@code [from, from + results.size())} of chunk {@code chunkId} of job
     * {@code jobId}, sent before the chunk's {@link ChunkDone} when its results do not fit one
     * message (Artery's frame): the parts come in input order, each starting where the last ended,
     * and the ChunkDone carries the results after the last part's. {@code errors} are the inputs of
     * this part that failed, their indices relative to the chunk (not to {@code from}). A part also
     * tells the master that the worker is still at the chunk, as {@link ChunkProgress} does.
     */
    record ChunkPart(ActorRef<ToWorker> worker, String jobId, int chunkId, int from, Column results,
                     List<TaskError> errors) implements ToMaster {
    }

    /**
     * The worker is still computing chunk {@code chunkId} of job {@code jobId}: sent every
     * {@code compute.worker.progress-interval} while a chunk takes long, so that the master counts
     * its chunk timeout from the last of these rather than from when it sent the chunk.
     */
    record ChunkProgress(ActorRef<ToWorker> worker, String jobId, int chunkId) implements ToMaster {
    }

    /** Input {@code index} of a chunk failed with {@code message} after every retry. */
    record TaskError(int index, String message) {
    }
}
