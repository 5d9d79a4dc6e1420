package io.computecluster.e2e.plugins;

import io.computecluster.function.PayloadType;
import io.computecluster.function.TaskContext;
import io.computecluster.function.TaskFunction;

/** A test plug-in offered by one worker node only: sleeps the input's milliseconds, then answers {@code napped N}. */
public final class Nap implements TaskFunction<String, String> {
    @Override
    public String name() {
        return "nap";
    }

    @Override
    public PayloadType<String> input() {
        return PayloadType.TEXT;
    }

    @Override
    public PayloadType<String> output() {
        return PayloadType.TEXT;
    }

    @Override
    public String apply(String input, TaskContext context) throws Exception {
        long millis = Long.parseLong(input.trim());
        Thread.sleep(millis);
        return "napped " + millis;
    }
}
