package io.computecluster.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.computecluster.compute.http.FakeMaster;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The whole submit flow against a stand-in for the master's API. */
class SubmitFlowTest {

    @Test
    void succeededJobIsWrittenInOrderToTheOutFile(@TempDir Path dir) throws Exception {
        Path out = dir.resolve("results.tsv");
        try (FakeMaster master = new FakeMaster()) {
            master.status("RUNNING", 3, 1, 0, "")
                    .status("SUCCEEDED", 3, 3, 0, "\"workerNodes\":{\"127.0.0.1:41234\":3}")
                    .results("1\t1\n2\t4\n3\t9\n");
            Captured run = new Captured();
            int code = run.submit("--api", master.api().toString(), "--range", "1..3", "--chunk", "2",
                    "--out", out.toString(), "--no-progress");

            assertEquals(ExitCode.OK, code, run.err());
            assertEquals("1\t1\n2\t4\n3\t9\n", Files.readString(out));
            assertEquals("job j-1a2b SUCCEEDED: 3 results in 1.23 s (2 tasks/s) -> " + out, run.err().strip());
            assertEquals("", run.out());
            assertEquals("application/json", master.receivedContentType);
            assertEquals("{\"function\":\"square\",\"range\":{\"from\":\"1\",\"to\":\"3\"},\"chunkSize\":2}",
                    master.receivedBody);
            assertEquals(List.of(out), filesIn(dir), "no temporary file is left behind");
        }
    }

    @Test
    void resultsGoToStdoutWithoutOut() throws Exception {
        try (FakeMaster master = new FakeMaster()) {
            master.status("SUCCEEDED", 2, 2, 0, "").results("-4\t16\n5\t25\n");
            Captured run = new Captured();
            int code = run.submit("--api", master.api().toString(), "--range", "-4..5", "--no-progress");
            assertEquals(ExitCode.OK, code, run.err());
            assertEquals("-4\t16\n5\t25\n", run.out());
            assertTrue(run.err().strip().endsWith("-> stdout"), run.err());
        }
    }

    @Test
    void inputFileIsUploadedAsTextPlain(@TempDir Path dir) throws Exception {
        Path input = dir.resolve("in.txt");
        Files.writeString(input, "3\n\n-4\n123456789012345678901234567890\n");
        try (FakeMaster master = new FakeMaster()) {
            master.status("SUCCEEDED", 3, 3, 0, "").results("3\t9\n");
            Captured run = new Captured();
            int code = run.submit("--api", master.api() + "/", "--input", input.toString(),
                    "--function", "square", "--chunk", "100", "--no-progress", "--out", dir.resolve("o").toString());
            assertEquals(ExitCode.OK, code, run.err());
            assertTrue(master.receivedContentType.startsWith("text/plain"), master.receivedContentType);
            assertEquals("function=square&chunkSize=100", master.receivedQuery);
            assertEquals(Files.readString(input), master.receivedBody);
        }
    }

    @Test
    void randomInputsAreSeededAndUploadedAsTextPlain() throws Exception {
        try (FakeMaster master = new FakeMaster()) {
            master.status("SUCCEEDED", 5, 5, 0, "").results("");
            Captured run = new Captured();
            int code = run.submit("--api", master.api().toString(), "--random", "5:42", "--no-progress");
            assertEquals(ExitCode.OK, code, run.err());
            List<String> lines = master.receivedBody.lines().toList();
            assertEquals(5, lines.size());
            lines.forEach(Long::parseLong);
            assertEquals(new String(new RandomSpec(5, 42, true).open().readAllBytes()), master.receivedBody);
        }
    }

    @Test
    void failedJobWritesItsResultsAndExitsThree(@TempDir Path dir) throws Exception {
        Path out = dir.resolve("results.tsv");
        try (FakeMaster master = new FakeMaster()) {
            master.status("FAILED", 4, 2, 2,
                            "\"errors\":[{\"input\":\"7\",\"error\":\"boom\"},{\"input\":\"8\",\"error\":\"bang\"}]")
                    .results("6\t36\n7\terror: boom\n8\terror: bang\n9\t81\n");
            Captured run = new Captured();
            int code = run.submit("--api", master.api().toString(), "--range", "6..9", "--out", out.toString(),
                    "--no-progress");
            assertEquals(ExitCode.JOB_FAILED, code);
            assertEquals("error: job j-1a2b FAILED: 2 of 4 inputs failed: 7: boom; 8: bang", run.err().strip());
            assertEquals("6\t36\n7\terror: boom\n8\terror: bang\n9\t81\n", Files.readString(out));
        }
    }

    @Test
    void aBrieflyBusyMasterIsPolledAgain() throws Exception {
        try (FakeMaster master = new FakeMaster()) {
            master.status("RUNNING", 2, 1, 0, "").statusUnavailable().statusUnavailable()
                    .status("SUCCEEDED", 2, 2, 0, "").results("1\t1\n2\t4\n");
            Captured run = new Captured();
            assertEquals(ExitCode.OK, run.submit("--api", master.api().toString(), "--range", "1..2", "--no-progress"),
                    run.err());
            assertEquals("1\t1\n2\t4\n", run.out());
            assertEquals(4, master.statusPolls.get());
        }
    }

    @Test
    void cancelledJobExitsOne() throws Exception {
        try (FakeMaster master = new FakeMaster()) {
            master.status("CANCELLED", 10, 4, 0, "");
            Captured run = new Captured();
            int code = run.submit("--api", master.api().toString(), "--range", "1..10", "--no-progress");
            assertEquals(ExitCode.FAILURE, code);
            assertEquals("error: job j-1a2b was cancelled after 4 of 10 inputs", run.err().strip());
        }
    }

    @Test
    void badInputAnswerNamesFileAndLineAndExitsTwo(@TempDir Path dir) throws Exception {
        Path input = dir.resolve("in.txt");
        Files.writeString(input, "1\n2\n");
        try (FakeMaster master = new FakeMaster()) {
            master.rejectSubmit(400, "{\"error\":\"line 2: not an integer: 'x'\",\"line\":2}");
            Captured run = new Captured();
            int code = run.submit("--api", master.api().toString(), "--input", input.toString(), "--no-progress");
            assertEquals(ExitCode.USAGE, code);
            assertEquals("error: " + input + ":2: not an integer: 'x'", run.err().strip());
        }
    }

    @Test
    void unknownFunctionExitsTwoWithTheMastersMessage() throws Exception {
        try (FakeMaster master = new FakeMaster()) {
            // Offered when the client asked, gone when the job came: the master's own answer.
            master.rejectSubmit(400, "{\"error\":\"unknown function 'cube': the functions workers offer are"
                    + " square\"}").functions("{\"functions\":[" + FakeMaster.SQUARE + ",{\"name\":\"cube\","
                    + "\"version\":\"1\",\"input\":\"integer\",\"output\":\"integer\",\"nodes\":[]}]}");
            Captured run = new Captured();
            int code = run.submit("--api", master.api().toString(), "--range", "1..2", "--function", "cube");
            assertEquals(ExitCode.USAGE, code);
            assertEquals("error: unknown function 'cube': the functions workers offer are square", run.err().strip());
        }
    }

    @Test
    void tooLargeExitsTwo() throws Exception {
        try (FakeMaster master = new FakeMaster()) {
            master.rejectSubmit(413, "");
            Captured run = new Captured();
            int code = run.submit("--api", master.api().toString(), "--range", "1..99999999999");
            assertEquals(ExitCode.USAGE, code);
            assertEquals("error: request too large (HTTP 413)", run.err().strip());
        }
    }

    @Test
    void plainProgressDoesNotDisturbTheResults() throws Exception {
        try (FakeMaster master = new FakeMaster()) {
            master.status("QUEUED", 2, 0, 0, "").status("SUCCEEDED", 2, 2, 0, "").results("1\t1\n2\t4\n");
            Captured run = new Captured();
            assertEquals(ExitCode.OK, run.submit("--api", master.api().toString(), "--range", "1..2"));
            assertEquals("1\t1\n2\t4\n", run.out());
        }
    }

    @Test
    void masterNobodyListensOnExitsFour(@TempDir Path dir) throws IOException {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        Path out = dir.resolve("r.tsv");
        Captured run = new Captured();
        int code = run.submit("--api", "http://127.0.0.1:" + port, "--range", "1..10", "--out", out.toString());
        assertEquals(ExitCode.UNREACHABLE, code);
        assertEquals("error: master unreachable at http://127.0.0.1:" + port + ": connection refused", run.err().strip());
        assertFalse(Files.exists(out));
        assertEquals(List.of(), filesIn(dir));
    }

    private static List<Path> filesIn(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.toList();
        }
    }

    @Test
    void theTokenFileIsSentAsABearerToken(@TempDir Path dir) throws Exception {
        Path token = Files.writeString(dir.resolve("token"), "  s3cret\n");
        try (FakeMaster master = new FakeMaster().requireToken("s3cret")) {
            master.status("SUCCEEDED", 1, 1, 0, "").results("2\t4\n");
            Captured run = new Captured();
            int code = run.submit("--api", master.api().toString(), "--range", "2..2", "--token-file",
                    token.toString(), "--no-progress");
            assertEquals(ExitCode.OK, code, run.err());
            assertEquals("2\t4\n", run.out());
            assertEquals("Bearer s3cret", master.receivedAuthorization);
        }
    }

    @Test
    void aRefusedTokenIsOneLineAndExitCodeTwo(@TempDir Path dir) throws Exception {
        Path token = Files.writeString(dir.resolve("token"), "wrong\n");
        try (FakeMaster master = new FakeMaster().requireToken("s3cret")) {
            Captured withToken = new Captured();
            assertEquals(ExitCode.USAGE, withToken.submit("--api", master.api().toString(), "--range", "1..2",
                    "--token-file", token.toString(), "--no-progress"), withToken.err());
            assertEquals("error: the master refused the token in " + token + ": the API token is not valid (HTTP 401)",
                    withToken.err().strip());

            Captured without = new Captured();
            assertEquals(ExitCode.USAGE, without.submit("--api", master.api().toString(), "--range", "1..2",
                    "--no-progress"), without.err());
            assertEquals(1, without.err().strip().lines().count(), without.err());
            assertTrue(without.err().startsWith("error: the master refused the request without a token")
                    && without.err().contains("--token-file"), without.err());
        }
    }

    @Test
    void anEmptyOrMissingTokenFileIsABadUsageNamingIt(@TempDir Path dir) throws Exception {
        Path empty = Files.writeString(dir.resolve("empty"), "\n");
        try (FakeMaster master = new FakeMaster()) {
            for (Path file : List.of(empty, dir.resolve("missing"))) {
                Captured run = new Captured();
                assertEquals(ExitCode.USAGE, run.submit("--api", master.api().toString(), "--range", "1..2",
                        "--token-file", file.toString(), "--no-progress"), run.err());
                assertTrue(run.err().startsWith("error: --token-file " + file + ": "), run.err());
                assertEquals(1, run.err().strip().lines().count(), run.err());
            }
            assertEquals(null, master.receivedBody, "nothing was submitted");
        }
    }
}
