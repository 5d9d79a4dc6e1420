package io.computecluster.master.job;

import io.computecluster.common.column.PayloadType;
import io.computecluster.common.protocol.WorkerProtocol.FunctionCall;

/**
 * A job as submitted: the function it calls (name, version, arguments, task timeout), the payload
 * types that function takes and gives, its inputs and the chunk size.
 */
public record JobSpec(FunctionCall call, PayloadType inputType, PayloadType outputType, InputSource inputs,
                      int chunkSize) {
    public JobSpec {
        if (chunkSize < 1) {
            throw new IllegalArgumentException("chunk size must be >= 1, got " + chunkSize);
        }
        if ((inputs.total() + chunkSize - 1) / chunkSize > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("too many chunks: raise the chunk size");
        }
    }

    /** A job of a built-in integer function such as {@code square}. */
    public JobSpec(String function, InputSource inputs, int chunkSize) {
        this(FunctionCall.builtIn(function), PayloadType.INTEGER, PayloadType.INTEGER, inputs, chunkSize);
    }

    /** The function's name. */
    public String function() {
        return call.name();
    }

    /** Whether results can be {@code INPUT<TAB>RESULT} lines: integers in, integers out. */
    public boolean isIntegerFunction() {
        return inputType == PayloadType.INTEGER && outputType == PayloadType.INTEGER;
    }

    public int chunkCount() {
        return (int) ((inputs.total() + chunkSize - 1) / chunkSize);
    }
}
