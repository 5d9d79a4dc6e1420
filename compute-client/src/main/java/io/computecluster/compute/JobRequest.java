package io.computecluster.compute;

import java.time.Duration;
import java.util.Objects;

/**
 * What to run: a function ({@code NAME} or {@code NAME@VERSION}) over inputs, with optional
 * arguments, chunk size, task timeout and idempotency key. Immutable; each {@code with} returns a
 * new request.
 *
 * <pre>{@code
 * JobRequest request = JobRequest.of("sha256", Inputs.of(lines)).withArgs(Map.of("rounds", 2));
 * }</pre>
 */
public final class JobRequest {
    private final String function;
    private final Inputs inputs;
    private final Object args;
    private final Integer chunkSize;
    private final Duration taskTimeout;
    private final String idempotencyKey;

    private JobRequest(String function, Inputs inputs, Object args, Integer chunkSize, Duration taskTimeout,
                       String idempotencyKey) {
        this.function = function;
        this.inputs = inputs;
        this.args = args;
        this.chunkSize = chunkSize;
        this.taskTimeout = taskTimeout;
        this.idempotencyKey = idempotencyKey;
    }

    /** Function {@code function} over {@code inputs}. */
    public static JobRequest of(String function, Inputs inputs) {
        Objects.requireNonNull(function, "function");
        Objects.requireNonNull(inputs, "inputs");
        if (function.isBlank()) {
            throw new IllegalArgumentException("function: a name is required");
        }
        return new JobRequest(function.strip(), inputs, null, null, null, null);
    }

    /** The built-in function: the exact square of each integer. */
    public static JobRequest square(Inputs inputs) {
        return of("square", inputs);
    }

    /** With arguments every input gets: a JSON object, or anything Jackson writes as one (a map, a record). */
    public JobRequest withArgs(Object args) {
        return new JobRequest(function, inputs, args, chunkSize, taskTimeout, idempotencyKey);
    }

    /** With {@code chunkSize} inputs per task (the unit of dispatch and retry); the master's default otherwise. */
    public JobRequest withChunkSize(int chunkSize) {
        if (chunkSize < 1) {
            throw new IllegalArgumentException("chunkSize: expected 1 or more, got " + chunkSize);
        }
        return new JobRequest(function, inputs, args, chunkSize, taskTimeout, idempotencyKey);
    }

    /** With how long one input may run before it is interrupted and fails. */
    public JobRequest withTaskTimeout(Duration taskTimeout) {
        if (taskTimeout.isNegative() || taskTimeout.isZero()) {
            throw new IllegalArgumentException("taskTimeout: expected a positive duration, got " + taskTimeout);
        }
        return new JobRequest(function, inputs, args, chunkSize, taskTimeout, idempotencyKey);
    }

    /**
     * With the key that makes submitting this request again safe: a master answers every submit
     * with the same key with the job the first one made, for as long as that job is kept. Without
     * one, each {@link ComputeClient#submit} makes a key of its own, which its retries share.
     */
    public JobRequest withIdempotencyKey(String key) {
        Objects.requireNonNull(key, "key");
        return new JobRequest(function, inputs, args, chunkSize, taskTimeout, key);
    }

    public String function() {
        return function;
    }

    public Inputs inputs() {
        return inputs;
    }

    /** The arguments; null for none. */
    public Object args() {
        return args;
    }

    /** Inputs per task; null for the master's default. */
    public Integer chunkSize() {
        return chunkSize;
    }

    /** How long one input may run; null for the cluster's default. */
    public Duration taskTimeout() {
        return taskTimeout;
    }

    /** The idempotency key; null when each submit makes its own. */
    public String idempotencyKey() {
        return idempotencyKey;
    }
}
