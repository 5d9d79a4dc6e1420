package io.computecluster.compute.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Results that break off mid-stream are taken up again on the next master, every line once. */
@Timeout(value = 30, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class ResumableDownloadTest {
    private static final String RESULTS = IntStream.rangeClosed(1, 2000)
            .mapToObj(i -> i + "\t" + (long) i * i + "\n").collect(Collectors.joining());

    private final ByteArrayOutputStream notices = new ByteArrayOutputStream();
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    @Test
    void aStreamBrokenMidLineGoesOnWithTheNextMasterAndWritesEveryLineOnce() throws Exception {
        int midLine = RESULTS.indexOf("1500\t") + 3;
        try (FakeMaster first = new FakeMaster().results(RESULTS).breakResultsAfter(midLine);
             FakeMaster second = new FakeMaster().results(RESULTS)) {
            long lines = download(Duration.ofSeconds(5), first, second);

            assertEquals(RESULTS, written());
            assertEquals(2000, lines);
            assertEquals(1, first.resultRequests.get());
            assertEquals(1, second.resultRequests.get());
            List<String> told = notices();
            assertEquals(1, told.size(), told.toString());
            assertTrue(told.get(0).startsWith("master " + first.api() + " stopped answering ("), told.get(0));
            assertTrue(told.get(0).endsWith("); going on with " + second.api()), told.get(0));
        }
    }

    @Test
    void aBreakRightAfterANewlineLosesNoLine() throws Exception {
        int afterLine = RESULTS.indexOf("700\t");
        try (FakeMaster first = new FakeMaster().results(RESULTS).breakResultsAfter(afterLine);
             FakeMaster second = new FakeMaster().results(RESULTS)) {
            download(Duration.ofSeconds(5), first, second);
            assertEquals(RESULTS, written());
        }
    }

    @Test
    void aLoneMasterThatBreaksOffLeavesOnlyCompleteLinesBehind() throws Exception {
        int midLine = RESULTS.indexOf("10\t100\n") + 4;
        try (FakeMaster only = new FakeMaster().results(RESULTS).breakResultsAfter(midLine)) {
            MasterUnreachableException e = assertThrows(MasterUnreachableException.class,
                    () -> download(Duration.ZERO, only));

            assertEquals(only.api(), e.api());
            assertEquals(RESULTS.substring(0, RESULTS.indexOf("10\t")), written());
            assertEquals("", notices.toString(StandardCharsets.UTF_8), "no one to switch to, nothing to tell");
        }
    }

    @Test
    void theNextMasterIsAskedOnlyForTheLinesNotYetWritten() throws Exception {
        int midLine = RESULTS.indexOf("1500\t") + 3;
        try (FakeMaster first = new FakeMaster().results(RESULTS).breakResultsAfter(midLine);
             FakeMaster second = new FakeMaster().results(RESULTS)) {
            download(Duration.ofSeconds(5), first, second);

            assertEquals(RESULTS, written());
            assertNull(first.receivedResultsQuery);
            assertEquals("from=1499", second.receivedResultsQuery);
        }
    }

    @Test
    void mastersThatAllBreakAtTheSamePlaceAreGivenUpAfterThePatience() throws Exception {
        int midLine = RESULTS.indexOf("20\t") + 1;
        try (FakeMaster first = new FakeMaster().results(RESULTS).breakResultsAfter(midLine);
             FakeMaster second = new FakeMaster().results(RESULTS).breakResultsAfter(midLine)) {
            long start = System.nanoTime();
            MasterUnreachableException e = assertThrows(MasterUnreachableException.class,
                    () -> download(Duration.ofSeconds(1), first, second));
            long millis = Duration.ofNanos(System.nanoTime() - start).toMillis();

            assertTrue(millis >= 1000 && millis < 5000, millis + " ms");
            assertTrue(e.getMessage().startsWith("master unreachable at " + first.api() + ": "), e.getMessage());
            assertTrue(e.getMessage().contains("; at " + second.api() + ": "), e.getMessage());
            assertTrue(e.getMessage().endsWith(" (kept trying for 1 s)"), e.getMessage());
            assertEquals(RESULTS.substring(0, RESULTS.indexOf("20\t")), written());
            // Pauses between rounds, not a busy loop: a few rounds in one second.
            int requests = first.resultRequests.get() + second.resultRequests.get();
            assertTrue(requests >= 4 && requests <= 16, requests + " requests");
            assertEquals(2, notices().size(), "later rounds stay quiet: " + notices());
        }
    }

    @Test
    void aLineLongerThanTheBufferAndALastLineWithoutNewlineComeWhole() throws Exception {
        String results = "1\t" + "7".repeat(200_000) + "\n2\t4\n3\t9";
        try (FakeMaster first = new FakeMaster().results(results).breakResultsAfter(150_000);
             FakeMaster second = new FakeMaster().results(results)) {
            assertEquals(3, download(Duration.ofSeconds(5), first, second), "the last line counts too");
            assertEquals(results, written());
        }
    }

    private long download(Duration patience, FakeMaster... masters) throws Exception {
        List<ApiClient> clients = Arrays.stream(masters).map(m -> new ApiClient(m.api())).toList();
        PrintStream told = new PrintStream(notices, true, StandardCharsets.UTF_8);
        return new ResumableDownload(new MasterFailover(clients, patience, told::println), FakeMaster.JOB_ID).copyTo(out);
    }

    private String written() {
        return out.toString(StandardCharsets.UTF_8);
    }

    private List<String> notices() {
        return notices.toString(StandardCharsets.UTF_8).lines().toList();
    }
}
