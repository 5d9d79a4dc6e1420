package io.computecluster.master.http;

import io.computecluster.api.ClusterStatus;
import java.util.ArrayList;
import java.util.List;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.cluster.ClusterEvent;
import org.apache.pekko.cluster.Member;
import org.apache.pekko.cluster.MemberStatus;
import org.apache.pekko.cluster.typed.Cluster;

/**
 * What this node knows of the cluster at one moment, for {@code /cluster} and {@code /health}.
 *
 * @param self       this node's address
 * @param selfUp     whether this node is Up
 * @param selfStatus this node's membership status, for example {@code Joining}
 * @param leader     the leader's address, null while there is none
 */
public record MembershipSnapshot(String self, boolean selfUp, String selfStatus, String leader,
                                 List<ClusterStatus.Member> members) {

    /** The membership as the node's cluster extension sees it now. */
    public static MembershipSnapshot of(ActorSystem<?> system) {
        Cluster cluster = Cluster.get(system);
        ClusterEvent.CurrentClusterState state = cluster.state();
        List<ClusterStatus.Member> members = new ArrayList<>();
        for (Member member : state.getMembers()) {
            members.add(new ClusterStatus.Member(member.address().toString(),
                    member.address().getHost().orElse(null),
                    member.address().getPort().orElse(null),
                    member.getRoles().stream().filter(role -> !role.startsWith("dc-")).sorted().toList(),
                    member.status().toString(),
                    !state.getUnreachable().contains(member)));
        }
        Member self = cluster.selfMember();
        return new MembershipSnapshot(self.address().toString(), self.status() == MemberStatus.up(),
                self.status().toString(), state.getLeader() == null ? null : state.getLeader().toString(), members);
    }
}
