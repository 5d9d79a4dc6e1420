package io.computecluster.common.function;

import io.computecluster.common.numbers.Numbers;
import io.computecluster.common.numbers.NumbersBuilder;

/**
 * A function that workers apply to every input of a job. Implementations must be stateless and
 * deterministic: a chunk may be computed more than once (after a lost worker or a retry) and only
 * the first result is kept.
 *
 * <p>More functions can be added through {@link java.util.ServiceLoader}: list the class in
 * {@code META-INF/services/io.computecluster.common.function.TaskFunction} and put its jar on the
 * classpath of the master and worker nodes.
 */
public interface TaskFunction {

    /** The name jobs ask for, such as {@code square}. */
    String name();

    /**
     * Computes the result for {@code inputs[index]} into {@code out[index]}. Throwing marks this
     * input as failed (after the worker's bounded retries); the other inputs are unaffected.
     */
    void apply(Numbers inputs, int index, NumbersBuilder out);
}
