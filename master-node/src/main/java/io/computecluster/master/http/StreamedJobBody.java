package io.computecluster.master.http;

import io.computecluster.common.column.Column;
import io.computecluster.master.job.InputSource;
import io.computecluster.master.job.JobSpec;
import io.computecluster.master.manager.JobManagerProtocol;
import io.computecluster.master.manager.JobSubmission;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.pekko.Done;
import org.apache.pekko.NotUsed;
import org.apache.pekko.actor.Cancellable;
import org.apache.pekko.http.javadsl.model.HttpEntity;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.japi.Pair;
import org.apache.pekko.stream.KillSwitches;
import org.apache.pekko.stream.Materializer;
import org.apache.pekko.stream.UniqueKillSwitch;
import org.apache.pekko.stream.javadsl.Framing;
import org.apache.pekko.stream.javadsl.FramingTruncation;
import org.apache.pekko.stream.javadsl.Keep;
import org.apache.pekko.stream.javadsl.Sink;
import org.apache.pekko.stream.scaladsl.Framing.FramingException;
import org.apache.pekko.util.ByteString;
import scala.concurrent.duration.FiniteDuration;

/**
 * A job whose inputs come one per line ({@code text/plain}, {@code application/x-ndjson}): the
 * body is read as it arrives, each line typed as {@link JobRequestParser} types it, and the inputs
 * stored in the job store in blocks as they fill, no faster than the store takes them; then the
 * job is submitted. A body of few inputs is submitted as a list instead. What a refused body had
 * stored is erased. A body of any size thus never sits whole in the master's memory.
 */
final class StreamedJobBody {
    /** Lines of a streamed body parsed in one go off the stream's thread. */
    private static final int LINES_AT_ONCE = 1024;
    /** What a streamed body must bring in each request-body-timeout, unless it ends. */
    static final long MIN_PACE_BYTES = 64 * 1024;

    private final JobManagerGateway jobManager;
    private final JobRequestParser requests;
    private final HttpApiSettings settings;
    private final Executor cpuWork;

    StreamedJobBody(JobManagerGateway jobManager, JobRequestParser requests, HttpApiSettings settings,
                    Executor cpuWork) {
        this.jobManager = jobManager;
        this.requests = requests;
        this.settings = settings;
        this.cpuWork = cpuWork;
    }

    /** A job given as a body whose inputs can be stored. */
    private record Streamed(String id, JobSpec spec) {
    }

    /**
     * A text or NDJSON body: read line by line as it arrives, typed as {@link JobRequestParser}
     * types a line, and stored in blocks as they fill, no faster than the store takes them; then
     * the job is submitted. A body whose inputs fit in one small block is submitted as a list
     * instead. What a body that is refused stored is erased. {@code idempotencyKey} (null: none)
     * goes with the job's definition.
     */
    CompletionStage<JobManagerProtocol.SubmitReply> submit(HttpEntity entity, boolean ndjson, Optional<String> function,
                                                           Optional<String> args, Optional<String> chunkSize,
                                                           Optional<String> taskTimeout, String idempotencyKey,
                                                           Materializer materializer) {
        return jobManager.functions()
                .thenApply(offered -> new LineInputs(requests, requests.lineRequest(ndjson, function, args, chunkSize,
                        taskTimeout, offered.functions())))
                .thenCompose(lines -> {
                    String id = jobManager.newJobId();
                    return store(entity, lines, id, materializer)
                            .whenComplete((stored, failure) -> {
                                if (failure != null) {
                                    jobManager.abandon(id);
                                }
                            })
                            .thenCompose(stored -> jobManager.submit(stored.id(), stored.spec(), idempotencyKey));
                });
    }

    private CompletionStage<Streamed> store(HttpEntity entity, LineInputs lines, String id, Materializer materializer) {
        // One input may take half a message; its line may be longer by its JSON quoting or base64.
        int maxLine = (int) Math.min(Integer.MAX_VALUE - 2, settings.maxMessageBytes() + 1024);
        AtomicInteger framed = new AtomicInteger();
        AtomicInteger blocks = new AtomicInteger();
        AtomicLong received = new AtomicLong();
        AtomicBoolean arrived = new AtomicBoolean();
        Pair<UniqueKillSwitch, CompletionStage<Done>> run = entity.withoutSizeLimit().getDataBytes()
                .map(bytes -> {
                    received.addAndGet(bytes.size());
                    return bytes;
                })
                .watchTermination((unused, done) -> {
                    done.thenRun(() -> arrived.set(true));
                    return NotUsed.getInstance();
                })
                .viaMat(KillSwitches.single(), Keep.right())
                .via(Framing.delimiter(ByteString.fromString("\n"), maxLine, FramingTruncation.ALLOW))
                .map(frame -> {
                    framed.addAndGet(linesIn(frame));
                    return frame;
                })
                // Parsed off the threads that serve requests, some lines at a time.
                .grouped(LINES_AT_ONCE)
                .mapAsync(1, frames -> CompletableFuture.supplyAsync(() -> {
                    List<Column> full = new ArrayList<>(1);
                    for (ByteString frame : frames) {
                        for (String line : split(frame)) {
                            Column block = lines.add(line);
                            if (block != null) {
                                full.add(block);
                            }
                        }
                    }
                    return full;
                }, cpuWork))
                .mapConcat(full -> full)
                .mapAsync(1, block -> {
                    lines.written();
                    return jobManager.appendInputs(id, blocks.getAndIncrement(), block);
                })
                .toMat(Sink.ignore(), Keep.both())
                .run(materializer);
        // A client that sends its body too slowly (a slow-loris) gets a 408 rather than holding a
        // request open: each request-body-timeout must bring the rest of the body or MIN_PACE_BYTES.
        // (A store slow enough to hold the body back that long is failing anyway.)
        long[] before = {0};
        FiniteDuration window = FiniteDuration.create(settings.requestBodyTimeout().toMillis(),
                TimeUnit.MILLISECONDS);
        Cancellable pace = materializer.scheduleAtFixedRate(window, window, () -> {
            long now = received.get();
            if (!arrived.get() && now - before[0] < MIN_PACE_BYTES) {
                run.first().abort(new BodyTooSlow(before[0] == 0));
            }
            before[0] = now;
        });
        CompletionStage<Done> read = run.second().whenComplete((done, failure) -> pace.cancel());
        return read.handle((done, failure) -> {
            if (failure == null) {
                return null;
            }
            Throwable cause = failure instanceof CompletionException && failure.getCause() != null
                    ? failure.getCause() : failure;
            if (cause instanceof FramingException) {
                throw requests.lineTooLong(framed.get() + 1, maxLine);
            }
            if (cause instanceof BodyTooSlow slow) {
                throw new ApiError(StatusCodes.REQUEST_TIMEOUT, (slow.atStart ? "the request body did not arrive within "
                        : "the request body brought less than " + MIN_PACE_BYTES + " bytes in ")
                        + settings.requestBodyTimeout().toSeconds() + " s (compute.master.request-body-timeout)", null);
            }
            throw cause instanceof RuntimeException runtime ? runtime : new CompletionException(cause);
        }).thenComposeAsync(nothing -> {
            Column last = lines.finish();
            InputSource small = lines.smallList(JobSubmission.INLINE_INPUTS);
            JobRequestParser.LineRequest request = lines.request();
            if (small != null) {
                return CompletableFuture.completedFuture(new Streamed(id, requests.spec(request.function(),
                        request.args(), request.timeoutMillis(), request.chunkSize(), small)));
            }
            CompletionStage<Void> written = last == null ? CompletableFuture.completedFuture(null)
                    : jobManager.appendInputs(id, blocks.getAndIncrement(), last);
            return written.thenApply(stored -> new Streamed(id, requests.spec(request.function(), request.args(),
                    request.timeoutMillis(), request.chunkSize(), lines.stored())));
        }, cpuWork);
    }

    /** A streamed body that came too slowly: {@code atStart}, before its first {@link #MIN_PACE_BYTES}. */
    private static final class BodyTooSlow extends RuntimeException {
        final boolean atStart;

        BodyTooSlow(boolean atStart) {
            super("the request body came too slowly", null, false, false);
            this.atStart = atStart;
        }
    }

    /** The lines of a frame between two line feeds: a carriage return ends a line too, as for a BufferedReader. */
    static List<String> split(ByteString frame) {
        int at = frame.indexOf((byte) '\r');
        if (at < 0) {
            return List.of(frame.decodeString(StandardCharsets.UTF_8));
        }
        List<String> lines = new ArrayList<>(2);
        int from = 0;
        while (at >= 0) {
            lines.add(frame.slice(from, at).decodeString(StandardCharsets.UTF_8));
            from = at + 1;
            at = frame.indexOf((byte) '\r', from);
        }
        if (from < frame.size()) {
            lines.add(frame.slice(from, frame.size()).decodeString(StandardCharsets.UTF_8));
        }
        return lines;
    }

    private static int linesIn(ByteString frame) {
        int count = 0;
        for (int at = frame.indexOf((byte) '\r'); at >= 0; at = frame.indexOf((byte) '\r', at + 1)) {
            count++;
        }
        return frame.isEmpty() || frame.last() != '\r' ? count + 1 : count;
    }
}
