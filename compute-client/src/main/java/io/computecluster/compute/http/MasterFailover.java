package io.computecluster.compute.http;

import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;

/**
 * The masters a command may talk to, one in use at a time. A call goes to the master in use; when
 * that one stops answering (unreachable, or HTTP 503 while the active master moves to another JVM)
 * the call goes on with the next address, round robin, pausing a little after each full round,
 * until one answers or the patience is spent. Each switch is one line on stderr.
 *
 * <p>With a single address there is no one to switch to: it is asked again while the patience
 * lasts, and then its last failure is thrown as it is. Calls from several threads share the
 * master in use; each call keeps its own count of failures.
 */
public final class MasterFailover {
    /** How long several masters are tried in turn when none answers, unless told otherwise. */
    public static final Duration DEFAULT_PATIENCE = Duration.ofSeconds(60);

    /** One request (or a few) to the master given. */
    @FunctionalInterface
    public interface Call<T> {
        T on(ApiClient master) throws IOException, InterruptedException;
    }

    private final List<ApiClient> masters;
    private final List<URI> addresses;
    private final Duration patience;
    private final Consumer<String> notices;
    private volatile int inUse;

    /**
     * Fails over among {@code masters} (in order, the first tried first) for up to {@code patience},
     * telling of each switch on {@code notices}.
     */
    public MasterFailover(List<ApiClient> masters, Duration patience, Consumer<String> notices) {
        if (masters.isEmpty()) {
            throw new IllegalArgumentException("no master");
        }
        this.masters = List.copyOf(masters);
        this.addresses = this.masters.stream().map(ApiClient::api).toList();
        this.patience = patience;
        this.notices = notices;
    }

    /** One master and no patience: every failure is thrown at once. */
    public static MasterFailover single(ApiClient master) {
        return new MasterFailover(List.of(master), Duration.ZERO, notice -> { });
    }

    /** The master in use: the one that answered last, or the next to try. */
    public ApiClient inUse() {
        return masters.get(inUse);
    }

    /** Whether there are standby masters to switch to. */
    public boolean several() {
        return masters.size() > 1;
    }

    /** Runs {@code call} on the master in use, going on with the next ones while they fail. */
    public <T> T call(Call<T> call) throws IOException, InterruptedException {
        return call(call, Duration.ZERO);
    }

    /** As {@link #call(Call)}, but trying for at least {@code atLeast}, even with one address. */
    public <T> T call(Call<T> call, Duration atLeast) throws IOException, InterruptedException {
        MasterOutage outage = outage(atLeast);
        T result = attempt(outage, call);
        if (several() && !outage.inFirstRound()) {
            // The switches of later rounds went untold: say where the command is now.
            notices.accept("master " + inUse().api() + " answers; going on with it");
        }
        return result;
    }

    /**
     * A new outage for a caller that meets failures outside {@link #call} (a response stream that
     * breaks while it is read) and keeps one outage until it makes progress again.
     */
    MasterOutage outage() {
        return outage(Duration.ZERO);
    }

    /**
     * Goes on after the master in use failed with {@code failure} outside a call: counts it in
     * {@code outage}, switches, then runs {@code call} as {@link #call(Call)} does. The outage goes
     * on until the caller drops it, so this tells of no end to it.
     */
    <T> T goOn(MasterOutage outage, IOException failure, Call<T> call) throws IOException, InterruptedException {
        failed(outage, failure);
        return attempt(outage, call);
    }

    private MasterOutage outage(Duration atLeast) {
        return new MasterOutage(addresses, patience.compareTo(atLeast) >= 0 ? patience : atLeast);
    }

    private <T> T attempt(MasterOutage outage, Call<T> call) throws IOException, InterruptedException {
        while (true) {
            ApiClient master = masters.get(inUse);
            try {
                return call.on(master);
            } catch (MasterUnreachableException e) {
                failed(outage, e);
            } catch (ApiException e) {
                if (e.status() != 503) {
                    throw e;
                }
                failed(outage, e);
            }
        }
    }

    /** Counts a failure of the master in use; throws once the patience is spent, else moves on. */
    private void failed(MasterOutage outage, IOException failure) throws IOException, InterruptedException {
        int failedIndex = inUse;
        URI left = addresses.get(failedIndex);
        String reason = reason(failure);
        outage.failed(failedIndex, reason);
        if (outage.over()) {
            throw several() ? outage.giveUp(failure) : failure;
        }
        inUse = (failedIndex + 1) % masters.size();
        if (several() && outage.inFirstRound()) {
            // Later rounds stay quiet: one line per address and outage is enough to follow it.
            notices.accept("master " + left + " stopped answering (" + reason + "); going on with "
                    + addresses.get(inUse));
        }
        if (outage.roundComplete()) {
            Thread.sleep(outage.pause().toMillis());
        }
    }

    /** A few words on why a master failed: {@code connection refused}, {@code ... (HTTP 503)}. */
    public static String reason(IOException failure) {
        if (failure instanceof MasterUnreachableException unreachable) {
            return unreachable.reason();
        }
        if (failure instanceof ApiException api) {
            String suffix = "(HTTP " + api.status() + ")";
            return api.error().endsWith(suffix) ? api.error() : api.error() + " " + suffix;
        }
        String message = failure.getMessage();
        return message == null || message.isBlank() ? failure.getClass().getSimpleName() : message;
    }
}
