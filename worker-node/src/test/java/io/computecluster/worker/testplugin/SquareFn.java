package io.computecluster.worker.testplugin;

import io.computecluster.function.PayloadType;
import io.computecluster.function.TaskContext;
import io.computecluster.function.TaskFunction;
import java.math.BigInteger;

/** A plug-in that takes the built-in function's name: a node refuses it. */
public final class SquareFn implements TaskFunction<BigInteger, BigInteger> {
    @Override
    public String name() {
        return "square";
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
        return input.multiply(input);
    }
}
