package io.computecluster.common.node;

import io.computecluster.common.config.DiscoverySettings;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.cluster.typed.Cluster;
import org.apache.pekko.cluster.typed.SelfUp;
import org.apache.pekko.cluster.typed.Subscribe;

/**
 * Says in one WARN line, now and then, that this node has not joined the cluster yet (see
 * {@link SeedsUnanswered}); stops once the node is Up.
 */
final class JoinWatch {
    private static final Duration TICK = Duration.ofSeconds(1);

    /** Its timer's tick, and the node being Up. */
    private enum Message {
        TICK,
        UP
    }

    private JoinWatch() {
    }

    static Behavior<?> create(SeedsUnanswered unanswered) {
        return Behaviors.<Message>setup(context -> Behaviors.withTimers(timers -> {
            context.setLoggerName(JoinWatch.class);
            Cluster.get(context.getSystem()).subscriptions().tell(Subscribe.create(
                    context.messageAdapter(SelfUp.class, up -> Message.UP), SelfUp.class));
            timers.startTimerWithFixedDelay(Message.TICK, TICK);
            return Behaviors.receive(Message.class)
                    .onMessageEquals(Message.UP, Behaviors::stopped)
                    .onMessageEquals(Message.TICK, () -> {
                        unanswered.check(Instant.now()).ifPresent(line -> context.getLog().warn(line));
                        return Behaviors.same();
                    })
                    .build();
        }));
    }

    /** The watch of a node that started at {@code since} and joins through Cluster Bootstrap. */
    static SeedsUnanswered of(DiscoverySettings discovery, Instant since, SeedsUnanswered.Settings settings) {
        return SeedsUnanswered.bootstrap(discovery.describe(), since, settings, ZoneId.systemDefault());
    }

    /** The watch of a node that started at {@code since} and waits for {@code plan}'s other seeds. */
    static SeedsUnanswered of(JoinPlan plan, Instant since, SeedsUnanswered.Settings settings) {
        return new SeedsUnanswered(plan.otherSeeds(), since, settings, ZoneId.systemDefault());
    }
}
