package io.computecluster.common.node;

import io.computecluster.common.config.DiscoverySettings;
import java.util.Comparator;
import java.util.List;
import org.apache.pekko.actor.Address;
import org.apache.pekko.cluster.Member;
import org.apache.pekko.cluster.MemberStatus;

/**
 * The lines a node that joins through Cluster Bootstrap logs: at its start, how it looks for the
 * cluster; once it is Up, what it found (a cluster it formed, or the one it joined and its oldest
 * master). Pekko's own bootstrap lines come every second while it looks, and are not shown.
 */
final class BootstrapReport {
    private BootstrapReport() {
    }

    static String starting(DiscoverySettings discovery, boolean mayFormCluster) {
        return "Discovery: Cluster Bootstrap with " + discovery.describe() + "; this node "
                + (mayFormCluster ? "forms a new cluster when none exists and its address is the lowest of them"
                : "joins a cluster a master formed, never a new one");
    }

    /** What this node at {@code self}, Up, found: {@code members} being the cluster's as it sees them. */
    static String found(DiscoverySettings discovery, Address self, List<Member> members) {
        List<Member> up = members.stream()
                .filter(member -> member.status() == MemberStatus.up() || member.status() == MemberStatus.weaklyUp())
                .sorted(Comparator.comparing(Member::upNumber))
                .toList();
        String found;
        if (up.isEmpty() || up.get(0).address().equals(self)) {
            found = "formed a new cluster, this node its first member";
        } else {
            Member oldest = up.stream().filter(member -> member.hasRole("master")).findFirst().orElse(up.get(0));
            // Every member it knows of, itself among them (maybe not Up in its own view yet).
            found = "joined a cluster of " + Math.max(2, members.size()) + " members, its oldest "
                    + (oldest.hasRole("master") ? "master " : "member ") + JoinPlan.hostPort(oldest.address());
        }
        return "Up through Cluster Bootstrap (" + discovery.method().configName() + "): " + found;
    }
}
