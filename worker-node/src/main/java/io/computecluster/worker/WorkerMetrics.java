package io.computecluster.worker;

import io.computecluster.common.metrics.NodeMetrics;
import io.computecluster.common.metrics.TaskDurationHistogram;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Extension;
import org.apache.pekko.actor.typed.ExtensionId;

/**
 * The worker node's task meters, in the node's registry ({@link NodeMetrics}, served as
 * {@code GET /metrics} on the management port): inputs computed and inputs failed (after their
 * retries) by function, and the compute time per input by function. Counted once per chunk, not
 * once per input: a built-in function computes millions of inputs a second.
 */
final class WorkerMetrics implements Extension {
    static final ExtensionId<WorkerMetrics> ID = new ExtensionId<>() {
        @Override
        public WorkerMetrics createExtension(ActorSystem<?> system) {
            return new WorkerMetrics(NodeMetrics.get(system).registry());
        }
    };

    private final MeterRegistry registry;
    private final TaskDurationHistogram duration = new TaskDurationHistogram("compute_worker_task_duration_seconds",
            "Compute time per input on this worker node, by function: each chunk's compute time over its inputs,"
                    + " counted once per input", "function");
    private final Map<String, Counter[]> counters = new ConcurrentHashMap<>();

    static WorkerMetrics get(ActorSystem<?> system) {
        return ID.apply(system);
    }

    private WorkerMetrics(PrometheusMeterRegistry registry) {
        this.registry = registry;
        registry.getPrometheusRegistry().register(duration);
    }

    /** A chunk of {@code function} ended: {@code done} inputs with a result, {@code failed} without, in {@code computeNanos}. */
    void chunkDone(String function, int done, int failed, long computeNanos) {
        Counter[] meters = counters.computeIfAbsent(function, this::register);
        meters[0].increment(done);
        meters[1].increment(failed);
        duration.record(function, done + failed, computeNanos);
    }

    private Counter[] register(String function) {
        return new Counter[] {
            Counter.builder("compute.worker.tasks.done").tag("function", function)
                    .description("Inputs this worker node computed a result for").register(registry),
            Counter.builder("compute.worker.tasks.failed").tag("function", function)
                    .description("Inputs that failed on this worker node after their retries").register(registry),
        };
    }
}
