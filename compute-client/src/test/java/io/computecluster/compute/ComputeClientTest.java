package io.computecluster.compute;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.computecluster.api.JobState;
import io.computecluster.api.JobStatus;
import io.computecluster.compute.http.FakeMaster;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The library's calls on the wire, against a stand-in master: what it sends and how it reads the answers. */
@Timeout(value = 30, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class ComputeClientTest {

    /** A record a JSON function might take. */
    record Point(double lat, double lon) {
    }

    @Test
    void aRangeGoesAsJsonWithAKeyOfItsOwnAndComesBackAsAJob() throws Exception {
        try (FakeMaster master = new FakeMaster(); ComputeClient client = ComputeClient.connect(master.api().toString())) {
            Job job = client.submit(JobRequest.square(Inputs.range(1, 1_000_000)).withChunkSize(500));

            assertEquals(FakeMaster.JOB_ID, job.id());
            JsonNode body = client.json().readTree(master.receivedBody);
            assertEquals("square", body.get("function").asText());
            assertEquals("1", body.get("range").get("from").asText());
            assertEquals("1000000", body.get("range").get("to").asText());
            assertEquals(500, body.get("chunkSize").asInt());
            assertNotNull(master.receivedIdempotencyKey);
        }
    }

    @Test
    void valuesAreStreamedAsJsonLinesWithIntegersExactAndArgsInTheQuery() throws Exception {
        try (FakeMaster master = new FakeMaster(); ComputeClient client = ComputeClient.connect(master.api().toString())) {
            BigInteger big = BigInteger.TWO.pow(100);
            client.submit(JobRequest.of("echo@2.0.0", Inputs.of(big, 7L, "a \"quoted\" line", new Point(1.5, -2),
                            new byte[] {1, 2, 3}))
                    .withArgs(Map.of("rounds", 2)).withTaskTimeout(Duration.ofSeconds(3)));

            assertEquals("application/x-ndjson", master.receivedContentType);
            assertEquals(List.of("\"" + big + "\"", "\"7\"", "\"a \\\"quoted\\\" line\"", "{\"lat\":1.5,\"lon\":-2.0}",
                    "\"AQID\""), master.receivedBody.lines().toList());
            assertTrue(master.receivedQuery.startsWith("function=echo%402.0.0&args=%7B%22rounds%22%3A2%7D"),
                    master.receivedQuery);
            assertTrue(master.receivedQuery.endsWith("&taskTimeout=3000ms"), master.receivedQuery);
        }
    }

    @Test
    void aStreamOfAMillionValuesIsNeverWholeInMemoryAndAFileGoesAsText(@TempDir Path dir) throws Exception {
        try (FakeMaster master = new FakeMaster(); ComputeClient client = ComputeClient.connect(master.api().toString())) {
            client.submit(JobRequest.of("sha256", Inputs.stream(() -> IntStream.range(0, 1_000_000)
                    .mapToObj(i -> "line " + i))));
            assertEquals(1_000_000, master.receivedBody.lines().count());
            assertEquals("\"line 999999\"", master.receivedBody.lines().reduce((a, b) -> b).orElseThrow());

            Path file = Files.writeString(dir.resolve("in.txt"), "abc\n\n");
            client.submit(JobRequest.of("sha256", Inputs.lines(file)));
            assertEquals("text/plain; charset=UTF-8", master.receivedContentType);
            assertEquals("abc\n\n", master.receivedBody);
        }
    }

    @Test
    void aSubmitAnswered503GoesToTheStandbyWithTheSameKey() throws Exception {
        try (FakeMaster first = new FakeMaster(); FakeMaster second = new FakeMaster();
             ComputeClient client = ComputeClient.builder().masters(first.api() + "," + second.api())
                     .onFailover(notice -> { }).build()) {
            first.rejectSubmit(503, "{\"error\":\"the active master is moving\"}");
            client.submit(JobRequest.of("sha256", Inputs.of("a", "b")).withIdempotencyKey("order-42"));

            assertEquals("order-42", first.receivedIdempotencyKey);
            assertEquals("order-42", second.receivedIdempotencyKey);
            assertEquals("\"a\"\n\"b\"\n", second.receivedBody, "the values are sent again, whole");
        }
    }

    @Test
    void aRefusedSubmitIsOneComputeExceptionWithTheMastersReason() throws Exception {
        try (FakeMaster master = new FakeMaster(); ComputeClient client = ComputeClient.connect(master.api().toString())) {
            master.rejectSubmit(400, "{\"error\":\"unknown function 'md5'\"}");
            ComputeException e = assertThrows(ComputeException.class,
                    () -> client.submit(JobRequest.of("md5", Inputs.of("x"))));
            assertEquals(400, e.status());
            assertEquals("unknown function 'md5'", e.getMessage());
            assertFalse(e.unreachable());
        }
    }

    @Test
    void resultsComeTypedInOrderWithFailuresAcrossAMasterThatBreaksOff() throws Exception {
        String results = IntStream.range(0, 3000).mapToObj(i -> i % 1000 == 7
                        ? "{\"input\":\"" + i + "\",\"error\":\"ArithmeticException: seven\"}"
                        : "{\"input\":\"" + i + "\",\"result\":\"" + (long) i * i + "\"}")
                .collect(Collectors.joining("\n", "", "\n"));
        List<String> told = new ArrayList<>();
        try (FakeMaster first = new FakeMaster().results(results).breakResultsAfter(results.indexOf("\"1500\"") + 3);
             FakeMaster second = new FakeMaster().results(results);
             ComputeClient client = ComputeClient.builder().masters(first.api().toString(), second.api().toString())
                     .failoverPatience(Duration.ofSeconds(5)).onFailover(told::add).build();
             Results<BigInteger, Long> read = client.job(FakeMaster.JOB_ID).results(ValueType.INTEGER, ValueType.LONG)) {
            List<Result<BigInteger, Long>> all = read.stream().toList();

            assertEquals(3000, all.size());
            for (int i = 0; i < 3000; i++) {
                Result<BigInteger, Long> result = all.get(i);
                assertEquals(i, result.index());
                assertEquals(BigInteger.valueOf(i), result.input());
                if (i % 1000 == 7) {
                    assertTrue(result.failed());
                    assertNull(result.value());
                    assertEquals("ArithmeticException: seven", result.error());
                } else {
                    assertEquals((long) i * i, result.valueOrThrow());
                }
            }
            assertTrue(first.receivedResultsQuery.contains("follow=true"), first.receivedResultsQuery);
            assertTrue(second.receivedResultsQuery.contains("from=1500"), second.receivedResultsQuery);
            assertEquals(1, told.size(), told.toString());
        }
    }

    @Test
    void jsonResultsBindToRecordsAndAStartSkipsTheFirstOnes() throws Exception {
        String results = "{\"input\":\"a\",\"result\":{\"lat\":1.0,\"lon\":2.0}}\n"
                + "{\"input\":\"b\",\"result\":{\"lat\":3.0,\"lon\":4.0}}\n";
        try (FakeMaster master = new FakeMaster().results(results);
             ComputeClient client = ComputeClient.connect(master.api().toString());
             Stream<Result<String, Point>> read = client.job(FakeMaster.JOB_ID)
                     .results(ValueType.TEXT, ValueType.json(Point.class), 1).stream()) {
            List<Result<String, Point>> all = read.toList();
            assertEquals(List.of(new Result<>(1, "b", new Point(3, 4), null)), all);
        }
    }

    @Test
    void awaitGivesEachStatusToTheProgressAndEndsWithTheFinalOne() throws Exception {
        try (FakeMaster master = new FakeMaster().status("RUNNING", 10, 3, 0, "").status("RUNNING", 10, 8, 0, "")
                .status("SUCCEEDED", 10, 10, 0, "");
             ComputeClient client = ComputeClient.connect(master.api().toString())) {
            List<Long> seen = new ArrayList<>();
            JobStatus end = client.job(FakeMaster.JOB_ID).awaitAsync(status -> seen.add(status.completed()))
                    .get(10, TimeUnit.SECONDS);

            assertEquals(JobState.SUCCEEDED, end.state());
            assertEquals(List.of(3L, 8L, 10L), seen);
        }
    }

    @Test
    void cancelDeletesTheJobAndAnswersItsStatus() throws Exception {
        try (FakeMaster master = new FakeMaster().status("CANCELLED", 10, 3, 0, "");
             ComputeClient client = ComputeClient.connect(master.api().toString())) {
            assertEquals(JobState.CANCELLED, client.job(FakeMaster.JOB_ID).cancel().state());
            assertEquals(1, master.cancels.get());
        }
    }

    @Test
    void noMasterAnsweringIsAnUnreachableComputeException() throws Exception {
        try (ComputeClient client = ComputeClient.connect(FakeMaster.nobodyListening().toString())) {
            ComputeException e = assertThrows(ComputeException.class, client::jobs);
            assertTrue(e.unreachable());
        }
    }
}
