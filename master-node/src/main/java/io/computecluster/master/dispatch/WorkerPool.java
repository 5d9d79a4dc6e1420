package io.computecluster.master.dispatch;

import io.computecluster.common.protocol.WorkerProtocol.FunctionCall;
import io.computecluster.common.protocol.WorkerProtocol.FunctionOffer;
import io.computecluster.common.protocol.WorkerProtocol.ToWorker;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import org.apache.pekko.actor.Address;
import org.apache.pekko.actor.typed.ActorRef;

/**
 * The worker actors the master knows, the functions each offers, how many more chunks each has
 * asked for, and which chunks each holds. When a worker or its node is lost, the chunks it held are returned so that they can
 * be handed to another worker. So are chunks a worker has held for too long without a word:
 * the time a chunk is held counts from when it was sent or from the worker's last progress on it.
 */
public final class WorkerPool {

    private static final class Entry {
        final ActorRef<ToWorker> ref;
        final Address node;
        final String nodeName;
        int credit;
        boolean leaving;
        /** What it offers, and the versions of each function name it offers. */
        List<FunctionOffer> offers = List.of();
        Map<String, Set<String>> versionsByName = Map.of();
        final Map<ChunkKey, Held> holding = new LinkedHashMap<>();

        Entry(ActorRef<ToWorker> ref) {
            this.ref = ref;
            this.node = ref.path().address();
            this.nodeName = nodeName(node);
        }

        boolean offers(FunctionCall call) {
            Set<String> versions = versionsByName.get(call.name());
            return versions != null && versions.contains(call.version());
        }
    }

    /** A chunk a worker holds: when it was sent, and when the worker last said it is still at it. */
    private static final class Held {
        final Instant sentAt;
        Instant heardAt;

        Held(Instant sentAt) {
            this.sentAt = sentAt;
            this.heardAt = sentAt;
        }
    }

    private final Map<ActorRef<ToWorker>, Entry> workers = new HashMap<>();
    private final Set<Address> unreachableNodes = new HashSet<>();
    /** Workers with credit, each at most once, served in turn. */
    private final ArrayDeque<Entry> ready = new ArrayDeque<>();

    /** Adds a worker found through the receptionist; returns false if it was known. */
    public boolean add(ActorRef<ToWorker> worker) {
        if (workers.containsKey(worker)) {
            return false;
        }
        workers.put(worker, new Entry(worker));
        return true;
    }

    public boolean contains(ActorRef<ToWorker> worker) {
        return workers.containsKey(worker);
    }

    /** Removes a worker; returns the chunks it held. */
    public Collection<ChunkKey> remove(ActorRef<ToWorker> worker) {
        Entry entry = workers.remove(worker);
        if (entry == null) {
            return List.of();
        }
        ready.remove(entry);
        return new ArrayList<>(entry.holding.keySet());
    }

    /** The functions {@code worker} offers, as it said when it asked for work. */
    public void offers(ActorRef<ToWorker> worker, List<FunctionOffer> offers) {
        Entry entry = workers.get(worker);
        if (entry != null) {
            entry.offers = List.copyOf(offers);
            Map<String, Set<String>> versions = new HashMap<>();
            for (FunctionOffer offer : offers) {
                versions.computeIfAbsent(offer.name(), name -> new HashSet<>()).add(offer.version());
            }
            entry.versionsByName = versions;
        }
    }

    /** Whether {@code worker} offers the function a job calls. Asked for every chunk: allocates nothing. */
    public boolean offers(ActorRef<ToWorker> worker, FunctionCall call) {
        Entry entry = workers.get(worker);
        return entry != null && entry.offers(call);
    }

    /** Whether some worker that is not leaving nor on an unreachable node offers the function {@code call} calls. */
    public boolean anyLiveOffers(FunctionCall call) {
        for (Entry entry : workers.values()) {
            if (!entry.leaving && !unreachableNodes.contains(entry.node) && entry.offers(call)) {
                return true;
            }
        }
        return false;
    }

    /** The functions each worker node ({@code host:port}) offers now, leaving and unreachable ones left out. */
    public Map<String, List<FunctionOffer>> offersPerNode() {
        Map<String, Map<String, FunctionOffer>> perNode = new TreeMap<>();
        for (Entry entry : workers.values()) {
            if (!entry.leaving && !unreachableNodes.contains(entry.node)) {
                Map<String, FunctionOffer> offers = perNode.computeIfAbsent(entry.nodeName, node -> new TreeMap<>());
                for (FunctionOffer offer : entry.offers) {
                    offers.putIfAbsent(offer.key(), offer);
                }
            }
        }
        Map<String, List<FunctionOffer>> result = new TreeMap<>();
        perNode.forEach((node, offers) -> result.put(node, List.copyOf(offers.values())));
        return result;
    }

    /**
     * The worker asks for {@code credit} more chunks (a new worker, or one greeted by a new master),
     * or, when negative, for that many fewer than it asked for before.
     */
    public void grant(ActorRef<ToWorker> worker, int credit) {
        Entry entry = workers.get(worker);
        if (entry == null || entry.leaving || credit == 0) {
            return;
        }
        if (credit < 0) {
            // The worker's window shrank (its chunks became slow): it takes back credit it gave.
            entry.credit = Math.max(0, entry.credit + credit);
            if (!isReady(entry)) {
                ready.remove(entry);
            }
            return;
        }
        boolean wasReady = isReady(entry);
        entry.credit += credit;
        if (!wasReady && isReady(entry)) {
            ready.addLast(entry);
        }
    }

    /** The worker is shutting down: it gets nothing more, and keeps what it holds until it answers. */
    public void leaving(ActorRef<ToWorker> worker) {
        Entry entry = workers.get(worker);
        if (entry != null) {
            entry.leaving = true;
            entry.credit = 0;
            ready.remove(entry);
        }
    }

    /** The next worker that can take a chunk, or empty. */
    public Optional<ActorRef<ToWorker>> nextReady() {
        return nextReady(Set.of());
    }

    /** The next worker that can take a chunk and is not in {@code passedOver}, or empty. */
    public Optional<ActorRef<ToWorker>> nextReady(Set<ActorRef<ToWorker>> passedOver) {
        for (Iterator<Entry> it = ready.iterator(); it.hasNext(); ) {
            Entry entry = it.next();
            if (!isReady(entry) || workers.get(entry.ref) != entry) {
                it.remove();
            } else if (!passedOver.contains(entry.ref)) {
                return Optional.of(entry.ref);
            }
        }
        return Optional.empty();
    }

    /** Records that {@code worker} was sent {@code chunk}; it then has one credit less. */
    public void assigned(ActorRef<ToWorker> worker, ChunkKey chunk, Instant now) {
        Entry entry = workers.get(worker);
        if (entry == null) {
            throw new IllegalArgumentException("unknown worker " + worker);
        }
        entry.credit--;
        entry.holding.put(chunk, new Held(now));
        if (ready.peekFirst() == entry) {
            ready.pollFirst();
        } else {
            ready.remove(entry);
        }
        if (isReady(entry)) {
            ready.addLast(entry);
        }
    }

    /**
     * The worker answered for {@code chunk}, and asks for {@code credit} more chunks. Returns when
     * the chunk was sent to it, or null if it no longer held it (handed to another worker meanwhile).
     */
    public Instant answered(ActorRef<ToWorker> worker, ChunkKey chunk, int credit) {
        Entry entry = workers.get(worker);
        if (entry == null) {
            return null;
        }
        Held held = entry.holding.remove(chunk);
        grant(worker, credit);
        return held == null ? null : held.sentAt;
    }

    /**
     * {@code worker} is still computing {@code chunk}: {@link #overdue} counts from {@code now}
     * for it. Returns false, changing nothing, when the worker does not hold that chunk (any more).
     */
    public boolean progress(ActorRef<ToWorker> worker, ChunkKey chunk, Instant now) {
        Entry entry = workers.get(worker);
        Held held = entry == null ? null : entry.holding.get(chunk);
        if (held == null) {
            return false;
        }
        if (now.isAfter(held.heardAt)) {
            held.heardAt = now;
        }
        return true;
    }

    /** A worker node became unreachable: its workers get nothing more, and what they hold is returned. */
    public List<ChunkKey> nodeUnreachable(Address node) {
        unreachableNodes.add(node);
        List<ChunkKey> held = new ArrayList<>();
        for (Entry entry : workers.values()) {
            if (entry.node.equals(node)) {
                held.addAll(entry.holding.keySet());
                entry.holding.clear();
            }
        }
        return held;
    }

    /** The node is reachable again: its workers take work again. */
    public void nodeReachable(Address node) {
        if (unreachableNodes.remove(node)) {
            for (Entry entry : workers.values()) {
                if (entry.node.equals(node) && isReady(entry) && !ready.contains(entry)) {
                    ready.addLast(entry);
                }
            }
        }
    }

    /** The node left the cluster: its workers are removed and what they held is returned. */
    public List<ChunkKey> nodeRemoved(Address node) {
        unreachableNodes.remove(node);
        List<ChunkKey> held = new ArrayList<>();
        for (Iterator<Entry> it = workers.values().iterator(); it.hasNext(); ) {
            Entry entry = it.next();
            if (entry.node.equals(node)) {
                held.addAll(entry.holding.keySet());
                ready.remove(entry);
                it.remove();
            }
        }
        return held;
    }

    /**
     * Chunks held longer than {@code timeout} since they were sent or since their worker's last
     * {@link #progress}: taken from their workers to be handed out again.
     */
    public List<ChunkKey> overdue(Instant now, Duration timeout) {
        List<ChunkKey> overdue = new ArrayList<>();
        for (Entry entry : workers.values()) {
            for (Iterator<Map.Entry<ChunkKey, Held>> it = entry.holding.entrySet().iterator(); it.hasNext(); ) {
                Map.Entry<ChunkKey, Held> held = it.next();
                if (Duration.between(held.getValue().heardAt, now).compareTo(timeout) > 0) {
                    overdue.add(held.getKey());
                    it.remove();
                }
            }
        }
        return overdue;
    }

    /** {@code host:port} of the worker's node. */
    public String nodeNameOf(ActorRef<ToWorker> worker) {
        Entry entry = workers.get(worker);
        return entry != null ? entry.nodeName : nodeName(worker.path().address());
    }

    /** Chunks being computed right now, over all workers. */
    public int inFlight() {
        int count = 0;
        for (Entry entry : workers.values()) {
            count += entry.holding.size();
        }
        return count;
    }

    /** Worker actors per worker node ({@code host:port}), sorted by node. */
    public Map<String, Integer> workersPerNode() {
        Map<String, Integer> perNode = new TreeMap<>();
        for (Entry entry : workers.values()) {
            perNode.merge(nodeName(entry.node), 1, Integer::sum);
        }
        return perNode;
    }

    /** One worker actor: its name on its node ({@code worker-3}) and the chunks it holds. */
    public record ActorLoad(String name, int chunksInFlight) {
    }

    /** A worker node's share of the pool: its worker actors, sorted by name, and their chunks in flight. */
    public record NodeLoad(int actors, int chunksInFlight, List<ActorLoad> workerActors) {
    }

    /** Worker actors and chunks in flight per worker node ({@code host:port}), sorted by node. */
    public Map<String, NodeLoad> nodes() {
        Map<String, List<ActorLoad>> actorsPerNode = new TreeMap<>();
        workers.forEach((worker, entry) -> actorsPerNode.computeIfAbsent(entry.nodeName, node -> new ArrayList<>())
                .add(new ActorLoad(worker.path().name(), entry.holding.size())));
        Map<String, NodeLoad> perNode = new TreeMap<>();
        actorsPerNode.forEach((node, actors) -> {
            actors.sort(Comparator.comparing(ActorLoad::name));
            perNode.put(node, new NodeLoad(actors.size(), actors.stream().mapToInt(ActorLoad::chunksInFlight).sum(),
                    List.copyOf(actors)));
        });
        return perNode;
    }

    public int size() {
        return workers.size();
    }

    /** {@code host:port} of a node's address. */
    public static String nodeName(Address address) {
        return address.getHost().orElse("local") + ":" + address.getPort().map(String::valueOf).orElse("0");
    }

    private boolean isReady(Entry entry) {
        return entry.credit > 0 && !entry.leaving && !unreachableNodes.contains(entry.node);
    }
}
