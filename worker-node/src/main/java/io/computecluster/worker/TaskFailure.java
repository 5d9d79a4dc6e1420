package io.computecluster.worker;

/**
 * A task function threw for one input. Thrown out of the worker so that its supervisor restarts
 * it; {@link WorkerState} remembers where to resume.
 */
final class TaskFailure extends RuntimeException {
    TaskFailure(String message, Throwable cause) {
        super(message, cause);
    }
}
