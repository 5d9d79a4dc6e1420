package io.computecluster.common.node;

import com.typesafe.config.Config;
import io.computecluster.common.config.SettingsReader;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Optional;

/**
 * When a node that is not in the cluster yet says so, and in what words: first {@code after} its
 * start, then every {@code every} until it is Up, one line naming its seeds, since when it has
 * asked them and what to check. Pekko's own warnings come on every attempt and name no cause.
 */
final class SeedsUnanswered {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss");

    /** {@code compute.join-warning}: how long after the start the first line comes, and then how often. */
    record Settings(Duration after, Duration every) {
        static Settings from(Config config) {
            SettingsReader reader = new SettingsReader(config);
            return new Settings(reader.positiveDuration("compute.join-warning.after"),
                    reader.positiveDuration("compute.join-warning.every"));
        }
    }

    private final List<String> seeds;
    private final String bootstrap;
    private final Instant since;
    private final Settings settings;
    private final ZoneId zone;
    private Instant lastWarned;

    SeedsUnanswered(List<String> seeds, Instant since, Settings settings, ZoneId zone) {
        this(seeds, null, since, settings, zone);
    }

    private SeedsUnanswered(List<String> seeds, String bootstrap, Instant since, Settings settings, ZoneId zone) {
        this.seeds = List.copyOf(seeds);
        this.bootstrap = bootstrap;
        this.since = since;
        this.settings = settings;
        this.zone = zone;
    }

    /** The watch of a node that joins through Cluster Bootstrap, {@code discovery} saying how it looks. */
    static SeedsUnanswered bootstrap(String discovery, Instant since, Settings settings, ZoneId zone) {
        return new SeedsUnanswered(List.of(), discovery, since, settings, zone);
    }

    /** The line to log at {@code now}, when one is due. */
    Optional<String> check(Instant now) {
        Instant due = lastWarned == null ? since.plus(settings.after()) : lastWarned.plus(settings.every());
        if (now.isBefore(due)) {
            return Optional.empty();
        }
        lastWarned = now;
        return Optional.of(line(now));
    }

    private String line(Instant now) {
        if (bootstrap != null) {
            return "Not in a cluster yet: Cluster Bootstrap (" + bootstrap + ") has found no cluster to join since "
                    + TIME.format(since.atZone(zone)) + " (" + Duration.between(since, now).toSeconds() + " s). Check"
                    + " that the masters run and answer on their management port, that discovery finds them (each"
                    + " master's COMPUTE_HOST and management port as it lists them), that enough of them are up for"
                    + " compute.discovery.required-contact-points, and that all nodes use certificates of the same CA";
        }
        boolean one = seeds.size() == 1;
        String who = one ? "the seed node " + seeds.get(0) + " has not" : "none of the seed nodes "
                + String.join(", ", seeds) + " has";
        return "Not in a cluster yet: " + who + " let this node join since " + TIME.format(since.atZone(zone)) + " ("
                + Duration.between(since, now).toSeconds() + " s). Check that a master runs at "
                + (one ? "that address" : "one of them") + " (its log names its cluster port: 'Cluster port bound'),"
                + " that --seed or COMPUTE_SEED_NODES gives that HOST:PORT, that this host can reach it, and that"
                + " both nodes use certificates of the same CA (the node that refuses one logs why)";
    }

}
