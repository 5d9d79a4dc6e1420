package io.computecluster.common.function;

import io.computecluster.common.numbers.Numbers;
import io.computecluster.common.numbers.NumbersBuilder;

/**
 * A function that workers apply to every input of a job. Implementations must be stateless and
 * deterministic: a chunk may be computed more than once (after a lost worker or a retry) and only
 * the first result is kept.
 *
 * <p>This is the interface of the functions built into the worker node ({@code square}), which
 * work on integer columns directly. Users' functions are plug-ins written against
 * {@code io.computecluster.function.TaskFunction} in the {@code compute-api} module. Tests add
 * built-in functions of their own through {@link java.util.ServiceLoader}
 * ({@code META-INF/services/io.computecluster.common.function.TaskFunction}).
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
