package io.computecluster.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.computecluster.compute.http.FakeMaster;
import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class StatusMainTest {
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2025-03-01T09:20:00Z"), ZoneOffset.UTC);
    /** The answer of a master with the per-worker figures, and a field this client does not know. */
    private static final String CLUSTER = "{\"self\":\"pekko://compute-cluster@127.0.0.1:25520\","
            + "\"leader\":\"pekko://compute-cluster@127.0.0.1:25520\",\"members\":["
            + "{\"address\":\"pekko://compute-cluster@127.0.0.1:25520\",\"host\":\"127.0.0.1\",\"port\":25520,"
            + "\"roles\":[\"master\"],\"status\":\"Up\",\"reachable\":true},"
            + "{\"address\":\"pekko://compute-cluster@127.0.0.1:40001\",\"host\":\"127.0.0.1\",\"port\":40001,"
            + "\"roles\":[\"worker\"],\"status\":\"Up\",\"reachable\":true}],"
            + "\"workerNodes\":1,\"workerActors\":2,\"chunksInFlight\":3,\"tasksPerSecond\":123456,"
            + "\"workers\":[{\"node\":\"127.0.0.1:40001\",\"actors\":2,\"chunksInFlight\":1,\"tasksDone\":500000,"
            + "\"tasksPerSecond\":60000}],\"somethingNew\":{\"a\":1}}";
    private static final String JOBS = "{\"jobs\":[{\"id\":\"j-00000000002b\",\"function\":\"square\","
            + "\"input\":\"range 1..1000000\",\"state\":\"RUNNING\",\"total\":1000000,\"completed\":250000,"
            + "\"failed\":0,\"chunkSize\":10000,\"submittedAt\":\"2025-03-01T09:19:58Z\",\"finishedAt\":null,"
            + "\"elapsedMillis\":2000,\"tasksPerSecond\":125000,\"errors\":[],\"workerNodes\":{}}]}";

    private static final String NL = System.lineSeparator();

    private final Captured captured = new Captured();

    @Test
    void printsTheThreeTablesOnceAndExitsZero() throws Exception {
        try (FakeMaster master = new FakeMaster().cluster(CLUSTER).jobList(JOBS)) {
            int exit = StatusMain.run(captured.outStream, captured.errStream, false, CLOCK, duration -> {
                throw new AssertionError("no pause without --watch");
            }, "--api", master.api().toString());

            assertEquals(0, exit, captured.err());
            String out = captured.out();
            assertTrue(out.startsWith("Members (2)"), out);
            assertTrue(out.contains("  pekko://compute-cluster@127.0.0.1:25520  master  Up      yes        *"), out);
            assertTrue(out.contains("Worker nodes (1 node, 2 worker actors, 3 chunks in flight, 123,456 tasks/s)"),
                    out);
            assertTrue(out.contains("  127.0.0.1:40001       2                 1     500,000   60,000"), out);
            assertTrue(out.contains("  j-00000000002b  RUNNING       25%  250,000/1,000,000       0  125,000   2.00 s"
                    + "  2025-03-01 09:19:58"), out);
            assertTrue(out.contains("Functions (3)" + NL
                    + "  FUNCTION  VERSION   INPUT -> OUTPUT     NODES" + NL
                    + "  square    built-in  integer -> integer  127.0.0.1:40001" + NL
                    + "  sha256    1.0.0     text -> text        127.0.0.1:40001" + NL
                    + "  echo      2.0.0     json -> json        none now" + NL + NL + "Jobs (1)"), out);
            assertEquals("", captured.err());
        }
    }

    @Test
    void aWaitingJobSaysWhyAndAMasterWithoutFunctionsHasNoSuchTable() throws Exception {
        String waiting = JOBS.replace("\"workerNodes\":{}", "\"workerNodes\":{},\"waitingFor\":\"no live worker"
                + " offers sha256@1.0.0: the job runs when one joins\"");
        try (FakeMaster master = new FakeMaster().cluster(CLUSTER).jobList(waiting).functions(null)) {
            int exit = StatusMain.run(captured.outStream, captured.errStream, false, CLOCK, duration -> { },
                    "--api", master.api().toString());

            assertEquals(0, exit, captured.err());
            String out = captured.out();
            assertTrue(out.contains("  2025-03-01 09:19:58  no live worker offers sha256@1.0.0: the job runs when one"
                    + " joins" + NL), out);
            assertFalse(out.contains("Functions"), out);
        }
    }

    @Test
    void figuresAnOlderMasterLeavesOutAreZero() throws Exception {
        String older = "{\"self\":\"x\",\"members\":[],\"workerNodes\":1,\"workerActors\":2,"
                + "\"workers\":[{\"node\":\"127.0.0.1:40001\",\"actors\":2}]}";
        try (FakeMaster master = new FakeMaster().cluster(older)) {
            int exit = StatusMain.run(captured.outStream, captured.errStream, false, CLOCK, duration -> { },
                    "--api", master.api().toString());

            assertEquals(0, exit, captured.err());
            assertTrue(captured.out().contains("  127.0.0.1:40001       2                 0           0        0"),
                    captured.out());
        }
    }

    @Test
    void aMasterThatRefusesTheTokenIsOneLineAndExitCodeTwo(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
            throws Exception {
        java.nio.file.Path token = java.nio.file.Files.writeString(dir.resolve("token"), "wrong");
        try (FakeMaster master = new FakeMaster().cluster(CLUSTER).jobList(JOBS).requireToken("right")) {
            int exit = StatusMain.run(captured.outStream, captured.errStream, false, CLOCK, duration -> { },
                    "--api", master.api().toString(), "--token-file", token.toString());
            assertEquals(2, exit, captured.err());
            assertEquals("", captured.out());
            assertEquals("error: the master refused the token in " + token + ": the API token is not valid (HTTP 401)",
                    captured.err().strip());
        }
    }

    @Test
    void theTokenLetsStatusIn(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
        java.nio.file.Path token = java.nio.file.Files.writeString(dir.resolve("token"), "right\n");
        try (FakeMaster master = new FakeMaster().cluster(CLUSTER).jobList(JOBS).requireToken("right")) {
            int exit = StatusMain.run(captured.outStream, captured.errStream, false, CLOCK, duration -> { },
                    "--api", master.api().toString(), "--token-file", token.toString());
            assertEquals(0, exit, captured.err());
            assertEquals("Bearer right", master.receivedAuthorization);
        }
    }

    @Test
    void anUnreachableMasterIsOneLineAndExitCodeFour() throws Exception {
        FakeMaster master = new FakeMaster();
        String api = master.api().toString();
        master.close();

        int exit = StatusMain.run(captured.outStream, captured.errStream, false, CLOCK, duration -> { },
                "--api", api, "--watch", "1");

        assertEquals(4, exit);
        assertEquals("", captured.out());
        assertTrue(captured.err().startsWith("error: master unreachable at " + api), captured.err());
        assertEquals(1, captured.err().lines().count(), captured.err());
    }

    @Test
    void watchRedrawsUntilInterruptedAndShowsAMasterThatWentAway() throws Exception {
        AtomicInteger pauses = new AtomicInteger();
        try (FakeMaster master = new FakeMaster().cluster(CLUSTER).jobList(JOBS)) {
            int exit = StatusMain.run(captured.outStream, captured.errStream, false, CLOCK, duration -> {
                assertEquals(2, duration.toSeconds());
                if (pauses.incrementAndGet() == 2) {
                    master.close();
                }
                if (pauses.get() == 3) {
                    throw new InterruptedException("Ctrl-C");
                }
            }, "--api", master.api().toString(), "--watch", "2");

            assertEquals(0, exit, captured.err());
            String out = captured.out();
            assertEquals(3, count(out, "Cluster at " + master.api() + ", 09:20:00 (every 2 s; Ctrl-C stops)"), out);
            assertEquals(2, count(out, "Members (2)"), out);
            assertTrue(out.contains("error: master unreachable at " + master.api()), out);
            assertTrue(out.endsWith(" (asking again in 2 s)" + System.lineSeparator()), out);
            assertFalse(out.contains(StatusMain.CLEAR_SCREEN), "no escape codes into a file or pipe");
        } finally {
            Thread.interrupted();
        }
    }

    @Test
    void watchOnATerminalClearsTheScreenForEachFrame() throws Exception {
        AtomicInteger pauses = new AtomicInteger();
        try (FakeMaster master = new FakeMaster().cluster(CLUSTER).jobList(JOBS)) {
            StatusMain.run(captured.outStream, captured.errStream, true, CLOCK, duration -> {
                if (pauses.incrementAndGet() == 2) {
                    throw new InterruptedException("Ctrl-C");
                }
            }, "--api", master.api().toString(), "--watch", "1");

            assertEquals(2, count(captured.out(), StatusMain.CLEAR_SCREEN), captured.out());
            assertTrue(captured.out().startsWith(StatusMain.CLEAR_SCREEN), captured.out());
        } finally {
            Thread.interrupted();
        }
    }

    @Test
    void severalAddressesGoOnWithTheFirstThatAnswers() throws Exception {
        URI dead = FakeMaster.nobodyListening();
        try (FakeMaster master = new FakeMaster().cluster(CLUSTER).jobList(JOBS)) {
            AtomicInteger pauses = new AtomicInteger();
            int exit = StatusMain.run(captured.outStream, captured.errStream, false, CLOCK, duration -> {
                if (pauses.incrementAndGet() == 1) {
                    throw new InterruptedException("Ctrl-C");
                }
            }, "--api", dead + "," + master.api(), "--watch", "1");

            assertEquals(0, exit, captured.err());
            assertTrue(captured.out().contains("Cluster at " + master.api() + ", 09:20:00"), captured.out());
            assertTrue(captured.out().contains("Members (2)"), captured.out());
            assertEquals("master " + dead + " stopped answering (connection refused); going on with " + master.api(),
                    captured.err().strip());
        } finally {
            Thread.interrupted();
        }
    }

    @Test
    void severalUnreachableAddressesAreOneLineNamingThemAll() throws Exception {
        URI first = FakeMaster.nobodyListening();
        URI second = FakeMaster.nobodyListening();

        int exit = StatusMain.run(captured.outStream, captured.errStream, false, CLOCK, duration -> { },
                "--api", first + "," + second, "--failover-timeout", "1");

        assertEquals(4, exit);
        assertEquals("", captured.out());
        List<String> err = captured.err().lines().toList();
        assertEquals("error: master unreachable at " + first + ": connection refused; at " + second
                + ": connection refused (kept trying for 1 s)", err.get(err.size() - 1));
    }

    @Test
    void watchTakesWholeSecondsOfAtLeastOne() {
        int exit = StatusMain.run(captured.outStream, captured.errStream, false, CLOCK, duration -> { },
                "--watch", "0");

        assertEquals(2, exit);
        assertEquals("error: Invalid value for option '--watch': '0' must be at least 1 (see --help)",
                captured.err().strip());
    }

    private static int count(String text, String part) {
        int count = 0;
        for (int at = text.indexOf(part); at >= 0; at = text.indexOf(part, at + part.length())) {
            count++;
        }
        return count;
    }
}
