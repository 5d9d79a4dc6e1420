package io.computecluster.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.computecluster.compute.http.FakeMaster;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code compute submit}: today's bin/submit, plus {@code --detach} and {@code --json}. */
class SubmitVerbTest {
    private final Captured captured = new Captured();

    private int compute(String... args) {
        return ComputeMain.run(captured.outStream, captured.errStream, false, Clock.systemUTC(), args);
    }

    @Test
    void detachPrintsTheJobIdAndDoesNotWait() throws Exception {
        try (FakeMaster master = new FakeMaster().status("RUNNING", 3, 0, 0, "")) {
            assertEquals(0, compute("submit", "--api", master.api().toString(), "--range", "1..3", "--detach"),
                    captured.err());

            assertEquals(FakeMaster.JOB_ID, captured.out().strip());
            assertEquals(1, master.submits.get());
            assertEquals(0, master.statusPolls.get());
            assertEquals(0, master.resultRequests.get());
        }
    }

    @Test
    void detachWithJsonPrintsTheAcceptedAnswer() throws Exception {
        try (FakeMaster master = new FakeMaster()) {
            assertEquals(0, compute("submit", "--api", master.api().toString(), "--range", "1..3", "--detach",
                    "--json"), captured.err());

            assertEquals("{\"id\":\"" + FakeMaster.JOB_ID + "\"}", captured.out().strip());
        }
    }

    @Test
    void jsonWithoutDetachPrintsTheFinalStatusAndWritesTheResultsToOut(@TempDir Path dir) throws Exception {
        Path out = dir.resolve("results.tsv");
        try (FakeMaster master = new FakeMaster().status("SUCCEEDED", 2, 2, 0, "").results("1\t1\n2\t4\n")) {
            assertEquals(0, compute("submit", "--api", master.api().toString(), "--range", "1..2", "--json",
                    "--no-progress", "--out", out.toString()), captured.err());

            JsonNode status = new ObjectMapper().readTree(captured.out());
            assertEquals("SUCCEEDED", status.get("state").asText());
            assertEquals("1\t1\n2\t4\n", Files.readString(out));
            assertEquals(0, master.cancels.get(), "a normal exit cancels nothing");
        }
    }

    @Test
    void jsonWithResultsOnStdoutIsUsage() throws Exception {
        try (FakeMaster master = new FakeMaster()) {
            assertEquals(2, compute("submit", "--api", master.api().toString(), "--range", "1..2", "--json"),
                    captured.err());

            assertTrue(captured.err().startsWith("error: --json: the job's status goes to stdout"), captured.err());
            assertEquals(0, master.submits.get());
        }
    }

    @Test
    void aFailedJobStillExitsThree() throws Exception {
        try (FakeMaster master = new FakeMaster().status("FAILED", 2, 1, 1, "").results("1\t1\n2\terror: x\n")) {
            assertEquals(3, compute("submit", "--api", master.api().toString(), "--range", "1..2", "--no-progress"),
                    captured.err());
        }
    }
}
