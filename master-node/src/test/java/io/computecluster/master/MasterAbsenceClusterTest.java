package io.computecluster.master;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.computecluster.common.testkit.ClusterTestKit;
import io.computecluster.worker.MasterWatch;
import io.computecluster.worker.WorkerRole;
import java.time.Duration;
import java.util.Map;
import org.apache.pekko.actor.CoordinatedShutdown;
import org.apache.pekko.actor.typed.ActorSystem;
import org.junit.jupiter.api.Test;

/** A worker node left without a master stops by itself, so that a restart can join a new master. */
class MasterAbsenceClusterTest {

    @Test
    void workerNodeStopsWhenTheClusterHasHadNoMasterForTheTimeout() {
        try (ClusterTestKit cluster = new ClusterTestKit()) {
            ActorSystem<Void> master = cluster.start(new MasterRole(), "master.conf",
                    Map.of("compute.master.http.port", 0));
            ActorSystem<Void> worker = cluster.start(new WorkerRole(), "worker.conf",
                    Map.of("compute.worker.workers", 1, "compute.worker.master-absent-timeout", "2s"));
            cluster.awaitMembersUp(2, Duration.ofSeconds(30));

            cluster.stop(master, Duration.ofSeconds(30));

            // The worker shuts itself down; whether its actor system then terminates promptly is
            // Artery's business (see ClusterTestKit.close).
            await().atMost(Duration.ofSeconds(30))
                    .until(() -> CoordinatedShutdown.get(worker).getShutdownReason().isPresent());
            assertEquals(MasterWatch.NoMasterReason.INSTANCE,
                    CoordinatedShutdown.get(worker).getShutdownReason().orElseThrow());
        }
    }

    @Test
    void workerNodeWithAMasterStaysUp() {
        try (ClusterTestKit cluster = new ClusterTestKit()) {
            cluster.start(new MasterRole(), "master.conf", Map.of("compute.master.http.port", 0));
            ActorSystem<Void> worker = cluster.start(new WorkerRole(), "worker.conf",
                    Map.of("compute.worker.workers", 1, "compute.worker.master-absent-timeout", "1s"));
            cluster.awaitMembersUp(2, Duration.ofSeconds(30));

            // Longer than the timeout, measured as a condition that must hold throughout.
            await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(5))
                    .until(() -> CoordinatedShutdown.get(worker).getShutdownReason().isEmpty());
            assertFalse(worker.whenTerminated().isCompleted());
        }
    }
}
