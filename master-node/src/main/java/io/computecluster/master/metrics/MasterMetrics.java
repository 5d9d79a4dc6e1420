package io.computecluster.master.metrics;

import io.computecluster.common.metrics.NodeMetrics;
import io.computecluster.common.metrics.TaskDurationHistogram;
import io.computecluster.master.job.JobState;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Extension;
import org.apache.pekko.actor.typed.ExtensionId;
import org.apache.pekko.cluster.Member;
import org.apache.pekko.cluster.typed.Cluster;

/**
 * The master node's metrics, served as {@code GET /metrics} in the Prometheus text format on the
 * HTTP API port and on the management port. The job manager counts what happens (inputs, chunks,
 * redeliveries, latencies) and sets the gauges once per tick; cluster membership is read at scrape
 * time. The meters live in the node's registry ({@link NodeMetrics}, which has the JVM's too).
 */
public final class MasterMetrics implements Extension {

    private static final List<Duration> CHUNK_LATENCY_BUCKETS = List.of(Duration.ofMillis(1), Duration.ofMillis(2),
            Duration.ofMillis(5), Duration.ofMillis(10), Duration.ofMillis(25), Duration.ofMillis(50),
            Duration.ofMillis(100), Duration.ofMillis(250), Duration.ofMillis(500), Duration.ofSeconds(1),
            Duration.ofMillis(2500), Duration.ofSeconds(5), Duration.ofSeconds(10), Duration.ofSeconds(30));
    private static final List<Duration> JOB_DURATION_BUCKETS = List.of(Duration.ofMillis(10), Duration.ofMillis(100),
            Duration.ofSeconds(1), Duration.ofSeconds(10), Duration.ofMinutes(1), Duration.ofMinutes(10),
            Duration.ofHours(1));
    /** Member statuses as Pekko names them; Removed members are no longer in the state. */
    private static final List<String> MEMBER_STATUSES = List.of("Joining", "WeaklyUp", "Up", "Leaving", "Exiting",
            "Down", "PreparingForShutdown", "ReadyForShutdown");

    public static final ExtensionId<MasterMetrics> ID = new ExtensionId<>() {
        @Override
        public MasterMetrics createExtension(ActorSystem<?> system) {
            return new MasterMetrics(system);
        }
    };

    private final PrometheusMeterRegistry registry;
    private final Counter jobsSubmitted;
    private final Counter inputsCompleted;
    private final Counter inputsFailed;
    private final Counter chunksDispatched;
    private final Timer chunkLatency;
    private final Timer jobDuration;
    private final TaskDurationHistogram taskDuration = new TaskDurationHistogram("compute_task_duration_seconds",
            "Compute time per input as workers measure it: each chunk's compute time over its inputs,"
                    + " counted once per input", null);
    private final AtomicLong chunksInFlight = new AtomicLong();
    private final AtomicLong workerActors = new AtomicLong();
    private final AtomicLong workerNodes = new AtomicLong();
    private final AtomicLong tasksPerSecond = new AtomicLong();
    private final Map<JobState, AtomicLong> jobsByState = new EnumMap<>(JobState.class);
    /** Per worker node: its inputs counter and its tasks/s gauge, removed when the node goes. */
    private final Map<String, List<Meter>> nodeMeters = new ConcurrentHashMap<>();
    private final Map<String, AtomicLong> nodeRates = new ConcurrentHashMap<>();

    public static MasterMetrics get(ActorSystem<?> system) {
        return ID.apply(system);
    }

    private MasterMetrics(ActorSystem<?> system) {
        registry = NodeMetrics.get(system).registry();
        jobsSubmitted = Counter.builder("compute.jobs.submitted").description("Jobs accepted").register(registry);
        inputsCompleted = Counter.builder("compute.inputs.completed")
                .description("Inputs with a result").register(registry);
        inputsFailed = Counter.builder("compute.inputs.failed")
                .description("Inputs whose task kept failing").register(registry);
        chunksDispatched = Counter.builder("compute.chunks.dispatched")
                .description("Chunks sent to workers, redeliveries included").register(registry);
        for (String reason : List.of("worker-lost", "node-unreachable", "node-removed", "overdue")) {
            redelivered(reason);
        }
        chunkLatency = Timer.builder("compute.chunk.latency")
                .description("Time from sending a chunk to a worker to its results arriving: the chunk's round trip"
                        + " (queueing at the worker and the network included), not one task's duration")
                .serviceLevelObjectives(CHUNK_LATENCY_BUCKETS.toArray(Duration[]::new))
                .register(registry);
        jobDuration = Timer.builder("compute.job.duration")
                .description("Time from submission to the end of a job that succeeded or failed")
                .serviceLevelObjectives(JOB_DURATION_BUCKETS.toArray(Duration[]::new))
                .register(registry);
        registry.getPrometheusRegistry().register(taskDuration);
        Gauge.builder("compute.chunks.in.flight", chunksInFlight, AtomicLong::get)
                .description("Chunks held by workers right now").register(registry);
        Gauge.builder("compute.worker.actors", workerActors, AtomicLong::get)
                .description("Worker actors serving the master").register(registry);
        Gauge.builder("compute.worker.nodes", workerNodes, AtomicLong::get)
                .description("Worker nodes serving the master").register(registry);
        Gauge.builder("compute.tasks.per.second", tasksPerSecond, AtomicLong::get)
                .description("Inputs computed per second over the last 5 s").register(registry);
        for (JobState state : JobState.values()) {
            AtomicLong count = new AtomicLong();
            jobsByState.put(state, count);
            Gauge.builder("compute.jobs", count, AtomicLong::get).tag("state", state.name())
                    .description("Jobs the master keeps, by state").register(registry);
        }
        Cluster cluster = Cluster.get(system);
        for (String status : MEMBER_STATUSES) {
            Gauge.builder("compute.cluster.members", cluster, c -> countMembers(c, status))
                    .tag("status", status).description("Cluster members by status").register(registry);
        }
        Gauge.builder("compute.cluster.members.unreachable", cluster, c -> c.state().getUnreachable().size())
                .description("Members some node cannot reach").register(registry);
    }

    /** The registry itself, for meters that others keep (the job store's connection pools). */
    public MeterRegistry registry() {
        return registry;
    }

    /** Everything, in the Prometheus text format (version 0.0.4). */
    public String scrape() {
        return registry.scrape();
    }

    public void jobSubmitted() {
        jobsSubmitted.increment();
    }

    public void chunkDispatched() {
        chunksDispatched.increment();
    }

    /**
     * A chunk's first results arrived from {@code node}, {@code latency} after it was sent; the
     * worker spent {@code computeNanos} computing them (0: not measured).
     */
    public void chunkDone(String node, int completed, int failed, Duration latency, long computeNanos) {
        taskDuration.record(completed + failed, computeNanos);
        inputsCompleted.increment(completed);
        inputsFailed.increment(failed);
        if (latency != null) {
            chunkLatency.record(latency);
        }
        nodeMeters.computeIfAbsent(node, this::registerNode);
        ((Counter) nodeMeters.get(node).get(0)).increment(completed + failed);
    }

    /** {@code count} chunks go to other workers, for {@code reason}. */
    public void redelivered(String reason, int count) {
        if (count > 0) {
            redelivered(reason).increment(count);
        }
    }

    public void jobEnded(Duration duration) {
        jobDuration.record(duration);
    }

    /** The job manager's view once per tick. */
    public void update(int inFlight, int actors, Map<String, Long> ratesByNode, long rate,
                       Map<JobState, Long> jobs) {
        chunksInFlight.set(inFlight);
        workerActors.set(actors);
        workerNodes.set(ratesByNode.size());
        tasksPerSecond.set(rate);
        jobsByState.forEach((state, count) -> count.set(jobs.getOrDefault(state, 0L)));
        ratesByNode.forEach((node, nodeRate) -> {
            nodeMeters.computeIfAbsent(node, this::registerNode);
            nodeRates.get(node).set(nodeRate);
        });
        for (String node : Set.copyOf(nodeMeters.keySet())) {
            if (!ratesByNode.containsKey(node)) {
                nodeMeters.remove(node).forEach(registry::remove);
                nodeRates.remove(node);
            }
        }
    }

    private Counter redelivered(String reason) {
        return Counter.builder("compute.chunks.redelivered").tag("reason", reason)
                .description("Chunks handed to another worker").register(registry);
    }

    private List<Meter> registerNode(String node) {
        AtomicLong rate = nodeRates.computeIfAbsent(node, n -> new AtomicLong());
        Counter inputs = Counter.builder("compute.worker.node.inputs").tag("node", node)
                .description("Inputs computed by the worker node").register(registry);
        Gauge gauge = Gauge.builder("compute.worker.node.tasks.per.second", rate, AtomicLong::get).tag("node", node)
                .description("The worker node's inputs per second over the last 5 s").register(registry);
        return List.of(inputs, gauge);
    }

    private static int countMembers(Cluster cluster, String status) {
        int count = 0;
        for (Member member : cluster.state().getMembers()) {
            if (member.status().toString().equals(status)) {
                count++;
            }
        }
        return count;
    }
}
