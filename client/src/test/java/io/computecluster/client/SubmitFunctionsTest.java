package io.computecluster.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.computecluster.compute.http.FakeMaster;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@code bin/submit} with functions other than square: options, requests and results. */
class SubmitFunctionsTest {
    private static final String WAITING = "no live worker offers sha256@1.0.0: the job runs when one joins";

    @Test
    void aTextFunctionsFileIsStreamedAsTextPlainWithTheJobsParameters(@TempDir Path dir) throws Exception {
        Path input = Files.writeString(dir.resolve("words.txt"), "abc\n\n  spaced  \nü\n");
        Path out = dir.resolve("hashes.jsonl");
        String results = "{\"input\":\"abc\",\"result\":\"ba78\"}\n{\"input\":\"\",\"result\":\"e3b0\"}\n"
                + "{\"input\":\"  spaced  \",\"result\":\"11aa\"}\n{\"input\":\"ü\",\"error\":\"boom\\nbang\"}\n";
        try (FakeMaster master = new FakeMaster()) {
            master.status("SUCCEEDED", 4, 4, 0, "").results(results);
            Captured run = new Captured();
            int code = run.submit("--api", master.api().toString(), "--function", "sha256", "--input",
                    input.toString(), "--args", "{ \"rounds\" : 2 }", "--task-timeout", "30s", "--chunk", "10",
                    "--out", out.toString(), "--no-progress");

            assertEquals(ExitCode.OK, code, run.err());
            assertEquals("text/plain; charset=UTF-8", master.receivedContentType);
            assertEquals("function=sha256&args=%7B%22rounds%22%3A2%7D&chunkSize=10&taskTimeout=30s",
                    master.receivedQuery);
            assertEquals("{\"rounds\":2}", URLDecoder.decode(master.receivedQuery.split("&")[1].substring(5),
                    StandardCharsets.UTF_8));
            assertEquals(Files.readString(input), master.receivedBody, "the file as it is, empty line and all");
            assertEquals(1, master.functionRequests.get());
            assertEquals(results, Files.readString(out), "JSON Lines written as received");
            assertNull(master.receivedResultsQuery, "no format asked: the master's default");
            assertTrue(master.receivedResultsAccept.contains("application/x-ndjson"), master.receivedResultsAccept);
        }
    }

    @Test
    void aJsonFunctionsFileIsCheckedAndSentAsJsonLines(@TempDir Path dir) throws Exception {
        Path input = Files.writeString(dir.resolve("in.jsonl"), "{\"a\":[1,2]}\n\n\"x\"\n42\n");
        try (FakeMaster master = new FakeMaster()) {
            master.status("SUCCEEDED", 3, 3, 0, "").results("{\"input\":{\"a\":[1,2]},\"result\":1}\n"
                    + "{\"input\":\"x\",\"result\":2}\n{\"input\":42,\"result\":3}\n");
            Captured run = new Captured();
            int code = run.submit("--api", master.api().toString(), "--function", "echo@2.0.0", "--input",
                    input.toString(), "--format", "JSONL", "--no-progress");

            assertEquals(ExitCode.OK, code, run.err());
            assertEquals("application/x-ndjson", master.receivedContentType);
            assertEquals("function=echo%402.0.0", master.receivedQuery);
            assertEquals(Files.readString(input), master.receivedBody);
            assertEquals("format=jsonl", master.receivedResultsQuery);
            assertEquals(3, run.out().lines().count(), run.out());
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"{\"a\":", "[1,2", "nope", "{\"a\":1} {\"b\":2}", "1 2"})
    void aBadJsonLineIsNamedWithFileAndLineBeforeAnythingIsSent(String bad, @TempDir Path dir) throws Exception {
        Path input = Files.writeString(dir.resolve("in.jsonl"), "{\"ok\":true}\n\n" + bad + "\n4\n");
        try (FakeMaster master = new FakeMaster()) {
            Captured run = new Captured();
            int code = run.submit("--api", master.api().toString(), "--function", "echo", "--input",
                    input.toString(), "--no-progress");

            assertEquals(ExitCode.USAGE, code, run.err());
            assertTrue(run.err().startsWith("error: " + input + ":3: "), run.err());
            assertEquals(1, run.err().strip().lines().count(), run.err());
            assertEquals(0, master.submits.get());
        }
    }

    @Test
    void aMalformedJsonLineSaysWhereWithoutJacksonsSourceNote(@TempDir Path dir) throws Exception {
        Path input = Files.writeString(dir.resolve("in.jsonl"), "{\"a\":1\n");
        try (FakeMaster master = new FakeMaster()) {
            Captured run = new Captured();
            assertEquals(ExitCode.USAGE, run.submit("--api", master.api().toString(), "--function", "echo",
                    "--input", input.toString()));
            assertEquals("error: " + input + ":1: malformed JSON at column 7: Unexpected end-of-input: expected close"
                    + " marker for Object", run.err().strip());
        }
    }

    @Test
    void anUnknownFunctionIsOneLineNamingTheOfferedOnesAndNothingIsSent(@TempDir Path dir) throws Exception {
        Path input = Files.writeString(dir.resolve("in.txt"), "a\n");
        try (FakeMaster master = new FakeMaster()) {
            Captured unknown = new Captured();
            assertEquals(ExitCode.USAGE, unknown.submit("--api", master.api().toString(), "--function", "cube",
                    "--input", input.toString()));
            assertEquals("error: unknown function 'cube': the functions workers offer are square, sha256@1.0.0,"
                    + " echo@2.0.0", unknown.err().strip());

            Captured version = new Captured();
            assertEquals(ExitCode.USAGE, version.submit("--api", master.api().toString(), "--function",
                    "sha256@9.9", "--input", input.toString()));
            assertEquals("error: function sha256@9.9 has not been offered by any worker: the functions workers offer"
                    + " are square, sha256@1.0.0, echo@2.0.0", version.err().strip());
            assertEquals(0, master.submits.get());
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"--range 1..10", "--random 5", "--input IN --format tsv"})
    void integerOnlyOptionsWithATextFunctionAreRefused(String options, @TempDir Path dir) throws Exception {
        Path input = Files.writeString(dir.resolve("in.txt"), "a\n");
        try (FakeMaster master = new FakeMaster()) {
            Captured run = new Captured();
            String[] args = ("--api " + master.api() + " --function sha256 " + options.replace("IN", input.toString()))
                    .split(" ");
            assertEquals(ExitCode.USAGE, run.submit(args), run.err());
            String option = options.startsWith("--input") ? "--format tsv" : options.split(" ")[0];
            assertTrue(run.err().startsWith("error: " + option + ": only for functions of integers; sha256 takes"
                    + " text"), run.err());
            assertEquals(1, run.err().strip().lines().count(), run.err());
            assertEquals(0, master.submits.get());
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"[1]", "3", "\"x\"", "{bad", "", "null"})
    void argsThatAreNotAJsonObjectAreRefusedBeforeTheMasterIsAsked(String args) throws Exception {
        Captured run = new Captured();
        int code = run.submit("--api", FakeMaster.nobodyListening().toString(), "--function", "sha256",
                "--range", "1..2", "--args", args);
        assertEquals(ExitCode.USAGE, code, run.err());
        assertTrue(run.err().startsWith("error: --args: expected a JSON object"), run.err());
        assertEquals(1, run.err().strip().lines().count(), run.err());
    }

    @ParameterizedTest
    @ValueSource(strings = {"30", "1h", "-5s", "soon", "1.5s"})
    void aBadTaskTimeoutIsRefused(String timeout) throws Exception {
        Captured run = new Captured();
        int code = run.submit("--api", FakeMaster.nobodyListening().toString(), "--range", "1..2",
                "--task-timeout", timeout);
        assertEquals(ExitCode.USAGE, code, run.err());
        assertEquals("error: --task-timeout: expected a duration such as 500ms, 30s or 5m, got '" + timeout
                + "' (see --help)", run.err().strip());
    }

    @Test
    void aRangeJobCarriesArgsTimeoutAndAskedFormat() throws Exception {
        try (FakeMaster master = new FakeMaster()) {
            master.status("SUCCEEDED", 2, 2, 0, "").results("{\"input\":\"1\",\"result\":\"1\"}\n"
                    + "{\"input\":\"2\",\"result\":\"4\"}\n");
            Captured run = new Captured();
            int code = run.submit("--api", master.api().toString(), "--range", "1..2", "--args", "{}",
                    "--task-timeout", "500ms", "--format", "jsonl", "--no-progress");

            assertEquals(ExitCode.OK, code, run.err());
            assertEquals("{\"function\":\"square\",\"range\":{\"from\":\"1\",\"to\":\"2\"},\"args\":{},"
                    + "\"taskTimeout\":\"500ms\"}", master.receivedBody);
            assertEquals("format=jsonl", master.receivedResultsQuery);
            assertEquals(0, master.functionRequests.get(), "square is built in: no need to ask");
            assertEquals("{\"input\":\"1\",\"result\":\"1\"}\n{\"input\":\"2\",\"result\":\"4\"}\n", run.out());
        }
    }

    @Test
    void resultsOfAnotherFunctionMustBeOneLinePerInput(@TempDir Path dir) throws Exception {
        Path input = Files.writeString(dir.resolve("in.txt"), "a\nb\nc\n");
        Path out = dir.resolve("out.jsonl");
        try (FakeMaster master = new FakeMaster()) {
            master.status("SUCCEEDED", 3, 3, 0, "").results("{\"input\":\"a\",\"result\":\"1\"}\n"
                    + "{\"input\":\"b\",\"result\":\"2\"}");
            Captured run = new Captured();
            int code = run.submit("--api", master.api().toString(), "--function", "sha256", "--input",
                    input.toString(), "--out", out.toString(), "--no-progress");

            assertEquals(ExitCode.FAILURE, code, run.err());
            assertEquals("error: the results of job j-1a2b have 2 lines for 3 inputs; " + out + " was not written",
                    run.err().strip());
            assertFalse(Files.exists(out));
        }
    }

    @Test
    void aFailedJobOfAnotherFunctionWritesItsResultsAndExitsThree() throws Exception {
        try (FakeMaster master = new FakeMaster()) {
            master.status("FAILED", 2, 1, 1, "\"errors\":[{\"input\":\"abc\",\"error\":\"too long\"}]")
                    .results("{\"input\":\"abc\",\"error\":\"too long\"}\n{\"input\":\"d\",\"result\":\"x\"}\n");
            Path input = Files.writeString(Files.createTempFile("in", ".txt"), "abc\nd\n");
            try {
                Captured run = new Captured();
                int code = run.submit("--api", master.api().toString(), "--function", "sha256", "--input",
                        input.toString(), "--no-progress");
                assertEquals(ExitCode.JOB_FAILED, code, run.err());
                assertEquals("error: job j-1a2b FAILED: 1 of 2 inputs failed: abc: too long", run.err().strip());
                assertEquals(2, run.out().lines().count());
            } finally {
                Files.delete(input);
            }
        }
    }

    @Test
    void aMasterThatListsNoFunctionsIsSentIntegersAsBefore() throws Exception {
        try (FakeMaster master = new FakeMaster().functions(null)) {
            master.status("SUCCEEDED", 2, 2, 0, "").results("2\t[\"2\"]\n3\t[\"3\"]\n");
            Captured run = new Captured();
            int code = run.submit("--api", master.api().toString(), "--function", "factor", "--range", "2..3",
                    "--no-progress");
            assertEquals(ExitCode.OK, code, run.err());
            assertEquals("{\"function\":\"factor\",\"range\":{\"from\":\"2\",\"to\":\"3\"}}", master.receivedBody);
        }
    }

    @Test
    void aJobWaitingForAWorkerSaysWhyAtOnce(@TempDir Path dir) throws Exception {
        Path input = Files.writeString(dir.resolve("in.txt"), "a\n");
        try (FakeMaster master = new FakeMaster()) {
            master.status("QUEUED", 1, 0, 0, "\"waitingFor\":\"" + WAITING + "\"")
                    .status("SUCCEEDED", 1, 1, 0, "").results("{\"input\":\"a\",\"result\":\"1\"}\n");
            Captured run = new Captured();
            int code = run.submit("--api", master.api().toString(), "--function", "sha256", "--input",
                    input.toString());
            assertEquals(ExitCode.OK, code, run.err());
            assertTrue(run.err().startsWith("job j-1a2b: 0/1 (0%) 0 tasks/s (queued; waiting: " + WAITING + ")\n"),
                    run.err());
        }
    }
}
