package io.computecluster.client;

import io.computecluster.api.JobStatus;
import java.io.PrintStream;
import java.text.DecimalFormat;
import java.time.temporal.ChronoUnit;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/** Progress on a terminal: a live bar with rate and ETA, redrawn in place on stderr. */
final class TerminalProgress implements Progress {
    private final String jobId;
    private final PrintStream err;
    private ProgressBar bar;

    TerminalProgress(String jobId, PrintStream err) {
        this.jobId = jobId;
        this.err = err;
    }

    @Override
    public void update(JobStatus status) {
        if (bar == null) {
            // Built on the first status, which brings the total.
            bar = new ProgressBarBuilder()
                    .setTaskName("job " + jobId)
                    .setInitialMax(Math.max(1, status.total()))
                    .setStyle(ProgressBarStyle.COLORFUL_UNICODE_BLOCK)
                    .setConsumer(new ConsoleProgressBarConsumer(err))
                    .setUpdateIntervalMillis(100)
                    .showSpeed(new DecimalFormat("#,##0"))
                    .setSpeedUnit(ChronoUnit.SECONDS)
                    .build();
        }
        bar.stepTo(status.done());
        bar.setExtraMessage(extra(status));
    }

    /** Failures, and why a job that does not move is held up. */
    static String extra(JobStatus status) {
        String failed = status.failed() > 0 ? status.failed() + " failed" : "";
        if (status.waitingFor() == null || status.state().isFinal()) {
            return failed;
        }
        return (failed.isEmpty() ? "" : failed + "; ") + "waiting: " + status.waitingFor();
    }

    @Override
    public void close() {
        if (bar != null) {
            bar.close();
        }
    }
}
