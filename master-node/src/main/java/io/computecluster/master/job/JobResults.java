package io.computecluster.master.job;

import io.computecluster.common.numbers.DecimalWriter;
import io.computecluster.common.numbers.Numbers;
import io.computecluster.common.protocol.WorkerProtocol.TaskError;
import java.util.List;

/**
 * The results of an ended job, read-only: its chunks' inputs and results, formatted on demand as
 * {@code INPUT<TAB>RESULT} lines. Safe to read from any thread: an ended job's results never
 * change.
 */
public final class JobResults {
    private final JobSpec spec;
    private final Numbers[] results;
    private final List<TaskError>[] errors;

    JobResults(JobSpec spec, Numbers[] results, List<TaskError>[] errors) {
        this.spec = spec;
        this.results = results;
        this.errors = errors;
    }

    public int chunkCount() {
        return results.length;
    }

    /** The lines of chunk {@code chunk}, in input order, as UTF-8 bytes. */
    public byte[] chunkLines(int chunk) {
        return lines(spec, chunk, results[chunk], errors[chunk]);
    }

    /** The lines of chunk {@code chunk} of a job given its results and failures ({@code failed} may be null). */
    public static byte[] lines(JobSpec spec, int chunk, Numbers values, List<TaskError> failed) {
        long offset = (long) chunk * spec.chunkSize();
        int count = (int) Math.min(spec.chunkSize(), spec.inputs().total() - offset);
        Numbers inputs = spec.inputs().slice(offset, count);
        DecimalWriter out = new DecimalWriter(count * 24);
        int nextError = 0;
        for (int i = 0; i < count; i++) {
            out.append(inputs, i).append((byte) '\t');
            if (failed != null && nextError < failed.size() && failed.get(nextError).index() == i) {
                out.append("error: ").append(failed.get(nextError).message().replace('\n', ' '));
                nextError++;
            } else {
                out.append(values, i);
            }
            out.append((byte) '\n');
        }
        return out.toByteArray();
    }
}
