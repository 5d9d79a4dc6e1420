package io.computecluster.function.spi;

import io.computecluster.function.TaskFunction;

/** One function of a plug-in with what calling it needs: its version and its two codecs. */
record Registered(TaskFunction<?, ?> function, String name, String version, Codec input, Codec output) {

    /** The function's raw view: its types were checked once, through its codecs. */
    @SuppressWarnings("unchecked")
    TaskFunction<Object, Object> callable() {
        return (TaskFunction<Object, Object>) function;
    }
}
