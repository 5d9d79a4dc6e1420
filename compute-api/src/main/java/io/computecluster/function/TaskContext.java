package io.computecluster.function;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * What a function may know about the job and attempt behind one input, handed to
 * {@link TaskFunction#apply} with that input. It is valid only during that call.
 */
public interface TaskContext {

    /** The job this input belongs to, for messages; never part of a result (results are deterministic). */
    String jobId();

    /** 1 for the first attempt at this input, 2 for its first retry, and so on. */
    int attempt();

    /**
     * Whether the result is no longer wanted: the job was cancelled, the task timed out, or the
     * thread was interrupted. A function that runs long checks it now and then and throws when
     * it is true, which frees the worker's thread sooner.
     */
    boolean isCancelled();

    /**
     * The job's {@code args} as submitted, an empty object when the job gave none. Each call
     * answers a copy of its own, so that a function cannot change what the next input sees.
     */
    JsonNode args();

    /**
     * The job's {@code args} bound to {@code type} by Jackson (a record works well), bound once
     * per job and type and shared by the job's inputs, so the object is not to be changed.
     *
     * <p>Binding is strict, because args are written for one function and a misspelt option
     * should fail rather than be ignored: a field that {@code type} does not have fails, a
     * missing or {@code null} primitive component fails, and a fraction does not bind to an
     * integer. A missing object component (an {@code Integer}, a {@code String}) is
     * {@code null}, which is how a function offers a default.
     *
     * @throws IllegalArgumentException {@code "args: "} and the reason, when they do not bind;
     *     left uncaught it fails the input with that message
     */
    <A> A args(Class<A> type);
}
