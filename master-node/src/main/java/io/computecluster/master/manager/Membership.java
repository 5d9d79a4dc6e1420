package io.computecluster.master.manager;

import io.computecluster.common.protocol.WorkerProtocol;
import io.computecluster.common.protocol.WorkerProtocol.MasterCommand;
import io.computecluster.common.protocol.WorkerProtocol.ToWorker;
import java.util.Set;
import org.apache.pekko.actor.Address;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.receptionist.Receptionist;
import org.apache.pekko.cluster.ClusterEvent;
import org.apache.pekko.cluster.typed.Cluster;
import org.apache.pekko.cluster.typed.Subscribe;

/**
 * What the job manager hears of the cluster, as messages of its own: the worker actors the
 * receptionist lists, and worker nodes that are removed, unreachable or reachable again. Only
 * {@link #follow} knows Pekko's event types, so tests drive the job manager with these messages.
 */
final class Membership {
    /** The role of worker nodes (WorkerRole, in a module the master does not depend on). */
    static final String WORKER_ROLE = "worker";

    /** The worker actors registered now. */
    record WorkersListed(Set<ActorRef<ToWorker>> workers) implements MasterCommand {
    }

    /** A node left the cluster or was downed. */
    record NodeRemoved(Address node) implements MasterCommand {
    }

    /** A node stopped answering; {@code worker} when it has the worker role. */
    record NodeUnreachable(Address node, boolean worker) implements MasterCommand {
    }

    /** A node answers again. */
    record NodeReachable(Address node) implements MasterCommand {
    }

    private Membership() {
    }

    /** Subscribes the job manager to the receptionist's worker listings and the cluster's events. */
    static void follow(ActorContext<MasterCommand> context) {
        context.getSystem().receptionist().tell(Receptionist.subscribe(WorkerProtocol.WORKER_SERVICE_KEY,
                context.messageAdapter(Receptionist.Listing.class,
                        listing -> new WorkersListed(listing.getServiceInstances(WorkerProtocol.WORKER_SERVICE_KEY)))));
        Cluster cluster = Cluster.get(context.getSystem());
        cluster.subscriptions().tell(Subscribe.create(
                context.messageAdapter(ClusterEvent.MemberRemoved.class, removed -> new NodeRemoved(removed.member().address())),
                ClusterEvent.MemberRemoved.class));
        cluster.subscriptions().tell(Subscribe.create(
                context.messageAdapter(ClusterEvent.ReachabilityEvent.class, Membership::reachability),
                ClusterEvent.ReachabilityEvent.class));
    }

    private static MasterCommand reachability(ClusterEvent.ReachabilityEvent event) {
        return event instanceof ClusterEvent.UnreachableMember
                ? new NodeUnreachable(event.member().address(), event.member().hasRole(WORKER_ROLE))
                : new NodeReachable(event.member().address());
    }
}
