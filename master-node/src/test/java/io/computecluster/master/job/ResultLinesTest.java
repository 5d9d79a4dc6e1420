package io.computecluster.master.job;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.computecluster.common.column.Blobs;
import io.computecluster.common.column.Column;
import io.computecluster.common.column.PayloadType;
import io.computecluster.common.numbers.Numbers;
import io.computecluster.common.numbers.NumbersBuilder;
import io.computecluster.common.protocol.WorkerProtocol.ChunkTask;
import io.computecluster.common.protocol.WorkerProtocol.FunctionCall;
import io.computecluster.common.protocol.WorkerProtocol.TaskError;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class ResultLinesTest {
    private static final Instant T0 = Instant.parse("2025-01-01T00:00:00Z");

    private static String lines(Job job, int chunk) {
        return RecordedResults.lines(job, chunk);
    }

    @Test
    void linesAreInputTabResultInInputOrder() {
        Job job = JobTest.rangeJob("r", -2, 4, 3);
        for (ChunkTask task : JobTest.drain(job)) {
            RecordedResults.complete(job, task.chunkId(), JobTest.squares(task.inputs()), List.of(), "n", T0);
        }
        assertEquals(3, job.chunkCount());
        assertEquals("-2\t4\n-1\t1\n0\t0\n", lines(job, 0));
        assertEquals("1\t1\n2\t4\n3\t9\n", lines(job, 1));
        assertEquals("4\t16\n", lines(job, 2));
    }

    @Test
    void failedInputsSayErrorOnOneLine() {
        Job job = JobTest.listJob("f", 4, 7, 8, 9, 10);
        ChunkTask task = job.nextTask();
        RecordedResults.complete(job, task.chunkId(), Numbers.of(49, 0, 81, 0),
                List.of(new TaskError(3, "last one"), new TaskError(1, "two\nlines")), "n", T0);
        assertEquals(JobState.FAILED, job.state());
        assertEquals("7\t49\n8\terror: two lines\n9\t81\n10\terror: last one\n", lines(job, 0));
    }

    @Test
    void bigInputsAndResultsArePrintedExactly() {
        BigInteger big = new BigInteger("123456789012345678901234567890");
        NumbersBuilder inputs = new NumbersBuilder(3);
        inputs.setBig(0, big);
        inputs.setLong(1, Long.MIN_VALUE);
        inputs.setBig(2, big.negate());
        Job job = new Job("b", new JobSpec("square", new InputSource.Listed(inputs.build()), 10), T0);
        ChunkTask task = job.nextTask();
        RecordedResults.complete(job, task.chunkId(), JobTest.squares(task.inputs()), List.of(), "n", T0);
        String expected = big + "\t" + big.multiply(big) + "\n"
                + Long.MIN_VALUE + "\t" + BigInteger.TWO.pow(126) + "\n"
                + big.negate() + "\t" + big.multiply(big) + "\n";
        assertEquals(expected, lines(job, 0));
    }

    @Test
    void everyInputGetsExactlyOneLine() {
        Job job = JobTest.rangeJob("n", 1, 10_007, 1000);
        for (ChunkTask task : JobTest.drain(job)) {
            RecordedResults.complete(job, task.chunkId(), JobTest.squares(task.inputs()), List.of(), "n", T0);
        }
        String all = JobTest.allLines(job);
        String[] lines = all.split("\n", -1);
        assertEquals(10_008, lines.length, "10007 lines and the empty rest after the last newline");
        for (int i = 0; i < 10_007; i++) {
            long x = i + 1;
            assertEquals(x + "\t" + x * x, lines[i]);
        }
        assertTrue(lines[10_007].isEmpty());
    }

    private static String jsonl(JobSpec spec, Column values, List<TaskError> failed) {
        return new String(ResultLines.of(spec, ResultFormat.JSONL, 0, values, failed), StandardCharsets.UTF_8);
    }

    @Test
    void jsonLinesOfATextFunctionEscapeWhatJsonMustAndKeepTheRest() {
        JobSpec spec = new JobSpec(new FunctionCall("echo", "1", null, 0), PayloadType.TEXT, PayloadType.TEXT,
                new InputSource.Listed(Blobs.ofUtf8("plain", "q\"uote\\back", "tab\tnl\ncr\r\u0001", "ünï ✓")), 4);
        String lines = jsonl(spec, Blobs.ofUtf8("P", "Q", "T", "Ü"), List.of(new TaskError(1, "bad \"input\"\nreally")));
        assertEquals("{\"input\":\"plain\",\"result\":\"P\"}\n"
                + "{\"input\":\"q\\\"uote\\\\back\",\"error\":\"bad \\\"input\\\"\\nreally\"}\n"
                + "{\"input\":\"tab\\tnl\\ncr\\r\\u0001\",\"result\":\"T\"}\n"
                + "{\"input\":\"ünï ✓\",\"result\":\"Ü\"}\n", lines);
    }

    @Test
    void jsonLinesWriteIntegersAsDecimalStringsJsonAsItselfAndBytesAsBase64() {
        JobSpec factor = new JobSpec(new FunctionCall("factor", "1", null, 0), PayloadType.INTEGER, PayloadType.JSON,
                new InputSource.Range(BigInteger.valueOf(12), BigInteger.valueOf(13)), 2);
        assertEquals("{\"input\":\"12\",\"result\":[\"2\",\"2\",\"3\"]}\n{\"input\":\"13\",\"result\":[\"13\"]}\n",
                jsonl(factor, Blobs.ofUtf8("[\"2\",\"2\",\"3\"]", "[\"13\"]"), null));
        JobSpec bytes = new JobSpec(new FunctionCall("gzip", "1", null, 0), PayloadType.BYTES, PayloadType.BYTES,
                new InputSource.Listed(Blobs.of(new byte[] {0, 1, 2, -1})), 1);
        assertEquals("{\"input\":\"AAEC/w==\",\"result\":\"\"}\n", jsonl(bytes, Blobs.of(new byte[0]), null));
        JobSpec squares = new JobSpec("square", new InputSource.Listed(Numbers.of(-3)), 1);
        assertEquals("{\"input\":\"-3\",\"result\":\"9\"}\n", jsonl(squares, Numbers.of(9), null));
    }

    @Test
    void tsvOfAnIntegerFunctionWithJsonResultsKeepsEachOnOneLine() {
        JobSpec factor = new JobSpec(new FunctionCall("factor", "1", null, 0), PayloadType.INTEGER, PayloadType.JSON,
                new InputSource.Range(BigInteger.valueOf(4), BigInteger.valueOf(5)), 2);
        assertEquals("4\t[\"2\",\"2\"]\n5\terror: below\n", new String(ResultLines.of(factor, ResultFormat.TSV, 0,
                Blobs.ofUtf8("[\"2\",\n\"2\"]".replace("\n", ""), ""), List.of(new TaskError(1, "below"))),
                StandardCharsets.UTF_8));
        assertEquals(ResultFormat.JSONL, ResultFormat.defaultFor(factor));
        assertTrue(ResultFormat.TSV.fits(factor));
        JobSpec text = new JobSpec(new FunctionCall("echo", "1", null, 0), PayloadType.TEXT, PayloadType.TEXT,
                new InputSource.Listed(Blobs.ofUtf8("a")), 1);
        assertFalse(ResultFormat.TSV.fits(text));
    }
}
