package io.computecluster.e2e.plugins;

import io.computecluster.function.PayloadType;
import io.computecluster.function.TaskContext;
import io.computecluster.function.TaskFunction;

/** A test plug-in: sleeps for the input's number of milliseconds, then answers {@code slept N}. */
public final class Sleep implements TaskFunction<String, String> {
    @Override
    public String name() {
        return "sleep";
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
        return "slept " + millis;
    }
}
