package io.computecluster.worker.testplugin;

import io.computecluster.function.PayloadType;
import io.computecluster.function.TaskContext;
import io.computecluster.function.TaskFunction;
import java.util.Locale;

/** Text to text: the input in upper case, then the job's {@code suffix} arg. */
public final class UpperFn implements TaskFunction<String, String> {
    @Override
    public String name() {
        return "upper";
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
    public String apply(String input, TaskContext context) {
        return input.toUpperCase(Locale.ROOT) + context.args().path("suffix").asText("");
    }
}
