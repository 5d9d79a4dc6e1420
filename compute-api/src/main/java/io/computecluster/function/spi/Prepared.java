package io.computecluster.function.spi;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.computecluster.function.TaskContext;
import io.computecluster.function.TaskFunction;
import java.io.IOException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BooleanSupplier;

/**
 * One job's calls of one function: what {@link PluginBridge#prepare} hands the node. It binds the
 * job's args to a class once, however many inputs ask, since they are the same for every input.
 */
final class Prepared {
    private final Registered registered;
    private final TaskFunction<Object, Object> function;
    private final ObjectNode args;
    private final String jobId;
    private final ObjectReader argsReader;
    /** A bound args object, or the {@link Refusal} that binding them gave. */
    private final ConcurrentHashMap<Class<?>, Object> boundArgs = new ConcurrentHashMap<>(2);

    Prepared(Registered registered, ObjectNode args, String jobId, ObjectReader argsReader) {
        this.registered = registered;
        this.function = registered.callable();
        this.args = args;
        this.jobId = jobId;
        this.argsReader = argsReader;
    }

    Object apply(Object input, int attempt, BooleanSupplier cancelled) throws Exception {
        Object decoded = registered.input().decode(input);
        Object result = function.apply(decoded, new Context(attempt, cancelled));
        if (result == null) {
            throw new IllegalStateException("function '" + registered.name() + "' returned null");
        }
        Codec output = registered.output();
        output.checkResult(result, registered.name());
        try {
            return output.encode(result);
        } catch (IllegalStateException e) {
            throw new IllegalStateException("function '" + registered.name() + "' returned " + e.getMessage(), e);
        }
    }

    private record Refusal(String message) {
    }

    private Object bind(Class<?> type) {
        try {
            Object bound = argsReader.forType(type).readValue(args);
            return bound == null ? new Refusal("args: they bind to null") : bound;
        } catch (JsonProcessingException e) {
            return new Refusal("args: " + JsonMessages.describe(e));
        } catch (IOException e) {
            return new Refusal("args: " + e.getMessage());
        }
    }

    /** The context of one call: all but the attempt and the cancel flag are the job's. */
    private final class Context implements TaskContext {
        private final int attempt;
        private final BooleanSupplier cancelled;

        Context(int attempt, BooleanSupplier cancelled) {
            this.attempt = attempt;
            this.cancelled = cancelled;
        }

        @Override
        public String jobId() {
            return jobId;
        }

        @Override
        public int attempt() {
            return attempt;
        }

        @Override
        public boolean isCancelled() {
            return Thread.currentThread().isInterrupted() || (cancelled != null && cancelled.getAsBoolean());
        }

        @Override
        public ObjectNode args() {
            return args.deepCopy();
        }

        @Override
        public <A> A args(Class<A> type) {
            Object bound = boundArgs.computeIfAbsent(type, Prepared.this::bind);
            if (bound instanceof Refusal refusal) {
                throw new IllegalArgumentException(refusal.message());
            }
            return type.cast(bound);
        }
    }
}
