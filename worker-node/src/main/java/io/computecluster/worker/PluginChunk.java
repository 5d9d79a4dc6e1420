package io.computecluster.worker;

import io.computecluster.common.column.Blobs;
import io.computecluster.common.column.BlobsBuilder;
import io.computecluster.common.column.Column;
import io.computecluster.common.column.PayloadType;
import io.computecluster.common.numbers.Numbers;
import io.computecluster.common.numbers.NumbersBuilder;
import io.computecluster.common.protocol.WorkerProtocol.Assign;
import io.computecluster.common.protocol.WorkerProtocol.TaskError;
import io.computecluster.worker.plugin.PluginFunction;
import java.math.BigInteger;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * One chunk of a plug-in function on its way through a worker actor's task runner: which input
 * is next, the attempts of the current one, the results and errors so far. The runner thread
 * computes the inputs ({@link #run}); the actor's watchdog ({@link #check}) interrupts an input
 * past its timeout and, when it has not returned a second later, takes the chunk away from that
 * thread, which is then abandoned, so that a fresh runner goes on with the rest. Every change of
 * progress happens under this object's lock, and only by the thread that {@link #owner owns}
 * the chunk, so a thread that was abandoned can never write into it again.
 *
 * <p>A failed attempt (a throw, an {@code Error} included, or a timeout) is retried at once, up
 * to {@code maxAttempts}; then the input's error is recorded and the chunk goes on.
 *
 * <p>The results travel in parts of at most {@code maxResultBytes} (what fits one Artery frame):
 * when a result or an error would make the current part larger, the part so far goes to
 * {@code parts} (a {@code ChunkPart} for the master) and a new one starts at that input; the last
 * part is what {@link #results()} and {@link #errors()} give once the chunk is finished. Only a
 * result larger than {@code maxResultBytes} on its own fails its input. Parts are handed over
 * under the lock by the thread that owns the chunk, in input order, so an abandoned thread never
 * sends one.
 */
final class PluginChunk {
    /** What {@link #check} did. */
    enum Check { NONE, INTERRUPTED, ABANDONED }

    /** Takes a part of the chunk's results: inputs {@code [from, from + results.size())}, errors chunk-relative. */
    @FunctionalInterface
    interface Parts {
        void send(PluginChunk chunk, int from, Column results, List<TaskError> errors);
    }

    /** A failed attempt, for the actor's log. */
    record AttemptFailure(int index, int attempt, String reason) {
    }

    /** How long an interrupted input may take to return before its thread is abandoned. */
    static final long GRACE_NANOS = TimeUnit.SECONDS.toNanos(1);
    /** Error messages are cut to this many characters: they travel with the chunk's results. */
    static final int MAX_MESSAGE = 1000;
    /** Failed attempts remembered for the log; the rest are only counted. */
    static final int LOGGED_FAILURES = 20;
    /** Bytes a part takes whatever it holds (ColumnCodec): the column's tag, count and big-integer count, the error count. */
    static final long PART_BASE = 1 + 4 + 4 + 4;

    final Assign assign;
    final PluginFunction function;
    private final Column inputs;
    private final int size;
    private final long timeoutNanos;
    private final String timeoutMessage;
    private final int maxAttempts;
    private final long maxResultBytes;
    private final PreparedJobs prepared;
    private final Consumer<PluginChunk> onFinished;
    private final Parts parts;

    private final NumbersBuilder numbers;
    private final BlobsBuilder blobs;
    /** Bytes every input takes in a part, its result's or error's bytes aside (ColumnCodec). */
    private final long slotBytes;
    // The current part: guarded by this.
    /** Its first input. */
    private int partFrom;
    /** Bytes its encoded results and errors take so far. */
    private long partBytes = PART_BASE;
    private final List<TaskError> errors = new ArrayList<>();
    private int partsSent;
    private final List<AttemptFailure> failures = new ArrayList<>();
    private int failureCount;
    /** Inputs failed for good, in every part so far. */
    private int failedInputs;

    // Progress: guarded by this.
    private Thread owner;
    private Object handle;
    private int next;
    private int attempt = 1;
    private boolean running;
    private long startedAt;
    private boolean timedOut;
    private long interruptedAt;
    private AtomicBoolean cancelled;
    private boolean finished;
    private long computeNanos;

    /**
     * @param timeout         how long one input may run; zero: no limit
     * @param maxResultBytes  most bytes of results and errors one part takes
     * @param onFinished      called once, on the runner thread, when every input has a result or an error
     * @param parts           takes each part but the last, under this object's lock, in input order
     */
    PluginChunk(Assign assign, PluginFunction function, Duration timeout, int maxAttempts, long maxResultBytes,
                PreparedJobs prepared, Consumer<PluginChunk> onFinished, Parts parts) {
        this.assign = assign;
        this.function = function;
        this.inputs = assign.task().inputs();
        this.size = inputs.size();
        this.timeoutNanos = timeout.toNanos();
        this.timeoutMessage = "timed out after " + human(timeout);
        this.maxAttempts = maxAttempts;
        this.maxResultBytes = maxResultBytes;
        this.prepared = prepared;
        this.onFinished = onFinished;
        this.parts = parts;
        if (function.output() == PayloadType.INTEGER) {
            numbers = new NumbersBuilder(size);
            blobs = null;
            // A long, whatever it holds: only big integers add to it.
            slotBytes = 8;
        } else {
            numbers = null;
            blobs = new BlobsBuilder(size);
            // An end offset.
            slotBytes = 4;
        }
    }

    /** Whether the inputs are of the type the function takes. */
    boolean inputsMatch() {
        return function.input() == PayloadType.INTEGER ? inputs instanceof Numbers : inputs instanceof Blobs;
    }

    /** {@code 2s}, {@code 300ms}: how a duration reads in an error message. */
    static String human(Duration duration) {
        long millis = duration.toMillis();
        return millis % 1000 == 0 ? millis / 1000 + "s" : millis + "ms";
    }

    /** Hands the chunk to {@code thread}: from now on only it may go on with it. */
    synchronized void assignTo(Thread thread) {
        owner = thread;
    }

    synchronized boolean finished() {
        return finished;
    }

    /**
     * Computes the chunk's remaining inputs on the calling thread, which must own it. Returns
     * false when the chunk was taken away from this thread meanwhile (it is abandoned and should
     * end); true once the chunk is finished and {@code onFinished} was called.
     */
    boolean run() {
        Thread me = Thread.currentThread();
        ClassLoader previousLoader = me.getContextClassLoader();
        me.setContextClassLoader(function.plugin().loader());
        try {
            if (!prepare(me)) {
                return false;
            }
            while (true) {
                int index;
                int thisAttempt;
                AtomicBoolean cancel;
                Object prepared;
                synchronized (this) {
                    if (owner != me) {
                        return false;
                    }
                    if (next >= size) {
                        break;
                    }
                    Thread.interrupted();
                    index = next;
                    thisAttempt = attempt;
                    cancel = new AtomicBoolean();
                    cancelled = cancel;
                    timedOut = false;
                    running = true;
                    startedAt = System.nanoTime();
                    prepared = handle;
                }
                Object result = null;
                Throwable failure = null;
                long resultSize = 0;
                try {
                    result = function.plugin().apply(prepared, input(index), thisAttempt, cancel::get);
                    resultSize = sizeOf(result);
                } catch (Throwable e) {
                    // OutOfMemoryError and StackOverflowError too: the function's own stack and
                    // allocation are gone by now, and they fail this input alone.
                    failure = e;
                }
                long endedAt = System.nanoTime();
                synchronized (this) {
                    if (owner != me) {
                        return false;
                    }
                    // An interrupt meant for this input must not reach the next one.
                    Thread.interrupted();
                    running = false;
                    computeNanos += endedAt - startedAt;
                    if (timedOut) {
                        failAttempt(index, timeoutMessage);
                    } else if (failure != null) {
                        failAttempt(index, describe(failure));
                    } else {
                        store(index, result, resultSize);
                    }
                }
            }
        } catch (Throwable unexpected) {
            synchronized (this) {
                if (owner != me) {
                    return false;
                }
                running = false;
                failRest(describe(unexpected));
            }
        } finally {
            me.setContextClassLoader(previousLoader);
        }
        synchronized (this) {
            if (owner != me || finished) {
                return owner == me;
            }
            finished = true;
        }
        onFinished.accept(this);
        return true;
    }

    /** Prepares the job's calls once per chunk; bad args fail every input, without retries. */
    private boolean prepare(Thread me) {
        synchronized (this) {
            if (owner != me) {
                return false;
            }
            if (handle != null || next >= size) {
                return true;
            }
        }
        Object made = null;
        String failure = null;
        try {
            made = prepared.get(function, assign.task().function().args(), assign.task().jobId());
        } catch (IllegalArgumentException e) {
            failure = e.getMessage() == null ? describe(e) : e.getMessage();
        } catch (Throwable e) {
            failure = describe(e);
        }
        synchronized (this) {
            if (owner != me) {
                return false;
            }
            if (failure != null) {
                failRest(failure);
            } else {
                handle = made;
            }
            return true;
        }
    }

    private Object input(int index) {
        if (inputs instanceof Numbers column) {
            return column.bigAt(index);
        }
        return ((Blobs) inputs).bytesAt(index);
    }

    /** Bytes {@code result} adds to the chunk's encoded results. */
    private long sizeOf(Object result) {
        if (numbers != null) {
            BigInteger big = (BigInteger) result;
            return NumbersBuilder.fitsInLong(big) ? 0 : 8 + big.bitLength() / 8 + 1;
        }
        return ((byte[]) result).length;
    }

    /** Under the lock: keeps a result (in a new part when the current one is full), or fails a result too large for any part. */
    private void store(int index, Object result, long bytes) {
        long cost = slotBytes + bytes;
        if (PART_BASE + cost > maxResultBytes) {
            addError(index, "result of " + bytes + " bytes exceeds the frame limit of " + maxResultBytes + " bytes");
        } else {
            makeRoom(index, cost);
            partBytes += cost;
            if (numbers != null) {
                BigInteger big = (BigInteger) result;
                if (NumbersBuilder.fitsInLong(big)) {
                    numbers.setLong(index, big.longValue());
                } else {
                    numbers.setBig(index, big);
                }
            } else {
                blobs.set(index, (byte[]) result);
            }
        }
        next = index + 1;
        attempt = 1;
    }

    /**
     * Under the lock: when {@code cost} more bytes for input {@code index} would make the current
     * part larger than {@code maxResultBytes}, sends the part so far and starts the next at {@code index}.
     */
    private void makeRoom(int index, long cost) {
        if (partBytes + cost > maxResultBytes && index > partFrom) {
            Column results = numbers != null ? numbers.build().slice(partFrom, index) : blobs.build(partFrom, index);
            parts.send(this, partFrom, results, List.copyOf(errors));
            errors.clear();
            partFrom = index;
            partBytes = PART_BASE;
            partsSent++;
        }
    }

    /** Under the lock: one more failed attempt at input {@code index}; retried while attempts remain. */
    private void failAttempt(int index, String reason) {
        failureCount++;
        if (failures.size() < LOGGED_FAILURES) {
            failures.add(new AttemptFailure(index, attempt, reason));
        }
        if (attempt < maxAttempts) {
            attempt++;
        } else {
            addError(index, reason);
            next = index + 1;
            attempt = 1;
        }
    }

    /** Under the lock: every input from the next on fails with {@code reason}. */
    private void failRest(String reason) {
        for (int i = next; i < size; i++) {
            addError(i, reason);
        }
        next = size;
    }

    /** Under the lock: input {@code index} failed; its message travels in the current part, or in a new one. */
    private void addError(int index, String reason) {
        String message = reason.length() > MAX_MESSAGE ? reason.substring(0, MAX_MESSAGE) + "..." : reason;
        long cost = slotBytes + 8 + 3L * message.length();
        makeRoom(index, cost);
        errors.add(new TaskError(index, message));
        failedInputs++;
        partBytes += cost;
    }

    /**
     * The watchdog's look at the chunk at {@code now} (System.nanoTime): an input past its timeout
     * is interrupted (its cancelled flag set too); one still running a grace second later is taken
     * from its thread and counted as a failed attempt, and the caller hands the chunk to a fresh
     * runner ({@link Check#ABANDONED}).
     */
    synchronized Check check(long now) {
        if (finished || !running || timeoutNanos <= 0 || owner == null) {
            return Check.NONE;
        }
        if (!timedOut) {
            if (now - startedAt < timeoutNanos) {
                return Check.NONE;
            }
            timedOut = true;
            interruptedAt = now;
            cancelled.set(true);
            owner.interrupt();
            return Check.INTERRUPTED;
        }
        if (now - interruptedAt < GRACE_NANOS) {
            return Check.NONE;
        }
        owner = null;
        running = false;
        computeNanos += now - startedAt;
        failAttempt(next, timeoutMessage);
        return Check.ABANDONED;
    }

    /** Whether some input may time out, so that the watchdog has something to watch. */
    boolean watched() {
        return timeoutNanos > 0;
    }

    /** The input being computed now, or -1. */
    synchronized int current() {
        return running ? next : -1;
    }

    /** The results of the last part: the inputs from {@link #partFrom()} on (all of them when no part was sent). */
    synchronized Column results() {
        if (numbers != null) {
            Numbers all = numbers.build();
            return partFrom == 0 ? all : all.slice(partFrom, size);
        }
        return blobs.build(partFrom, size);
    }

    /** The errors of the last part, their indices relative to the chunk. */
    synchronized List<TaskError> errors() {
        return List.copyOf(errors);
    }

    /** The first input of the current (once finished: the last) part. */
    synchronized int partFrom() {
        return partFrom;
    }

    /** Parts sent before the last. */
    synchronized int partsSent() {
        return partsSent;
    }

    synchronized List<AttemptFailure> failures() {
        return List.copyOf(failures);
    }

    /** Inputs of the chunk that failed after their retries, whichever part carried them. */
    synchronized int failedInputs() {
        return failedInputs;
    }

    synchronized int failureCount() {
        return failureCount;
    }

    synchronized long computeNanos() {
        return computeNanos;
    }

    /** Input {@code index} for a log line: the integer, or the start of a text, JSON or byte input. */
    String describeInput(int index) {
        if (inputs instanceof Numbers column) {
            return column.bigAt(index).toString();
        }
        Blobs column = (Blobs) inputs;
        if (function.input() == PayloadType.BYTES) {
            return "#" + index + " (" + column.length(index) + " bytes)";
        }
        String text = column.utf8At(index);
        return "#" + index + " " + (text.length() > 40 ? text.substring(0, 40) + "..." : text);
    }

    /** {@code SimpleName: message}, as a task error reads. */
    static String describe(Throwable e) {
        return e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
    }
}
