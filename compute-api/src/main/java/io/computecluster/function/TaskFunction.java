package io.computecluster.function;

/**
 * A function that jobs name and that worker nodes apply to every input of those jobs; the unit a
 * plug-in jar adds to the cluster.
 *
 * <p>Worker nodes find functions through {@link java.util.ServiceLoader}: a plug-in lists its
 * classes in {@code META-INF/services/io.computecluster.function.TaskFunction}, and each needs a
 * public no-arg constructor. One instance serves every job and every thread of a node, so a
 * function keeps no state between calls; and it is deterministic, because an input may be
 * computed more than once (after a retry or a lost worker) and only one of the results is kept.
 *
 * @param <I> the Java type of an input, fixed by {@link #input()}
 * @param <O> the Java type of a result, fixed by {@link #output()}
 */
public interface TaskFunction<I, O> {

    /**
     * The name jobs ask for: {@code [a-z0-9][a-z0-9._-]{0,63}}, unique among the functions a
     * node offers. {@code square} is built in and cannot be taken.
     */
    String name();

    /** How inputs travel and what {@link #apply} receives, for example {@link PayloadType#TEXT}. */
    PayloadType<I> input();

    /** How results travel and what {@link #apply} returns, for example {@link PayloadType#JSON}. */
    PayloadType<O> output();

    /**
     * Computes the result for one input. A throw fails that input alone, and its message becomes
     * the input's error in the job's results, so a message says what was wrong with the input.
     * A function that may run long checks {@link TaskContext#isCancelled()} now and then.
     *
     * @return the result, never {@code null}
     */
    O apply(I input, TaskContext context) throws Exception;

    /**
     * The version {@code GET /functions} shows, so that a submitter can tell which code computed
     * a result. {@code null} (the default) takes the {@code Implementation-Version} of the
     * plug-in jar's manifest, and {@code "0"} where the jar has none.
     */
    default String version() {
        return null;
    }
}
