package io.computecluster.common.metrics;

import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Extension;
import org.apache.pekko.actor.typed.ExtensionId;

/**
 * The node's one metrics registry, with the JVM's meters (memory, GC, threads, classes, CPU,
 * uptime): what {@code GET /metrics} serves on every node's management port, and on a master's
 * HTTP API port too. A role adds its own meters to it (MasterMetrics, WorkerMetrics). One registry
 * per actor system (an extension), so that several nodes in one JVM (the tests) keep theirs apart.
 */
public final class NodeMetrics implements Extension {

    public static final ExtensionId<NodeMetrics> ID = new ExtensionId<>() {
        @Override
        public NodeMetrics createExtension(ActorSystem<?> system) {
            return new NodeMetrics(system);
        }
    };

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);

    public static NodeMetrics get(ActorSystem<?> system) {
        return ID.apply(system);
    }

    private NodeMetrics(ActorSystem<?> system) {
        new JvmMemoryMetrics().bindTo(registry);
        JvmGcMetrics gc = new JvmGcMetrics();
        gc.bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ClassLoaderMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
        system.getWhenTerminated().thenRun(() -> {
            gc.close();
            registry.close();
        });
    }

    public PrometheusMeterRegistry registry() {
        return registry;
    }

    /** Everything, in the Prometheus text format (version 0.0.4). */
    public String scrape() {
        return registry.scrape();
    }
}
