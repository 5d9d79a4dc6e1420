package io.computecluster.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.computecluster.compute.http.FakeMaster;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code bin/compute}'s verbs about jobs, functions and the cluster, against a fake master. */
class ComputeVerbsTest {
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2025-01-01T00:00:05Z"), ZoneOffset.UTC);
    private static final String ID = FakeMaster.JOB_ID;

    private final Captured captured = new Captured();

    private int compute(FakeMaster master, String... args) {
        String[] all = new String[args.length + 2];
        System.arraycopy(args, 0, all, 0, args.length);
        all[args.length] = "--api";
        all[args.length + 1] = master.api().toString();
        return ComputeMain.run(captured.outStream, captured.errStream, false, CLOCK, all);
    }

    private static JsonNode json(String text) throws Exception {
        assertEquals(1, text.strip().lines().count(), "one document on one line: " + text);
        return new ObjectMapper().readTree(text);
    }

    @Test
    void statusShowsTheJobsRowAndItsFailures() throws Exception {
        try (FakeMaster master = new FakeMaster().status("FAILED", 10, 9, 1,
                "\"errors\":[{\"input\":\"7\",\"error\":\"boom\"}]")) {
            assertEquals(0, compute(master, "status", ID), captured.err());

            String out = captured.out();
            assertTrue(out.startsWith("ID  "), out);
            assertTrue(out.contains(ID + "  FAILED"), out);
            assertTrue(out.contains("job " + ID + " FAILED: 1 of 10 inputs failed: 7: boom"), out);
            assertEquals("", captured.err());
        }
    }

    @Test
    void statusWithWaitAsksForTheLongPoll() throws Exception {
        try (FakeMaster master = new FakeMaster().status("SUCCEEDED", 10, 10, 0, "")) {
            assertEquals(0, compute(master, "status", ID, "--wait", "2s", "--json"), captured.err());

            JsonNode status = json(captured.out());
            assertEquals("SUCCEEDED", status.get("state").asText());
            assertEquals(10, status.get("total").asLong());
        }
    }

    @Test
    void aBadWaitIsUsage() throws Exception {
        try (FakeMaster master = new FakeMaster().status("RUNNING", 10, 1, 0, "")) {
            assertEquals(2, compute(master, "status", ID, "--wait", "2h"), captured.err());
            assertTrue(captured.err().startsWith("error: --wait: expected a duration"), captured.err());
            assertEquals(0, master.statusPolls.get());
        }
    }

    @Test
    void anUnknownJobIsOneLineAndExitTwo() throws Exception {
        try (FakeMaster master = new FakeMaster()) {
            for (String verb : new String[] {"status", "cancel", "results"}) {
                Captured one = new Captured();
                int exit = ComputeMain.run(one.outStream, one.errStream, false, CLOCK, verb, "j-nope", "--api",
                        master.api().toString());

                assertEquals(2, exit, verb + ": " + one.err());
                assertEquals("error: no job j-nope at " + master.api() + " (bin/compute jobs lists the jobs the master"
                        + " knows)", one.err().strip(), verb);
                assertEquals("", one.out(), verb);
            }
        }
    }

    @Test
    void cancelDeletesTheJobAndShowsItsStatus() throws Exception {
        try (FakeMaster master = new FakeMaster().status("RUNNING", 10, 4, 0, "")) {
            assertEquals(0, compute(master, "cancel", ID), captured.err());

            assertEquals(1, master.cancels.get());
            assertTrue(captured.out().contains(ID + "  CANCELLED"), captured.out());
        }
    }

    @Test
    void cancelWithJsonPrintsTheAnswer() throws Exception {
        try (FakeMaster master = new FakeMaster().status("RUNNING", 10, 4, 0, "")) {
            assertEquals(0, compute(master, "cancel", ID, "--json"), captured.err());

            assertEquals("CANCELLED", json(captured.out()).get("state").asText());
        }
    }

    @Test
    void jobsListsEveryJobAsATableOrJson() throws Exception {
        StringBuilder jobs = new StringBuilder("{\"jobs\":[");
        for (int i = 0; i < 25; i++) {
            jobs.append(i == 0 ? "" : ",").append("{\"id\":\"j-").append(i).append("\",\"function\":\"square\","
                    + "\"state\":\"SUCCEEDED\",\"total\":4,\"completed\":4,\"failed\":0,"
                    + "\"submittedAt\":\"2025-01-01T00:00:00Z\",\"elapsedMillis\":1000}");
        }
        try (FakeMaster master = new FakeMaster().jobList(jobs.append("]}").toString())) {
            assertEquals(0, compute(master, "jobs"), captured.err());
            String out = captured.out();
            assertTrue(out.startsWith("ID    STATE"), out);
            // All of them, not only the 20 newest that bin/status shows.
            assertEquals(26, out.lines().count(), out);
            assertTrue(out.contains("j-24  SUCCEEDED      100%              4/4       0        4   1.00 s  2025-01-01 00:00:00"),
                    out);

            Captured asJson = new Captured();
            assertEquals(0, ComputeMain.run(asJson.outStream, asJson.errStream, false, CLOCK, "jobs", "--json",
                    "--api", master.api().toString()), asJson.err());
            assertEquals(25, json(asJson.out()).get("jobs").size());
        }
    }

    @Test
    void functionsIsATableOrJson() throws Exception {
        try (FakeMaster master = new FakeMaster()) {
            assertEquals(0, compute(master, "functions"), captured.err());
            assertTrue(captured.out().contains("  sha256    1.0.0     text -> text        127.0.0.1:40001"),
                    captured.out());

            Captured asJson = new Captured();
            assertEquals(0, ComputeMain.run(asJson.outStream, asJson.errStream, false, CLOCK, "functions", "--json",
                    "--api", master.api().toString()), asJson.err());
            JsonNode functions = json(asJson.out()).get("functions");
            assertEquals("square", functions.get(0).get("name").asText());
            assertEquals("json", functions.get(2).get("input").asText());
        }
    }

    @Test
    void clusterIsBinStatusAndItsJsonIsGetCluster() throws Exception {
        try (FakeMaster master = new FakeMaster()) {
            assertEquals(0, compute(master, "cluster"), captured.err());
            assertTrue(captured.out().startsWith("Members (0)"), captured.out());

            Captured asJson = new Captured();
            assertEquals(0, ComputeMain.run(asJson.outStream, asJson.errStream, false, CLOCK, "cluster", "--json",
                    "--api", master.api().toString()), asJson.err());
            assertEquals(0, json(asJson.out()).get("workerNodes").asInt());

            Captured watching = new Captured();
            assertEquals(2, ComputeMain.run(watching.outStream, watching.errStream, false, CLOCK, "cluster", "--json",
                    "--watch", "1", "--api", master.api().toString()), watching.err());
        }
    }

    @Test
    void resultsOfAnEndedJobGoToAFileInTheFormatAsked(@TempDir Path dir) throws Exception {
        try (FakeMaster master = new FakeMaster().status("SUCCEEDED", 2, 2, 0, "").results("1\t1\n2\t4\n")) {
            Path file = dir.resolve("squares.tsv");
            assertEquals(0, compute(master, "results", ID, "--format", "TSV", "--out", file.toString()),
                    captured.err());

            assertEquals("1\t1\n2\t4\n", Files.readString(file));
            assertEquals("format=tsv", master.receivedResultsQuery);
            assertEquals("", captured.out());
        }
    }

    @Test
    void resultsFollowARunningJob() throws Exception {
        try (FakeMaster master = new FakeMaster().status("RUNNING", 2, 1, 0, "").results("1\t1\n2\t4\n")) {
            assertEquals(0, compute(master, "results", ID, "--follow"), captured.err());

            assertEquals("1\t1\n2\t4\n", captured.out());
            assertEquals("follow=true", master.receivedResultsQuery);
        }
    }

    @Test
    void resultsOfARunningJobWithoutFollowSaySo() throws Exception {
        try (FakeMaster master = new FakeMaster().status("RUNNING", 2, 1, 0, "")) {
            assertEquals(1, compute(master, "results", ID), captured.err());

            assertEquals("error: job " + ID + " is RUNNING: its results come once it ends; --follow streams them as"
                    + " they come", captured.err().strip());
            assertEquals(0, master.resultRequests.get());
        }
    }

    @Test
    void resultsWithJsonWantAFile() throws Exception {
        try (FakeMaster master = new FakeMaster().status("SUCCEEDED", 2, 2, 0, "")) {
            assertEquals(2, compute(master, "results", ID, "--json"), captured.err());
            assertTrue(captured.err().startsWith("error: --json: "), captured.err());
        }
    }

    @Test
    void aRefusedTokenIsUsage(@TempDir Path dir) throws Exception {
        Path token = Files.writeString(dir.resolve("token"), "wrong\n");
        try (FakeMaster master = new FakeMaster().requireToken("right")) {
            assertEquals(2, compute(master, "jobs", "--token-file", token.toString()), captured.err());
            assertTrue(captured.err().startsWith("error: the master refused the token in " + token), captured.err());
        }
    }

    @Test
    void aMasterThatIsNotThereIsExitFour() throws Exception {
        Captured one = new Captured();
        int exit = ComputeMain.run(one.outStream, one.errStream, false, CLOCK, "status", ID, "--api",
                FakeMaster.nobodyListening().toString());
        assertEquals(4, exit, one.err());
        assertEquals(1, one.err().strip().lines().count(), one.err());
    }

    @Test
    void noVerbOrAnUnknownOneIsUsage() {
        assertEquals(2, ComputeMain.run(captured.outStream, captured.errStream, false, CLOCK));
        assertTrue(captured.err().startsWith("error: give a verb: submit, status, jobs, results, cancel, functions,"
                + " cluster, completion"), captured.err());

        Captured unknown = new Captured();
        assertEquals(2, ComputeMain.run(unknown.outStream, unknown.errStream, false, CLOCK, "frobnicate"));
        assertEquals(1, unknown.err().strip().lines().count(), unknown.err());
    }

    @Test
    void everyVerbHasHelpAndCompletionIsABashScript() {
        for (String verb : new String[] {"submit", "status", "jobs", "results", "cancel", "functions", "cluster"}) {
            Captured help = new Captured();
            assertEquals(0, ComputeMain.run(help.outStream, help.errStream, false, CLOCK, verb, "--help"), verb);
            assertTrue(help.out().startsWith("Usage: compute " + verb), help.out());
            assertTrue(help.out().contains("--json"), verb);
            assertTrue(help.out().contains("--token-file"), verb);
        }
        Captured version = new Captured();
        assertEquals(0, ComputeMain.run(version.outStream, version.errStream, false, CLOCK, "--version"));
        assertEquals(io.computecluster.common.cli.Version.text(), version.out().strip());
        assertEquals(0, ComputeMain.run(captured.outStream, captured.errStream, false, CLOCK, "completion"));
        assertTrue(captured.out().startsWith("#!/usr/bin/env bash"), captured.out());
        assertTrue(captured.out().contains("results"), "completes the verbs");
    }
}
