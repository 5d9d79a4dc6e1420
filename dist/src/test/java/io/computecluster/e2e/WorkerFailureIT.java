package io.computecluster.e2e;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.computecluster.common.testkit.SquareLines;
import io.computecluster.common.testkit.TestJson;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * A master and three worker JVMs started with bin/master and bin/worker; during a job run through
 * bin/submit one worker is stopped with SIGTERM and another killed with SIGKILL. The result file
 * still has every input exactly once, in order, with its exact square.
 */
class WorkerFailureIT {
    private static final int INPUTS = 4_000_000;
    private static final Pattern JOB_SUBMITTED = Pattern.compile(" - Job j-\\w+ submitted: ");
    private static final Pattern JOB_PROGRESS_OR_SUCCESS = Pattern.compile(" - Job j-\\w+ (progress|SUCCEEDED): ");

    @Test
    void jobSurvivesAWorkerStoppedAndAWorkerKilledMidJob() throws Exception {
        try (Installation installation = new Installation("worker-failure")) {
            Installation.StartedMaster master = installation.startMaster();
            String seed = master.seed();
            String api = master.api();
            Process stopped = installation.start("worker-stopped", "worker", "--seed", seed, "--workers", "1");
            Process killed = installation.start("worker-killed", "worker", "--seed", seed, "--workers", "1");
            installation.start("worker-survivor", "worker", "--seed", seed, "--workers", "1");
            installation.awaitBody(api + "/cluster", "\"workerActors\":3", Duration.ofMinutes(2));

            Path out = installation.workDir().resolve("results.tsv");
            Process submit = installation.start("submit", "submit", "--api", api, "--range", "1.." + INPUTS,
                    "--chunk", "200", "--out", out.toString(), "--no-progress");
            awaitCompleted(installation, api, INPUTS / 20);

            stopped.destroy();
            killed.destroyForcibly();
            assertTrue(stopped.waitFor(30, TimeUnit.SECONDS), "SIGTERM stops the worker");
            assertEquals(0, stopped.exitValue(), "a stopped worker exits 0: " + installation.outputOf("worker-stopped"));
            assertTrue(submit.waitFor(3, TimeUnit.MINUTES), "the job ends");

            assertEquals(0, submit.exitValue(), installation.outputOf("submit"));
            assertEveryInputSquaredOnceInOrder(out);
            String masterLog = installation.outputOf("master");
            assertTrue(masterLog.contains("Worker node unreachable"), "the master noticed the killed worker");
            assertTrue(masterLog.contains("Worker leaving"), "the stopped worker said goodbye");
            masterLogTellsWhatHappened().awaitIn(installation.logFile("master"), Duration.ofSeconds(30));
        }
    }

    /** The master's log file, in the plain format: the cluster's changes and the job's life. */
    private static LogExpectations masterLogTellsWhatHappened() {
        return new LogExpectations()
                .line("Job manager started on ")
                .line("Member up: ")
                .line("Worker registered: ")
                .line("a lost worker's chunks handed to other workers", line ->
                        (line.contains("Worker node unreachable: ") || line.contains("Worker lost: "))
                                && line.contains("handed to other workers"))
                .line("a worker node removed or downed", line ->
                        (line.contains("Member removed: ") || line.contains("Member downed: "))
                                && line.contains("roles=worker"))
                .line("the job submitted", line -> JOB_SUBMITTED.matcher(line).find())
                .line("the job's progress or success", line ->
                        JOB_PROGRESS_OR_SUCCESS.matcher(line).find());
    }

    private static void awaitCompleted(Installation installation, String api, long atLeast) {
        await().atMost(Duration.ofMinutes(1)).pollInterval(Duration.ofMillis(20)).until(() -> {
            var response = installation.get(api + "/jobs");
            if (response == null) {
                return false;
            }
            return TestJson.newestCompleted(response.body()) >= atLeast;
        });
    }

    private static void assertEveryInputSquaredOnceInOrder(Path out) throws IOException {
        SquareLines.assertSquares(out, BigInteger.ONE, INPUTS);
    }
}
