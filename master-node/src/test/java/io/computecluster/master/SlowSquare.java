package io.computecluster.master;

import io.computecluster.common.function.Square;
import io.computecluster.common.function.TaskFunction;
import io.computecluster.common.numbers.Numbers;
import io.computecluster.common.numbers.NumbersBuilder;
import java.util.concurrent.locks.LockSupport;

/**
 * A test function, found through ServiceLoader like any plug-in: squares, taking 10 ms more at the
 * start of every chunk, so that a job lasts long enough to lose its master in the middle.
 */
public final class SlowSquare implements TaskFunction {
    public static final String NAME = "slow-square";
    private static final long PAUSE_NANOS = 10_000_000;

    private final Square square = new Square();

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public void apply(Numbers inputs, int index, NumbersBuilder out) {
        if (index == 0) {
            LockSupport.parkNanos(PAUSE_NANOS);
        }
        square.apply(inputs, index, out);
    }
}
