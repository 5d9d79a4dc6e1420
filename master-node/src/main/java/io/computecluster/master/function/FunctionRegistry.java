package io.computecluster.master.function;

import io.computecluster.common.column.PayloadType;
import io.computecluster.common.function.Square;
import io.computecluster.common.protocol.WorkerProtocol.FunctionCall;
import io.computecluster.common.protocol.WorkerProtocol.FunctionOffer;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * The functions this master has seen workers offer, and how a job's function is chosen among them.
 * The master runs no user code: all it knows of a function is what workers said of it. Built-in
 * {@code square} is always known, so that a job of squares can wait for its first worker.
 */
public final class FunctionRegistry {
    private static final FunctionOffer SQUARE = new FunctionOffer(Square.NAME, FunctionCall.BUILT_IN,
            PayloadType.INTEGER, PayloadType.INTEGER);

    /** Every function version ever offered to this master, by {@code name@version}. */
    private final Map<String, FunctionOffer> seen = new TreeMap<>();

    public FunctionRegistry() {
        seen.put(SQUARE.key(), SQUARE);
    }

    /** A worker offers these functions. */
    public void offered(List<FunctionOffer> offers) {
        for (FunctionOffer offer : offers) {
            seen.putIfAbsent(offer.key(), offer);
        }
    }

    /**
     * Every function version seen, with the nodes offering it now ({@code livePerNode}: each live
     * worker node's offers), sorted by name and newest version first.
     */
    public List<FunctionInfo> listing(Map<String, List<FunctionOffer>> livePerNode) {
        Map<String, List<String>> nodesByKey = new LinkedHashMap<>();
        new TreeMap<>(livePerNode).forEach((node, offers) -> {
            for (FunctionOffer offer : offers) {
                nodesByKey.computeIfAbsent(offer.key(), key -> new ArrayList<>()).add(node);
            }
        });
        return seen.values().stream()
                .sorted(Comparator.comparing(FunctionOffer::name)
                        .thenComparing(FunctionOffer::version, VersionOrder.INSTANCE.reversed()))
                .map(offer -> new FunctionInfo(offer.name(), offer.version(), offer.input(), offer.output(),
                        List.copyOf(nodesByKey.getOrDefault(offer.key(), List.of()))))
                .toList();
    }

    /**
     * The function a new job of {@code name} runs, from a {@link #listing}: {@code version} when
     * given, else the newest version a live worker offers, else the newest seen. Empty when no
     * worker has offered it.
     */
    public static Optional<FunctionInfo> resolve(List<FunctionInfo> listing, String name, Optional<String> version) {
        List<FunctionInfo> named = listing.stream().filter(info -> info.name().equals(name)).toList();
        if (version.isPresent()) {
            return named.stream().filter(info -> info.version().equals(version.get())).findFirst();
        }
        Comparator<FunctionInfo> byVersion = Comparator.comparing(FunctionInfo::version, VersionOrder.INSTANCE);
        Optional<FunctionInfo> live = named.stream().filter(info -> !info.nodes().isEmpty()).max(byVersion);
        return live.isPresent() ? live : named.stream().max(byVersion);
    }

    /** The functions of a {@link #listing}, as {@code name@version} (built-in ones by name alone), for messages. */
    public static String describe(List<FunctionInfo> listing) {
        return listing.stream()
                .map(info -> info.version().equals(FunctionCall.BUILT_IN) ? info.name() : info.key())
                .collect(Collectors.joining(", "));
    }

    /** Why a job of {@code call} cannot run now, given whether any live worker offers it; null when it can. */
    public static String waitingFor(FunctionCall call, boolean offeredByLiveWorker) {
        if (offeredByLiveWorker) {
            return null;
        }
        return "no live worker offers " + (call.version().equals(FunctionCall.BUILT_IN) ? call.name() : call.key())
                + ": the job runs when one joins";
    }
}
