package io.computecluster.worker;

import io.computecluster.common.node.ClusterEventLogger;
import io.computecluster.common.protocol.WorkerProtocol.WorkerCommand;
import io.computecluster.common.protocol.WorkerProtocol;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.Done;
import org.apache.pekko.actor.CoordinatedShutdown;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.DispatcherSelector;
import org.apache.pekko.actor.typed.javadsl.AskPattern;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.receptionist.Receptionist;
import org.apache.pekko.cluster.typed.Cluster;
import org.apache.pekko.cluster.typed.SelfUp;
import org.apache.pekko.cluster.typed.Subscribe;

/**
 * The root of a worker node: once the node is Up it starts the worker actors and registers them
 * with the receptionist, where the master finds them. On shutdown the workers say goodbye to the
 * master and finish what they hold before the node leaves the cluster.
 */
public final class WorkerNode {
    /** Dispatcher of the worker actors (a thread per worker), configured in reference.conf. */
    public static final String DISPATCHER = "pekko.compute-worker-dispatcher";
    /** The role of the nodes that run the job manager. */
    static final String MASTER_ROLE = "master";

    private WorkerNode() {
    }

    /** A worker node of the built-in functions only. */
    public static Behavior<Void> create(WorkerSettings settings) {
        return create(settings, FunctionCatalog.builtIn());
    }

    /** A worker node whose worker actors offer the functions of {@code catalog}. */
    public static Behavior<Void> create(WorkerSettings settings, FunctionCatalog catalog) {
        return Behaviors.setup(context -> {
            context.spawn(ClusterEventLogger.create(), "cluster-events");
            context.spawn(startWorkersWhenUp(settings, catalog), "workers");
            return Behaviors.empty();
        });
    }

    private static Behavior<SelfUp> startWorkersWhenUp(WorkerSettings settings, FunctionCatalog catalog) {
        return Behaviors.setup(context -> {
            Cluster.get(context.getSystem()).subscriptions().tell(Subscribe.create(context.getSelf(), SelfUp.class));
            return Behaviors.receive(SelfUp.class)
                    .onMessage(SelfUp.class, up -> {
                        List<ActorRef<WorkerCommand>> workers = new ArrayList<>();
                        for (int i = 1; i <= settings.workers(); i++) {
                            ActorRef<WorkerCommand> worker = context.spawn(Worker.create(settings, catalog), "worker-" + i,
                                    DispatcherSelector.fromConfig(DISPATCHER));
                            context.getSystem().receptionist().tell(
                                    Receptionist.register(WorkerProtocol.WORKER_SERVICE_KEY, worker.narrow()));
                            workers.add(worker);
                        }
                        drainOnShutdown(context.getSystem(), workers);
                        context.spawn(MasterWatch.create(MASTER_ROLE, settings.masterAbsentTimeout()), "master-watch");
                        context.getLog().info("Worker node up with {} worker actors (window {} chunks each),"
                                + " offering {}", settings.workers(), settings.window(), catalog.offers().stream()
                                .map(offer -> offer.key()).toList());
                        return Behaviors.same();
                    })
                    .build();
        });
    }

    /**
     * Before the node leaves the cluster: no more work from the receptionist, queued chunks
     * finished (a plug-in chunk at most its inputs' timeouts later, or the ask gives up).
     */
    private static void drainOnShutdown(ActorSystem<?> system, List<ActorRef<WorkerCommand>> workers) {
        CoordinatedShutdown.get(system).addTask(CoordinatedShutdown.PhaseBeforeServiceUnbind(), "drain-workers", () -> {
            for (ActorRef<WorkerCommand> worker : workers) {
                system.receptionist().tell(Receptionist.deregister(WorkerProtocol.WORKER_SERVICE_KEY, worker.narrow()));
            }
            List<CompletableFuture<Done>> drained = new ArrayList<>();
            for (ActorRef<WorkerCommand> worker : workers) {
                CompletionStage<Done> done = AskPattern.ask(worker, Worker.Drain::new, Duration.ofSeconds(8),
                        system.scheduler());
                drained.add(done.toCompletableFuture().exceptionally(timeout -> Done.getInstance()));
            }
            return CompletableFuture.allOf(drained.toArray(CompletableFuture[]::new))
                    .thenApply(all -> Done.getInstance());
        });
    }
}
