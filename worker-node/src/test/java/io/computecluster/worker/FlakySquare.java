package io.computecluster.worker;

import io.computecluster.common.function.Square;
import io.computecluster.common.function.TaskFunction;
import io.computecluster.common.numbers.Numbers;
import io.computecluster.common.numbers.NumbersBuilder;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A test function, found through ServiceLoader like any plug-in: squares, but always throws for
 * negative inputs, and throws for an input of 1000 and more as many times as its value is past
 * 1000 (1002 fails twice, then succeeds).
 */
public final class FlakySquare implements TaskFunction {
    static final String NAME = "flaky-square";
    static final Map<Long, Integer> ATTEMPTS = new ConcurrentHashMap<>();

    private final Square square = new Square();

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public void apply(Numbers inputs, int index, NumbersBuilder out) {
        long x = inputs.longAt(index);
        if (x < 0) {
            throw new ArithmeticException("refusing " + x);
        }
        if (x >= 1000 && ATTEMPTS.merge(x, 1, Integer::sum) <= x - 1000) {
            throw new IllegalStateException("attempt " + ATTEMPTS.get(x) + " of " + x + " fails");
        }
        square.apply(inputs, index, out);
    }
}
