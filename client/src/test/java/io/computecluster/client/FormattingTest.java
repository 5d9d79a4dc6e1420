package io.computecluster.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.computecluster.api.JobState;
import io.computecluster.api.JobStatus;
import io.computecluster.common.input.IntegerRange;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class FormattingTest {

    private static JobStatus status(JobState state, long total, long completed, long failed,
                                    List<JobStatus.InputError> errors, Map<String, Long> nodes) {
        return new JobStatus("j-3f2a", "square", "range 1.." + total, state, total, completed, failed, 1000, "2025-01-01T00:00:00Z",
                null, 800, 0, errors, nodes, "built-in", null);
    }

    @Test
    void plainProgressPrintsEveryTwoSeconds() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        AtomicLong now = new AtomicLong();
        PlainProgress progress = new PlainProgress("j-1a2b",
                new PrintStream(bytes, true, StandardCharsets.UTF_8), now::get);

        progress.update(status(JobState.RUNNING, 1_000_000, 100_000, 0, List.of(), Map.of()));
        now.addAndGet(TimeUnit.SECONDS.toNanos(1));
        progress.update(status(JobState.RUNNING, 1_000_000, 200_000, 0, List.of(), Map.of()));
        assertEquals("", bytes.toString(StandardCharsets.UTF_8), "nothing before two seconds");

        now.addAndGet(TimeUnit.SECONDS.toNanos(1));
        progress.update(status(JobState.RUNNING, 1_000_000, 400_000, 0, List.of(), Map.of()));
        assertEquals("job j-1a2b: 400000/1000000 (40%) 200.0k tasks/s\n", bytes.toString(StandardCharsets.UTF_8));

        now.addAndGet(TimeUnit.SECONDS.toNanos(2));
        progress.update(status(JobState.RUNNING, 1_000_000, 2_800_000 / 4, 0, List.of(), Map.of()));
        assertTrue(bytes.toString(StandardCharsets.UTF_8).endsWith("job j-1a2b: 700000/1000000 (70%) 150.0k tasks/s\n"));
    }

    @Test
    void aWaitingJobIsToldAtOnceAndAgainOnlyWhenTheReasonChanges() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        AtomicLong now = new AtomicLong();
        PlainProgress progress = new PlainProgress("j-1a2b",
                new PrintStream(bytes, true, StandardCharsets.UTF_8), now::get);
        String why = "no live worker offers sha256@1.0.0: the job runs when one joins";
        JobStatus queued = new JobStatus("j-1a2b", "sha256", "3 inputs", JobState.QUEUED, 3, 0, 0, 1, null, null, 0,
                0, List.of(), Map.of(), "1.0.0", why);

        progress.update(queued);
        progress.update(queued);
        assertEquals("job j-1a2b: 0/3 (0%) 0 tasks/s (queued; waiting: " + why + ")\n",
                bytes.toString(StandardCharsets.UTF_8));
        now.addAndGet(TimeUnit.SECONDS.toNanos(2));
        progress.update(queued);
        assertEquals(2, bytes.toString(StandardCharsets.UTF_8).lines().count(), "and every two seconds as before");
        assertEquals("waiting: " + why, TerminalProgress.extra(queued));
        assertEquals("", TerminalProgress.extra(status(JobState.RUNNING, 3, 1, 0, List.of(), Map.of())));
    }

    @Test
    void compactRates() {
        assertEquals("950", Formats.compactRate(950));
        assertEquals("81.2k", Formats.compactRate(81_234));
        assertEquals("1.2M", Formats.compactRate(1_234_567));
    }

    @Test
    void failureMessageNamesTheFirstFailedInputs() {
        List<JobStatus.InputError> errors = List.of(new JobStatus.InputError("7", "boom"),
                new JobStatus.InputError("8", "bang"), new JobStatus.InputError("9", "crash"),
                new JobStatus.InputError("10", "again"));
        assertEquals("job j-3f2a FAILED: 1,200 of 5,000 inputs failed: 7: boom; 8: bang; 9: crash; and 1,197 more",
                JobOutcome.failed(status(JobState.FAILED, 5000, 3800, 1200, errors, Map.of())));
    }

    @Test
    void demoSummaryLooksAsDocumented() {
        IntegerRange range = new IntegerRange(BigInteger.ONE, BigInteger.valueOf(100_000));
        JobStatus status = status(JobState.SUCCEEDED, 100_000, 100_000, 0, List.of(),
                Map.of("127.0.0.1:41235", 49_000L, "127.0.0.1:41234", 51_000L));
        ResultVerifier.Verification verification =
                new ResultVerifier.Verification(100_000, 100_000, new BigInteger("333338333350000"), 0, List.of());
        String nl = System.lineSeparator();
        assertEquals("Demo job j-3f2a: square over 1..100000" + nl
                + "  inputs        100,000" + nl
                + "  results       100,000 (all exact, in order)" + nl
                + "  checksum      333,338,333,350,000 (sum of results)" + nl
                + "  wall time     0.84 s (submit to last result)" + nl
                + "  throughput    125,000 tasks/s (job time 0.80 s)" + nl
                + "  worker nodes  127.0.0.1:41234  51,000" + nl
                + "                127.0.0.1:41235  49,000" + nl,
                DemoSummary.format("square", range, status, verification, 840));
    }
}
