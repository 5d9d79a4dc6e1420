package io.computecluster.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.computecluster.compute.http.FakeMaster;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** {@code bin/submit --api A,B}: a master that stops answering is replaced without losing the job. */
@Timeout(value = 30, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class SubmitFailoverTest {
    private static final String RESULTS = IntStream.rangeClosed(1, 1000)
            .mapToObj(i -> i + "\t" + (long) i * i + "\n").collect(Collectors.joining());
    private static final String SUMMARY_START = "job " + FakeMaster.JOB_ID + " SUCCEEDED: ";

    @Test
    void aFirstAddressThatRefusesConnectionsIsPassedOverWithOneLine() throws Exception {
        URI dead = FakeMaster.nobodyListening();
        try (FakeMaster live = new FakeMaster()) {
            live.status("SUCCEEDED", 2, 2, 0, "").results("1\t1\n2\t4\n");
            Captured run = new Captured();
            int code = run.submit("--api", dead + "," + live.api(), "--range", "1..2", "--no-progress");

            assertEquals(ExitCode.OK, code, run.err());
            assertEquals("1\t1\n2\t4\n", run.out());
            List<String> err = run.err().lines().toList();
            assertEquals(2, err.size(), run.err());
            assertEquals("master " + dead + " stopped answering (connection refused); going on with " + live.api(),
                    err.get(0));
            assertTrue(err.get(1).startsWith(SUMMARY_START), err.get(1));
            assertEquals(1, live.submits.get());
        }
    }

    @Test
    void resultsThatBreakOffMidLineResumeOnTheNextMasterIntoTheFileEveryLineOnce(@TempDir Path dir)
            throws Exception {
        Path out = dir.resolve("results.tsv");
        try (FakeMaster first = new FakeMaster(); FakeMaster second = new FakeMaster()) {
            first.status("SUCCEEDED", 1000, 1000, 0, "").results(RESULTS)
                    .breakResultsAfter(RESULTS.indexOf("613\t") + 5);
            second.status("SUCCEEDED", 1000, 1000, 0, "").results(RESULTS);
            Captured run = new Captured();
            int code = run.submit("--api", first.api() + "," + second.api(), "--range", "1..1000",
                    "--out", out.toString(), "--no-progress");

            assertEquals(ExitCode.OK, code, run.err());
            assertEquals(RESULTS, Files.readString(out));
            assertEquals(1, first.submits.get());
            assertEquals(0, second.submits.get(), "the job is not submitted again");
            List<String> err = run.err().lines().toList();
            assertEquals(2, err.size(), run.err());
            assertTrue(err.get(0).startsWith("master " + first.api() + " stopped answering ("), err.get(0));
            assertTrue(err.get(0).endsWith("); going on with " + second.api()), err.get(0));
            assertTrue(err.get(1).startsWith(SUMMARY_START + "1,000 results") && err.get(1).endsWith("-> " + out),
                    err.get(1));
        }
    }

    @Test
    void resultsThatBreakOffResumeOnStdoutToo() throws Exception {
        try (FakeMaster first = new FakeMaster(); FakeMaster second = new FakeMaster()) {
            first.status("SUCCEEDED", 1000, 1000, 0, "").results(RESULTS).breakResultsAfter(RESULTS.length() / 3);
            second.status("SUCCEEDED", 1000, 1000, 0, "").results(RESULTS);
            Captured run = new Captured();
            int code = run.submit("--api", first.api() + "," + second.api(), "--range", "1..1000", "--no-progress");

            assertEquals(ExitCode.OK, code, run.err());
            assertEquals(RESULTS, run.out());
        }
    }

    @Test
    void waitingGoesOnWithTheNextMasterAndTheSameJobWhenOneAnswers503() throws Exception {
        try (FakeMaster first = new FakeMaster(); FakeMaster second = new FakeMaster()) {
            first.status("RUNNING", 2, 1, 0, "").statusUnavailable();
            second.status("SUCCEEDED", 2, 2, 0, "").results("1\t1\n2\t4\n");
            Captured run = new Captured();
            int code = run.submit("--api", first.api() + "," + second.api(), "--range", "1..2", "--no-progress");

            assertEquals(ExitCode.OK, code, run.err());
            assertEquals("1\t1\n2\t4\n", run.out());
            assertEquals(1, first.submits.get());
            assertEquals(0, second.submits.get(), "the job is not submitted again");
            assertEquals(1, second.statusPolls.get());
            assertEquals("master " + first.api() + " stopped answering (the job manager did not answer in time"
                    + " (HTTP 503)); going on with " + second.api(), run.err().lines().findFirst().orElseThrow());
        }
    }

    @Test
    void aMasterAnswering503ForAWhileIsWaitedForWhileTheOtherIsDown() throws Exception {
        URI dead = FakeMaster.nobodyListening();
        try (FakeMaster moving = new FakeMaster()) {
            moving.status("RUNNING", 2, 0, 0, "").statusUnavailable().statusUnavailable().statusUnavailable()
                    .status("SUCCEEDED", 2, 2, 0, "").results("1\t1\n2\t4\n");
            Captured run = new Captured();
            int code = run.submit("--api", moving.api() + "," + dead, "--range", "1..2", "--no-progress");

            assertEquals(ExitCode.OK, code, run.err());
            assertEquals("1\t1\n2\t4\n", run.out());
            assertEquals(1, moving.submits.get());
            List<String> err = run.err().lines().toList();
            assertEquals(List.of(
                    "master " + moving.api() + " stopped answering (the job manager did not answer in time (HTTP 503));"
                            + " going on with " + dead,
                    "master " + dead + " stopped answering (connection refused); going on with " + moving.api(),
                    "master " + moving.api() + " answers; going on with it"), err.subList(0, 3));
            assertTrue(err.get(3).startsWith(SUMMARY_START), run.err());
        }
    }

    @Test
    void aSubmitAnswered503IsPostedToTheNextMaster() throws Exception {
        try (FakeMaster first = new FakeMaster(); FakeMaster second = new FakeMaster()) {
            first.rejectSubmit(503, "{\"error\":\"the active master is moving\"}");
            second.status("SUCCEEDED", 1, 1, 0, "").results("3\t9\n");
            Captured run = new Captured();
            int code = run.submit("--api", first.api() + "," + second.api(), "--range", "3..3", "--no-progress");

            assertEquals(ExitCode.OK, code, run.err());
            assertEquals(1, first.submits.get());
            assertEquals(1, second.submits.get());
            assertNotNull(first.receivedIdempotencyKey);
            assertEquals(first.receivedIdempotencyKey, second.receivedIdempotencyKey,
                    "the second attempt is the same submit: a master that took the first answers with its job");
            assertTrue(run.err().startsWith("master " + first.api() + " stopped answering (the active master is moving"
                    + " (HTTP 503)); going on with " + second.api()), run.err());
        }
    }

    @Test
    void aSubmitTheMasterRejectsIsNotPostedAgain() throws Exception {
        try (FakeMaster first = new FakeMaster(); FakeMaster second = new FakeMaster()) {
            first.rejectSubmit(400, "{\"error\":\"chunkSize: expected 1 to 1000000, got 2000000\"}");
            Captured run = new Captured();
            int code = run.submit("--api", first.api() + "," + second.api(), "--range", "1..2", "--chunk", "2000000");

            assertEquals(ExitCode.USAGE, code);
            assertEquals("error: chunkSize: expected 1 to 1000000, got 2000000", run.err().strip());
            assertEquals(0, second.submits.get());
        }
    }

    @Test
    void noMasterAnsweringEndsWithOneErrorNamingEveryAddress(@TempDir Path dir) throws Exception {
        URI first = FakeMaster.nobodyListening();
        URI second = FakeMaster.nobodyListening();
        Path out = dir.resolve("r.tsv");
        Captured run = new Captured();
        long start = System.nanoTime();
        int code = run.submit("--api", first + "," + second, "--failover-timeout", "1", "--range", "1..10",
                "--out", out.toString(), "--no-progress");
        long millis = (System.nanoTime() - start) / 1_000_000;

        assertEquals(ExitCode.UNREACHABLE, code, run.err());
        List<String> err = run.err().lines().toList();
        assertEquals(3, err.size(), "one line per address, then quiet rounds, then the error: " + run.err());
        assertEquals("error: master unreachable at " + first + ": connection refused; at " + second
                + ": connection refused (kept trying for 1 s)", err.get(2));
        assertTrue(millis >= 1000 && millis < 5000, millis + " ms");
        assertFalse(Files.exists(out));
    }

    @Test
    void aRefusedTokenNamesTheMasterThatRefusedIt(@TempDir Path dir) throws Exception {
        URI dead = FakeMaster.nobodyListening();
        Path token = Files.writeString(dir.resolve("token"), "wrong\n");
        try (FakeMaster guarded = new FakeMaster().requireToken("s3cret")) {
            String api = dead + "," + guarded.api();
            Captured withToken = new Captured();
            assertEquals(ExitCode.USAGE, withToken.submit("--api", api, "--range", "1..2", "--token-file",
                    token.toString(), "--no-progress"), withToken.err());
            assertEquals("error: the master at " + guarded.api() + " refused the token in " + token
                    + ": the API token is not valid (HTTP 401)", last(withToken.err()));

            Captured without = new Captured();
            assertEquals(ExitCode.USAGE, without.submit("--api", api, "--range", "1..2", "--no-progress"));
            assertTrue(last(without.err()).contains("; give the API token of " + guarded.api() + " with --token-file"),
                    without.err());
        }
    }

    private static String last(String text) {
        List<String> lines = text.lines().toList();
        return lines.get(lines.size() - 1);
    }
}
