package io.computecluster.master;

import io.computecluster.common.function.Square;
import io.computecluster.common.function.TaskFunction;
import io.computecluster.common.numbers.Numbers;
import io.computecluster.common.numbers.NumbersBuilder;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A test function, found through ServiceLoader like any plug-in: squares, but always throws for
 * multiples of 1000 and throws once (then succeeds) for multiples of 777.
 */
public final class FailingSquare implements TaskFunction {
    public static final String NAME = "failing-square";
    static final Map<Long, Integer> ATTEMPTS = new ConcurrentHashMap<>();

    private final Square square = new Square();

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public void apply(Numbers inputs, int index, NumbersBuilder out) {
        long x = inputs.longAt(index);
        if (x % 1000 == 0) {
            throw new ArithmeticException("refusing " + x);
        }
        if (x % 777 == 0 && ATTEMPTS.merge(x, 1, Integer::sum) == 1) {
            throw new IllegalStateException("first try of " + x + " fails");
        }
        square.apply(inputs, index, out);
    }
}
