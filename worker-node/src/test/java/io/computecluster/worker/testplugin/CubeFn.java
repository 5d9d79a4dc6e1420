package io.computecluster.worker.testplugin;

import io.computecluster.function.PayloadType;
import io.computecluster.function.TaskContext;
import io.computecluster.function.TaskFunction;
import java.math.BigInteger;

/** Integer to integer: the cube, exact. */
public final class CubeFn implements TaskFunction<BigInteger, BigInteger> {
    @Override
    public String name() {
        return "cube";
    }

    @Override
    public PayloadType<BigInteger> input() {
        return PayloadType.INTEGER;
    }

    @Override
    public PayloadType<BigInteger> output() {
        return PayloadType.INTEGER;
    }

    @Override
    public BigInteger apply(BigInteger input, TaskContext context) {
        return input.pow(3);
    }
}
