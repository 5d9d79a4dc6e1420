package io.computecluster.master.job;

import io.computecluster.common.column.Blobs;
import io.computecluster.common.column.Column;
import io.computecluster.common.column.PayloadType;
import io.computecluster.common.numbers.DecimalWriter;
import io.computecluster.common.numbers.Numbers;
import io.computecluster.common.protocol.WorkerProtocol.TaskError;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;

/**
 * A chunk's results as lines, formatted when a download asks for them: {@code INPUT<TAB>RESULT}
 * ({@link ResultFormat#TSV}, for integer inputs) or JSON Lines ({@link ResultFormat#JSONL}, any
 * function): {@code {"input":INPUT,"result":RESULT}} or {@code {"input":INPUT,"error":"why"}}.
 * In JSON, integers are decimal strings (exact whatever their size), text is a string, JSON is
 * itself, and bytes are a base64 string.
 */
public final class ResultLines {
    private static final byte[] INPUT = "{\"input\":".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] RESULT = ",\"result\":".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] ERROR = ",\"error\":".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] HEX = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);

    private ResultLines() {
    }

    /** The lines of chunk {@code chunk} of a job, in {@code format}, given its results and failures ({@code failed} may be null). */
    public static byte[] of(JobSpec spec, ResultFormat format, int chunk, Column values, List<TaskError> failed) {
        return of(spec, format, chunk, inputsOf(spec, chunk), values, failed);
    }

    /**
     * As {@link #of(JobSpec, ResultFormat, int, Column, List)}, given the chunk's inputs: those of a
     * job whose inputs are in the job store, read from it.
     */
    public static byte[] of(JobSpec spec, ResultFormat format, int chunk, Column inputs, Column values,
                            List<TaskError> failed) {
        return format == ResultFormat.TSV ? tsv(spec, chunk, (Numbers) inputs, values, failed)
                : jsonl(spec, chunk, inputs, values, failed);
    }

    /** {@code INPUT<TAB>RESULT} lines, as {@link #of} in {@link ResultFormat#TSV}. */
    public static byte[] of(JobSpec spec, int chunk, Column values, List<TaskError> failed) {
        return tsv(spec, chunk, (Numbers) inputsOf(spec, chunk), values, failed);
    }

    private static Column inputsOf(JobSpec spec, int chunk) {
        long offset = (long) chunk * spec.chunkSize();
        int count = (int) Math.min(spec.chunkSize(), spec.inputs().total() - offset);
        return spec.inputs().slice(offset, count);
    }

    private static byte[] tsv(JobSpec spec, int chunk, Numbers inputs, Column values, List<TaskError> failed) {
        long offset = (long) chunk * spec.chunkSize();
        int count = (int) Math.min(spec.chunkSize(), spec.inputs().total() - offset);
        DecimalWriter out = new DecimalWriter(count * 24);
        int nextError = 0;
        for (int i = 0; i < count; i++) {
            out.append(inputs, i).append((byte) '\t');
            if (failed != null && nextError < failed.size() && failed.get(nextError).index() == i) {
                out.append("error: ").append(failed.get(nextError).message().replace('\n', ' '));
                nextError++;
            } else if (values instanceof Numbers numbers) {
                out.append(numbers, i);
            } else {
                // A JSON or text result of an integer input: its compact JSON or its text, on one line.
                appendOneLine((Blobs) values, i, out);
            }
            out.append((byte) '\n');
        }
        return out.toByteArray();
    }

    private static byte[] jsonl(JobSpec spec, int chunk, Column inputs, Column values, List<TaskError> failed) {
        long offset = (long) chunk * spec.chunkSize();
        int count = (int) Math.min(spec.chunkSize(), spec.inputs().total() - offset);
        DecimalWriter out = new DecimalWriter(count * 48);
        int nextError = 0;
        for (int i = 0; i < count; i++) {
            out.append(INPUT, 0, INPUT.length);
            appendJson(inputs, i, spec.inputType(), out);
            if (failed != null && nextError < failed.size() && failed.get(nextError).index() == i) {
                out.append(ERROR, 0, ERROR.length);
                byte[] message = failed.get(nextError).message().getBytes(StandardCharsets.UTF_8);
                appendJsonString(message, 0, message.length, out);
                nextError++;
            } else {
                out.append(RESULT, 0, RESULT.length);
                appendJson(values, i, spec.outputType(), out);
            }
            out.append((byte) '}').append((byte) '\n');
        }
        return out.toByteArray();
    }

    /** Value {@code index} of {@code column}, of type {@code type}, as a JSON value. */
    static void appendJson(Column column, int index, PayloadType type, DecimalWriter out) {
        if (column instanceof Numbers numbers) {
            out.append((byte) '"').append(numbers, index).append((byte) '"');
            return;
        }
        Blobs blobs = (Blobs) column;
        switch (type) {
            case JSON -> out.append(blobs.data(), blobs.start(index), blobs.length(index));
            case BYTES -> out.append((byte) '"')
                    .append(Base64.getEncoder().encodeToString(blobs.bytesAt(index))).append((byte) '"');
            default -> appendJsonString(blobs.data(), blobs.start(index), blobs.length(index), out);
        }
    }

    /** Value {@code index} of {@code column} as a person reads it: an integer, text, JSON text or base64. */
    public static String display(Column column, int index, PayloadType type) {
        if (column instanceof Numbers numbers) {
            return numbers.bigAt(index).toString();
        }
        Blobs blobs = (Blobs) column;
        return type == PayloadType.BYTES ? Base64.getEncoder().encodeToString(blobs.bytesAt(index))
                : blobs.utf8At(index);
    }

    /** UTF-8 text as a JSON string: quotes, backslashes and control characters escaped, the rest as it is. */
    private static void appendJsonString(byte[] utf8, int from, int length, DecimalWriter out) {
        out.append((byte) '"');
        int end = from + length;
        int run = from;
        for (int i = from; i < end; i++) {
            int b = utf8[i] & 0xFF;
            if (b >= 0x20 && b != '"' && b != '\\') {
                continue;
            }
            out.append(utf8, run, i - run);
            run = i + 1;
            switch (b) {
                case '"' -> out.append((byte) '\\').append((byte) '"');
                case '\\' -> out.append((byte) '\\').append((byte) '\\');
                case '\n' -> out.append((byte) '\\').append((byte) 'n');
                case '\r' -> out.append((byte) '\\').append((byte) 'r');
                case '\t' -> out.append((byte) '\\').append((byte) 't');
                default -> out.append((byte) '\\').append((byte) 'u').append((byte) '0').append((byte) '0')
                        .append(HEX[b >> 4]).append(HEX[b & 0xF]);
            }
        }
        out.append(utf8, run, end - run);
        out.append((byte) '"');
    }

    /** A text or JSON value with its line breaks and tabs as spaces, for a TSV cell. */
    private static void appendOneLine(Blobs blobs, int index, DecimalWriter out) {
        int start = blobs.start(index);
        for (int i = start; i < blobs.end(index); i++) {
            byte b = blobs.data()[i];
            out.append(b == '\n' || b == '\r' || b == '\t' ? (byte) ' ' : b);
        }
    }
}
