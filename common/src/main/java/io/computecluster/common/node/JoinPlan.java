package io.computecluster.common.node;

import io.computecluster.common.config.ClusterSettings;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.apache.pekko.actor.Address;
import org.apache.pekko.actor.AddressFromURIString;

/**
 * Whom a starting node asks to let it join, decided once it has bound its cluster port: its seeds
 * in order, {@code self} standing for its bound address. Pekko forms a new cluster only on a node
 * that is the first of its seeds: at once when it is the only one, else when none of the others
 * answers within {@code pekko.cluster.seed-node-timeout}.
 *
 * <p>A node that may form a cluster of its own (a master) and was given no seeds, so that it has
 * only the built-in default {@value ClusterSettings#DEFAULT_SEED} and that is not itself, goes
 * first: it joins the master on the default port when one answers and forms a cluster of its own
 * otherwise ({@code bin/master --port N} alone). Seeds given on the command line, as {@code -D} or
 * in the environment are taken as they are: a standby master named its active one and waits for it.
 *
 * @param seeds the addresses to join through, in order (never empty)
 * @param self  this node's bound address
 */
public record JoinPlan(List<Address> seeds, Address self) {

    public JoinPlan {
        seeds = List.copyOf(seeds);
    }

    /** The plan of a node with {@code cluster}'s seeds, bound at {@code self}. */
    public static JoinPlan of(ClusterSettings cluster, boolean mayFormCluster, Address self) {
        Set<Address> seeds = new LinkedHashSet<>();
        for (String seed : cluster.seedNodes()) {
            seeds.add(ClusterSettings.SELF.equals(seed) ? self : address(cluster.clusterName(), seed));
        }
        boolean onlyTheDefault = cluster.seedNodes().equals(List.of(ClusterSettings.DEFAULT_SEED));
        if (mayFormCluster && !cluster.seedsGiven() && onlyTheDefault && !seeds.contains(self)) {
            List<Address> selfFirst = new ArrayList<>();
            selfFirst.add(self);
            selfFirst.addAll(seeds);
            return new JoinPlan(selfFirst, self);
        }
        return new JoinPlan(new ArrayList<>(seeds), self);
    }

    /** Whether this node forms a cluster of its own when no other seed answers (it is the first seed). */
    public boolean mayFormAlone() {
        return seeds.get(0).equals(self);
    }

    /** The seeds other than this node, as {@code HOST:PORT}: the ones it waits to hear from. */
    public List<String> otherSeeds() {
        return seeds.stream().filter(seed -> !seed.equals(self)).map(JoinPlan::hostPort).toList();
    }

    static String hostPort(Address address) {
        return address.getHost().orElse("?") + ":" + address.getPort().map(String::valueOf).orElse("?");
    }

    private static Address address(String clusterName, String hostPort) {
        return AddressFromURIString.parse("pekko://" + clusterName + "@" + hostPort);
    }
}
