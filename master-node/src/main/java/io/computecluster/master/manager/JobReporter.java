package io.computecluster.master.manager;

import io.computecluster.master.dispatch.ChunkKey;
import io.computecluster.master.dispatch.WorkerPool;
import io.computecluster.master.job.Job;
import io.computecluster.master.job.JobSpec;
import io.computecluster.master.job.JobState;
import io.computecluster.master.job.JobStatus;
import io.computecluster.master.metrics.MasterMetrics;
import io.computecluster.master.metrics.ThroughputMeter;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.event.Level;
import org.slf4j.spi.LoggingEventBuilder;

/**
 * What the job manager tells people: a log line when a job is submitted, ends, is cancelled or
 * deleted, has chunks handed to other workers, and every {@code progress-log-interval} while it
 * runs; the master's metrics; and the throughput per worker node for the status page.
 */
final class JobReporter {
    /** Ten minutes of one-second samples for the status page's chart. */
    private static final int THROUGHPUT_HISTORY = 600;

    private final Logger log;
    private final MasterMetrics metrics;
    private final ThroughputMeter throughput = new ThroughputMeter(THROUGHPUT_HISTORY);
    private final Duration progressLogInterval;
    private Instant lastProgressLog = Instant.now();

    JobReporter(Logger log, MasterMetrics metrics, Duration progressLogInterval) {
        this.log = log;
        this.metrics = metrics;
        this.progressLogInterval = progressLogInterval;
    }

    ThroughputMeter throughput() {
        return throughput;
    }

    void submitted(Job job, int workerActors) {
        JobSpec spec = job.spec();
        jobLog(Level.INFO, job.id()).log("Job {} submitted: {} over {} ({} inputs, {} chunks of {}), {} worker actors",
                job.id(), spec.function(), spec.inputs().describe(), spec.inputs().total(), job.chunkCount(),
                spec.chunkSize(), workerActors);
        metrics.jobSubmitted();
    }

    void refused(String why) {
        log.info("Job refused: {}", why);
    }

    /** A chunk's results accepted from worker node {@code node}; {@code sentAt} null if unknown. */
    void chunkDone(String node, int results, int failed, Instant sentAt, long computeNanos) {
        throughput.recorded(node, results);
        metrics.chunkDone(node, results - failed, failed,
                sentAt == null ? null : Duration.between(sentAt, Instant.now()), computeNanos);
    }

    void chunkDispatched() {
        metrics.chunkDispatched();
    }

    void nodeRemoved(String node) {
        throughput.forget(node);
    }

    void ended(Job job) {
        JobStatus status = job.status(Instant.now());
        if (job.state() == JobState.SUCCEEDED) {
            jobLog(Level.INFO, job.id()).log("Job {} SUCCEEDED: {} inputs in {} ms ({} tasks/s), by worker node: {}",
                    job.id(), status.total(), status.elapsedMillis(), status.tasksPerSecond(), status.workerNodes());
        } else {
            jobLog(Level.WARN, job.id()).log("Job {} FAILED: {} of {} inputs failed (first: {}), {} ms",
                    job.id(), status.failed(), status.total(),
                    status.errors().isEmpty() ? "-" : status.errors().get(0), status.elapsedMillis());
        }
        metrics.jobEnded(Duration.ofMillis(status.elapsedMillis()));
    }

    void cancelled(Job job) {
        jobLog(Level.INFO, job.id()).log("Job {} CANCELLED after {} of {} inputs", job.id(), job.completed(),
                job.spec().inputs().total());
    }

    void deleted(String jobId) {
        jobLog(Level.INFO, jobId).log("Job {} deleted", jobId);
    }

    void notErased(String jobId, Throwable failure) {
        jobLog(Level.WARN, jobId).log("Job {} is forgotten, but its events could not be erased from the"
                + " job store ({}): it is back after a restart", jobId, failure.getMessage());
    }

    /**
     * One INFO line per job whose chunks go to other workers, with the fields {@code jobId},
     * {@code chunkIds} (sorted) and {@code reason}; one DEBUG line per chunk with {@code chunkId}.
     */
    void handedOut(Collection<ChunkKey> chunks, String reason) {
        metrics.redelivered(reason, chunks.size());
        Map<String, List<Integer>> byJob = new TreeMap<>();
        chunks.forEach(chunk -> byJob.computeIfAbsent(chunk.jobId(), id -> new ArrayList<>()).add(chunk.chunk()));
        byJob.forEach((jobId, ids) -> {
            ids.sort(null);
            jobLog(Level.INFO, jobId).addKeyValue("chunkIds", ids).addKeyValue("reason", reason)
                    .log("Job {}: {} chunks handed to other workers ({}): {}", jobId, ids.size(), reason,
                            ranges(ids));
            if (log.isDebugEnabled()) {
                ids.forEach(id -> jobLog(Level.DEBUG, jobId).addKeyValue("chunkId", id).addKeyValue("reason", reason)
                        .log("Job {} chunk {} handed to another worker ({})", jobId, id, reason));
            }
        });
    }

    /** Once a second: a throughput sample, the gauges, and the progress of running jobs when due. */
    void tick(Instant now, Collection<Job> jobs, WorkerPool pool) {
        throughput.sample(now);
        Map<String, Long> nodeRates = new HashMap<>();
        pool.nodes().keySet().forEach(node -> nodeRates.put(node, throughput.tasksPerSecond(node)));
        Map<JobState, Long> states = new EnumMap<>(JobState.class);
        jobs.forEach(job -> states.merge(job.state(), 1L, Long::sum));
        metrics.update(pool.inFlight(), pool.size(), nodeRates, throughput.tasksPerSecond(), states);
        if (Duration.between(lastProgressLog, now).compareTo(progressLogInterval) < 0) {
            return;
        }
        lastProgressLog = now;
        for (Job job : jobs) {
            if (job.state() == JobState.RUNNING) {
                JobStatus status = job.status(now);
                jobLog(Level.INFO, job.id()).log("Job {} progress: {}/{} inputs ({}%), {} tasks/s, {} chunks in flight",
                        job.id(), status.completed() + status.failed(), status.total(),
                        (status.completed() + status.failed()) * 100 / Math.max(1, status.total()),
                        status.tasksPerSecond(), pool.inFlight());
            }
        }
    }

    /** Sorted chunk ids as ranges, for a log line: {@code 3, 7-9, 12}. */
    static String ranges(List<Integer> sorted) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < sorted.size(); ) {
            int j = i;
            while (j + 1 < sorted.size() && sorted.get(j + 1) == sorted.get(j) + 1) {
                j++;
            }
            out.append(out.isEmpty() ? "" : ", ").append(sorted.get(i));
            if (j > i) {
                out.append('-').append(sorted.get(j));
            }
            i = j + 1;
        }
        return out.toString();
    }

    /** A log line about one job: the job id also goes in a field of its own (COMPUTE_LOG_FORMAT=json). */
    private LoggingEventBuilder jobLog(Level level, String jobId) {
        return log.atLevel(level).addKeyValue("jobId", jobId);
    }
}
