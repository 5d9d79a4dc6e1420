package io.computecluster.common.node;

import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.cluster.ClusterEvent;
import org.apache.pekko.cluster.Member;
import org.apache.pekko.cluster.typed.Cluster;
import org.apache.pekko.cluster.typed.Subscribe;
import org.slf4j.Logger;

/** Writes one readable log line for every membership and reachability change the node sees. */
public final class ClusterEventLogger {
    private ClusterEventLogger() {
    }

    public static Behavior<ClusterEvent.ClusterDomainEvent> create() {
        return Behaviors.setup(context -> {
            Cluster cluster = Cluster.get(context.getSystem());
            cluster.subscriptions().tell(Subscribe.create(context.getSelf().narrow(), ClusterEvent.MemberEvent.class));
            cluster.subscriptions().tell(Subscribe.create(context.getSelf().narrow(), ClusterEvent.ReachabilityEvent.class));
            // getLog() on every message: it also sets Pekko's MDC (pekkoAddress, pekkoSource) for the line.
            return Behaviors.receive(ClusterEvent.ClusterDomainEvent.class)
                    .onMessage(ClusterEvent.MemberUp.class, e -> log(context.getLog(), "Member up", e.member()))
                    .onMessage(ClusterEvent.MemberLeft.class, e -> log(context.getLog(), "Member leaving", e.member()))
                    .onMessage(ClusterEvent.MemberExited.class, e -> log(context.getLog(), "Member exited", e.member()))
                    .onMessage(ClusterEvent.MemberDowned.class, e -> log(context.getLog(), "Member downed", e.member()))
                    .onMessage(ClusterEvent.UnreachableMember.class, e -> {
                        context.getLog().warn("Member unreachable: {} roles={}", e.member().address(),
                                roles(e.member()));
                        return Behaviors.same();
                    })
                    .onMessage(ClusterEvent.ReachableMember.class,
                            e -> log(context.getLog(), "Member reachable again", e.member()))
                    .onMessage(ClusterEvent.MemberRemoved.class, e -> {
                        context.getLog().info("Member removed: {} roles={} (was {})", e.member().address(),
                                roles(e.member()), e.previousStatus());
                        return Behaviors.same();
                    })
                    .onAnyMessage(e -> Behaviors.same())
                    .build();
        });
    }

    private static Behavior<ClusterEvent.ClusterDomainEvent> log(Logger log, String what, Member member) {
        log.info("{}: {} roles={}", what, member.address(), roles(member));
        return Behaviors.same();
    }

    private static String roles(Member member) {
        return String.join(",", new java.util.TreeSet<>(member.getRoles()).stream()
                .filter(role -> !role.startsWith("dc-")).toList());
    }
}
