package io.computecluster.master.job;

import io.computecluster.common.column.Column;
import io.computecluster.common.numbers.DecimalWriter;
import io.computecluster.common.numbers.Numbers;
import io.computecluster.common.protocol.WorkerProtocol.TaskError;
import java.util.List;

/** A chunk's results as {@code INPUT<TAB>RESULT} lines, formatted when a download asks for them. */
public final class ResultLines {
    private ResultLines() {
    }

    /** The lines of chunk {@code chunk} of a job given its results and failures ({@code failed} may be null). */
    public static byte[] of(JobSpec spec, int chunk, Column column, List<TaskError> failed) {
        Numbers values = (Numbers) column;
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
