package io.computecluster.worker;

import io.computecluster.common.node.ClusterGone;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import org.apache.pekko.actor.Address;
import org.apache.pekko.actor.CoordinatedShutdown;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.cluster.ClusterEvent;
import org.apache.pekko.cluster.Member;
import org.apache.pekko.cluster.typed.Cluster;
import org.apache.pekko.cluster.typed.Subscribe;

/**
 * Stops the worker node's actor system when its cluster has had no reachable master for a while. A
 * master that crashed and was started again forms a new cluster, which nodes of the old one can
 * never join: a worker left behind joins again with a fresh actor system
 * ({@code compute.worker.rejoin}), or exits (code 1) so that whatever runs it starts one that does.
 */
public final class MasterWatch {
    /** Why a worker node stopped by itself. */
    public static final class NoMasterReason implements ClusterGone {
        public static final NoMasterReason INSTANCE = new NoMasterReason();

        private NoMasterReason() {
        }

        @Override
        public String toString() {
            return "no master in the cluster for compute.worker.master-absent-timeout";
        }
    }

    private enum Timeout {
        INSTANCE
    }

    private MasterWatch() {
    }

    static Behavior<Object> create(String masterRole, Duration absentTimeout) {
        return Behaviors.setup(context -> Behaviors.withTimers(timers -> {
            context.setLoggerName(MasterWatch.class);
            Cluster cluster = Cluster.get(context.getSystem());
            cluster.subscriptions().tell(Subscribe.create(context.getSelf().narrow(), ClusterEvent.MemberEvent.class));
            cluster.subscriptions().tell(Subscribe.create(context.getSelf().narrow(),
                    ClusterEvent.ReachabilityEvent.class));
            Set<Address> masters = new HashSet<>();
            Set<Address> unreachable = new HashSet<>();
            Runnable check = () -> {
                boolean present = masters.stream().anyMatch(master -> !unreachable.contains(master));
                if (present) {
                    timers.cancel(Timeout.INSTANCE);
                } else if (!timers.isTimerActive(Timeout.INSTANCE)) {
                    timers.startSingleTimer(Timeout.INSTANCE, absentTimeout);
                }
            };
            check.run();
            return Behaviors.receiveMessage(message -> {
                if (message instanceof ClusterEvent.MemberUp up && isMaster(up.member(), masterRole)) {
                    masters.add(up.member().address());
                } else if (message instanceof ClusterEvent.MemberRemoved removed) {
                    masters.remove(removed.member().address());
                    unreachable.remove(removed.member().address());
                } else if (message instanceof ClusterEvent.MemberDowned downed) {
                    masters.remove(downed.member().address());
                } else if (message instanceof ClusterEvent.UnreachableMember member) {
                    unreachable.add(member.member().address());
                } else if (message instanceof ClusterEvent.ReachableMember member) {
                    unreachable.remove(member.member().address());
                } else if (message == Timeout.INSTANCE) {
                    context.getLog().error("No master in the cluster for {} s: leaving it (a master started again"
                            + " forms a new cluster, which only a fresh actor system can join)", absentTimeout.toSeconds());
                    CoordinatedShutdown.get(context.getSystem()).runAll(NoMasterReason.INSTANCE);
                    return Behaviors.stopped();
                }
                check.run();
                return Behaviors.same();
            });
        }));
    }

    private static boolean isMaster(Member member, String masterRole) {
        return member.hasRole(masterRole);
    }
}
