package io.computecluster.master;

import io.computecluster.master.manager.JobManagerProtocol;
import io.computecluster.common.protocol.WorkerProtocol.MasterCommand;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Extension;
import org.apache.pekko.actor.typed.ExtensionId;
import org.apache.pekko.actor.typed.javadsl.Adapter;
import org.apache.pekko.actor.typed.javadsl.AskPattern;

/**
 * The master's readiness check for Pekko Management ({@code /ready}): the job manager singleton,
 * wherever it runs, answers through this node's proxy. Pekko Management creates the check with
 * the classic actor system; the proxy is found through a per-system extension that
 * {@link MasterNode} fills in.
 */
public final class JobManagerReadiness implements Supplier<CompletionStage<Boolean>> {

    /** Where a master node keeps its job manager proxy for the check. */
    public static final class ProxyHolder implements Extension {
        private volatile ActorRef<MasterCommand> proxy;

        public void set(ActorRef<MasterCommand> jobManager) {
            this.proxy = jobManager;
        }
    }

    public static final ExtensionId<ProxyHolder> PROXY = new ExtensionId<>() {
        @Override
        public ProxyHolder createExtension(ActorSystem<?> system) {
            return new ProxyHolder();
        }
    };

    private final ActorSystem<?> system;
    /**
     * Four fifths of Pekko Management's own limit on a check, so that a silent job manager is
     * reported as such rather than as a check that timed out.
     */
    private final Duration timeout;

    public JobManagerReadiness(org.apache.pekko.actor.ActorSystem classic) {
        this.system = Adapter.toTyped(classic);
        this.timeout = askTimeout(classic.settings().config().getDuration("pekko.management.health-checks.check-timeout"));
    }

    static Duration askTimeout(Duration checkTimeout) {
        return checkTimeout.multipliedBy(4).dividedBy(5);
    }

    @Override
    public CompletionStage<Boolean> get() {
        ActorRef<MasterCommand> proxy = PROXY.apply(system).proxy;
        if (proxy == null) {
            return CompletableFuture.failedFuture(new IllegalStateException("the master node is starting"));
        }
        return AskPattern.<MasterCommand, JobManagerProtocol.WorkersView>ask(proxy, JobManagerProtocol.GetWorkers::new, timeout,
                        system.scheduler())
                .handle((view, failure) -> {
                    if (failure != null) {
                        throw new IllegalStateException("the job manager does not answer within " + timeout.toMillis()
                                + " ms", failure);
                    }
                    return true;
                });
    }
}
